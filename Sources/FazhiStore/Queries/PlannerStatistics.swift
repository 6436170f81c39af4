import Fluent
import SQLKit

/// The statistics the query planner chooses indexes by. Without them SQLite prefers an index on an
/// equality (`state = 'sent'`, true of nearly every reminder) over the date range a figure asks for,
/// and a year's figures scan millions of rows; PostgreSQL's autovacuum gathers them only some time
/// after a bulk load. They are gathered after every load of `bulkRows` rows or more (imports, demo
/// data, a large hour of reminders) for the tables loaded, and on opening a SQLite database that
/// has none.
///
/// Always a full `ANALYZE`: SQLite's sampled analysis (`analysis_limit`, which `PRAGMA optimize`
/// applies) reads the first rows of each index only, and on the reminders it estimated a thousand
/// rows per state where there are millions — worse than no statistics.
public enum PlannerStatistics {
    /// Loads of at least this many rows refresh the statistics.
    public static let bulkRows = 1_000

    /// `ANALYZE` of the tables given, or of the whole database.
    public static func refresh(tables: [String]? = nil, on db: any Database) async throws {
        guard let tables else { return try await db.sql.raw("ANALYZE").run() }
        for table in tables { try await db.sql.raw("ANALYZE \(unsafeRaw: table)").run() }
    }

    /// On SQLite, gathers statistics once for a database that has never had them.
    public static func gatherIfMissing(on db: any Database) async throws {
        guard db.isSQLite else { return }
        let stats = try await db.sql.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all()
        if stats.isEmpty { try await refresh(on: db) }
    }
}
