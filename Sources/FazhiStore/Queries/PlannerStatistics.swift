import Fluent
import SQLKit

/// The statistics the query planner chooses indexes by. Without them SQLite prefers an index on an
/// equality (`state = 'sent'`, true of nearly every row) over the date range a figure asks for, and
/// a year's figures scan millions of rows; PostgreSQL's autovacuum gathers them only some time after
/// a bulk load. Refreshed after every bulk load (imports, demo data), when a SQLite database is
/// opened and on the hour.
public enum PlannerStatistics {
    /// Loads of at least this many rows refresh the statistics.
    public static let bulkRows = 1_000

    /// SQLite: `PRAGMA optimize` over every table, which analyses (with a bounded sample) the tables
    /// that have no statistics or have changed much since. PostgreSQL: `ANALYZE` of the tables
    /// given, or of the whole database.
    public static func refresh(tables: [String]? = nil, on db: any Database) async throws {
        if db.isSQLite {
            try await db.sql.raw("PRAGMA optimize=0x10002").run()
        } else if let tables {
            for table in tables { try await db.sql.raw("ANALYZE \(unsafeRaw: table)").run() }
        } else {
            try await db.sql.raw("ANALYZE").run()
        }
    }
}
