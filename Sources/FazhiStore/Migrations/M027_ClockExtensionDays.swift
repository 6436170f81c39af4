import Fluent
import SQLKit

/// An extension of a chosen length keeps its days with its event (`ClockEvent.days`): 行政复议法
/// Art.62 allows one of at most thirty days, not always thirty.
struct M027_ClockExtensionDays: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw("ALTER TABLE record_clock_events ADD COLUMN days INTEGER").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("ALTER TABLE record_clock_events DROP COLUMN days").run()
    }
}
