import Fluent
import SQLKit

/// Files attached to register records. The bytes live once per content under the files folder
/// (named by SHA-256); this table says which record and field each belongs to.
struct M007_CreateAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let uuid = db.isSQLite ? "TEXT" : "UUID"
        try await db.sql.raw("""
            CREATE TABLE attachments (
              id \(unsafeRaw: uuid) PRIMARY KEY, record_type TEXT NOT NULL, record_id \(unsafeRaw: uuid) NOT NULL, field TEXT NOT NULL,
              sha256 TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL, size BIGINT NOT NULL,
              uploaded_by \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, uploaded_at BIGINT NOT NULL)
            """).run()
        try await db.sql.raw("CREATE INDEX attachments_record_idx ON attachments (record_type, record_id)").run()
        try await db.sql.raw("CREATE INDEX attachments_sha_idx ON attachments (sha256)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE attachments").run()
    }
}
