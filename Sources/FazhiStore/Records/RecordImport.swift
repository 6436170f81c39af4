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
    /// The first `keptProblems` problems, in file order: what a person can read and mend first.
    public let problems: [ImportProblem]
    /// How many problems and rows with one the file has in all; the list keeps only the first, so
    /// a file of a million bad cells does not hold a million messages.
    public let problemCount: Int
    public let badRows: Int
    /// Rows whose natural key is already on file or earlier in the same file: skipped, not added.
    public let duplicates: [Int]
    public var isClean: Bool { problemCount == 0 }
    public static let keptProblems = 1_000

    public init(fileSHA256: String, rows: Int, valid: [ValidRow], problems: [ImportProblem], problemCount: Int? = nil, badRows: Int? = nil,
                duplicates: [Int]) {
        self.fileSHA256 = fileSHA256; self.rows = rows; self.valid = valid; self.problems = problems; self.duplicates = duplicates
        self.problemCount = problemCount ?? problems.count
        self.badRows = badRows ?? Set(problems.map(\.row)).count
    }

    public struct ValidRow: Sendable { public let row: Int; public let values: RecordValues }
}

/// Import of CSV (UTF-8 or GBK) and XLSX files into a register: every row checked as the form
/// checks it, then all added in one transaction with one audit entry naming the file.
public enum RecordImport {
    /// The cells of a file: XLSX by its ZIP signature, otherwise text CSV.
    public static func table(_ data: Data, limits: TableLimits = TableLimits()) throws(CoreError) -> [[String]] {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.rows(data, limits: limits) }
        return try CSVTable.parse(try TextDecoding.decode(data).text, limits: limits)
    }

    /// How much of a file for `type` is read: a header no wider than the register's columns, the
    /// state column of an export and 16 more (blank, or misnamed ones the header check reports).
    /// Nothing right of the header is checked, so nothing right of it is held: a cell at column
    /// XFD on every row costs nothing, where it once made each row 16,384 cells.
    public static func limits(_ type: RecordType) -> TableLimits {
        TableLimits(columns: type.columns.count + 1 + 16)
    }

    /// The header of a template: each field that has a column, by its Chinese label.
    public static func templateHeader(_ type: RecordType) -> [String] { type.inputColumns.map(\.label) }

    /// Checks every row of a file and stores nothing: what the preview shows and `--dry-run` prints.
    public static func plan(_ type: RecordType, data: Data, scope: DataScope, calculator: DeadlineCalculator,
                            on db: any Database) async throws -> ImportPlan {
        var checker = try await Checker(type, data: data, scope: scope, calculator: calculator, on: db)
        guard checker.headerProblems.isEmpty else { return checker.plan(valid: [], problems: checker.headerProblems, duplicates: []) }
        let part = checker.check(0..<checker.dataRows)
        return checker.plan(valid: part.valid, problems: part.problems, duplicates: part.duplicates)
    }

    /// What an import did: the file's plan and the records it added (none when it was refused).
    public struct Outcome: Sendable {
        public let plan: ImportPlan
        public let ids: [UUID]
        /// Why nothing was stored, in Chinese, when the file was refused or had nothing to add.
        public let refusal: String?
    }

    /// Checks a file and stores it in one transaction with one audit entry, as `plan` then `commit`
    /// would, but in a pipeline: batches of checked rows are written while the next are checked, on
    /// the other core. When a bad row turns up and the person did not choose `onlyValid`, nothing
    /// more is written, the rest is still checked so that every problem is reported, and the
    /// transaction rolls back.
    public static func run(_ type: RecordType, data: Data, scope: DataScope, calculator: DeadlineCalculator, onlyValid: Bool,
                           actor: AuditActor, on db: any Database, now: Date,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Outcome {
        let checker = try await Checker(type, data: data, scope: scope, calculator: calculator, on: db)
        guard checker.headerProblems.isEmpty else {
            let plan = checker.plan(valid: [], problems: checker.headerProblems, duplicates: [])
            return Outcome(plan: plan, ids: [], refusal: refusal(plan, onlyValid: onlyValid))
        }
        let rows = checker.dataRows, encodeJSON = db.isSQLite, batchSize = batchRows(type, on: db)
        let ids = RecordIDs.make(rows, at: now)
        let (batches, queue) = AsyncStream.makeStream(of: Batch.self)
        let checking = Task {
            var checker = checker
            var valid: [ImportPlan.ValidRow] = [], problems: [ImportProblem] = [], duplicates: [Int] = []
            valid.reserveCapacity(rows)
            for start in stride(from: 0, to: rows, by: batchSize) where !Task.isCancelled {
                let end = min(rows, start + batchSize)
                let part = checker.check(start..<end)
                problems += part.problems
                duplicates += part.duplicates
                let first = valid.count
                valid += part.valid
                if problems.isEmpty || onlyValid, !part.valid.isEmpty {
                    let batchIDs = ids[first..<valid.count]
                    queue.yield(Batch(rows: part.valid[...], ids: batchIDs, through: end,
                                      json: encodeJSON ? json(type, part.valid[...], ids: batchIDs) : nil))
                }
            }
            queue.finish()
            return checker.plan(valid: valid, problems: problems, duplicates: duplicates)
        }
        struct Refused: Error {}
        do {
            let added = try await db.write { tx in
                try await withLargerCache(on: tx) {
                    var added: [UUID] = []
                    for await batch in batches {
                        try await insert(type, batch, actor: actor, millis: RecordSQL.millis(now), on: tx)
                        added += batch.ids
                        progress?(batch.through, rows)
                    }
                    let plan = await checking.value
                    guard refusal(plan, onlyValid: onlyValid) == nil else { throw Refused() }
                    try await audit(type, plan, ids: added, actor: actor, now: now, on: tx)
                    return added
                }
            }
            let plan = await checking.value
            if added.count >= PlannerStatistics.bulkRows { try await PlannerStatistics.refresh(tables: [type.table], on: db) }
            return Outcome(plan: plan, ids: added, refusal: nil)
        } catch is Refused {
            let plan = await checking.value
            return Outcome(plan: plan, ids: [], refusal: refusal(plan, onlyValid: onlyValid))
        } catch {
            checking.cancel()
            throw error
        }
    }

    /// Why a plan may not be stored, or nil when it may.
    static func refusal(_ plan: ImportPlan, onlyValid: Bool) -> String? {
        if plan.problems.contains(where: { $0.row == 1 }) { return "表头不符合要求，未导入任何数据；请按导入模板的表头填写" }
        if !plan.isClean && !onlyValid {
            return "文件中有 \(plan.badRows) 行不符合要求，未导入任何数据；请改正后重新导入，或选择仅导入有效行"
        }
        return plan.valid.isEmpty ? "没有可导入的行" : nil
    }

    /// Stores a plan's valid rows in one transaction with one audit entry. Refuses a plan with
    /// problems unless `onlyValid`.
    public static func commit(_ type: RecordType, _ plan: ImportPlan, onlyValid: Bool, actor: AuditActor, on db: any Database,
                              now: Date, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> [UUID] {
        if let refusal = refusal(plan, onlyValid: onlyValid) { throw CoreError.state(refusal) }
        let batchSize = batchRows(type, on: db)
        let ids = try await db.write { tx in
            try await withLargerCache(on: tx) {
                let ids = RecordIDs.make(plan.valid.count, at: now)
                var valid = plan.valid
                // Applications get their receipt numbers in the import's transaction, as one by one.
                if let intake = type.intake {
                    for (i, r) in valid.enumerated() {
                        var values = r.values
                        values[intake.receipt] = .text(try await RegistrationNumbers.receipt(
                            type, values: values, year: values[intake.receivedOn]?.date?.year ?? LocalDate(now).year, on: tx))
                        valid[i] = ImportPlan.ValidRow(row: r.row, values: values)
                    }
                }
                for start in stride(from: 0, to: valid.count, by: batchSize) {
                    let end = min(valid.count, start + batchSize)
                    let rows = valid[start..<end], batchIDs = ids[start..<end]
                    try await insert(type, Batch(rows: rows, ids: batchIDs, through: end, json: tx.isSQLite ? json(type, rows, ids: batchIDs) : nil),
                                     actor: actor, millis: RecordSQL.millis(now), on: tx)
                    progress?(end, plan.valid.count)
                }
                try await audit(type, plan, ids: ids, actor: actor, now: now, on: tx)
                return ids
            }
        }
        // A large load changes what the planner should know about the table.
        if ids.count >= PlannerStatistics.bulkRows { try await PlannerStatistics.refresh(tables: [type.table], on: db) }
        return ids
    }

    /// On SQLite, a 64 MB page cache for the connection while it loads (the default 2 MB spills
    /// the growing indexes to disk and reads them back; measured 0.1 s of 100,000 rows), then its
    /// own size again.
    static func withLargerCache<T: Sendable>(on tx: any Database, _ body: () async throws -> T) async throws -> T {
        guard tx.isSQLite else { return try await body() }
        let size = try await tx.sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self) ?? -2000
        try await tx.sql.raw("PRAGMA cache_size = -65536").run()
        do {
            let result = try await body()
            try await tx.sql.raw("PRAGMA cache_size = \(unsafeRaw: String(size))").run()
            return result
        } catch {
            try? await tx.sql.raw("PRAGMA cache_size = \(unsafeRaw: String(size))").run()
            throw error
        }
    }

    /// The one audit entry of an import: the file's digest and what it added, skipped and refused.
    static func audit(_ type: RecordType, _ plan: ImportPlan, ids: [UUID], actor: AuditActor, now: Date, on tx: any Database) async throws {
        try await AuditLog.append(on: tx, actor: actor, action: .import, entityType: type.entityType, entityID: "file:" + plan.fileSHA256,
                                  after: AuditLog.snapshot(["file_sha256": plan.fileSHA256, "rows_added": String(ids.count),
                                                            "rows_skipped_as_duplicates": String(plan.duplicates.count),
                                                            "rows_refused": String(plan.badRows),
                                                            "ids": ids.map(\.uuidString).joined(separator: ",")]), at: now)
    }

    /// Adds records made by the platform (demo data, benchmarks) through the import path: one
    /// transaction, one audit entry naming the digest of what was added. The rows must already
    /// satisfy the register's rules; they are not checked again.
    public static func bulk(_ type: RecordType, _ rows: [RecordValues], label: String, actor: AuditActor, on db: any Database,
                            now: Date) async throws -> [UUID] {
        let keys = rows.map { row in type.naturalKey.map { row[$0].map { "\($0)" } ?? "" }.joined(separator: "|") }.joined(separator: "\n")
        let plan = ImportPlan(fileSHA256: Secrets.sha256Hex(label + "\n" + keys), rows: rows.count,
                              valid: rows.enumerated().map { ImportPlan.ValidRow(row: $0.offset + 2, values: $0.element) }, problems: [], duplicates: [])
        return try await commit(type, plan, onlyValid: false, actor: actor, on: db, now: now)
    }

    /// Rows checked and then written together: on SQLite already encoded, so that the encoding is
    /// done on the checking side of the pipeline.
    struct Batch: Sendable {
        let rows: ArraySlice<ImportPlan.ValidRow>
        let ids: ArraySlice<UUID>
        /// The file's data rows checked so far, for the progress bar.
        let through: Int
        let json: String?
    }

    /// Rows per INSERT: on PostgreSQL as many as keep the statement under 20,000 parameters.
    static func batchRows(_ type: RecordType, on db: any Database) -> Int {
        db.isSQLite ? 5_000 : max(1, 20_000 / (type.columns.count + 6))
    }

    /// A batch for SQLite's `json_each`: one array per row, the id first, then each column's value
    /// as it is stored (text, integer or null).
    static func json(_ type: RecordType, _ rows: ArraySlice<ImportPlan.ValidRow>, ids: ArraySlice<UUID>) -> String {
        var json = "["
        json.reserveCapacity(rows.count * 40 * (type.columns.count + 1))
        for (n, (r, id)) in zip(rows, ids).enumerated() {
            json += n == 0 ? "[\"" : ",[\""
            json += id.uuidString
            json += "\""
            for f in type.columns {
                json += ","
                switch r.values[f.name] {
                case .text(let s)?: JSONText.appendString(s, to: &json)
                case .integer(let v)?: json += String(v)
                case .date(let d)?: json += "\"" + d.description + "\""
                case .uuid(let u)?: json += "\"" + u.uuidString + "\""
                case nil: json += "null"
                }
            }
            json += "]"
        }
        return json + "]"
    }

    /// One INSERT per batch. On SQLite the batch's rows are bound as one JSON array and read back
    /// with `json_each`: a statement of a few hundred characters, where a multi-row `VALUES` list
    /// took SQLite longer to compile than to run (2.8 s for 100,000 rows, against 1.5 s this way).
    static func insert(_ type: RecordType, _ batch: Batch, actor: AuditActor, millis: Int64, on tx: any Database) async throws {
        let names = ["id", "state", "version", "created_by", "created_at", "updated_at"] + type.columns.map(\.name)
        if let sqlite = tx as? any SQLiteDatabase, let json = batch.json {
            let creator = actor.userID.map { "'\($0.uuidString)'" } ?? "NULL"
            let state = "'" + type.initialState.replacingOccurrences(of: "'", with: "''") + "'"
            let columns = type.columns.indices.map { "value ->> \($0 + 1)" }.joined(separator: ", ")
            let sql = "INSERT INTO \(type.table) (\(names.joined(separator: ", "))) SELECT value ->> 0, \(state), 1, \(creator), "
                + "\(millis), \(millis), \(columns) FROM json_each(?)"
            _ = try await sqlite.query(sql, [.text(json)])
            return
        }
        var values: [SQLQueryString] = []
        values.reserveCapacity(batch.rows.count)
        for (r, id) in zip(batch.rows, batch.ids) {
            var binds: [SQLQueryString] = ["\(bind: id)", "\(bind: type.initialState)", "\(bind: Int64(1))", "\(bind: actor.userID)",
                                           "\(bind: millis)", "\(bind: millis)"]
            binds += type.columns.map { RecordSQL.bind(r.values[$0.name], $0.kind.storage) }
            values.append("(" + binds.joined(separator: ", ") + ")")
        }
        try await tx.sql.raw("INSERT INTO \(unsafeRaw: type.table) (\(unsafeRaw: names.joined(separator: ", "))) VALUES \(values.joined(separator: ", "))").run()
    }

    /// A record's natural key as one string; a key unique within a district carries the owner's
    /// district (`districts`, by unit), as `RecordStore.checkNaturalKey` looks within it.
    static func naturalKey(_ type: RecordType, _ values: RecordValues, districts: [UUID: District]) -> String? {
        guard !type.naturalKey.isEmpty else { return nil }
        var parts = type.naturalKey.map { name in values[name].flatMap { v in type.field(name).map { FieldInput.plain(v, as: $0) } } ?? "" }
        if type.naturalKeyWithinDistrict { parts.append(values[type.ownerField]?.uuid.flatMap { districts[$0]?.id.uuidString } ?? "") }
        return parts.joined(separator: "\u{1F}")
    }

    /// The natural keys already on file (every record of the key's reach, whoever may see it: a
    /// duplicate is a duplicate even when it belongs to another unit). With `among`, only the
    /// records whose first key field holds one of the values the file gives for it, read through
    /// the key's unique index 500 values at a time: a month's file into a register of a million
    /// records read the million every time. (A key led by a choice, as the licences' kind, still
    /// reads most of its register.)
    static func existingKeys(_ type: RecordType, among: (field: String, values: Set<String>)? = nil, districts: [UUID: District],
                             on db: any Database) async throws -> Set<String> {
        guard !type.naturalKey.isEmpty else { return [] }
        var keys = Set<String>()
        func add(_ condition: SQLQueryString) async throws {
            for row in try await RecordSQL.rows("SELECT \(unsafeRaw: RecordSQL.selectList(type)) FROM \(unsafeRaw: type.table)\(condition)", type, on: db) {
                if let key = naturalKey(type, row.values, districts: districts) { keys.insert(key) }
            }
        }
        guard let among else {
            try await add("")
            return keys
        }
        let values = among.values.sorted()
        for start in stride(from: 0, to: values.count, by: 500) {
            try await add(" WHERE \(unsafeRaw: among.field) IN (\(binds: Array(values[start..<min(values.count, start + 500)])))")
        }
        return keys
    }
}

extension RecordImport {
    /// The checks of one file, a range of rows at a time: its header mapped to fields, the units
    /// and people it may name, and the natural keys seen so far (on file and earlier in the file).
    struct Checker: Sendable {
        let type: RecordType
        let sha: String
        let table: [[String]]
        let header: [String]
        /// Columns by label or field name; the state column of an export is ignored (records start
        /// in their first state).
        var mapping: [Column] = []
        var headerProblems: [ImportProblem] = []
        let scope: DataScope
        let calculator: DeadlineCalculator
        var resolver = References(units: [:], ambiguousUnitNames: [], people: [:])
        var seen: Set<String> = []
        /// Each unit's district, for a natural key unique within one.
        var districts: [UUID: District] = [:]
        var dueDates = RecordRules.DueDates()

        struct Column: Sendable { let index: Int; let field: FieldSpec }

        init(_ type: RecordType, data: Data, scope: DataScope, calculator: DeadlineCalculator, on db: any Database) async throws {
            self.type = type
            self.scope = scope
            self.calculator = calculator
            sha = Secrets.sha256Hex(data)
            table = try RecordImport.table(data, limits: RecordImport.limits(type))
            guard let header = table.first, header.contains(where: { !FieldInput.trim($0).isEmpty }) else {
                throw CoreError.invalid(field: "file", "文件是空的：第 1 行应为表头（可下载导入模板）")
            }
            self.header = header
            for (i, raw) in header.enumerated() {
                let name = FieldInput.trim(raw)
                guard !name.isEmpty, name != "状态" else { continue }
                if let f = type.inputColumns.first(where: { $0.label == name || $0.name == name }) {
                    if mapping.contains(where: { $0.field.name == f.name }) {
                        headerProblems.append(ImportProblem(row: 1, column: name, message: "列「\(name)」重复"))
                    } else {
                        mapping.append(Column(index: i, field: f))
                    }
                } else {
                    headerProblems.append(ImportProblem(row: 1, column: name, message: "没有名为「\(name)」的字段，请按导入模板的表头填写"))
                }
            }
            let computed = Set(type.deadlines.filter(\.computes).map(\.field))
            for f in type.inputColumns where f.required && !computed.contains(f.name) && !mapping.contains(where: { $0.field.name == f.name }) {
                headerProblems.append(ImportProblem(row: 1, column: f.label, message: "缺少必填列「\(f.label)」"))
            }
            guard headerProblems.isEmpty else { return }
            var typed: [String: Set<String>] = [:]
            for column in mapping where References.names(column.field) {
                typed[column.field.name] = Set(table.dropFirst().compactMap { $0.indices.contains(column.index) ? $0[column.index] : nil })
            }
            resolver = try await References.load(type, scope: scope, typed: typed, on: db)
            if type.naturalKeyWithinDistrict { districts = try await Districts.byUnit(on: db) }
            // The records that could be duplicates: those whose key's first field, the key index's
            // first column, holds a value of the file's, read as the rows will be (a row that does
            // not read is refused). Only for a field kept as text; otherwise every record.
            let among = mapping.first { $0.field.name == type.naturalKey.first && $0.field.kind.storage == .text && $0.field.kind != .date }
                .map { column in
                    (field: column.field.name, values: Set(table.dropFirst().compactMap { cells -> String? in
                        guard column.index < cells.count else { return nil }
                        return (try? resolver.value(for: column.field, cells[column.index], spreadsheet: true))?.text
                    }))
                }
            seen = try await RecordImport.existingKeys(type, among: among, districts: districts, on: db)
        }

        /// The rows under the header.
        var dataRows: Int { max(0, table.count - 1) }

        /// Problems of the rows checked so far: how many in all, and on how many rows (`check` keeps
        /// the first `ImportPlan.keptProblems` only).
        var problemCount = 0, badRows = 0, droppedProblems = 0

        func plan(valid: [ImportPlan.ValidRow], problems: [ImportProblem], duplicates: [Int]) -> ImportPlan {
            ImportPlan(fileSHA256: sha, rows: dataRows, valid: valid, problems: problems, problemCount: max(problemCount, problems.count),
                       badRows: max(badRows, Set(problems.map(\.row)).count), duplicates: duplicates)
        }

        /// Data rows `range` (0 is the row under the header): each cell parsed as the form parses
        /// it, then the whole-record rules, the caller's scope and the natural key.
        mutating func check(_ range: Range<Int>) -> (valid: [ImportPlan.ValidRow], problems: [ImportProblem], duplicates: [Int]) {
            var valid: [ImportPlan.ValidRow] = [], problems: [ImportProblem] = [], duplicates: [Int] = []
            valid.reserveCapacity(range.count)
            for offset in range {
                let cells = table[offset + 1], rowNumber = offset + 2
                guard cells.contains(where: { !FieldInput.trim($0).isEmpty }) else { continue }
                var values: RecordValues = [:], rowProblems: [ImportProblem] = []
                for column in mapping {
                    let cell = column.index < cells.count ? cells[column.index] : ""
                    do throws(CoreError) {
                        if let v = try resolver.value(for: column.field, cell, spreadsheet: true) { values[column.field.name] = v }
                    } catch {
                        rowProblems.append(ImportProblem(row: rowNumber, column: header[column.index], message: error.message))
                    }
                }
                if rowProblems.isEmpty {
                    do throws(CoreError) {
                        values = try RecordRules.prepare(type, values, calculator: calculator, dueDates: &dueDates)
                        if let owner = values[type.ownerField]?.uuid, !scope.covers(unit: owner) {
                            throw CoreError.invalid(field: type.ownerField, "「\(type.field(type.ownerField)?.label ?? "单位")」不在您的数据范围内")
                        }
                    } catch {
                        rowProblems.append(ImportProblem(row: rowNumber, column: error.field.flatMap { type.field($0)?.label } ?? "", message: error.message))
                    }
                }
                if !rowProblems.isEmpty {
                    let room = max(0, ImportPlan.keptProblems - (problemCount - droppedProblems))
                    problems += rowProblems.prefix(room)
                    droppedProblems += max(0, rowProblems.count - room)
                    problemCount += rowProblems.count
                    badRows += 1
                    continue
                }
                if let key = RecordImport.naturalKey(type, values, districts: districts) {
                    guard seen.insert(key).inserted else { duplicates.append(rowNumber); continue }
                }
                valid.append(.init(row: rowNumber, values: values))
            }
            return (valid, problems, duplicates)
        }
    }
}

/// Units, people and records of other registers as a form or a file names them: units by code,
/// by name when the name is unique, or by id; people by sign-in name or id; records by title when
/// the title is unique among the records of the person's own districts (a province's districts may
/// each have a 王律师), or by id. Only what the input names is read, by index, 500 names a query.
public struct References: Sendable {
    let units: [String: UUID]
    let ambiguousUnitNames: Set<String>
    let people: [String: UUID]
    /// By reference field: the unique titles, and the titles several records share.
    var records: [String: (titles: [String: UUID], ambiguous: Set<String>)] = [:]

    /// Whether a field's text names a unit, a person or a record (and `load` must look it up).
    public static func names(_ field: FieldSpec) -> Bool {
        switch field.kind {
        case .unit, .person, .record: true
        default: false
        }
    }

    /// The units, people and records that `typed` (by field name: the texts typed into it) names.
    public static func load(_ type: RecordType, scope: DataScope, typed: [String: Set<String>], on db: any Database) async throws -> References {
        func texts(_ kind: FieldKind) -> Set<String> {
            Set(type.columns.filter { $0.kind == kind }.flatMap { typed[$0.name] ?? [] }.map(FieldInput.trim).filter { !$0.isEmpty })
        }
        let (units, ambiguous) = try await unitsNamed(texts(.unit), on: db)
        var references = References(units: units, ambiguousUnitNames: ambiguous, people: try await peopleNamed(texts(.person), on: db))
        for f in type.columns {
            guard let target = RecordReferences.target(of: f) else { continue }
            let titles = Set((typed[f.name] ?? []).map(FieldInput.trim).filter { !$0.isEmpty })
            references.records[f.name] = try await RecordReferences.named(target, titles: titles, scope: scope, on: db)
        }
        return references
    }

    static func chunks<T>(_ values: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: values.count, by: 500).map { values[$0..<min($0 + 500, values.count)] }
    }

    /// Units by the codes, names and ids typed; a name that several units share is ambiguous.
    static func unitsNamed(_ texts: Set<String>, on db: any Database) async throws -> ([String: UUID], Set<String>) {
        guard !texts.isEmpty else { return ([:], []) }
        struct U: Decodable { var id: UUID; var code: String; var name: String }
        let ids = texts.compactMap(UUID.init(uuidString:)), words = texts.filter { UUID(uuidString: $0) == nil }.sorted()
        var found: [U] = []
        for chunk in chunks(words) {
            found += try await db.sql.raw("SELECT id, code, name FROM units WHERE code IN (\(binds: Array(chunk))) OR name IN (\(binds: Array(chunk)))")
                .all(decoding: U.self)
        }
        for chunk in chunks(ids) {
            found += try await db.sql.raw("SELECT id, code, name FROM units WHERE id IN (\(binds: Array(chunk)))").all(decoding: U.self)
        }
        var units: [String: UUID] = [:], byName: [String: Set<UUID>] = [:]
        for u in found where texts.contains(u.name) { byName[u.name, default: []].insert(u.id) }
        for (name, ids) in byName where ids.count == 1 { units[name] = ids.first }
        for u in found where texts.contains(u.code) { units[u.code] = u.id }
        let known = Set(found.map(\.id))
        for text in texts { if let id = UUID(uuidString: text), known.contains(id) { units[text] = id } }
        return (units, Set(byName.filter { $0.value.count > 1 }.keys))
    }

    /// People by the sign-in names (kept in lower case) and ids typed, keyed in lower case.
    static func peopleNamed(_ texts: Set<String>, on db: any Database) async throws -> [String: UUID] {
        guard !texts.isEmpty else { return [:] }
        struct P: Decodable { var id: UUID; var username: String }
        let ids = texts.compactMap(UUID.init(uuidString:)), usernames = Set(texts.map { $0.lowercased() }).sorted()
        var people: [String: UUID] = [:]
        for chunk in chunks(usernames) {
            for p in try await db.sql.raw("SELECT id, username FROM users WHERE username IN (\(binds: Array(chunk)))").all(decoding: P.self) {
                people[p.username] = p.id
            }
        }
        for chunk in chunks(ids) {
            let known = Set(try await db.sql.raw("SELECT id, username FROM users WHERE id IN (\(binds: Array(chunk)))").all(decoding: P.self).map(\.id))
            for text in texts { if let id = UUID(uuidString: text), known.contains(id) { people[text.lowercased()] = id } }
        }
        return people
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
        case .record:
            if let id = records[field.name]?.titles[s] { return .uuid(id) }
            if records[field.name]?.ambiguous.contains(s) == true {
                throw .invalid(field: field.name, "「\(field.label)」有多条同名记录，请从列表中选择或填写记录 id")
            }
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
