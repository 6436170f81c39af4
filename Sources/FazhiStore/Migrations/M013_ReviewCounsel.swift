import FazhiCore
import Fluent
import SQLKit

/// A legality review names the adviser who took part by their record in the advisers' register
/// (`counsel`), where it held only a name. On a database whose reviews' table exists already, the
/// column and its index are added, and a name that belongs to exactly one adviser moves to the
/// reference; other names stay in the text field, now 其他参与人员. One audit entry records how many
/// reviews changed. (A new database gets the column with the table, after this migration.)
struct M013_ReviewCounsel: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // The tables' names when this landed, not today's declarations.
        let reviews = "rec_legality_reviews", advisers = "rec_legal_advisers"
        let sql = db.sql
        let columns = db.isSQLite
            ? try await sql.raw("SELECT name FROM pragma_table_info(\(bind: reviews))").all().map { try $0.decode(column: "name", as: String.self) }
            : try await sql.raw("""
                SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: reviews)
                """).all().map { try $0.decode(column: "name", as: String.self) }
        guard !columns.isEmpty, !columns.contains("counsel") else { return }
        try await sql.raw("ALTER TABLE \(unsafeRaw: reviews) ADD COLUMN counsel \(unsafeRaw: db.isSQLite ? "TEXT" : "UUID")").run()
        try await sql.raw("CREATE INDEX \(unsafeRaw: reviews)_counsel_idx ON \(unsafeRaw: reviews) (counsel)").run()
        try await db.write { tx in
            let moved = try await tx.sql.raw("""
                UPDATE \(unsafeRaw: reviews) SET counsel = (SELECT a.id FROM \(unsafeRaw: advisers) a WHERE a.name = \(unsafeRaw: reviews).adviser), adviser = NULL
                WHERE adviser IN (SELECT name FROM \(unsafeRaw: advisers) GROUP BY name HAVING COUNT(*) = 1)
                RETURNING id
                """).all().count
            guard moved > 0 else { return }
            try await AuditLog.append(on: tx, actor: .system("数据库迁移"), action: .update, entityType: "record:legality-reviews",
                                      entityID: "migration:M013",
                                      after: AuditLog.snapshot(["reviews_linked_to_adviser_records": String(moved)]))
        }
    }

    /// The column stays: on a new database it belongs to the reviews' table itself.
    func revert(on db: any Database) async throws {}
}
