import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 三员分立 against the system administrator: a role that carries a security duty loses every
/// business permission it held (the built-in 系统管理员 had 管理到期提醒与发送), and the built-in
/// 安全保密管理员 keeps the accounts of the duty holders (`account.duty.manage`). Fixed lists, as the
/// permissions were named when this landed.
struct M014_SeparateDuties: AsyncMigration {
    static let business = [
        "personal.view", "leadership.read", "leadership.manage", "inspection.read", "inspection.manage", "rectification.report", "report.read",
        "report.manage", "licence.read", "licence.manage", "reminder.manage", "lawmaking.read", "lawmaking.manage", "review.read", "review.manage",
        "review.perform",
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("""
            DELETE FROM role_permissions WHERE permission IN (\(binds: Self.business))
            AND role_id IN (SELECT id FROM roles WHERE duty IS NOT NULL)
            """).run()
        struct Row: Decodable { var id: UUID }
        guard let role = try await sql.raw("SELECT id FROM roles WHERE code = 'security_admin'").first(decoding: Row.self) else { return }
        try await sql.raw("""
            INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: role.id), 'account.duty.manage')
            ON CONFLICT (role_id, permission) DO NOTHING
            """).run()
    }

    func revert(on db: any Database) async throws {}
}
