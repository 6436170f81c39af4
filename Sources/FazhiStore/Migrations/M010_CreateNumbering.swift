import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Registration numbering (三统一): the pattern and prefix per register, and one counter per prefix
/// and year. Also the permissions of the normative-document, decision, legality-review and adviser
/// registers for the built-in roles of installations set up before (a fixed list).
struct M010_CreateNumbering: AsyncMigration {
    static let grants: [(role: String, permissions: [String])] = [
        ("district_office", ["lawmaking.read", "lawmaking.manage", "review.read", "review.manage", "review.perform"]),
        ("department_clerk", ["lawmaking.read", "lawmaking.manage", "review.read", "review.manage"]),
        ("town_clerk", ["lawmaking.read", "review.read", "review.manage"]),
        ("unit_head", ["lawmaking.read", "review.read"]),
        ("reviewer", ["lawmaking.read", "review.read", "review.perform"]),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("CREATE TABLE numbering_rules (register TEXT PRIMARY KEY, prefix TEXT NOT NULL, pattern TEXT NOT NULL)").run()
        try await sql.raw("""
            CREATE TABLE registration_sequences (prefix TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (prefix, year))
            """).run()
        try await sql.raw("""
            INSERT INTO numbering_rules (register, prefix, pattern) VALUES ('normative-documents', 'LCDR', \(bind: RegistrationNumber.defaultPattern))
            """).run()
        // Reviewers see the reviews of their unit and the units below it (they saw only their own).
        try await sql.raw("UPDATE roles SET scope_kind = 'unit_and_below' WHERE code = 'reviewer' AND scope_kind = 'self'").run()
        struct Row: Decodable { var id: UUID }
        for grant in Self.grants {
            guard let role = try await sql.raw("SELECT id FROM roles WHERE code = \(bind: grant.role)").first(decoding: Row.self) else { continue }
            for p in grant.permissions {
                try await sql.raw("""
                    INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: role.id), \(bind: p))
                    ON CONFLICT (role_id, permission) DO NOTHING
                    """).run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.sql.raw("DROP TABLE registration_sequences").run()
        try await db.sql.raw("DROP TABLE numbering_rules").run()
    }
}
