import Fluent
import SQLKit

/// The events of records' clocks (`ClockEvent`): each pause, resumption, restart and extension a
/// workflow move made, in order, so a due date can be computed again and explained.
struct M019_CreateClockEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let uuid = db.isSQLite ? "TEXT" : "UUID"
        try await db.sql.raw("""
            CREATE TABLE record_clock_events (
              id \(unsafeRaw: uuid) PRIMARY KEY, record_type TEXT NOT NULL, record_id \(unsafeRaw: uuid) NOT NULL, seq INTEGER NOT NULL,
              clock TEXT NOT NULL, kind TEXT NOT NULL, day TEXT NOT NULL, reason TEXT NOT NULL,
              recorded_by \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, recorded_at BIGINT NOT NULL,
              UNIQUE (record_type, record_id, seq))
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE record_clock_events").run()
    }
}
