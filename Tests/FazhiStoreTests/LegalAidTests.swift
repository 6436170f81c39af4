import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Legal aid and litigation at source")
struct LegalAidTests {
    let type = LegalAidCase.declaration.type

    /// An application is decided on its seventh day (法律援助法 Art.43), in time; the days waiting
    /// for materials do not count; a grant with no lawyer after its 3 days is not refused: it is
    /// escalated on the first day late and still assigned. A person applies, so a 身份证号 is asked.
    @Test(arguments: TestBackend.available)
    func anApplicationIsDecidedOnTheSeventhDayAndALateAssignmentIsEscalated(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db, actor = AuditActor.system("法律援助"), all = Set(Permission.allCases)
            @Sendable func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            let firm = try await RecordStore.create(LawFirm.declaration.type, [
                "name": .text("山东某律师事务所"), "credit_code": .text(IdentityCodes.creditCode("31370000MD0001234")!), "unit": .uuid(d.district.id),
                "joined_on": .date(day("2021-01-04")),
            ], actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            let lawyer = try await RecordStore.create(Lawyer.declaration.type, [
                "name": .text("周律师"), "licence": .text("13715201810123456"), "firm": .uuid(firm.id), "unit": .uuid(d.district.id),
                "joined_on": .date(day("2021-01-04")),
            ], actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            var application: RecordValues = [
                "centre": .uuid(d.district.id), "channel": .text(IntakeChannel.inPerson.rawValue), "name": .text("李某"),
                "phone": .text("13900001111"), "matter": .text(LegalAidMatter.labour.rawValue), "eligibility": .text(LegalAidEligibility.exempt.rawValue),
                "facts": .text("被拖欠工资，申请代理劳动争议仲裁"),
            ]
            // No 身份证号: only a person applies, and a person gives one.
            application["received_on"] = .date(day("2024-03-04"))
            await #expect(throws: CoreError.self) {
                _ = try await RecordStore.create(self.type, application, actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            }
            application["id_number"] = .text(IdentityCodes.idNumber("37150219800101123")!)
            func apply(on received: String) async throws -> RecordRow {
                application["received_on"] = .date(day(received))
                return try await RecordStore.create(type, application, actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            }
            func move(_ id: UUID, _ action: String, _ changes: RecordValues, on today: String) async throws -> RecordRow {
                try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: all, today: day(today), actor: actor,
                                                 scope: .everything, calculator: d.calculator, on: db, now: day(today).instant(atHour: 10))
            }
            // Received Monday 4 March: the seventh day is Monday 11 March, counted by hand.
            let first = try await apply(on: "2024-03-04")
            #expect(first.values["receipt_number"]?.text?.contains("-FA-2024-") == true)
            #expect(first.values["decision_due_on"] == .date(day("2024-03-11")))
            let granted = try await move(first.id, "grant", ["decided_on": .date(day("2024-03-11")), "form": .text(LegalAidForm.arbitration.rawValue)],
                                         on: "2024-03-11")
            #expect(granted.state == "granted" && granted.values["assignment_due_on"] == .date(day("2024-03-14")))
            #expect(RecordRules.overdue(type, state: granted.state, values: granted.values, today: day("2024-03-14")).isEmpty)
            let assigned = try await move(first.id, "assign", ["assigned_on": .date(day("2024-03-14")), "lawyer": .uuid(lawyer.id)], on: "2024-03-14")
            #expect(assigned.state == "assigned")

            // Materials asked on the 5th, supplied on the 7th: two days not counted, due the 13th.
            let second = try await apply(on: "2024-03-04")
            _ = try await move(second.id, "ask_supplement", ["supplement_asked_on": .date(day("2024-03-05")),
                                                              "supplement_request": .text("请补充劳动合同或工资条")], on: "2024-03-05")
            let resumed = try await move(second.id, "supplemented", ["supplemented_on": .date(day("2024-03-07"))], on: "2024-03-07")
            #expect(resumed.state == "received" && resumed.values["decision_due_on"] == .date(day("2024-03-13")))
            let secondGrant = try await move(second.id, "grant", ["decided_on": .date(day("2024-03-12")), "form": .text(LegalAidForm.arbitration.rawValue)],
                                      on: "2024-03-12")
            #expect(secondGrant.values["assignment_due_on"] == .date(day("2024-03-15")), "3 days from the grant")

            // No lawyer by the 15th: on the 16th the district office hears of it as overdue.
            #expect(try await FigureStore.overdue(type, today: day("2024-03-16"), on: db) == 1)
            _ = try await ReminderPlanner.deadlines(now: day("2024-03-16").instant(atHour: 10), on: db)
            struct Sent: Decodable { var record_id: UUID?; var step: Int; var user_id: UUID? }
            let escalations = try await db.sql.raw("""
                SELECT record_id, step, user_id FROM reminders WHERE source = 'deadline' AND register = \(bind: type.slug) AND step = -1
                """).all(decoding: Sent.self)
            let office = try #require(try await User.query(on: db).filter(\.$username == "office").first()?.id)
            #expect(!escalations.isEmpty && escalations.allSatisfy { $0.record_id == second.id })
            #expect(escalations.contains { $0.user_id == office }, "the district office hears of the late assignment")
            // Late, yet assigned: the law asks for the lawyer, not for the case to be turned away.
            let assignedLate = try await move(second.id, "assign", ["assigned_on": .date(day("2024-03-19")), "lawyer": .uuid(lawyer.id)], on: "2024-03-19")
            #expect(assignedLate.state == "assigned")
            #expect(try await FigureStore.overdue(type, today: day("2024-03-19"), on: db) == 0)

            // Closed with its review, then selected for the ministry's library, and later for the
            // province's: one record each, the case itself closed for good.
            let closed = try await move(first.id, "close", ["closed_on": .date(day("2024-06-03")), "closure": .text("仲裁裁决支持申请人请求"),
                                                            "quality": .text(CaseQuality.excellent.rawValue)], on: "2024-06-03")
            #expect(!RecordRules.isEditable(type, state: closed.state))
            func select(_ library: CaseLibrary, on day: LocalDate?) async throws -> RecordRow {
                var values: RecordValues = ["title": .text("追索劳动报酬法律援助案"), "legal_aid_case": .uuid(first.id), "library": .text(library.rawValue),
                                            "unit": .uuid(d.district.id)]
                values["selected_on"] = day.map(RecordValue.date)
                return try await RecordStore.create(LegalAidSelection.declaration.type, values, actor: actor, scope: .everything, calculator: d.calculator,
                                                    on: db, now: d.now)
            }
            await #expect(throws: CoreError.self, "a selection has its date") { _ = try await select(.ministry, on: nil) }
            _ = try await select(.ministry, on: day("2024-09-02"))
            _ = try await select(.province, on: day("2024-10-08"))
            await #expect(throws: CoreError.self, "once for each library") { _ = try await select(.ministry, on: day("2024-11-04")) }
            func named(_ name: String) async throws -> Int64? {
                try await FigureStore.value(try #require(FigureCatalogue.figure(name)), from: day("2024-01-01"), to: day("2024-12-31"), on: db).value
            }
            #expect(try await named("legal_aid.accepted") == 2)
            #expect(try await named("legal_aid.closed") == 1)
            #expect(try await named("legal_aid.selected") == 1)
            #expect(try await named("legal_aid.decided_on_time") == 10_000, "the seventh day is in time, paused days not counted")

            // Materials are asked for once (一次性告知): an application supplied before is not asked again.
            let third = try await apply(on: "2024-03-04")
            _ = try await move(third.id, "ask_supplement", ["supplement_asked_on": .date(day("2024-03-05")), "supplement_request": .text("请补充身份证明")],
                               on: "2024-03-05")
            _ = try await move(third.id, "supplemented", ["supplemented_on": .date(day("2024-03-06"))], on: "2024-03-06")
            await #expect(throws: CoreError.self) {
                _ = try await move(third.id, "ask_supplement", ["supplement_asked_on": .date(day("2024-03-07")), "supplement_request": .text("再补充")],
                                   on: "2024-03-07")
            }
            await #expect(throws: CoreError.self, "a decision is not dated before the materials came") {
                _ = try await move(third.id, "grant", ["decided_on": .date(day("2024-03-05")), "form": .text(LegalAidForm.arbitration.rawValue)],
                                   on: "2024-03-07")
            }
        }
    }

    /// The towns' populations and civil intake load from XLSX: a file with one bad row names it
    /// and loads nothing; the mended file loads, and the rates by town and their change follow.
    @Test(arguments: TestBackend.available)
    func aPopulationFileWithABadRowLoadsNothingAndTheRatesFollowTheMendedOne(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db, type = CivilIntake.declaration.type, actor = AuditActor.system("诉源治理")
            let header = RecordImport.templateHeader(type)
            func workbook(_ rows: [[String: String]]) throws -> Data {
                try XLSXWriter.workbook(sheet: "镇街人口和民事收案", header: header, rows: rows.map { row in type.inputColumns.map { .text(row[$0.name] ?? "") } })
            }
            func row(_ town: Int, _ year: Int, population: String, cases: String) -> [String: String] {
                ["unit": "371502-T\(String(format: "%02d", town))", "period": "\(year)-12-31", "population": population, "civil_cases": cases,
                 "population_source": "区统计局统计公报", "cases_source": "区人民法院收案统计"]
            }
            let bad = try workbook([row(1, 2022, population: "50000", cases: "600"), row(2, 2022, population: "四万", cases: "500"),
                                    row(3, 2022, population: "40000", cases: "480")])
            let refused = try await RecordImport.run(type, data: bad, scope: .everything, calculator: d.calculator, onlyValid: false, actor: actor,
                                                     on: db, now: d.now)
            #expect(refused.refusal != nil && refused.ids.isEmpty)
            #expect(refused.plan.problems.map(\.row) == [3], "the header is row 1: the second town is row 3")
            #expect(refused.plan.problems.first?.column == "常住人口（人）")
            #expect(try await RecordStore.list(type, RecordQuery(), scope: .everything, on: db).total == 0, "nothing loaded")
            // A period that is not a year's end is refused by name too.
            let midYear = try await RecordImport.run(type, data: try workbook([row(1, 2022, population: "50000", cases: "600").merging(["period": "2022-06-30"]) { $1 }]),
                                                     scope: .everything, calculator: d.calculator, onlyValid: false, actor: actor, on: db, now: d.now)
            #expect(midYear.ids.isEmpty && midYear.plan.problems.first?.message.contains("应为该年年末") == true)

            let mended = try workbook([row(1, 2022, population: "50000", cases: "600"), row(2, 2022, population: "40000", cases: "500"),
                                       row(1, 2023, population: "50500", cases: "580"), row(2, 2023, population: "40000", cases: "505")])
            let loaded = try await RecordImport.run(type, data: mended, scope: .everything, calculator: d.calculator, onlyValid: false, actor: actor,
                                                    on: db, now: d.now)
            #expect(loaded.refusal == nil && loaded.ids.count == 4)
            let lines = try await LitigationRates.byTown(year: 2023, in: d.district.id, on: db)
            let first = try #require(lines.first { $0.name == lines[0].name })
            // 580 of 50,500: 114.85 per 10,000, against 120.00 the year before.
            #expect(first.rate == 11_485 && first.previousRate == 12_000 && first.change == -515)
            #expect(lines[1].rate == 12_625 && lines[1].previousRate == 12_500 && lines[1].change == 125)
            #expect(lines[2].rate == nil, "a town with no row has no rate")
            let district = try #require(lines.last)
            #expect(district.unit == nil && district.population == 90_500 && district.cases == 1_085 && district.rate == 11_989)
            let change = try await FigureStore.value(try #require(FigureCatalogue.figure("litigation_source.civil_cases_change")),
                                                     from: LocalDate(iso: "2023-01-01")!, to: LocalDate(iso: "2023-12-31")!, on: db).value
            #expect(change == -136, "1,085 against 1,100: down 1.36%")
        }
    }
}
