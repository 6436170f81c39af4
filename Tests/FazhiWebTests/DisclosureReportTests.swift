import FazhiCore
@testable import FazhiStore
@testable import FazhiWeb
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("政府信息公开工作年度报告")
struct DisclosureReportTests {
    let applications = DisclosureApplication.declaration.type
    let calculator = DeadlineCalculator(calendar: .builtIn)

    /// Applications carried over from 2022, received in 2023 and carried into 2024 fill table 三,
    /// which closes in every column; each cell links to the list that shows its records; the
    /// office writes 一、总体情况; a town clerk may not open the district government's report.
    @Test(arguments: TestBackend.available)
    func theApplicationTableClosesAndLinksToItsRecords(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let district = try await t.unit("371502")
            let actor = AuditActor.system("政务公开")
            func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            func apply(_ received: String, organisation: OrganisationType? = nil, outcome: DisclosureOutcome? = nil, replied: String? = nil) async throws -> UUID {
                var values: RecordValues = ["office": .uuid(district.id!), "channel": .text("post"), "received_on": .date(day(received)),
                                            "applicant_kind": .text(organisation == nil ? "person" : "organisation"), "applicant_name": .text("申请人"),
                                            "phone": .text("13900000000"), "content": .text("某信息"), "delivery": .text("post")]
                if organisation == nil { values["id_number"] = IdentityCodes.idNumber("37150219800101001").map(RecordValue.text) }
                if let organisation {
                    values["organisation_type"] = .text(organisation.rawValue)
                    values["credit_code"] = IdentityCodes.creditCode("91371502MA3A00001").map(RecordValue.text)
                }
                let row = try await RecordStore.create(applications, values, actor: actor, scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
                if let outcome, let replied {
                    _ = try await RecordStore.transition(applications, id: row.id, action: "reply",
                                                         changes: ["outcome": .text(outcome.rawValue), "replied_on": .date(day(replied)), "reply_text": .text("答复")],
                                                         permissions: Set(Permission.allCases), today: day(replied), actor: actor, scope: .everything,
                                                         calculator: calculator, on: t.db, now: TestClock.now)
                }
                return row.id
            }
            // An organisation must say what kind it is: the table counts it in that column.
            await #expect(throws: CoreError.self) {
                _ = try await RecordStore.create(applications, ["office": .uuid(district.id!), "channel": .text("post"), "received_on": .date(day("2023-03-01")),
                                                                "applicant_kind": .text("organisation"), "applicant_name": .text("某公司"),
                                                                "credit_code": .text(IdentityCodes.creditCode("91371502MA3A00001")!),
                                                                "phone": .text("13900000000"), "content": .text("某信息"), "delivery": .text("post")],
                                                 actor: actor, scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            }
            _ = try await apply("2022-12-20", outcome: .disclosed, replied: "2023-01-10")          // carried in, answered
            _ = try await apply("2023-03-01", organisation: .business, outcome: .partly, replied: "2023-03-20")
            _ = try await apply("2023-05-08", outcome: .unavailableNotHeld, replied: "2023-05-30")
            _ = try await apply("2023-12-22", organisation: .legalService, outcome: .withheldThirdParty, replied: "2024-01-15")  // carried out
            _ = try await apply("2022-06-01", outcome: .disclosed, replied: "2022-06-20")          // not in 2023 at all

            let report = try await DisclosureAnnualReport.build(year: 2023, unit: district.id!, scope: .everything, on: t.db)
            #expect(report.closes)
            let table = try #require(report.parts[2].tables.first)
            func row(_ label: String) -> [Int64] { table.rows.first { $0.label == label }?.cells.map(\.value) ?? [] }
            #expect(row("一、本年新收政府信息公开申请数量") == [1, 1, 0, 0, 1, 0, 3])
            #expect(row("二、上年结转政府信息公开申请数量") == [1, 0, 0, 0, 0, 0, 1])
            #expect(row("（一）予以公开") == [1, 0, 0, 0, 0, 0, 1])
            #expect(row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == [0, 1, 0, 0, 0, 0, 1])
            #expect(row("1.本机关不掌握相关政府信息") == [1, 0, 0, 0, 0, 0, 1])
            #expect(row("（七）总计") == [2, 1, 0, 0, 0, 0, 3])
            #expect(row("四、结转下年度继续办理") == [0, 0, 0, 0, 1, 0, 1])

            // Each cell's list shows as many records as the cell counts.
            try await t.person("officer", roles: ["district_office"])
            let (office, _) = try await t.signIn("officer")
            for label in ["二、上年结转政府信息公开申请数量", "四、结转下年度继续办理", "（七）总计"] {
                let total = try #require(table.rows.first { $0.label == label }?.cells.last)
                let list = try await t.send(.GET, try #require(total.href), session: office)
                #expect(list.status == .ok && list.body.string.contains("共 \(total.value) 条"), "\(label): \(total.href ?? "")")
            }
            let page = try await t.send(.GET, "/disclosure-reports?year=2023", session: office)
            #expect(page.status == .ok && page.body.string.contains("东昌府区2023年政府信息公开工作年度报告") && page.body.string.contains("勾稽关系成立"))
            let saved = try await t.send(.POST, "/disclosure-reports/texts", session: office,
                                         form: ["section": "disclosure.overview", "year": "2023", "unit": district.id!.uuidString,
                                                "body": "2023年，本区认真贯彻落实《中华人民共和国政府信息公开条例》。"])
            #expect(saved.status == .seeOther)
            let written = try await t.send(.GET, "/disclosure-reports/report.json?year=2023", session: office).body.string
            #expect(written.contains("认真贯彻落实") && written.contains("\"closes\" : true"))
            let docx = try await t.send(.GET, "/disclosure-reports/report.docx?year=2023", session: office)
            #expect(docx.status == .ok && docx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")

            try await t.person("clerk", roles: ["town_clerk"], unit: "371502-T01")
            let (clerk, _) = try await t.signIn("clerk")
            #expect(try await t.send(.GET, "/disclosure-reports?year=2023&unit=\(district.id!.uuidString)", session: clerk).status == .forbidden)
            #expect(try await t.send(.GET, "/disclosure-reports?year=2023", session: clerk).status == .ok, "a town's own report")
        }
    }
}
