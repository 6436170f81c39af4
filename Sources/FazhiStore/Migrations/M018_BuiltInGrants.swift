import Fluent
import SQLKit

/// The ledger of what the modules have granted to the built-in roles (`BuiltInGrants`), so a
/// module's new grant reaches existing installations once and an administrator's later removal
/// stands. Every grant the built-in roles had when this landed is recorded as given (M006, M009,
/// M010 and the roles' creation gave them); a fixed list, as the permissions were named then.
struct M018_BuiltInGrants: AsyncMigration {
    static let given: [(role: String, permissions: [String])] = [
        ("district_office", ["leadership.read", "leadership.manage", "inspection.read", "inspection.manage", "rectification.report",
                             "licence.read", "licence.manage", "reminder.manage", "lawmaking.read", "lawmaking.manage", "review.read",
                             "review.manage", "review.perform"]),
        ("department_clerk", ["leadership.read", "leadership.manage", "inspection.read", "rectification.report", "licence.read", "licence.manage",
                              "lawmaking.read", "lawmaking.manage", "review.read", "review.manage"]),
        ("town_clerk", ["leadership.read", "leadership.manage", "inspection.read", "rectification.report", "lawmaking.read", "review.read",
                        "review.manage"]),
        ("unit_head", ["leadership.read", "inspection.read", "licence.read", "lawmaking.read", "review.read"]),
        ("reviewer", ["lawmaking.read", "review.read", "review.perform"]),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("CREATE TABLE built_in_grants (role_code TEXT NOT NULL, permission TEXT NOT NULL, PRIMARY KEY (role_code, permission))").run()
        for (role, permissions) in Self.given {
            for p in permissions {
                try await sql.raw("INSERT INTO built_in_grants (role_code, permission) VALUES (\(bind: role), \(bind: p))").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE built_in_grants").run()
    }
}
