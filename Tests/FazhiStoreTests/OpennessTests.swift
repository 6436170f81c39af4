import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing

@Suite("Proactive disclosure, messages and columns")
struct OpennessTests {
    let items = ProactiveDisclosure.declaration.type, messages = PublicMessage.declaration.type

    /// An item formed on Monday 4 March 2024 is due on the portal 20 working days later (条例
    /// Art.26); it counts as disclosed once its publishing day is entered, and the rates follow.
    /// A publishing day before the item was formed is refused and nothing is written. A message
    /// from 人民网 is answered within the district's term and counted.
    @Test(arguments: TestBackend.available)
    func anItemIsDueWithinTwentyWorkingDaysAndCountsOncePublished(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let district = d.district
            let actor = AuditActor.system("政务公开"), calculator = try await CalendarStore.calculator(on: db)
            func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            func value(_ name: String) async throws -> Int64? {
                try await FigureStore.value(try #require(FigureCatalogue.figure(name)), from: day("2024-01-01"), to: day("2024-12-31"), unit: district.id, on: db).value
            }
            func item(_ title: String, _ category: ProactiveCategory, formed: String, published: String?) async throws -> RecordRow {
                var values: RecordValues = ["title": .text(title), "unit": .uuid(district.id), "category": .text(category.rawValue), "section": .text("政策文件"),
                                            "formed_on": .date(day(formed))]
                values["published_on"] = published.map { .date(day($0)) }
                return try await RecordStore.create(items, values, actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            // Counted by hand: 5–8, 11–15, 18–22, 25–29 March and 1 April are the 20 working days.
            let meeting = try await item("区政府第5次常务会议", .executiveMeeting, formed: "2024-03-04", published: nil)
            #expect(meeting.values["publish_due_on"] == .date(day("2024-04-01")))
            _ = try await item("关于印发实施方案的通知", .normative, formed: "2024-03-04", published: "2024-03-11")
            #expect(try await value("disclosure.proactive_items") == 1)
            #expect(try await value("disclosure.proactive_rate") == 5_000)
            #expect(try await value("disclosure.executive_meetings_rate") == 0)

            let before = try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: items.table)").first()!.decode(column: "n", as: Int.self)
            await #expect(throws: CoreError.self) { _ = try await item("公开日期有误的信息", .other, formed: "2024-03-04", published: "2024-03-01") }
            #expect(try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: items.table)").first()!.decode(column: "n", as: Int.self) == before)

            var published = meeting.values
            published["published_on"] = .date(day("2024-04-02"))
            let late = try await RecordStore.update(items, id: meeting.id, published, version: meeting.version, actor: actor, scope: .everything,
                                                    calculator: calculator, on: db, now: TestClock.now)
            #expect(late.values["publish_due_on"] == .date(day("2024-04-01")))
            #expect(try await value("disclosure.proactive_rate") == 10_000)
            #expect(try await value("disclosure.executive_meetings_rate") == 10_000)
            #expect(try await value("disclosure.proactive_on_time_rate") == 5_000, "the meeting was published a day late")

            // 人民网: answered within 15 working days (the district's term until it sets its own).
            let message = try await RecordStore.create(messages, [
                "board": .text(MessageBoard.peopleDaily.rawValue), "message_number": .text("RMW-2024-1"), "received_on": .date(day("2024-03-04")),
                "subject": .text("关于道路积水的留言"), "content": .text("雨后积水严重"), "unit": .uuid(district.id),
            ], actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            #expect(message.values["reply_due_on"] == .date(day("2024-03-25")))
            _ = try await RecordStore.transition(messages, id: message.id, action: "reply",
                                                 changes: ["replied_on": .date(day("2024-03-20")), "reply_text": .text("已安排排水改造")],
                                                 permissions: Set(Permission.allCases), today: day("2024-03-20"), actor: actor, scope: .everything,
                                                 calculator: calculator, on: db, now: TestClock.now)
            #expect(try await value("disclosure.people_daily_messages") == 1)
            #expect(try await value("disclosure.messages_on_time_rate") == 10_000)
        }
    }
}
