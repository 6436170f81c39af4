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
        for type in Registers.all {
            try await db.sql.raw("ALTER INDEX IF EXISTS \(unsafeRaw: type.table)_search SET (gin_pending_list_limit = \(unsafeRaw: String(Self.limitKB)))").run()
        }
    }

    func revert(on db: any Database) async throws {
        guard !db.isSQLite else { return }
        for type in Registers.all {
            try await db.sql.raw("ALTER INDEX IF EXISTS \(unsafeRaw: type.table)_search RESET (gin_pending_list_limit)").run()
        }
    }
}
