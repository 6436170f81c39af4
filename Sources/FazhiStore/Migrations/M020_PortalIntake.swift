import Fluent
import SQLKit

/// The portal's codes prove more than a licence holder: a code is for a subject (a credit code, or
/// an application's receipt number). Applications from the public are counted per client address
/// and per applicant identity (kept as a hash) for the portal's limits.
struct M020_PortalIntake: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("ALTER TABLE verification_codes RENAME COLUMN credit_code TO subject").run()
        try await sql.raw("""
            CREATE TABLE intake_submissions (
              register TEXT NOT NULL, client TEXT NOT NULL, identity_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX intake_submissions_client_idx ON intake_submissions (client, created_at)").run()
        try await sql.raw("CREATE INDEX intake_submissions_identity_idx ON intake_submissions (identity_hash, created_at)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE intake_submissions").run()
        try await db.sql.raw("ALTER TABLE verification_codes RENAME COLUMN subject TO credit_code").run()
    }
}
