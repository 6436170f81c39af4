import Fluent
import SQLKit

/// Several districts (区县) on one platform: each district is a root of the unit tree. The
/// district office's built-in role now sees its own district (it saw every unit), and the report's
/// texts belong to a district: existing texts go to the district when there is exactly one.
struct M011_Districts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql, uuid = db.isSQLite ? "TEXT" : "UUID"
        try await sql.raw("UPDATE roles SET scope_kind = 'district' WHERE code = 'district_office' AND built_in = \(bind: true) AND scope_kind = 'all'").run()
        try await sql.raw("""
            CREATE TABLE report_texts_by_district (
              id \(unsafeRaw: uuid) PRIMARY KEY, district_id \(unsafeRaw: uuid) REFERENCES units (id),
              year INTEGER NOT NULL, section TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL,
              author_id \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, author_name TEXT NOT NULL, saved_at BIGINT NOT NULL,
              UNIQUE (district_id, year, section, version))
            """).run()
        try await sql.raw("""
            INSERT INTO report_texts_by_district (id, district_id, year, section, version, body, author_id, author_name, saved_at)
            SELECT t.id, (SELECT u.id FROM units u WHERE u.parent_id IS NULL AND (SELECT COUNT(*) FROM units r WHERE r.parent_id IS NULL) = 1), t.year, t.section, t.version, t.body,
                   t.author_id, t.author_name, t.saved_at
            FROM report_texts t
            """).run()
        try await sql.raw("DROP TABLE report_texts").run()
        try await sql.raw("ALTER TABLE report_texts_by_district RENAME TO report_texts").run()
    }

    /// Back to one set of texts: those of the district whose texts were saved first.
    func revert(on db: any Database) async throws {
        let sql = db.sql, uuid = db.isSQLite ? "TEXT" : "UUID"
        try await sql.raw("""
            CREATE TABLE report_texts_shared (
              id \(unsafeRaw: uuid) PRIMARY KEY, year INTEGER NOT NULL, section TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL,
              author_id \(unsafeRaw: uuid) REFERENCES users (id) ON DELETE SET NULL, author_name TEXT NOT NULL, saved_at BIGINT NOT NULL,
              UNIQUE (year, section, version))
            """).run()
        try await sql.raw("""
            INSERT INTO report_texts_shared (id, year, section, version, body, author_id, author_name, saved_at)
            SELECT id, year, section, version, body, author_id, author_name, saved_at FROM report_texts
            WHERE district_id IS NULL OR district_id = (SELECT district_id FROM report_texts ORDER BY saved_at LIMIT 1)
            """).run()
        try await sql.raw("DROP TABLE report_texts").run()
        try await sql.raw("ALTER TABLE report_texts_shared RENAME TO report_texts").run()
        try await db.sql.raw("UPDATE roles SET scope_kind = 'all' WHERE code = 'district_office' AND built_in = \(bind: true) AND scope_kind = 'district'").run()
    }
}
