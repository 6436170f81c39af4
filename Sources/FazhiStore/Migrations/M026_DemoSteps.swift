import Fluent
import SQLKit

/// The demo's steps that are done (`DemoSteps`): each district's module, each lived day of its
/// history, each written in the transaction that does the step, so a demo stopped anywhere is
/// resumed from the first step not done.
struct M026_DemoSteps: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw("CREATE TABLE demo_steps (step TEXT PRIMARY KEY, detail TEXT NOT NULL, done_at BIGINT NOT NULL)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE demo_steps").run()
    }
}
