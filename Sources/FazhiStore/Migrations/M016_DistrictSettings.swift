import Fluent
import Foundation
import SQLKit

/// Settings have owners: each district sets its own numbering rules and reminder plans, over the
/// platform's defaults (`numbering_rules`, `reminder_plans`, which stay as they were), and counts
/// its own registration numbers. The counters so far are copied to every district, so no district
/// issues a number it has issued before. The district office's built-in role gets the permission
/// for its district's settings (`settings.manage`), which a department clerk does not have.
struct M016_DistrictSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql, uuid = db.isSQLite ? "TEXT" : "UUID"
        try await sql.raw("""
            CREATE TABLE district_numbering_rules (
              district_id \(unsafeRaw: uuid) NOT NULL REFERENCES units (id), register TEXT NOT NULL, prefix TEXT NOT NULL, pattern TEXT NOT NULL,
              PRIMARY KEY (district_id, register))
            """).run()
        try await sql.raw("""
            CREATE TABLE district_registration_sequences (
              district_id \(unsafeRaw: uuid) NOT NULL REFERENCES units (id), prefix TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,
              PRIMARY KEY (district_id, prefix, year))
            """).run()
        try await sql.raw("""
            INSERT INTO district_registration_sequences (district_id, prefix, year, last)
            SELECT u.id, s.prefix, s.year, s.last FROM registration_sequences s CROSS JOIN units u WHERE u.parent_id IS NULL
            """).run()
        try await sql.raw("DROP TABLE registration_sequences").run()
        try await sql.raw("""
            CREATE TABLE district_reminder_plans (
              district_id \(unsafeRaw: uuid) NOT NULL REFERENCES units (id), kind TEXT NOT NULL, offsets TEXT NOT NULL,
              remind_holder INTEGER NOT NULL, remind_issuer INTEGER NOT NULL, webhook INTEGER NOT NULL,
              quiet_from INTEGER NOT NULL, quiet_until INTEGER NOT NULL, updated_at BIGINT NOT NULL,
              PRIMARY KEY (district_id, kind))
            """).run()
        struct Row: Decodable { var id: UUID }
        guard let role = try await sql.raw("SELECT id FROM roles WHERE code = 'district_office'").first(decoding: Row.self) else { return }
        try await sql.raw("""
            INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: role.id), 'settings.manage')
            ON CONFLICT (role_id, permission) DO NOTHING
            """).run()
    }

    func revert(on db: any Database) async throws {}
}
