import FazhiCore
import Fluent
import SQLKit

/// The indexes a register's list walks in order and stops after the page, whatever the size of
/// the register.
///
/// A list is ordered by its sort field and then by id, both in one direction, so one index
/// serves both directions. Each index also ends with the columns of the data scope, the owner
/// unit and the creator. That lets the database test a row against the caller's scope from the
/// index entry alone, without reading the row: a town clerk's page among a district's records
/// skips the other towns' entries cheaply.
///
/// - `(sort, id, owner, created_by)`: one for each of the register's sort fields (`sortFields`).
/// - `(filter, default sort, id, owner, created_by)`: one for each filter that picks a value
///   (`equalityFilters`, the state among them).
/// - `(owner, default sort, id, created_by)`: for the owner filter, and for counting a scope.
/// - `(created_by)`: the other half of the scope, "what I entered".
/// - `(state, due date, id, owner, created_by)`: for each deadline, so what is open and due is
///   found without walking past the closed records.
///
/// The single-column indexes of the first version that these replace are dropped; date filters
/// and due dates keep theirs.
public struct RecordListIndexes: AsyncMigration {
    public let type: RecordType
    public init(_ type: RecordType) { self.type = type }
    public var name: String { "record_table.\(type.table).v2.list_indexes" }

    /// Every index this migration makes: its name and its columns.
    public static func indexes(_ type: RecordType, table: String? = nil) -> [(name: String, columns: [String])] {
        let t = table ?? type.table, owner = type.ownerField, sort = type.defaultSort.field
        var out: [(name: String, columns: [String])] = type.sortFields.map { s in
            ("\(t)_list_\(s)", unique([s, "id", owner, "created_by"]))
        }
        for f in type.equalityFilters where f != owner {
            out.append(("\(t)_by_\(f)", unique([f, sort, "id", owner, "created_by"])))
        }
        out.append(("\(t)_by_\(owner)", unique([owner, sort, "id", "created_by"])))
        out.append(("\(t)_created_by", ["created_by"]))
        // 我的待办, the overdue counts, the overdue filter and the planner look for open records by
        // due date: the open states' entries only, not the years of closed records before them.
        for field in unique(type.deadlines.map(\.field)) {
            out.append(("\(t)_open_\(field)", unique(["state", field, "id", owner, "created_by"])))
        }
        return out
    }

    /// The first version's single-column indexes that a composite above now leads with.
    static func superseded(_ type: RecordType, table: String? = nil) -> [String] {
        unique([type.ownerField, "state", type.defaultSort.field, "created_at"] + type.equalityFilters).map { "\(table ?? type.table)_\($0)_idx" }
    }

    public func prepare(on db: any Database) async throws {
        try await Self.apply(type, to: type.table, on: db)
    }

    static func apply(_ type: RecordType, to table: String, on db: any Database) async throws {
        try await TableIndexes.drop(superseded(type, table: table), on: db)
        try await TableIndexes.create(indexes(type, table: table), on: table, db)
    }

    public func revert(on db: any Database) async throws {
        try await TableIndexes.drop(Self.indexes(type).map(\.name), on: db)
        let columns = unique([type.ownerField, "state", type.defaultSort.field, "created_at"] + type.equalityFilters)
        try await TableIndexes.create(columns.map { ("\(type.table)_\($0)_idx", [$0]) }, on: type.table, db)
    }
}

/// The second set of a register's list indexes, for lookups that the first leaves to a scan:
///
/// - `(owner, filter, created_by)` for each filter that picks a value: a scope's count with that
///   filter reads the matching entries of each of its units and no others (the first set's
///   `(filter, sort, …)` index would read the filter's entries of every unit).
/// - `(created_by, owner)`, replacing `(created_by)`: the other half of a scope's count, what a
///   person entered outside their units, read from the index alone.
/// - `(title, owner)`: records looked up by what a person types into a field that names a record
///   of another register (`RecordReferences.named`), and an import's column of titles.
public struct RecordLookupIndexes: AsyncMigration {
    public let type: RecordType
    public init(_ type: RecordType) { self.type = type }
    public var name: String { "record_table.\(type.table).v3.lookup_indexes" }

    public static func indexes(_ type: RecordType, table: String? = nil) -> [(name: String, columns: [String])] {
        let t = table ?? type.table, owner = type.ownerField
        var out: [(name: String, columns: [String])] = type.equalityFilters.filter { $0 != owner }.map { f in
            ("\(t)_\(owner)_\(f)", unique([owner, f, "created_by"]))
        }
        out.append(("\(t)_creator", ["created_by", owner]))
        out.append(("\(t)_title", unique([type.titleField, owner])))
        return out
    }

    public func prepare(on db: any Database) async throws {
        try await Self.apply(type, to: type.table, on: db)
    }

    static func apply(_ type: RecordType, to table: String, on db: any Database) async throws {
        try await TableIndexes.drop(["\(table)_created_by"], on: db)
        try await TableIndexes.create(indexes(type, table: table), on: table, db)
    }

    public func revert(on db: any Database) async throws {
        try await TableIndexes.drop(Self.indexes(type).map(\.name), on: db)
        try await TableIndexes.create([("\(type.table)_created_by", ["created_by"])], on: type.table, db)
    }
}

/// Indexes of a register's table made or dropped by name. Names and columns come from
/// declarations, never from input.
enum TableIndexes {
    static func create(_ indexes: [(name: String, columns: [String])], on table: String, _ db: any Database) async throws {
        for index in indexes {
            try await db.sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index.name) ON \(unsafeRaw: table) (\(unsafeRaw: index.columns.joined(separator: ", ")))").run()
        }
    }

    static func drop(_ names: [String], on db: any Database) async throws {
        for name in names { try await db.sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: name)").run() }
    }
}

private func unique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}
