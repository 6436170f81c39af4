import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The first registers (党的领导, 法治督察, 证照) and the figures brought permissions the built-in roles of an existing
/// installation lack. New installations get them from `BuiltInRole` when the roles are created;
/// this gives the same to roles created before. The list is fixed here: later changes to
/// `BuiltInRole` need a migration of their own.
struct M006_GrantRegisterPermissions: AsyncMigration {
    static let grants: [(role: String, permissions: [String])] = [
        ("district_office", ["leadership.read", "leadership.manage", "inspection.read", "inspection.manage", "rectification.report", "report.read", "report.manage",
                             "licence.read", "licence.manage"]),
        ("department_clerk", ["leadership.read", "leadership.manage", "inspection.read", "rectification.report", "report.read",
                              "licence.read", "licence.manage"]),
        ("town_clerk", ["leadership.read", "leadership.manage", "inspection.read", "rectification.report", "report.read"]),
    ]

    func prepare(on db: any Database) async throws {
        struct Row: Decodable { var id: UUID }
        for grant in Self.grants {
            guard let role = try await db.sql.raw("SELECT id FROM roles WHERE code = \(bind: grant.role)").first(decoding: Row.self) else { continue }
            for p in grant.permissions {
                try await db.sql.raw("""
                    INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: role.id), \(bind: p))
                    ON CONFLICT (role_id, permission) DO NOTHING
                    """).run()
            }
        }
    }

    func revert(on db: any Database) async throws {}
}
