import Fluent
import SQLKit

/// The report's edited text, every version kept: section 一's templates (year 0, shared by all
/// years) and the yearly 二、存在的问题 and 三、下一步工作计划.
struct M008_CreateReportTexts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let uuid = db.isSQLite ? "TEXT" : "UUID"
        try await db.sql.raw("""
            CREATE TABLE report_texts (
              id \(unsafeRaw: uuid) PRIMARY KEY, year INTEGER NOT NULL, section TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL,
              author_id \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, author_name TEXT NOT NULL, saved_at BIGINT NOT NULL,
              UNIQUE (year, section, version))
            """).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE report_texts").run()
    }
}
