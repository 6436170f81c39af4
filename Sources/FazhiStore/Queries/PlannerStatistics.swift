import Fluent
import SQLKit

/// The statistics the query planner chooses indexes by. Without them SQLite prefers an index on an
/// equality (`state = 'sent'`, true of nearly every reminder) over the date range a figure asks for,
/// and a year's figures scan millions of rows; PostgreSQL's autovacuum gathers them only some time
/// after a bulk load. They are gathered after every load of `bulkRows` rows or more (imports, demo
/// data, a large hour of reminders) for the tables loaded, and on opening a SQLite database that
/// has none. On PostgreSQL the search indexes' pending lists are merged at the same time.
///
/// Always a full `ANALYZE`: SQLite's sampled analysis (`analysis_limit`, which `PRAGMA optimize`
/// applies) reads the first rows of each index only, and on the reminders it estimated a thousand
/// rows per state where there are millions — worse than no statistics.
public enum PlannerStatistics {
    /// Loads of at least this many rows refresh the statistics.
    public static let bulkRows = 1_000

    /// `ANALYZE` of the tables given, or of the whole database.
    ///
    /// A SQLite connection reads the statistics only when it loads the schema, so the pool's other
    /// connections (and other processes) would keep planning with the old ones — measured: 5.1 s for
    /// a figure on a connection opened before `ANALYZE`, 0.24 s on one opened after. A schema change
    /// makes every connection reload the schema before its next statement, so one follows.
    public static func refresh(tables: [String]? = nil, on db: any Database) async throws {
        if let tables {
            for table in tables { try await db.sql.raw("ANALYZE \(unsafeRaw: table)").run() }
        } else {
            try await db.sql.raw("ANALYZE").run()
        }
        guard db.isSQLite else {
            // What a load queued in the search indexes' pending lists is merged now, not read by
            // every search until the next vacuum.
            let indexes: SQLQueryString = tables.map { "AND tablename IN (\(binds: $0))" } ?? ""
            try await db.sql.raw("""
                SELECT gin_clean_pending_list(format('%I', indexname)::regclass) FROM pg_indexes
                WHERE schemaname = current_schema() AND indexname LIKE '%\\_search' \(indexes)
                """).run()
            return
        }
        try await db.sql.raw("CREATE TABLE IF NOT EXISTS fazhi_statistics_reload (x INTEGER)").run()
        try await db.sql.raw("DROP TABLE fazhi_statistics_reload").run()
    }

    /// On SQLite, gathers statistics once for a database that has never had them.
    public static func gatherIfMissing(on db: any Database) async throws {
        guard db.isSQLite else { return }
        let stats = try await db.sql.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all()
        if stats.isEmpty { try await refresh(on: db) }
    }
}
