import FazhiCore
@testable import FazhiStore
@testable import FazhiWeb
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import VaporTesting

/// What the auditor sees (三员分立): the audit trail keeps every value as it was, and shows the
/// personal ones masked — on the page, in the API and in the CSV — to anyone without
/// 「查看完整个人信息」; the outbox names applicants masked the same way. The chain verifies all the
/// same, since nothing stored or hashed changes.
@Suite("Personal data in the audit trail and the outbox")
struct AuditMaskingTests {
    let applications = DisclosureApplication.declaration.type
    static let idNumber = "11010519491231002X", phone = "13912345678", name = "张三丰", address = "聊城市东昌府区柳园路九十九号"
    static let staffPhone = "13800001111"

    struct Verification: Decodable { var intact: Bool; var checked: Int }

    /// A disclosure application holding a 身份证号, a phone, a name and an address, registered and
    /// answered (its before and after both hold them, and the answer tells the applicant by SMS).
    func application(_ t: TestApp) async throws -> RecordRow {
        let clock = t.app.fazhi.config.clock
        let calculator = DeadlineCalculator(calendar: .builtIn)
        let district = try await t.unit("371502")
        let actor = AuditActor.system("依申请公开办")
        let made = try await RecordStore.create(applications, [
            "office": .uuid(district.id!), "channel": .text("post"), "received_on": .date(clock.today),
            "applicant_kind": .text("person"), "applicant_name": .text(Self.name), "id_number": .text(Self.idNumber),
            "phone": .text(Self.phone), "address": .text(Self.address), "content": .text("某信息"), "delivery": .text("post"),
        ], actor: actor, scope: .everything, calculator: calculator, on: t.db, now: clock.now)
        return try await RecordStore.transition(applications, id: made.id, action: "reply",
                                                changes: ["outcome": .text(DisclosureOutcome.disclosed.rawValue), "replied_on": .date(clock.today),
                                                          "reply_text": .text("予以公开")],
                                                permissions: Set(Permission.allCases), today: clock.today, actor: actor, scope: .everything,
                                                calculator: calculator, on: t.db, now: clock.now)
    }

    /// The auditor's page, API and CSV show the applicant's ID number, phone, name and address
    /// masked, and a staff member's phone too; what is stored still holds them in full and the
    /// chain verifies. A reader who holds 「查看完整个人信息」 reads them in full.
    @Test(arguments: TestBackend.available)
    func theAuditorReadsPersonalDataMasked(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            _ = try await application(t)
            try await t.person("withphone", roles: [], phone: Self.staffPhone)
            let auditor = try await t.token(for: t.person("shenji", roles: ["audit_admin"]))
            let records = "entityType=" + TestApp.escape(applications.entityType)

            let api = try await t.send(.GET, "/api/v1/audit?per=500&\(records)", token: auditor)
            let page = try await t.send(.GET, "/audit?\(records)", token: auditor)
            let csv = try await t.send(.GET, "/audit/export.csv?\(records)", token: auditor)
            for (what, response) in [("API", api), ("page", page), ("CSV", csv)] {
                let body = response.body.string
                #expect(response.status == .ok, "\(what)")
                #expect(!body.contains(Self.idNumber) && !body.contains(Self.phone), "\(what): no full ID number or phone")
                #expect(!body.contains(Self.name) && !body.contains(Self.address), "\(what): no full name or address")
                #expect(body.contains(Masking.idNumber(Self.idNumber)) && body.contains(Masking.phone(Self.phone)), "\(what): shown masked")
                #expect(body.contains(Masking.text(Self.name)), "\(what): the name masked")
            }
            let people = try await t.send(.GET, "/api/v1/audit?per=500&entityType=user", token: auditor).body.string
            #expect(!people.contains(Self.staffPhone) && people.contains(Masking.phone(Self.staffPhone)), "a person's phone as the users list shows it")

            // Masked when shown, never when stored: the trail keeps the values and the chain holds.
            let stored = try await AuditLog.list(on: t.db, filter: .init(entityType: applications.entityType), limit: 10).rows
            #expect(stored.contains { ($0.after ?? "").contains(Self.idNumber) && ($0.after ?? "").contains(Self.phone) })
            let verified = try JSONDecoder().decode(Verification.self, from: Data(try await t.send(.GET, "/api/v1/audit/verify", token: auditor).body.string.utf8))
            #expect(verified.intact && verified.checked > 0)
            #expect(try await AuditLog.verify(on: t.db).isIntact)

            // 三员分立 keeps 「查看完整个人信息」 from the auditor's role; a role given both by hand (as
            // an installation might have) reads everything in full.
            let role = Role(code: "audit_personal", name: "审计与个人信息", duty: nil, scope: .all)
            try await role.create(on: t.db)
            for permission in [Permission.auditRead, .auditExport, .personalDataView] {
                try await RolePermission(roleID: role.id!, permission: permission).create(on: t.db)
            }
            let reader = try await t.person("quanwen", roles: [])
            try await UserRole(userID: reader.id!, roleID: role.id!).create(on: t.db)
            let full = try await t.token(for: reader)
            for path in ["/api/v1/audit?per=500&\(records)", "/audit?\(records)", "/audit/export.csv?\(records)"] {
                let body = try await t.send(.GET, path, token: full).body.string
                #expect(body.contains(Self.idNumber) && body.contains(Self.phone) && body.contains(Self.name), "\(path) in full")
            }
            #expect(try await t.send(.GET, "/api/v1/audit?per=500&entityType=user", token: full).body.string.contains(Self.staffPhone))
            #expect(try await AuditLog.verify(on: t.db).isIntact, "the exports are audited and the chain still holds")
        }
    }

    /// The outbox names the applicant told of the answer masked, with their phone, unless the
    /// reader holds 「查看完整个人信息」.
    @Test(arguments: TestBackend.available)
    func theOutboxNamesApplicantsMasked(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            _ = try await application(t)
            _ = try await OrganisationStore.createRole(RoleInput(code: "outbox_clerk", name: "提醒发送管理", scope: .district, permissions: [.reminderManage]),
                                                       actor: .system(), on: t.db)
            let clerk = try await t.token(for: t.person("fajian", roles: ["outbox_clerk"]))
            let office = try await t.token(for: t.person("bangongshi", roles: ["district_office"]))
            let masked = Masking.text(Self.name) + " " + Masking.phone(Self.phone)
            for path in ["/api/v1/reminders", "/reminders"] {
                let seen = try await t.send(.GET, path, token: clerk)
                #expect(seen.status == .ok, "\(path)")
                #expect(seen.body.string.contains(masked), "\(path): the applicant masked")
                #expect(!seen.body.string.contains(Self.name) && !seen.body.string.contains(Self.phone), "\(path): nothing in full")
                #expect(try await t.send(.GET, path, token: office).body.string.contains(Self.name + " " + Self.phone), "\(path): in full with the permission")
            }
        }
    }
}
