@testable import FazhiWeb
import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import Vapor

/// 三员分立 as the web enforces it: which duty may change which account, for every pair.
@Suite("Separation of duties over accounts")
struct SeparationTests {
    /// Every actor (the three duties, a district office, nobody) against every kind of account
    /// (no duty and each duty): the account page, a change through the API, and a password reset.
    /// Only the system administrator keeps accounts without a duty; only the security
    /// administrator keeps the accounts of duty holders. A refused reset leaves the password.
    @Test(arguments: TestBackend.available)
    func whoMayChangeWhichAccount(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let actors = ["system_admin", "security_admin", "audit_admin", "district_office"]
            var tokens: [String: String] = [:]
            for (i, role) in actors.enumerated() { tokens[role] = try await t.token(for: t.person("actor\(i)", roles: [role])) }
            let targets: [(role: String?, keptBy: String)] = [
                (nil, "system_admin"), ("system_admin", "security_admin"), ("security_admin", "security_admin"), ("audit_admin", "security_admin"),
            ]
            for (n, target) in targets.enumerated() {
                for actor in actors {
                    let name = "target\(n)\(actor.prefix(3))"
                    let account = try await t.person(name, roles: target.role.map { [$0] } ?? [])
                    let id = account.id!.uuidString
                    let allowed = actor == target.keptBy
                    let what = "\(actor) on an account of \(target.role ?? "no duty")"

                    let edit = try await t.send(.GET, "/users/\(id)/edit", token: tokens[actor])
                    #expect(edit.status == (allowed ? .ok : .forbidden), "edit page: \(what)")
                    let patch = try await t.send(.PATCH, "/api/v1/users/\(id)", token: tokens[actor], json: ["displayName": "改名"])
                    #expect(patch.status == (allowed ? .ok : .forbidden), "PATCH: \(what)")
                    if !allowed, patch.status == .forbidden, actor != "audit_admin", actor != "district_office" {
                        #expect(patch.body.string.contains("三员分立"), "the refusal says why: \(what)")
                    }
                    let reset = try await t.send(.POST, "/users/\(id)/reset-password", token: tokens[actor])
                    #expect(reset.status == (allowed ? .ok : .forbidden), "reset: \(what)")
                    let after = try #require(try await User.find(account.id, on: t.db))
                    #expect(after.mustChangePassword == allowed, "a refused reset changes nothing: \(what)")
                    #expect((after.displayName == "改名") == allowed, "a refused change stores nothing: \(what)")
                    if !allowed {
                        let (_, signIn) = try await t.signIn(name)
                        #expect(signIn.status == .seeOther, "the holder still signs in with their own password: \(what)")
                    }
                }
            }
        }
    }

    /// The built-in system administrator holds no business permission, on a new database and on
    /// one set up before (the migration takes 管理到期提醒与发送 away).
    @Test(arguments: TestBackend.available)
    func systemAdministratorHoldsNoBusiness(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            #expect(try await t.send(.GET, "/reminders", token: admin).status == .forbidden)
            let me = try await t.send(.GET, "/api/v1/me", token: admin).body.string
            #expect(!me.contains("reminder.manage"))
            // As an installation before the fix had it: the grant back, then the migration again.
            let role = try #require(try await Role.query(on: t.db).filter(\.$code == "system_admin").first())
            try await RolePermission(roleID: role.id!, permission: .reminderManage).create(on: t.db)
            try await M014_SeparateDuties().prepare(on: t.db)
            let perms = try await RolePermission.query(on: t.db).filter(\.$role.$id == role.id!).all().map(\.permission)
            #expect(!perms.contains(Permission.reminderManage.rawValue) && perms.contains(Permission.userManage.rawValue))
        }
    }
}
