import Fluent
import SQLKit

/// The append-only audit trail. Rows are chained by SHA-256; `audit_head` holds the last
/// sequence number and hash, and its row lock serialises appends on every database.
struct M003_CreateAuditLog: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_log")
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("unit_id", .uuid)
            .field("address", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await db.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        let sql = db.sql
        try await sql.raw("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, \(bind: AuditGenesis.hash))").run()
        try await sql.raw("CREATE INDEX audit_log_time_idx ON audit_log (occurred_at_ms)").run()
        try await sql.raw("CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)").run()
        try await sql.raw("CREATE INDEX audit_log_actor_idx ON audit_log (actor_id)").run()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
        } else {
            try await sql.raw("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log EXECUTE FUNCTION audit_log_append_only()").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        if sql.dialect.name != "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only()").run()
        }
        try await db.schema("audit_head").delete()
        try await db.schema("audit_log").delete()
    }
}
