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
    public var text: String {
        guard let value else { return "—" }
        return unit == "%" ? FieldInput.hundredths(value) : String(value)
    }
}

/// Runs figures as aggregates in the database: one query per figure, narrowed to the period by the
/// figure's date field and to a unit with everything below it.
public enum FigureStore {
    public static func value(_ figure: Figure, from: LocalDate, to: LocalDate, unit: UUID? = nil, on db: any Database) async throws -> FigureValue {
        func count(_ s: Figure.Selection, distinct: (field: String, kind: String?)? = nil) async throws -> Int64 {
            guard let type = Registers.type(slug: s.register), type.field(s.dateField)?.kind == .date else {
                throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误：\(s.register).\(s.dateField)")
            }
            var parts: [SQLQueryString] = ["t.\(unsafeRaw: s.dateField) >= \(bind: from.description)", "t.\(unsafeRaw: s.dateField) <= \(bind: to.description)"]
            for (field, codes) in s.matching.sorted(by: { $0.key < $1.key }) where type.column(field) != nil {
                parts.append("t.\(unsafeRaw: field) IN (\(binds: codes))")
            }
            if !s.states.isEmpty { parts.append("t.state IN (\(binds: s.states))") }
            var prefix: SQLQueryString = ""
            if let unit {
                prefix = "WITH RECURSIVE below(id) AS (SELECT id FROM units WHERE id = \(bind: unit) UNION ALL SELECT u.id FROM units u JOIN below b ON u.parent_id = b.id) "
                parts.append("t.\(unsafeRaw: type.ownerField) IN (SELECT id FROM below)")
            }
            var what: SQLQueryString = "COUNT(*)", from: SQLQueryString = "\(unsafeRaw: type.table) t"
            if let distinct {
                guard type.column(distinct.field)?.kind == .unit else { throw CoreError.invalid(field: figure.name, "指标「\(figure.label)」的定义有误") }
                what = "COUNT(DISTINCT t.\(unsafeRaw: distinct.field))"
                if let kind = distinct.kind {
                    from = "\(unsafeRaw: type.table) t JOIN units k ON k.id = t.\(unsafeRaw: distinct.field)"
                    parts.append("k.kind = \(bind: kind)")
                }
            }
            struct N: Decodable { var n: Int64 }
            return try await db.sql.raw("\(prefix)SELECT \(what) AS n FROM \(from) WHERE \(parts.joined(separator: " AND "))").first(decoding: N.self)?.n ?? 0
        }
        let value: Int64?
        switch figure.measure {
        case .count(let s): value = try await count(s)
        case .distinctUnits(let s, let field, let kind): value = try await count(s, distinct: (field, kind))
        case .rate(let part, let whole):
            let w = try await count(whole)
            value = w == 0 ? nil : (try await count(part) * 10_000 + w / 2) / w
        }
        return FigureValue(name: figure.name, label: figure.label, unit: figure.unit, value: value)
    }

    /// Every figure of the catalogue for a calendar year.
    public static func year(_ year: Int, unit: UUID? = nil, on db: any Database) async throws -> [FigureValue] {
        guard let from = LocalDate(year: year, month: 1, day: 1), let to = LocalDate(year: year, month: 12, day: 31) else {
            throw CoreError.invalid(field: "year", "年份无效")
        }
        var out: [FigureValue] = []
        for f in FigureCatalogue.all { out.append(try await value(f, from: from, to: to, unit: unit, on: db)) }
        return out
    }
}
