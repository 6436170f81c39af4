import FazhiCore
import Fluent
import Foundation
import SQLKit

/// A figure's value for a period and a unit.
public struct FigureValue: Sendable, Codable, Equatable {
    public let name: String
    public let label: String
    public let unit: String
    /// Counts as they are; rates in hundredths of a percent (98.5% is 9850); nil when a rate has
    /// nothing to divide by.
    public let value: Int64?
    /// For a difference from a benchmark: what it is compared with ("全市平均水平").
    public var comparedWith: String? = nil
    public var text: String {
        if let comparedWith { return Comparison.text(value, with: comparedWith) }
        guard let value else { return "—" }
        // Rates and changes in hundredths of a percent, money in fen shown in yuan.
        return unit == "%" || unit == "元" ? FieldInput.hundredths(value) : String(value)
    }
}

/// Runs figures as aggregates in the database: one query per figure, narrowed to the period by the
/// figure's date field and to a unit with everything below it.
public enum FigureStore {
    public static func value(_ figure: Figure, from: LocalDate, to: LocalDate, unit: UUID? = nil, on db: any Database) async throws -> FigureValue {
        /// The aggregate over the selection; with `part`, also how many of its records `part` takes.
        func count(_ s: Figure.Selection, distinct: (field: String, kind: String?)? = nil,
                   without: (source: String, column: String, states: [String])? = nil,
                   days: (from: String, to: String, longest: Bool)? = nil, onTime clock: String? = nil, sum: String? = nil,
                   part: Figure.Selection? = nil) async throws -> (n: Int64, part: Int64?) {
            guard let type = Registers.source(slug: s.register), type.field(s.dateField)?.kind == .date else {
                throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(s.register).\(s.dateField)")
            }
            func conditions(_ s: Figure.Selection) -> [SQLQueryString] {
                var out: [SQLQueryString] = []
                for (field, codes) in s.matching.sorted(by: { $0.key < $1.key }) where type.column(field) != nil {
                    out.append("t.\(unsafeRaw: field) IN (\(binds: codes))")
                }
                if !s.states.isEmpty { out.append("t.state IN (\(binds: s.states))") }
                for field in s.filled where type.column(field) != nil { out.append("t.\(unsafeRaw: field) IS NOT NULL") }
                return out
            }
            var parts: [SQLQueryString] = ["t.\(unsafeRaw: s.dateField) <= \(bind: to.description)"]
            if let until = s.until {
                guard type.column(until)?.kind == .date else { throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误") }
                parts.append("(t.\(unsafeRaw: until) IS NULL OR t.\(unsafeRaw: until) > \(bind: to.description))")
            } else {
                parts.append("t.\(unsafeRaw: s.dateField) >= \(bind: from.description)")
            }
            parts += conditions(s)
            let prefix = below(unit, type: type, into: &parts)
            var what: SQLQueryString = "COUNT(*)", from: SQLQueryString = "\(unsafeRaw: type.table) t"
            if let field = s.distinct {
                guard type.column(field) != nil else { throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误") }
                what = "COUNT(DISTINCT t.\(unsafeRaw: field))"
            }
            if let distinct {
                guard type.column(distinct.field)?.kind == .unit else { throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误") }
                what = "COUNT(DISTINCT t.\(unsafeRaw: distinct.field))"
                if let kind = distinct.kind {
                    from = "\(unsafeRaw: type.table) t JOIN units k ON k.id = t.\(unsafeRaw: distinct.field)"
                    parts.append("k.kind = \(bind: kind)")
                }
            }
            if let kind = s.ownerKind {
                parts.append("t.\(unsafeRaw: type.ownerField) IN (SELECT id FROM units WHERE kind = \(bind: kind))")
            }
            if let days {
                guard type.column(days.from)?.kind == .date, type.column(days.to)?.kind == .date else {
                    throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误")
                }
                let diff: SQLQueryString = db.isSQLite
                    ? "julianday(t.\(unsafeRaw: days.to)) - julianday(t.\(unsafeRaw: days.from))"
                    : "(CAST(t.\(unsafeRaw: days.to) AS DATE) - CAST(t.\(unsafeRaw: days.from) AS DATE))"
                what = days.longest ? "CAST(COALESCE(MAX(\(diff)), 0) AS BIGINT)" : "CAST(ROUND(COALESCE(AVG(\(diff)), 0)) AS BIGINT)"
                parts.append("t.\(unsafeRaw: days.from) IS NOT NULL AND t.\(unsafeRaw: days.to) IS NOT NULL")
            }
            if let sum {
                guard let kind = type.column(sum)?.kind, kind == .count || kind == .money else {
                    throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(sum) 不是数量或金额")
                }
                what = "CAST(COALESCE(SUM(t.\(unsafeRaw: sum)), 0) AS BIGINT)"
            }
            if let without {
                guard let other = Registers.source(slug: without.source), without.column.allSatisfy({ $0.isLetter || $0 == "_" }) else {
                    throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误")
                }
                parts.append("""
                    NOT EXISTS (SELECT 1 FROM \(unsafeRaw: other.table) o WHERE o.\(unsafeRaw: without.column) = t.id AND o.state IN (\(binds: without.states)))
                    """)
            }
            if let clock {
                // Done records, and of them those done by the due date their clock gave.
                guard let d = type.deadlines.first(where: { $0.field == clock && $0.isClock }), let done = d.doneField else {
                    throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(clock) 不是计时期限")
                }
                parts.append("t.\(unsafeRaw: done) IS NOT NULL")
                what = "COUNT(*) AS n, SUM(CASE WHEN t.\(unsafeRaw: done) <= t.\(unsafeRaw: clock) THEN 1 ELSE 0 END) AS p"
            } else if let part {
                let narrower: SQLQueryString = conditions(part).isEmpty ? "1 = 1" : conditions(part).joined(separator: " AND ")
                what = s.distinct.map { "\(what) AS n, COUNT(DISTINCT CASE WHEN \(narrower) THEN t.\(unsafeRaw: $0) END) AS p" }
                    ?? "\(what) AS n, SUM(CASE WHEN \(narrower) THEN 1 ELSE 0 END) AS p"
            } else {
                what = "\(what) AS n"
            }
            struct N: Decodable { var n: Int64?; var p: Int64? }
            let row = try await db.sql.raw("\(prefix)SELECT \(what) FROM \(from) WHERE \(parts.joined(separator: " AND "))").first(decoding: N.self)
            return (row?.n ?? 0, part == nil && clock == nil ? nil : (row?.p ?? 0))
        }
        let value: Int64?
        switch figure.measure {
        case .count(let s): value = try await count(s).n
        case .distinctUnits(let s, let field, let kind): value = try await count(s, distinct: (field, kind)).n
        case .rate(let part, let whole):
            // One pass when the part narrows the whole (every rate of the catalogue), else two.
            let w: Int64, p: Int64
            if part.narrows(whole) {
                let both = try await count(whole, part: part)
                (w, p) = (both.n, both.part ?? 0)
            } else {
                (w, p) = (try await count(whole).n, try await count(part).n)
            }
            value = w == 0 ? nil : (p * 10_000 + w / 2) / w
        case .without(let s, let source, let column, let states): value = try await count(s, without: (source, column, states)).n
        case .days(let s, let from, let to, let longest): value = try await count(s, days: (from, to, longest)).n
        case .onTime(let s, let clock):
            let both = try await count(s, onTime: clock)
            value = both.n == 0 ? nil : ((both.part ?? 0) * 10_000 + both.n / 2) / both.n
        case .sum(let s, let field): value = try await count(s, sum: field).n
        case .change(let name):
            // Counts and sums only: a rate's or a difference's change is in points, and a run or
            // an average is not a quantity of last year's.
            guard let other = FigureCatalogue.figure(name), other.unit != "%" else {
                throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(name) 不是数量")
            }
            switch other.measure {
            case .count, .sum, .distinctUnits, .without: break
            default: throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(name) 不是数量")
            }
            let now = try await self.value(other, from: from, to: to, unit: unit, on: db).value
            let before = try await self.value(other, from: from.adding(months: -12), to: to.adding(months: -12), unit: unit, on: db).value
            value = now.flatMap { a in before.flatMap { b in b == 0 ? nil : ((a - b) * 10_000 + (a >= b ? b / 2 : -b / 2)) / b } }
        case .streak(let part, let whole):
            value = try await streak(figure, part: part, whole: whole, to: to, unit: unit, on: db)
        case .versus(let name, let scope):
            guard let other = FigureCatalogue.figure(name), other.unit == "%" else {
                throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(name) 不是比率")
            }
            let mine = try await self.value(other, from: from, to: to, unit: unit, on: db).value
            let theirs = try await benchmark(name, scope: scope, from: from, to: to, unit: unit, on: db)
            return FigureValue(name: figure.name, label: figure.label, unit: figure.unit, value: mine.flatMap { a in theirs.map { a - $0 } },
                               comparedWith: scope.label)
        }
        return FigureValue(name: figure.name, label: figure.label, unit: figure.unit, value: value)
    }

    /// `Figure.Measure.streak`: whole months up to `to`'s month since the last month in which a
    /// record of `whole` was not one of `part`, or since the month of the first record. One
    /// aggregate over everything up to `to`, whatever the period's start.
    static func streak(_ figure: Figure, part: Figure.Selection, whole: Figure.Selection, to: LocalDate, unit: UUID?,
                       on db: any Database) async throws -> Int64? {
        guard part.narrows(whole), whole.until == nil, whole.distinct == nil, let type = Registers.source(slug: whole.register),
              type.column(whole.dateField)?.kind == .date,
              (Array(part.matching.keys) + part.filled + whole.matching.keys + whole.filled).allSatisfy({ type.column($0) != nil }) else {
            throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误")
        }
        func conditions(_ s: Figure.Selection) -> [SQLQueryString] {
            var out: [SQLQueryString] = s.matching.sorted(by: { $0.key < $1.key }).map { "t.\(unsafeRaw: $0.key) IN (\(binds: $0.value))" }
            if !s.states.isEmpty { out.append("t.state IN (\(binds: s.states))") }
            out += s.filled.map { "t.\(unsafeRaw: $0) IS NOT NULL" }
            return out
        }
        let date = whole.dateField
        var parts: [SQLQueryString] = ["t.\(unsafeRaw: date) <= \(bind: to.description)"] + conditions(whole)
        if let kind = whole.ownerKind { parts.append("t.\(unsafeRaw: type.ownerField) IN (SELECT id FROM units WHERE kind = \(bind: kind))") }
        let prefix = below(unit, type: type, into: &parts)
        let inPart = conditions(part)
        let outside: SQLQueryString = inPart.isEmpty ? "1 = 0" : "NOT (\(inPart.joined(separator: " AND ")))"
        struct Row: Decodable { var first: String?; var miss: String? }
        let row = try await db.sql.raw("""
            \(prefix)SELECT MIN(t.\(unsafeRaw: date)) AS first, MAX(CASE WHEN \(outside) THEN t.\(unsafeRaw: date) END) AS miss
            FROM \(unsafeRaw: type.table) t WHERE \(parts.joined(separator: " AND "))
            """).first(decoding: Row.self)
        func month(_ day: LocalDate) -> Int64 { Int64(day.components.year) * 12 + Int64(day.components.month) }
        func month(_ text: String?) -> Int64? { text.flatMap { LocalDate(iso: $0.prefix(10)) }.map(month) }
        let end = month(to)
        if let miss = month(row?.miss) { return end - miss }
        return month(row?.first).map { end - $0 + 1 }
    }

    /// A figure's benchmark: the one value that `Benchmark` records for the scope, dated in the
    /// period, of `unit` and below, give; nil when there is none or they disagree.
    static func benchmark(_ figure: String, scope: BenchmarkScope, from: LocalDate, to: LocalDate, unit: UUID?,
                          on db: any Database) async throws -> Int64? {
        let type = Benchmark.declaration.type
        typealias K = Benchmark.Key
        var parts: [SQLQueryString] = [
            "t.\(unsafeRaw: K.figure.rawValue) = \(bind: figure)", "t.\(unsafeRaw: K.scope.rawValue) = \(bind: scope.rawValue)",
            "t.\(unsafeRaw: K.period.rawValue) >= \(bind: from.description)", "t.\(unsafeRaw: K.period.rawValue) <= \(bind: to.description)",
        ]
        let prefix = below(unit, type: type, into: &parts)
        struct Row: Decodable { var v: Int64 }
        let values = try await db.sql.raw("""
            \(prefix)SELECT DISTINCT t.\(unsafeRaw: K.value.rawValue) AS v FROM \(unsafeRaw: type.table) t WHERE \(parts.joined(separator: " AND ")) LIMIT 2
            """).all(decoding: Row.self)
        return values.count == 1 ? values[0].v : nil
    }

    /// Every figure of the catalogue for a calendar year.
    /// The latest year, up to `year`, in which a register's record that some figure counts falls
    /// (by the date that places it in a period), among the records of `unit` and below; nil when
    /// there is none. One indexed MAX per register and date.
    public static func latestYear(upTo year: Int, unit: UUID? = nil, on db: any Database) async throws -> Int? {
        var seen = Set<String>(), latest: Int?
        for selection in FigureCatalogue.all.flatMap(\.measure.selections) where seen.insert(selection.register + "." + selection.dateField).inserted {
            guard let type = Registers.type(slug: selection.register), type.column(selection.dateField)?.kind == .date else { continue }
            let field = selection.dateField
            var parts: [SQLQueryString] = ["t.\(unsafeRaw: field) >= \(bind: "2000-01-01")", "t.\(unsafeRaw: field) <= \(bind: "\(year)-12-31")"]
            let prefix = below(unit, type: type, into: &parts)
            struct Row: Decodable { var d: String? }
            let row = try await db.sql.raw("\(prefix)SELECT MAX(t.\(unsafeRaw: field)) AS d FROM \(unsafeRaw: type.table) t WHERE \(parts.joined(separator: " AND "))")
                .first(decoding: Row.self)
            if let found = row?.d.flatMap({ Int($0.prefix(4)) }) { latest = max(latest ?? found, found) }
        }
        return latest
    }

    /// The year a report or a dashboard opens on: last year when it has records, otherwise the
    /// latest year up to this one that has (a new platform's first year), otherwise last year.
    public static func defaultYear(today: LocalDate, unit: UUID? = nil, on db: any Database) async throws -> Int {
        let last = today.year - 1
        if try await latestYear(upTo: last, unit: unit, on: db) == last { return last }
        return try await latestYear(upTo: today.year, unit: unit, on: db) ?? last
    }

    public static func year(_ year: Int, unit: UUID? = nil, on db: any Database) async throws -> [FigureValue] {
        guard let from = LocalDate(year: year, month: 1, day: 1), let to = LocalDate(year: year, month: 12, day: 31) else {
            throw CoreError.invalid(field: "year", "年份无效")
        }
        var out: [FigureValue] = []
        for f in FigureCatalogue.all { out.append(try await value(f, from: from, to: to, unit: unit, on: db)) }
        return out
    }

    /// Records per month of a year, by a register's date field (index 0 is January).
    public static func monthly(_ type: RecordType, dateField: String, year: Int, unit: UUID? = nil, on db: any Database) async throws -> [Int] {
        guard type.column(dateField)?.kind == .date else { return Array(repeating: 0, count: 12) }
        var parts: [SQLQueryString] = ["t.\(unsafeRaw: dateField) >= \(bind: "\(year)-01-01")", "t.\(unsafeRaw: dateField) <= \(bind: "\(year)-12-31")"]
        let prefix = below(unit, type: type, into: &parts)
        struct Row: Decodable { var m: String; var n: Int }
        var months = Array(repeating: 0, count: 12)
        for r in try await db.sql.raw("""
            \(prefix)SELECT substr(t.\(unsafeRaw: dateField), 6, 2) AS m, COUNT(*) AS n FROM \(unsafeRaw: type.table) t
            WHERE \(parts.joined(separator: " AND ")) GROUP BY substr(t.\(unsafeRaw: dateField), 6, 2)
            """).all(decoding: Row.self) {
            if let m = Int(r.m), (1...12).contains(m) { months[m - 1] = r.n }
        }
        return months
    }

    /// Records per owning unit of a kind (towns, departments) directly under a district in a year,
    /// every unit of that kind listed, with zero where it has none.
    public static func byUnit(_ type: RecordType, dateField: String, year: Int, kind: String, in district: UUID, on db: any Database) async throws -> [(unit: UUID, name: String, count: Int)] {
        struct Row: Decodable { var id: UUID; var name: String; var n: Int }
        let owner = type.ownerField
        return try await db.sql.raw("""
            SELECT u.id, u.name, COUNT(t.id) AS n FROM units u
            LEFT JOIN \(unsafeRaw: type.table) t ON t.\(unsafeRaw: owner) = u.id
              AND t.\(unsafeRaw: dateField) >= \(bind: "\(year)-01-01") AND t.\(unsafeRaw: dateField) <= \(bind: "\(year)-12-31")
            WHERE u.kind = \(bind: kind) AND u.parent_id = \(bind: district) GROUP BY u.id, u.name, u.sort_order, u.code ORDER BY u.sort_order, u.code
            """).all(decoding: Row.self).map { ($0.id, $0.name, $0.n) }
    }

    /// Open records past a due date today, counted up to `RecordStore.countBound` (one more
    /// means "more than the bound").
    public static func overdue(_ type: RecordType, today: LocalDate, field: String? = nil, unit: UUID? = nil, on db: any Database) async throws -> Int {
        var q = RecordQuery()
        q.overdueOn = today
        q.overdueField = field
        q.limit = 1
        var parts: [SQLQueryString] = [RecordSQL.filter(type, q, scope: DataScope.everything, sqlite: db.isSQLite)]
        let prefix = below(unit, type: type, alias: "", into: &parts)
        return try await BoundedCount.rows(of: type.table, where: parts.joined(separator: " AND "), prefix: prefix, on: db.sql)
    }

    /// Narrows to a unit and the units below it (a recursive CTE over the unit tree).
    static func below(_ unit: UUID?, type: RecordType, alias: String = "t.", into parts: inout [SQLQueryString]) -> SQLQueryString {
        guard let unit else { return "" }
        parts.append("\(unsafeRaw: alias + type.ownerField) IN (SELECT id FROM below)")
        return "WITH RECURSIVE below(id) AS (SELECT id FROM units WHERE id = \(bind: unit) UNION ALL SELECT u.id FROM units u JOIN below b ON u.parent_id = b.id) "
    }
}
