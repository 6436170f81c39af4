import FazhiCore
import Fluent
import SQLKit

/// PostgreSQL: a small pending list for every register's trigram search index. GIN queues new
/// entries in a pending list that every search reads in full until it is merged (by vacuum, or
/// when it reaches the limit, 4 MB by default); measured on the portal's search over 100,000
/// documents, a full list made the index scan 390 pages and 1.1 ms instead of 7 pages and 0.02 ms.
/// Registers created after this migration get the limit with their index (`RecordTableMigration`).
struct M012_SearchPendingList: AsyncMigration {
    static let limitKB = 256

    func prepare(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        for index in try await searchIndexes(on: db) {
            try await db.sql.raw("ALTER INDEX \(ident: index) SET (gin_pending_list_limit = \(unsafeRaw: String(Self.limitKB)))").run()
        }
    }

    func revert(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        for index in try await searchIndexes(on: db) {
            try await db.sql.raw("ALTER INDEX \(ident: index) RESET (gin_pending_list_limit)").run()
        }
    }

    /// The registers' search indexes the database has (read from its catalog, not from today's declarations).
    func searchIndexes(on db: any Database) async throws -> [String] {
        struct Row: Decodable { var indexname: String }
        return try await db.sql.raw("""
            SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'rec\\_%' AND indexname LIKE '%\\_search'
            """).all(decoding: Row.self).map(\.indexname)
    }
}
