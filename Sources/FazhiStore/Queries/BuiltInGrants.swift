import FazhiCore
import Fluent
import Foundation
import SQLKit

/// What the modules grant to the built-in roles (`Module.grants`), given to the roles of an
/// existing installation once: a grant not yet in `built_in_grants` is added to its role and
/// recorded there, in one transaction, with the role's change in the audit trail. A grant an
/// administrator later removes is not given again. Several app servers may start at once: the
/// ledger's primary key lets one of them give each grant.
public enum BuiltInGrants {
    /// Every (role, permission) the modules grant, in the order of `Modules.all`.
    public static var declared: [(role: String, permission: String)] {
        BuiltInRole.Key.allCases.flatMap { key in
            Modules.all.flatMap { $0.grants[key] ?? [] }.map { (key.rawValue, $0.rawValue) }
        }
    }

    /// Gives what is new; returns how many permissions were added to roles.
    @discardableResult
    public static func apply(on db: any Database, now: Date) async throws -> Int {
        struct Given: Decodable { var role_code: String; var permission: String }
        let given = Set(try await db.sql.raw("SELECT role_code, permission FROM built_in_grants").all(decoding: Given.self)
            .map { "\($0.role_code) \($0.permission)" })
        let missing = declared.filter { !given.contains("\($0.role) \($0.permission)") }
        guard !missing.isEmpty else { return 0 }
        return try await db.write { tx in
            var added = 0
            for role in Set(missing.map(\.role)).sorted() {
                // Claim the role's new grants; another server that claimed them first leaves none here.
                var claimed: [String] = []
                for grant in missing where grant.role == role {
                    let rows = try await tx.sql.raw("""
                        INSERT INTO built_in_grants (role_code, permission) VALUES (\(bind: role), \(bind: grant.permission))
                        ON CONFLICT DO NOTHING RETURNING permission
                        """).all()
                    if !rows.isEmpty { claimed.append(grant.permission) }
                }
                guard !claimed.isEmpty, let target = try await Role.query(on: tx).filter(\.$code == role).filter(\.$builtIn == true).first() else { continue }
                let before = try await OrganisationStore.snapshot(target, on: tx)
                var inserted = 0
                for p in claimed {
                    let rows = try await tx.sql.raw("""
                        INSERT INTO role_permissions (id, role_id, permission) VALUES (\(bind: UUID()), \(bind: target.id!), \(bind: p))
                        ON CONFLICT (role_id, permission) DO NOTHING RETURNING permission
                        """).all()
                    inserted += rows.count
                }
                guard inserted > 0 else { continue }
                added += inserted
                try await AuditLog.append(on: tx, actor: .system("模块授权"), action: .update, entityType: "role", entityID: target.id!.uuidString,
                                          before: AuditLog.snapshot(before), after: AuditLog.snapshot(try await OrganisationStore.snapshot(target, on: tx)),
                                          at: now)
            }
            return added
        }
    }
}
