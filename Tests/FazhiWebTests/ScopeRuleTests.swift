import FazhiCore
@testable import FazhiStore
@testable import FazhiWeb
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import VaporTesting

/// Everything that counts or changes a district's data follows the rule every list follows: a
/// person reaches only what their data scope covers.
@Suite("Data scope beyond the lists")
struct ScopeRuleTests {
    /// The parts of the disclosure report's JSON that the counts are read from.
    struct Report: Decodable {
        struct Part: Decodable { var tables: [Table] }
        struct Table: Decodable { var rows: [Row] }
        struct Row: Decodable { var label: String; var cells: [Cell] }
        struct Cell: Decodable { var value: Int64 }
        var parts: [Part]
        func total(_ label: String) -> Int64? { parts.flatMap(\.tables).flatMap(\.rows).first { $0.label == label }?.cells.last?.value }
    }

    /// A department clerk whose scope is their own unit, reporting for that unit, counts its
    /// applications and not those of the section below it, which they may not see; the district
    /// office, whose scope covers both, counts all of them.
    @Test(arguments: TestBackend.available)
    func theDisclosureReportCountsOnlyWhatTheReaderMaySee(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let clock = t.app.fazhi.config.clock
            let district = try await t.unit("371502")
            let bureau = try await OrganisationStore.createUnit(UnitInput(code: "371502-D50", name: "区某局", kind: .department, parentID: district.id),
                                                                actor: .system(), on: t.db)
            let section = try await OrganisationStore.createUnit(UnitInput(code: "371502-D50-01", name: "区某局某科", kind: .section, parentID: bureau.id),
                                                                 actor: .system(), on: t.db)
            let year = clock.today.year - 1
            let type = DisclosureApplication.declaration.type
            for (office, day) in [(bureau.id!, "\(year)-03-01"), (section.id!, "\(year)-04-01"), (section.id!, "\(year)-05-01")] {
                _ = try await RecordStore.create(type, [
                    "office": .uuid(office), "channel": .text("post"), "received_on": .date(LocalDate(iso: day)!), "applicant_kind": .text("person"),
                    "applicant_name": .text("申请人"), "id_number": .text("11010519491231002X"), "phone": .text("13900000000"),
                    "content": .text("某信息"), "delivery": .text("post"),
                ], actor: .system("政务公开"), scope: .everything, calculator: DeadlineCalculator(calendar: .builtIn), on: t.db, now: clock.now)
            }
            let clerk = try await t.token(for: t.person("kezhang", roles: ["department_clerk"], unit: "371502-D50"))
            let office = try await t.token(for: t.person("bangongshi", roles: ["district_office"]))
            func received(_ token: String) async throws -> Int64? {
                let answer = try await t.send(.GET, "/disclosure-reports/report.json?year=\(year)&unit=\(bureau.id!.uuidString)", token: token)
                #expect(answer.status == .ok)
                return try JSONDecoder().decode(Report.self, from: Data(answer.body.string.utf8)).total("一、本年新收政府信息公开申请数量")
            }
            #expect(try await received(clerk) == 1, "own unit only: the section's applications are not the clerk's to count")
            #expect(try await received(office) == 3, "the district office sees the bureau and its section")
        }
    }

    /// A district's local rules (and its other settings) are changed only by someone whose scope
    /// covers the whole district: 仅本单位 on the district's root unit is not enough.
    @Test(arguments: TestBackend.available)
    func aDistrictsSettingsNeedTheWholeDistrict(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let district = try await t.unit("371502")
            _ = try await OrganisationStore.createUnit(UnitInput(code: "371502-T50", name: "某街道", kind: .town, parentID: district.id), actor: .system(), on: t.db)
            _ = try await OrganisationStore.createRole(RoleInput(code: "root_settings", name: "区本级业务设置", scope: .ownUnit, permissions: [.settingsManage]),
                                                       actor: .system(), on: t.db)
            let rootOnly = try await t.token(for: t.person("benji", roles: ["root_settings"]))
            let office = try await t.token(for: t.person("bangongshi", roles: ["district_office"]))
            struct Write: Encodable { let rule: String; let amount: Int; let unit: String; let effectiveFrom: String; let basis: String }
            let write = Write(rule: "review.due", amount: 10, unit: "working_days", effectiveFrom: t.app.fazhi.config.clock.today.description,
                              basis: "本区合法性审查工作规则第十条")
            #expect(try await t.send(.POST, "/api/v1/rules/local", token: rootOnly, json: write).status == .forbidden)
            #expect(try await t.send(.GET, "/api/v1/rules/local", token: rootOnly).status == .forbidden)
            #expect(try await t.send(.GET, "/settings/rules/local", token: rootOnly).status == .forbidden)
            #expect(try await t.send(.GET, "/settings/numbering", token: rootOnly).status == .forbidden, "the district's numbering rules alike")
            #expect(try await LocalRuleStore.entries(district: district.id!, on: t.db).isEmpty, "nothing was set")
            #expect(try await t.send(.POST, "/api/v1/rules/local", token: office, json: write).status == .created)
            #expect(try await t.send(.GET, "/settings/numbering", token: office).status == .ok)
        }
    }

    /// 网民留言 and 政务公开专栏 are unique within a district: a second district may register the
    /// same message number or column without being told that the first holds one; within a
    /// district a repeat is still refused, whichever of its units keeps it.
    @Test(arguments: TestBackend.available)
    func aNaturalKeyIsUniqueWithinItsDistrict(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let first = try await t.unit("371502")
            let second = try await OrganisationStore.createUnit(UnitInput(code: "371503", name: "茌平区", kind: .district, parentID: nil), actor: .system(), on: t.db)
            _ = try await OrganisationStore.createUnit(UnitInput(code: "371502-D01", name: "区政务服务管理局", kind: .department, parentID: first.id),
                                                       actor: .system(), on: t.db)
            _ = try await OrganisationStore.createUnit(UnitInput(code: "371503-D01", name: "茌平区政务服务管理局", kind: .department, parentID: second.id),
                                                       actor: .system(), on: t.db)
            let dongchangfu = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let chiping = try await t.token(for: t.person("wang", roles: ["district_office"], unit: "371503"))
            let today = t.app.fazhi.config.clock.today.description
            struct Write: Encodable { var fields: [String: String] }
            struct Made: Decodable { var id: UUID }
            func message(_ unit: String, _ number: String = "LY-0001") -> Write {
                Write(fields: ["board": MessageBoard.peopleDaily.rawValue, "message_number": number, "received_on": today,
                               "subject": "小区道路积水", "content": "请尽快处理", "unit": unit])
            }
            func column(_ unit: String, _ name: String = "政府信息公开") -> Write {
                Write(fields: ["name": name, "site": "区人民政府门户网站", "unit": unit])
            }
            let registers: [(path: String, write: (String) -> Write, other: Write, clash: Write)] = [
                ("/api/v1/records/public-messages", { message($0) }, message("371502-D01", "LY-0002"), Write(fields: ["message_number": "LY-0001"])),
                ("/api/v1/records/disclosure-columns", { column($0) }, column("371502-D01", "信息公开指南"), Write(fields: ["name": "政府信息公开"])),
            ]
            for r in registers {
                #expect(try await t.send(.POST, r.path, token: dongchangfu, json: r.write("371502")).status == .created, "\(r.path)")
                let elsewhere = try await t.send(.POST, r.path, token: chiping, json: r.write("371503"))
                #expect(elsewhere.status == .created, "another district's record is no conflict: \(r.path)")
                #expect(try await t.send(.POST, r.path, token: chiping, json: r.write("371503-D01")).status == .conflict, "\(r.path): a repeat within 茌平区")
                #expect(try await t.send(.POST, r.path, token: dongchangfu, json: r.write("371502-D01")).status == .conflict, "\(r.path): another unit, same district")
                // A change that would give a record the key another of its district holds.
                let other = try JSONDecoder().decode(Made.self, from: Data(try await t.send(.POST, r.path, token: dongchangfu, json: r.other).body.string.utf8))
                #expect(try await t.send(.PATCH, "\(r.path)/\(other.id)", token: dongchangfu, json: r.clash).status == .conflict, "\(r.path): taking a key")
            }
            #expect(try await AuditLog.verify(on: t.db).isIntact)
        }
    }
}
