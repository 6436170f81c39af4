import FazhiCore
import Fluent
import SQLKit

/// Creates a register's own table from its declaration: one typed column per field, the
/// record's state and version, indexes for the owner, state, filters, sort and due dates, a unique
/// index on the natural key, and full-text search over the declared fields — SQLite's FTS5 with
/// the trigram tokenizer (kept by triggers), or on PostgreSQL a pg_trgm GIN index over the same
/// text, which serves the `ILIKE '%…%'` the list runs.
///
/// Its name carries the table and a version: a later change to a register's columns is a new
/// migration, never an edit of this one's result.
public struct RecordTableMigration: AsyncMigration {
    public let type: RecordType
    public init(_ type: RecordType) { self.type = type }
    public var name: String { "record_table.\(type.table).v1" }

    public func prepare(on db: any Database) async throws {
        try await Self.create(type, as: type.table, on: db)
    }

    /// The table as the declaration has it, under the name `t` (`RegisterSchema` makes a scratch
    /// copy to compare a database's table with).
    static func create(_ type: RecordType, as t: String, on db: any Database) async throws {
        let sql = db.sql
        let sqlite = db.isSQLite
        let uuidType = sqlite ? "TEXT" : "UUID"
        var columns = [
            "id \(uuidType) PRIMARY KEY", "state TEXT NOT NULL", "version BIGINT NOT NULL",
            "created_by \(uuidType) REFERENCES users (id) ON DELETE SET NULL", "created_at BIGINT NOT NULL", "updated_at BIGINT NOT NULL",
        ]
        for f in type.columns {
            var c = f.name + " "
            switch f.kind.storage {
            case .text: c += "TEXT"
            case .integer: c += "BIGINT"
            case .uuid:
                // A record of another register has no foreign key: registers' tables are created in
                // any order (`RecordReferences` checks it on every write and delete).
                c += uuidType + (f.kind == .unit ? " REFERENCES units (id)" : f.kind == .person ? " REFERENCES users (id)" : "")
            }
            if f.required { c += " NOT NULL" }
            columns.append(c)
        }
        try await sql.raw("CREATE TABLE \(unsafeRaw: t) (\(unsafeRaw: columns.joined(separator: ", ")))").run()
        var indexed: [String] = [type.ownerField, "state", type.defaultSort.field, "created_at"]
        indexed += type.filters.filter { type.field($0)?.kind != .longText } + type.deadlines.map(\.field)
        var seen = Set<String>()
        for column in indexed where seen.insert(column).inserted {
            try await sql.raw("CREATE INDEX \(unsafeRaw: t)_\(unsafeRaw: column)_idx ON \(unsafeRaw: t) (\(unsafeRaw: column))").run()
        }
        if !type.naturalKey.isEmpty {
            try await sql.raw("CREATE UNIQUE INDEX \(unsafeRaw: t)_natural_key ON \(unsafeRaw: t) (\(unsafeRaw: type.naturalKeyIndex.joined(separator: ", ")))").run()
        }
        // An application's receipt number is unique on the platform (`RegistrationNumbers.receipt`).
        if let intake = type.intake {
            try await sql.raw("CREATE UNIQUE INDEX \(unsafeRaw: t)_receipt ON \(unsafeRaw: t) (\(unsafeRaw: intake.receipt))").run()
        }
        guard !type.searchFields.isEmpty else { return }
        if sqlite {
            let cols = type.searchFields.joined(separator: ", ")
            let new = type.searchFields.map { "new." + $0 }.joined(separator: ", ")
            let old = type.searchFields.map { "old." + $0 }.joined(separator: ", ")
            try await sql.raw("CREATE VIRTUAL TABLE \(unsafeRaw: t)_fts USING fts5(\(unsafeRaw: cols), content='\(unsafeRaw: t)', content_rowid='rowid', tokenize='trigram')").run()
            try await sql.raw("CREATE TRIGGER \(unsafeRaw: t)_fts_insert AFTER INSERT ON \(unsafeRaw: t) BEGIN INSERT INTO \(unsafeRaw: t)_fts (rowid, \(unsafeRaw: cols)) VALUES (new.rowid, \(unsafeRaw: new)); END").run()
            try await sql.raw("CREATE TRIGGER \(unsafeRaw: t)_fts_delete AFTER DELETE ON \(unsafeRaw: t) BEGIN INSERT INTO \(unsafeRaw: t)_fts (\(unsafeRaw: t)_fts, rowid, \(unsafeRaw: cols)) VALUES ('delete', old.rowid, \(unsafeRaw: old)); END").run()
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: t)_fts_update AFTER UPDATE ON \(unsafeRaw: t) BEGIN
                INSERT INTO \(unsafeRaw: t)_fts (\(unsafeRaw: t)_fts, rowid, \(unsafeRaw: cols)) VALUES ('delete', old.rowid, \(unsafeRaw: old));
                INSERT INTO \(unsafeRaw: t)_fts (rowid, \(unsafeRaw: cols)) VALUES (new.rowid, \(unsafeRaw: new)); END
                """).run()
        } else {
            struct Available: Decodable { var n: Int }
            let available = try await sql.raw("SELECT COUNT(*) AS n FROM pg_available_extensions WHERE name = 'pg_trgm'").first(decoding: Available.self)?.n ?? 0
            if available > 0 {
                try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
                try await sql.raw("""
                    CREATE INDEX \(unsafeRaw: t)_search ON \(unsafeRaw: t) USING gin ((\(unsafeRaw: RecordSQL.searchText(type))) gin_trgm_ops)
                    WITH (gin_pending_list_limit = \(unsafeRaw: String(M012_SearchPendingList.limitKB)))
                    """).run()
            } else {
                db.logger.warning("pg_trgm is not available: full-text search on \(t) will scan the table")
            }
        }
    }

    public func revert(on db: any Database) async throws {
        if db.isSQLite { try await db.sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: type.table)_fts").run() }
        try await db.sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: type.table)").run()
    }
}
