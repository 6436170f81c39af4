import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The reminder engine's tables: plans per licence kind, the outbox (one row per reminder, its
/// idempotency key unique), the delivery log, the inbox (站内信), the hourly job claims that let
/// one instance of many run a scheduled job, holders' channel choices and the portal's
/// verification codes. Also the 单位负责人 role and `reminder.manage` for installations that were
/// set up before (new ones get both from `BuiltInRole`).
struct M009_CreateReminders: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sqlite = db.isSQLite
        let serial = sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        let uuid = sqlite ? "TEXT" : "UUID"
        let sql = db.sql
        try await sql.raw("""
            CREATE TABLE reminder_plans (
              kind TEXT PRIMARY KEY, offsets TEXT NOT NULL, remind_holder INTEGER NOT NULL, remind_issuer INTEGER NOT NULL,
              webhook INTEGER NOT NULL, quiet_from INTEGER NOT NULL, quiet_until INTEGER NOT NULL, updated_at BIGINT NOT NULL)
            """).run()
        try await sql.raw("""
            CREATE TABLE reminders (
              id \(unsafeRaw: serial), key TEXT NOT NULL UNIQUE, source TEXT NOT NULL, register TEXT, record_id \(unsafeRaw: uuid),
              step INTEGER NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL, recipient_name TEXT,
              user_id \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, unit_id \(unsafeRaw: uuid) REFERENCES units (id),
              category TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, link TEXT,
              due_at BIGINT NOT NULL, due_on TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL,
              claimed_by TEXT, lease_until BIGINT, sent_at BIGINT, sent_on TEXT, last_error TEXT, created_at BIGINT NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX reminders_claim_idx ON reminders (next_attempt_at, id) WHERE state IN ('pending', 'sending')").run()
        try await sql.raw("CREATE INDEX reminders_record_idx ON reminders (record_id, state, step)").run()
        // Figures: what was sent in a period by category and channel, and outcomes by due day.
        try await sql.raw("CREATE INDEX reminders_sent_idx ON reminders (sent_on, category, channel, state)").run()
        try await sql.raw("CREATE INDEX reminders_due_on_idx ON reminders (due_on, state)").run()
        try await sql.raw("CREATE INDEX reminders_state_idx ON reminders (state, created_at)").run()
        try await sql.raw("""
            CREATE TABLE reminder_attempts (
              id \(unsafeRaw: serial), reminder_id BIGINT NOT NULL REFERENCES reminders (id) ON DELETE CASCADE, attempt INTEGER NOT NULL,
              at BIGINT NOT NULL, instance TEXT NOT NULL, ok INTEGER NOT NULL, detail TEXT NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX reminder_attempts_reminder_idx ON reminder_attempts (reminder_id)").run()
        try await sql.raw("""
            CREATE TABLE inbox_messages (
              id \(unsafeRaw: serial), user_id \(unsafeRaw: uuid) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
              reminder_id BIGINT UNIQUE REFERENCES reminders (id) ON DELETE SET NULL,
              subject TEXT NOT NULL, body TEXT NOT NULL, link TEXT, created_at BIGINT NOT NULL, read_at BIGINT)
            """).run()
        try await sql.raw("CREATE INDEX inbox_messages_user_idx ON inbox_messages (user_id, created_at)").run()
        try await sql.raw("""
            CREATE TABLE job_runs (
              job TEXT NOT NULL, slot TEXT NOT NULL, instance TEXT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT, outcome TEXT,
              PRIMARY KEY (job, slot))
            """).run()
        try await sql.raw("""
            CREATE TABLE holder_subscriptions (
              credit_code TEXT PRIMARY KEY, channel TEXT NOT NULL, email TEXT, updated_at BIGINT NOT NULL)
            """).run()
        try await sql.raw("""
            CREATE TABLE verification_codes (
              id \(unsafeRaw: serial), credit_code TEXT NOT NULL, client TEXT NOT NULL, code_hash TEXT NOT NULL,
              created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, tries INTEGER NOT NULL, used_at BIGINT,
              grant_hash TEXT UNIQUE, grant_expires BIGINT)
            """).run()
        try await sql.raw("CREATE INDEX verification_codes_code_idx ON verification_codes (credit_code, created_at)").run()
        try await sql.raw("CREATE INDEX verification_codes_client_idx ON verification_codes (client, created_at)").run()

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // The plans as they were when this landed (a fixed list, not today's `ReminderPlan.defaults`).
        for kind in ["business_licence", "food_business", "public_health", "drug_business", "clinic_filing"] {
            try await sql.raw("""
                INSERT INTO reminder_plans (kind, offsets, remind_holder, remind_issuer, webhook, quiet_from, quiet_until, updated_at)
                VALUES (\(bind: kind), '90,30,7,0', 1, 1, 0, 20, 8, \(bind: now))
                """).run()
        }

        // Installations set up before this migration: the new role and permission.
        struct RoleRow: Decodable { var id: UUID; var code: String }
        let roles = try await sql.raw("SELECT id, code FROM roles").all(decoding: RoleRow.self)
        guard !roles.isEmpty else { return }
        for role in roles where role.code == "system_admin" || role.code == "district_office" {
            try await sql.raw("""
                INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: role.id), 'reminder.manage')
                ON CONFLICT (role_id, permission) DO NOTHING
                """).run()
        }
        if !roles.contains(where: { $0.code == "unit_head" }) {
            // The role as it was when this landed (a fixed list, not today's `BuiltInRole`).
            let role = Role(code: "unit_head", name: "单位负责人", duty: nil, scope: .unitAndBelow, builtIn: true)
            try await role.create(on: db)
            for p in ["unit.read", "user.read", "leadership.read", "inspection.read", "report.read", "licence.read"] {
                try await sql.raw("INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: role.id!), \(bind: p))").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        for table in ["verification_codes", "holder_subscriptions", "job_runs", "inbox_messages", "reminder_attempts", "reminders", "reminder_plans"] {
            try await db.sql.raw("DROP TABLE \(unsafeRaw: table)").run()
        }
    }
}
