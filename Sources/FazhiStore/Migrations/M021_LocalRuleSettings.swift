import Fluent
import SQLKit

/// A district's own amounts for the configurable local rules (`LocalRuleSetting`), each in force
/// from a day; a later day's setting takes over from an earlier one.
struct M021_LocalRuleSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let uuid = db.isSQLite ? "TEXT" : "UUID"
        try await db.sql.raw("""
            CREATE TABLE local_rule_settings (
              district_id \(unsafeRaw: uuid) NOT NULL REFERENCES units (id), rule_id TEXT NOT NULL, effective_from TEXT NOT NULL,
              amount INTEGER NOT NULL, unit TEXT NOT NULL, basis TEXT NOT NULL,
              set_by \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, set_at BIGINT NOT NULL,
              PRIMARY KEY (district_id, rule_id, effective_from))
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE local_rule_settings").run()
    }
}
