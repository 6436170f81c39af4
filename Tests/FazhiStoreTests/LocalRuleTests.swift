import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("A district's own amounts for local rules")
struct LocalRuleTests {
    let type = LegalityReview.declaration.type

    /// The district sets its legality reviews' time from a day: a review received from that day
    /// takes it (one registered in advance is computed again and audited), one received earlier
    /// keeps the platform's default, and a later setting takes over from its own day.
    @Test(arguments: TestBackend.available)
    func aDistrictSetsItsReviewTimeFromADay(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let district = d.district
            let town = try await OrganisationStore.createUnit(UnitInput(code: "T-LR", name: "某街道", kind: .town, parentID: district.id),
                                                              actor: .system(), on: db).id!
            let actor = AuditActor.system("区司法局"), calendar = try await CalendarStore.calendar(on: db)
            func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            func review(_ subject: String, on received: String) async throws -> RecordRow {
                try await RecordStore.create(type, ["subject": .text(subject), "kind": .text("planning"), "requester": .uuid(town),
                                                    "received_on": .date(day(received))],
                                             actor: actor, scope: .everything, calculator: try await CalendarStore.calculator(on: db), on: db, now: TestClock.now)
            }
            // The due dates an independent count gives.
            func due(_ from: String, _ n: Int) -> RecordValue? {
                (try? DeadlineCalculator(calendar: calendar).due(from: day(from), .workingDays(n)).due).map(RecordValue.date)
            }
            let earlier = try await review("村规民约审查", on: "2024-02-29")
            let inAdvance = try await review("征收补偿方案审查", on: "2024-03-08")
            #expect(earlier.values["due_on"] == (due("2024-02-29", 7)) && inAdvance.values["due_on"] == (due("2024-03-08", 7)))

            // What no district may set is refused, and nothing is written.
            let today = day("2024-03-01")
            func setting(_ rule: String, _ period: DeadlineRule, from: String, basis: String = "东昌府区合法性审查工作规则第十条") -> LocalRuleSetting {
                LocalRuleSetting(rule: rule, district: district.id, period: period, from: day(from), basis: basis)
            }
            for refused in [setting("disclosure.reply", .workingDays(10), from: "2024-03-04"), setting("review.due", .workingDays(10), from: "2024-02-01"),
                            setting("review.due", .workingDays(0), from: "2024-03-04"), setting("review.due", .workingDays(10), from: "2024-03-04", basis: " ")] {
                await #expect(throws: CoreError.self) { try await LocalRuleStore.set(refused, today: today, actor: actor, now: TestClock.now, on: db) }
            }
            #expect(try await LocalRuleStore.entries(district: district.id, on: db).isEmpty)

            let changed = try await LocalRuleStore.set(setting("review.due", .workingDays(10), from: "2024-03-04"), today: today, actor: actor, now: TestClock.now, on: db)
            #expect(changed == 1, "the review registered in advance")
            let stored = { (id: UUID) in try #require(try await RecordStore.find(self.type, id: id, scope: .everything, on: db)) }
            #expect(try await stored(inAdvance.id).values["due_on"] == (due("2024-03-08", 10)))
            #expect(try await stored(earlier.id).values["due_on"] == (due("2024-02-29", 7)), "received before the setting's day")
            let recomputed = try await RecordStore.history(type, id: inAdvance.id, on: db).last
            #expect(recomputed?.after?.contains(due("2024-03-08", 10)?.date?.description ?? "—") == true)

            let later = try await review("行政协议审查", on: "2024-03-05")
            #expect(later.values["due_on"] == (due("2024-03-05", 10)))
            let calculator = try await CalendarStore.calculator(on: db)
            let reading = try #require(try RecordClocks.readings(type, later, events: [], calculator: calculator).first?.reading)
            #expect(reading.source == "东昌府区合法性审查工作规则第十条：合法性审查办理期限10个工作日（本区设置，自 2024-03-04 起施行）")

            // A later setting takes over from its day; what started earlier keeps its amount.
            try await LocalRuleStore.set(setting("review.due", .workingDays(5), from: "2024-06-03", basis: "东昌府区合法性审查工作规则（2024年修订）第十条"),
                                         today: today, actor: actor, now: TestClock.now, on: db)
            #expect(try await review("合同审查", on: "2024-06-04").values["due_on"] == (due("2024-06-04", 5)))
            #expect(try await review("规划审查", on: "2024-05-31").values["due_on"] == (due("2024-05-31", 10)))
            let entries = try await LocalRuleStore.entries(district: district.id, on: db)
            #expect(entries.map(\.setting.from.description) == ["2024-06-03", "2024-03-04"])
            let audited = try await db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'local_rule_setting'").first(decoding: N.self)?.n
            #expect(audited == 2)
        }
    }

    struct N: Decodable { var n: Int }
}
