import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing

@Suite("Deputies' suggestions and members' proposals")
struct SuggestionTests {
    let type = Suggestion.declaration.type

    /// A deputy's suggestion with a co-handler is reassigned, answered B within the reply clock
    /// of 代表法 Art.51, found unsatisfying and handled again within its month; a member's
    /// proposal runs under the district's own amount for proposals. The figures follow.
    @Test(arguments: TestBackend.available)
    func aSuggestionIsReassignedAnsweredAndHandledAgain(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let district = d.district, unit = d.department
            let first = try await unit("D-A"), second = try await unit("D-B")
            let actor = AuditActor.system("人大建议办理"), all = Set(Permission.allCases)
            func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            // The district answers proposals in two months (its own rules), deputies in the statute's three.
            try await LocalRuleStore.set(LocalRuleSetting(rule: "proposals.reply", district: district.id, period: .months(2), from: day("2024-03-01"),
                                                          basis: "本区政协提案办理办法第九条"), today: day("2024-03-01"), actor: actor, now: TestClock.now, on: db)
            let calculator = try await CalendarStore.calculator(on: db)
            func months(_ from: String, _ n: Int) throws -> RecordValue { .date(try calculator.due(from: day(from), .months(n)).due) }
            func move(_ id: UUID, _ action: String, _ changes: RecordValues = [:], on today: String) async throws -> RecordRow {
                try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: all, today: day(today), actor: actor,
                                                 scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            func create(_ number: String, _ kind: SuggestionKind, co: String? = nil) async throws -> RecordRow {
                var values: RecordValues = ["number": .text(number), "kind": .text(kind.rawValue), "level": .text("district"), "session": .text("区人大三次会议"),
                                            "title": .text("关于规范城区停车管理的建议"), "proposers": .text("王某某等 10 名代表"), "category": .text("urban"),
                                            "lead_unit": .uuid(first), "assigned_on": .date(day("2024-03-04"))]
                values["co_units"] = co.map(RecordValue.text)
                return try await RecordStore.create(type, values, actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            let suggestion = try await create("2024年区人大第1号", .npc, co: "区交通运输局")
            let proposal = try await create("2024年区政协第1号", .cppcc)
            #expect(suggestion.values["reply_due_on"] == (try months("2024-03-04", 3)), "代表法 Art.51: three months")
            #expect(proposal.values["reply_due_on"] == (try months("2024-03-04", 2)), "the district's own two months")

            // A co-handler's opinion comes before the lead unit takes it on.
            await #expect(throws: CoreError.self) { _ = try await move(suggestion.id, "accept", on: "2024-03-05") }
            _ = try await move(suggestion.id, "co_opinion", ["co_opinion_on": .date(day("2024-03-20"))], on: "2024-03-20")
            let reassigned = try await move(suggestion.id, "reassign", ["lead_unit": .uuid(second), "reassign_reason": .text("属于城管部门职责")], on: "2024-03-22")
            #expect(reassigned.state == "reassigned" && reassigned.values["lead_unit"] == .uuid(second))
            #expect(reassigned.values["reply_due_on"] == (try months("2024-03-04", 3)), "the clock runs from the first assignment")
            _ = try await move(suggestion.id, "accept", on: "2024-03-25")
            _ = try await move(suggestion.id, "reply", ["reply_class": .text("b"), "replied_on": .date(day("2024-05-20")),
                                                        "reply_text": .text("已列入年度计划逐步解决")], on: "2024-05-20")

            // Not satisfied: handled again within a month, then satisfied.
            await #expect(throws: CoreError.self) {
                _ = try await move(suggestion.id, "satisfied", ["satisfaction": .text("unsatisfied"), "feedback_on": .date(day("2024-06-03"))], on: "2024-06-03")
            }
            let again = try await move(suggestion.id, "unsatisfied", ["satisfaction": .text("unsatisfied"), "dissatisfied_on": .date(day("2024-06-03")),
                                                                      "feedback_text": .text("措施不具体")], on: "2024-06-03")
            let month = try months("2024-06-03", 1)
            #expect(again.state == "rehandling" && again.values["rehandle_due_on"] == month)
            _ = try await move(suggestion.id, "rereply", ["reply_class": .text("a"), "rereplied_on": .date(day("2024-06-28")),
                                                          "reply_text": .text("已增设停车位 300 个")], on: "2024-06-28")
            let closed = try await move(suggestion.id, "satisfied", ["satisfaction": .text("satisfied"), "feedback_on": .date(day("2024-07-08"))], on: "2024-07-08")
            #expect(closed.state == "closed" && closed.values["rehandle_due_on"] == month, "the rehandling's clock keeps its start")

            // The year's figures: one of two answered, on time; the one rated satisfied.
            func value(_ name: String) async throws -> Int64? {
                try await FigureStore.value(try #require(FigureCatalogue.figure(name)), from: day("2024-01-01"), to: day("2024-12-31"), on: db).value
            }
            #expect(try await value("oversight.npc_suggestions") == 1)
            #expect(try await value("oversight.cppcc_proposals") == 1)
            #expect(try await value("oversight.answered_rate") == 5_000)
            #expect(try await value("oversight.satisfied_rate") == 10_000)
            #expect(try await value("oversight.on_time_rate") == 10_000)
        }
    }
}
