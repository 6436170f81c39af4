import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Clocks kept on records")
struct RecordClockTests {
    let type = LegalityReview.declaration.type

    /// A legality review's clock: returned for materials it stops, resubmitted it runs again in
    /// full; each move's event is stored, the due date follows, and a move the clock cannot take
    /// is refused with nothing written. The figure counts on-time opinions by the clock's date.
    @Test(arguments: TestBackend.available)
    func movesPauseAndRestartTheStoredClock(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let calculator = DeadlineCalculator(calendar: try await CalendarStore.calendar(on: db))
            let unit = try #require(try await OrgUnit.query(on: db).first()).id!
            let actor = AuditActor.system("审查室"), all = Set(Permission.allCases)
            func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            func move(_ id: UUID, _ action: String, _ changes: RecordValues = [:], on today: String) async throws -> RecordRow {
                try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: all, today: day(today), actor: actor,
                                                 scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            // A due date typed in is not taken: the clock sets it.
            let review = try await RecordStore.create(type, ["subject": .text("村庄规划调整审查"), "kind": .text("planning"), "requester": .uuid(unit),
                                                             "received_on": .date(day("2024-03-01")), "due_on": .date(day("2025-01-01"))],
                                                      actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            #expect(review.values["due_on"] == .date(day("2024-03-12")), "7 working days from Friday 1 March 2024")

            let returned = try await move(review.id, "return", ["opinion_text": .text("缺少村民代表会议纪要")], on: "2024-03-05")
            #expect(returned.values["due_on"] == nil, "no due date while the materials are awaited")
            let resubmitted = try await move(review.id, "resubmit", on: "2024-03-11")
            #expect(resubmitted.values["due_on"] == .date(day("2024-03-20")), "7 working days from the resubmission")
            let events = try await RecordClocks.events(type, id: review.id, on: db)
            #expect(events == [ClockEvent(clock: "due_on", kind: .pause, day: day("2024-03-05"), reason: "退回补充材料"),
                               ClockEvent(clock: "due_on", kind: .restart, day: day("2024-03-11"), reason: "退回补充材料")])
            let stored = try #require(try await RecordStore.find(type, id: review.id, scope: .everything, on: db))
            let reading = try #require(try RecordClocks.readings(type, stored, events: events, calculator: calculator).first?.reading)
            #expect(reading.text == "2024-03-20（退回补充材料后自 2024-03-11 起重新计算）")
            // The move is in the audit trail with what it did to the clock.
            let last = try #require(try await RecordStore.history(type, id: review.id, on: db).last)
            #expect(last.after?.contains("重新起算（退回补充材料） 2024-03-11") == true)

            // An edit keeps the clock: a corrected receipt date does not undo the restart.
            var edited = stored.values
            edited["received_on"] = .date(day("2024-03-04"))
            let after = try await RecordStore.update(type, id: review.id, edited, version: stored.version, actor: actor, scope: .everything,
                                                     calculator: calculator, on: db, now: TestClock.now)
            #expect(after.values["due_on"] == .date(day("2024-03-20")))

            // Concluded in time: the on-time rate counts it; a second review concluded late does not.
            _ = try await move(review.id, "start", ["reviewer": .uuid(try #require(try await User.query(on: db).first()).id!)], on: "2024-03-12")
            _ = try await move(review.id, "conclude", ["opinion": .text("lawful"), "opinion_text": .text("合法"), "completed_on": .date(day("2024-03-19"))],
                               on: "2024-03-19")
            let late = try await RecordStore.create(type, ["subject": .text("土地流转合同审查"), "kind": .text("land_transfer"), "requester": .uuid(unit),
                                                           "received_on": .date(day("2024-04-01")), "reviewer": .uuid(try #require(try await User.query(on: db).first()).id!)],
                                                    actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            _ = try await move(late.id, "start", on: "2024-04-02")
            _ = try await move(late.id, "conclude", ["opinion": .text("lawful"), "opinion_text": .text("合法"), "completed_on": .date(day("2024-04-30"))],
                               on: "2024-04-30")
            let figure = try #require(FigureCatalogue.figure("review.on_time_rate"))
            #expect(try await FigureStore.value(figure, from: day("2024-01-01"), to: day("2024-12-31"), on: db).value == 5_000)

            // A second return of the concluded review is refused by its state; nothing is written.
            await #expect(throws: (any Error).self) { _ = try await move(review.id, "return", ["opinion_text": .text("再退")], on: "2024-03-20") }
            #expect(try await RecordClocks.events(type, id: review.id, on: db).count == 2)
        }
    }

    /// A due date counted into a year without its notice is provisional; when the year's notice is
    /// loaded, the stored due date is computed again in the same transaction and audited.
    @Test(arguments: TestBackend.available)
    func loadingAYearsCalendarRecomputesItsDueDates(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let calculator = DeadlineCalculator(calendar: try await CalendarStore.calendar(on: db))
            let unit = try #require(try await OrgUnit.query(on: db).first()).id!
            let actor = AuditActor.system("审查室")
            func add(_ received: String) async throws -> RecordRow {
                try await RecordStore.create(type, ["subject": .text("审查\(received)"), "kind": .text("contract"), "requester": .uuid(unit),
                                                    "received_on": .date(LocalDate(iso: received)!)],
                                             actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            let crossing = try await add("2026-12-28"), before = try await add("2026-12-01")
            // By weekends only, 1 January 2027 (a Friday) is counted.
            #expect(crossing.values["due_on"] == .date(LocalDate(iso: "2027-01-06")!))
            let reading = try #require(try RecordClocks.readings(type, crossing, events: [], calculator: calculator).first?.reading)
            #expect(reading.deadline?.provisional == true && reading.text == "2027-01-06（暂按周末推算）")

            let notice = try HolidayNotice.parse(Data(#"{"year":2027,"papers":["测试"],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}"#.utf8))
            let changed = try await CalendarStore.load(notice, actor: actor, now: TestClock.now, on: db)
            #expect(changed == 1)
            let now = try #require(try await RecordStore.find(type, id: crossing.id, scope: .everything, on: db))
            #expect(now.values["due_on"] == .date(LocalDate(iso: "2027-01-07")!) && now.version == crossing.version + 1)
            #expect(try await RecordStore.find(type, id: before.id, scope: .everything, on: db)?.version == before.version)
            let history = try await RecordStore.history(type, id: crossing.id, on: db)
            #expect(history.count == 2 && history.last?.after?.contains("2027-01-07") == true)
            let known = DeadlineCalculator(calendar: try await CalendarStore.calendar(on: db))
            #expect(try RecordClocks.readings(type, now, events: [], calculator: known).first?.reading.text == "2027-01-07")
        }
    }
}
