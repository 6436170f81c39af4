import FazhiCore
import Fluent
import Foundation
import SQLKit
import SQLiteKit

/// One thing wrong with an imported file: the spreadsheet row (the header is row 1), the column
/// as the person named it, and the reason in Chinese.
public struct ImportProblem: Sendable, Codable, Equatable {
    public let row: Int
    public let column: String
    public let message: String
    public init(row: Int, column: String, message: String) { self.row = row; self.column = column; self.message = message }
}

/// What a file would add, checked row by row before anything is stored.
public struct ImportPlan: Sendable {
    public let fileSHA256: String
    public let rows: Int
    /// Rows that passed every check, with their spreadsheet row numbers.
    public let valid: [ValidRow]
    public let problems: [ImportProblem]
    /// Rows whose natural key is already on file or earlier in the same file: skipped, not added.
    public let duplicates: [Int]
    public var isClean: Bool { problems.isEmpty }
    public var badRows: Int { Set(problems.map(\.row)).count }

    public struct ValidRow: Sendable { public let row: Int; public let values: RecordValues }
}

/// Import of CSV (UTF-8 or GBK) and XLSX files into a register: every row checked as the form
/// checks it, then all added in one transaction with one audit entry naming the file.
public enum RecordImport {
    /// The cells of a file: XLSX by its ZIP signature, otherwise text CSV.
    public static func table(_ data: Data) throws(CoreError) -> [[String]] {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.rows(data) }
        return CSVTable.parse(try TextDecoding.decode(data).text)
    }

    /// The header of a template: each field that has a column, by its Chinese label.
    public static func templateHeader(_ type: RecordType) -> [String] { type.inputColumns.map(\.label) }

    public static func plan(_ type: RecordType, data: Data, scope: DataScope, calculator: DeadlineCalculator,
                            on db: any Database) async throws -> ImportPlan {
        let sha = Secrets.sha256Hex(data)
        let table = try table(data)
        guard let header = table.first, header.contains(where: { !FieldInput.trim($0).isEmpty }) else {
            throw CoreError.invalid(field: "file", "文件是空的：第 1 行应为表头（可下载导入模板）")
        }
        var problems: [ImportProblem] = []
        // Columns by label or field name; the state column of an export is ignored (records start
        // in their first state).
        var mapping: [(index: Int, field: FieldSpec)] = []
        for (i, raw) in header.enumerated() {
            let name = FieldInput.trim(raw)
            guard !name.isEmpty, name != "状态" else { continue }
            if let f = type.inputColumns.first(where: { $0.label == name || $0.name == name }) {
                if mapping.contains(where: { $0.field.name == f.name }) {
                    problems.append(ImportProblem(row: 1, column: name, message: "列「\(name)」重复"))
                } else {
                    mapping.append((i, f))
                }
            } else {
                problems.append(ImportProblem(row: 1, column: name, message: "没有名为「\(name)」的字段，请按导入模板的表头填写"))
            }
        }
        let computed = Set(type.deadlines.filter { $0.base != nil && $0.rule != nil }.map(\.field))
        for f in type.inputColumns where f.required && !computed.contains(f.name) && !mapping.contains(where: { $0.field.name == f.name }) {
            problems.append(ImportProblem(row: 1, column: f.label, message: "缺少必填列「\(f.label)」"))
        }
        guard problems.isEmpty else { return ImportPlan(fileSHA256: sha, rows: max(0, table.count - 1), valid: [], problems: problems, duplicates: []) }

        let resolver = try await References.load(type, on: db)
        var seen = try await existingKeys(type, on: db)
        var valid: [ImportPlan.ValidRow] = [], duplicates: [Int] = []
        var dueDates = RecordRules.DueDates()
        valid.reserveCapacity(table.count)
        for (offset, cells) in table.dropFirst().enumerated() {
            let rowNumber = offset + 2
            guard cells.contains(where: { !FieldInput.trim($0).isEmpty }) else { continue }
            var (values, rowProblems) = check(type, cells, row: rowNumber, header: header, mapping: mapping, resolver: resolver)
            if rowProblems.isEmpty {
                switch prepare(type, values, scope: scope, calculator: calculator, dueDates: &dueDates) {
                case .success(let prepared): values = prepared
                case .failure(let e):
                    rowProblems.append(ImportProblem(row: rowNumber, column: e.field.flatMap { type.field($0)?.label } ?? "", message: e.message))
                }
            }
            if !rowProblems.isEmpty { problems += rowProblems; continue }
            if let key = naturalKey(type, values) {
                guard seen.insert(key).inserted else { duplicates.append(rowNumber); continue }
            }
            valid.append(.init(row: rowNumber, values: values))
        }
        return ImportPlan(fileSHA256: sha, rows: max(0, table.count - 1), valid: valid, problems: problems, duplicates: duplicates)
    }

    /// One row's cells parsed as the form parses them, with a problem for each bad cell.
    static func check(_ type: RecordType, _ cells: [String], row: Int, header: [String], mapping: [(index: Int, field: FieldSpec)],
                      resolver: References) -> (RecordValues, [ImportProblem]) {
        var values: RecordValues = [:], problems: [ImportProblem] = []
        for (index, f) in mapping {
            let cell = index < cells.count ? cells[index] : ""
            do {
                if let v = try resolver.value(for: f, cell, spreadsheet: true) { values[f.name] = v }
            } catch {
                problems.append(ImportProblem(row: row, column: header[index], message: error.message))
            }
        }
        return (values, problems)
    }

    /// The whole-record rules (required fields, computed due dates) and the caller's scope.
    static func prepare(_ type: RecordType, _ values: RecordValues, scope: DataScope, calculator: DeadlineCalculator,
                        dueDates: inout RecordRules.DueDates) -> Result<RecordValues, CoreError> {
        do {
            let prepared = try RecordRules.prepare(type, values, calculator: calculator, dueDates: &dueDates)
            if let owner = prepared[type.ownerField]?.uuid, !scope.covers(unit: owner) {
                return .failure(.invalid(field: type.ownerField, "「\(type.field(type.ownerField)?.label ?? "单位")」不在您的数据范围内"))
            }
            return .success(prepared)
        } catch {
            return .failure(error)
        }
    }

    /// Stores the plan's valid rows in one transaction with one audit entry. Refuses a plan with
    /// problems unless `onlyValid`.
    public static func commit(_ type: RecordType, _ plan: ImportPlan, onlyValid: Bool, actor: AuditActor, on db: any Database,
                              now: Date = Date(), progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> [UUID] {
        guard plan.isClean || onlyValid else {
            throw CoreError.state("文件中有 \(plan.badRows) 行不符合要求，未导入任何数据；请改正后重新导入，或选择仅导入有效行")
        }
        guard !plan.valid.isEmpty else { throw CoreError.state("没有可导入的行") }
        let ids = try await db.write { tx in
            let names = ["id", "state", "version", "created_by", "created_at", "updated_at"] + type.columns.map(\.name)
            let millis = RecordSQL.millis(now)
            var ids: [UUID] = []
            ids.reserveCapacity(plan.valid.count)
            let batch = max(1, 20_000 / names.count)
            for start in stride(from: 0, to: plan.valid.count, by: batch) {
                let slice = plan.valid[start..<min(plan.valid.count, start + batch)]
                let sliceIDs = slice.map { _ in UUID() }
                ids += sliceIDs
                try await insert(type, slice, ids: sliceIDs, names: names, actor: actor, millis: millis, on: tx)
                progress?(ids.count, plan.valid.count)
            }
            try await AuditLog.append(on: tx, actor: actor, action: .import, entityType: type.entityType, entityID: "file:" + plan.fileSHA256,
                                      after: AuditLog.snapshot(["file_sha256": plan.fileSHA256, "rows_added": String(ids.count),
                                                                "rows_skipped_as_duplicates": String(plan.duplicates.count),
                                                                "rows_refused": String(plan.badRows),
                                                                "ids": ids.map(\.uuidString).joined(separator: ",")]), at: now)
            return ids
        }
        // A large load changes what the planner should know about the table.
        if ids.count >= PlannerStatistics.bulkRows { try await PlannerStatistics.refresh(tables: [type.table], on: db) }
        return ids
    }

    /// Adds records made by the platform (demo data, benchmarks) through the import path: one
    /// transaction, one audit entry naming the digest of what was added. The rows must already
    /// satisfy the register's rules; they are not checked again.
    public static func bulk(_ type: RecordType, _ rows: [RecordValues], label: String, actor: AuditActor, on db: any Database,
                            now: Date = Date()) async throws -> [UUID] {
        let keys = rows.map { row in type.naturalKey.map { row[$0].map { "\($0)" } ?? "" }.joined(separator: "|") }.joined(separator: "\n")
        let plan = ImportPlan(fileSHA256: Secrets.sha256Hex(label + "\n" + keys), rows: rows.count,
                              valid: rows.enumerated().map { ImportPlan.ValidRow(row: $0.offset + 2, values: $0.element) }, problems: [], duplicates: [])
        return try await commit(type, plan, onlyValid: false, actor: actor, on: db, now: now)
    }

    /// One multi-row INSERT. On SQLite the values go to the driver as they are stored (text,
    /// integers, NULL), skipping SQLKit's per-value encoding, which was most of an import's time.
    static func insert(_ type: RecordType, _ rows: ArraySlice<ImportPlan.ValidRow>, ids: [UUID], names: [String], actor: AuditActor,
                       millis: Int64, on tx: any Database) async throws {
        if let sqlite = tx as? any SQLiteDatabase {
            // What every row shares, and empty values, are written into the statement; only each
            // row's own values are bound (half the binds of a typical register).
            let creator = actor.userID.map { "'\($0.uuidString)'" } ?? "NULL"
            let shared = "'\(type.initialState.replacingOccurrences(of: "'", with: "''"))', 1, \(creator), \(millis), \(millis)"
            var sql = "INSERT INTO \(type.table) (\(names.joined(separator: ", "))) VALUES "
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * names.count)
            for (n, (r, id)) in zip(rows, ids).enumerated() {
                sql += n == 0 ? "(?, " : ", (?, "
                sql += shared
                binds.append(.text(id.uuidString))
                for f in type.columns {
                    switch r.values[f.name] {
                    case .text(let s)?: binds.append(.text(s)); sql += ", ?"
                    case .integer(let v)?: sql += ", " + String(v)
                    case .date(let d)?: binds.append(.text(d.description)); sql += ", ?"
                    case .uuid(let u)?: binds.append(.text(u.uuidString)); sql += ", ?"
                    case nil: sql += ", NULL"
                    }
                }
                sql += ")"
            }
            _ = try await sqlite.query(sql, binds)
            return
        }
        var values: [SQLQueryString] = []
        values.reserveCapacity(rows.count)
        for (r, id) in zip(rows, ids) {
            var binds: [SQLQueryString] = ["\(bind: id)", "\(bind: type.initialState)", "\(bind: Int64(1))", "\(bind: actor.userID)",
                                           "\(bind: millis)", "\(bind: millis)"]
            binds += type.columns.map { RecordSQL.bind(r.values[$0.name], $0.kind.storage) }
            values.append("(" + binds.joined(separator: ", ") + ")")
        }
        try await tx.sql.raw("INSERT INTO \(unsafeRaw: type.table) (\(unsafeRaw: names.joined(separator: ", "))) VALUES \(values.joined(separator: ", "))").run()
    }

    static func naturalKey(_ type: RecordType, _ values: RecordValues) -> String? {
        guard !type.naturalKey.isEmpty else { return nil }
        return type.naturalKey.map { name in values[name].flatMap { v in type.field(name).map { FieldInput.plain(v, as: $0) } } ?? "" }
            .joined(separator: "\u{1F}")
    }

    /// The natural keys already on file (every record, whoever may see it: a duplicate is a
    /// duplicate even when it belongs to another unit).
    static func existingKeys(_ type: RecordType, on db: any Database) async throws -> Set<String> {
        guard !type.naturalKey.isEmpty else { return [] }
        var keys = Set<String>()
        for row in try await db.sql.raw("SELECT \(unsafeRaw: RecordSQL.selectList(type)) FROM \(unsafeRaw: type.table)").all() {
            if let key = naturalKey(type, try RecordSQL.decode(row, type).values) { keys.insert(key) }
        }
        return keys
    }
}

/// Units and people as a file names them: units by code, by name when the name is unique, or by
/// id; people by sign-in name or id. Loaded once per import.
public struct References: Sendable {
    let units: [String: UUID]
    let ambiguousUnitNames: Set<String>
    let people: [String: UUID]

    public static func load(_ type: RecordType, on db: any Database) async throws -> References {
        var units: [String: UUID] = [:], names: [String: Int] = [:], people: [String: UUID] = [:]
        struct U: Decodable { var id: UUID; var code: String; var name: String }
        let all = try await db.sql.raw("SELECT id, code, name FROM units").all(decoding: U.self)
        for u in all { names[u.name, default: 0] += 1 }
        for u in all {
            if names[u.name] == 1 { units[u.name] = u.id }
            units[u.code] = u.id
            units[u.id.uuidString] = u.id
            units[u.id.uuidString.lowercased()] = u.id
        }
        if type.columns.contains(where: { $0.kind == .person }) {
            struct P: Decodable { var id: UUID; var username: String }
            for p in try await db.sql.raw("SELECT id, username FROM users").all(decoding: P.self) {
                people[p.username] = p.id
                people[p.id.uuidString.lowercased()] = p.id
            }
        }
        return References(units: units, ambiguousUnitNames: Set(names.filter { $0.value > 1 }.keys), people: people)
    }

    /// The typed value: references looked up without parsing ids; from a spreadsheet, Excel date
    /// serials (days since 1899-12-30, after Excel's 1900 leap-year slip) as dates; everything else
    /// as the form parses it.
    public func value(for field: FieldSpec, _ cell: String, spreadsheet: Bool = false) throws(CoreError) -> RecordValue? {
        let s = FieldInput.trim(cell)
        guard !s.isEmpty else { return nil }
        switch field.kind {
        case .unit:
            if let id = units[s] { return .uuid(id) }
            if ambiguousUnitNames.contains(s) { throw .invalid(field: field.name, "「\(field.label)」有多个同名单位，请填写单位编码") }
        case .person:
            if let id = people[s.lowercased()] { return .uuid(id) }
        case .date where spreadsheet:
            if let serial = Int(s), serial >= 1, serial < 2_958_466 {
                return .date(LocalDate(year: 1899, month: 12, day: 30)!.adding(days: serial))
            }
        default:
            break
        }
        return try FieldInput.parse(s, as: field)
    }
}
