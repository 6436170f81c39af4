import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Organisation on real databases")
struct OrganisationStoreTests {
    let actor = AuditActor.system("测试")

    @Test(arguments: TestBackend.available)
    func bootstrapCreatesDemoDistrictOnce(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let creds = try await Bootstrap.run(on: app.db, demo: true) { "hash:" + $0 }
            #expect(creds.map(\.username) == ["admin", "secadmin", "auditor", "office", "market", "xinqu", "xinquhead", "reviewer"])
            #expect(try await OrgUnit.query(on: app.db).filter(\.$kind == .town).count() == 14)
            #expect(try await OrgUnit.query(on: app.db).filter(\.$kind == .justiceOffice).count() == 14)
            #expect(try await Bootstrap.run(on: app.db, demo: true) { $0 }.isEmpty, "a second start creates nothing")
            #expect(try await AuditLog.verify(on: app.db).isIntact)
        }
    }

    @Test(arguments: TestBackend.available)
    func unitRulesAreEnforced(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            let district = try await OrganisationStore.createUnit(UnitInput(code: "D", name: "区", kind: .district, parentID: nil), actor: actor, on: db)
            let town = try await OrganisationStore.createUnit(UnitInput(code: "T1", name: "镇", kind: .town, parentID: district.id), actor: actor, on: db)
            func refused(_ input: UnitInput, id: UUID? = nil, field: String) async {
                await #expect {
                    if let id { _ = try await OrganisationStore.updateUnit(id, input, actor: actor, on: db) }
                    else { _ = try await OrganisationStore.createUnit(input, actor: actor, on: db) }
                } throws: { ($0 as? CoreError)?.field == field }
            }
            await refused(UnitInput(code: "T1", name: "重复", kind: .town, parentID: district.id), field: "code")
            await refused(UnitInput(code: "X 1", name: "空格", kind: .town, parentID: district.id), field: "code")
            await refused(UnitInput(code: "V1", name: "村", kind: .village, parentID: district.id), field: "kind")
            await refused(UnitInput(code: "T3", name: "无上级的镇", kind: .town, parentID: nil), field: "parentID")
            await refused(UnitInput(code: "T2", name: " ", kind: .town, parentID: district.id), field: "name")
            await refused(UnitInput(code: "D", name: "区", kind: .district, parentID: town.id), id: district.id, field: "kind")
            await #expect(throws: CoreError.self) { try await OrganisationStore.deleteUnit(district.id!, actor: actor, on: db) }
            try await OrganisationStore.deleteUnit(town.id!, actor: actor, on: db)
            #expect(try await OrgUnit.query(on: db).count() == 1)
            // A platform may hold several districts, each a root of the tree.
            _ = try await OrganisationStore.createUnit(UnitInput(code: "D2", name: "第二个区", kind: .district, parentID: nil), actor: actor, on: db)
            #expect(try await OrgUnit.query(on: db).filter(\.$parent.$id == nil).count() == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func rolesKeepDutiesApart(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let roles = try await Role.query(on: db).all()
            let system = roles.first { $0.code == "system_admin" }!, audit = roles.first { $0.code == "audit_admin" }!
            let admin = try await User.query(on: db).filter(\.$username == "admin").first()!
            await #expect {
                try await OrganisationStore.assignRoles(admin.id!, [system.id!, audit.id!], actor: actor, on: db)
            } throws: { ($0 as? CoreError)?.message.contains("三员分立") == true }
            await #expect(throws: CoreError.self) {
                _ = try await OrganisationStore.createRole(RoleInput(code: "mixed", name: "混合", scope: .all, permissions: [.userManage, .auditExport]), actor: actor, on: db)
            }
            // Giving the system administrator's role an audit permission would break its holder.
            await #expect(throws: CoreError.self) {
                _ = try await OrganisationStore.updateRole(system.id!, RoleInput(code: "system_admin", name: "系统管理员", scope: .all, permissions: [.userManage, .auditRead]), actor: actor, on: db)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func scopeNarrowsQueriesInSQL(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let xinqu = try await User.query(on: db).filter(\.$username == "xinqu").first()!
            let principal = try #require(try await AccessStore.principal(userID: xinqu.id!, on: db))
            // 新区街道 and everything below it: the town, its 司法所, office and two communities.
            #expect(principal.scope.unitIDs.count == 5)
            struct N: Decodable { var n: Int }
            let visible = try await db.sql.raw("SELECT COUNT(*) AS n FROM units WHERE \(ScopeSQL.predicate(principal.scope, unitColumn: "id"))")
                .first(decoding: N.self)!.n
            #expect(visible == 5)
            let people = try await db.sql.raw("SELECT COUNT(*) AS n FROM users u WHERE \(ScopeSQL.userPredicate(principal.scope, userIDColumn: "u.id"))")
                .first(decoding: N.self)!.n
            let reviewers = try await db.sql.raw("""
                SELECT COUNT(*) AS n FROM users u JOIN user_units uu ON uu.user_id = u.id JOIN units t ON t.id = uu.unit_id
                WHERE t.code = '371502-T03' AND u.username LIKE 'shencha%'
                """).first(decoding: N.self)!.n
            #expect(reviewers == 10)
            #expect(people == 2 + reviewers, "the town clerk themself, the town's head and its legality reviewers belong to that town")
        }
    }

    @Test(arguments: TestBackend.available)
    func membershipsAreMirroredOnThePerson(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            let district = try await OrganisationStore.createUnit(UnitInput(code: "D", name: "区", kind: .district, parentID: nil), actor: actor, on: db)
            let town = try await OrganisationStore.createUnit(UnitInput(code: "T1", name: "镇", kind: .town, parentID: district.id), actor: actor, on: db)
            let user = try await OrganisationStore.createUser(UserInput(username: "clerk", displayName: "办事员", phone: nil, unitIDs: [district.id!, town.id!], primaryUnitID: town.id),
                                                              passwordHash: "x", actor: actor, on: db)
            struct Row: Decodable { var unit_ids: String? }
            func mirrored() async throws -> String? {
                let row = try await db.sql.raw("SELECT unit_ids FROM users WHERE id = \(bind: user.id!)").first(decoding: Row.self)
                return row?.unit_ids
            }
            let both = try await mirrored()
            #expect(both == "\(town.id!.uuidString),\(district.id!.uuidString)", "primary unit first")
            _ = try await OrganisationStore.updateUser(user.id!, UserInput(username: "clerk", displayName: "办事员", phone: nil, unitIDs: [district.id!]),
                                                    steward: [.userManage], actor: actor, on: db)
            let one = try await mirrored()
            #expect(one == district.id!.uuidString)
        }
    }
}

@Suite("Grants of the modules to the built-in roles")
struct BuiltInGrantsTests {
    struct Row: Decodable { var permission: String }
    struct Count: Decodable { var n: Int }

    func auditEntries(on db: any Database) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM audit_log").first(decoding: Count.self)?.n ?? 0
    }

    func permissions(of role: String, on db: any Database) async throws -> Set<String> {
        Set(try await db.sql.raw("""
            SELECT rp.permission FROM role_permissions rp JOIN roles r ON r.id = rp.role_id WHERE r.code = \(bind: role)
            """).all(decoding: Row.self).map(\.permission))
    }

    /// A grant not yet given reaches its role once, with an audit entry; one an administrator
    /// removed after it was given is not given again.
    @Test(arguments: TestBackend.available)
    func aNewGrantIsGivenOnceAndARemovalStands(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            #expect(try await BuiltInGrants.apply(on: db, now: TestClock.now) == 0, "a new installation's roles have every grant")
            let audited = try await auditEntries(on: db)

            // As if a module had just granted 出具合法性审查意见 to 镇街司法所: not in the ledger, not held.
            try await db.sql.raw("DELETE FROM built_in_grants WHERE role_code = 'district_office' AND permission = 'review.perform'").run()
            try await db.sql.raw("""
                DELETE FROM role_permissions WHERE permission = 'review.perform' AND role_id IN (SELECT id FROM roles WHERE code = 'district_office')
                """).run()
            #expect(try await !permissions(of: "district_office", on: db).contains("review.perform"))
            #expect(try await BuiltInGrants.apply(on: db, now: TestClock.now) == 1)
            #expect(try await permissions(of: "district_office", on: db).contains("review.perform"))
            #expect(try await auditEntries(on: db) == audited + 1)
            #expect(try await BuiltInGrants.apply(on: db, now: TestClock.now) == 0, "given once")

            // The administrator takes it away again: it stays away.
            try await db.sql.raw("""
                DELETE FROM role_permissions WHERE permission = 'review.perform' AND role_id IN (SELECT id FROM roles WHERE code = 'district_office')
                """).run()
            #expect(try await BuiltInGrants.apply(on: db, now: TestClock.now) == 0)
            #expect(try await !permissions(of: "district_office", on: db).contains("review.perform"))
            #expect(try await AuditLog.verify(on: db).isIntact)
        }
    }

    @Test(.sqliteOnly) func everyModuleHasItsDemo() {
        #expect(Set(DemoRecords.generators.keys) == Set(Modules.all.map(\.code)))
    }
}
