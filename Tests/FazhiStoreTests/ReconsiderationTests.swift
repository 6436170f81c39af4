import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Administrative reconsideration")
struct ReconsiderationTests {
    let type = Reconsideration.declaration.type
    static let all = Set(Permission.allCases)
    static let actor = AuditActor.system("行政复议")

    static func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

    /// An application's values: received on `received`, the act known `knewDaysBefore` it.
    static func application(office: UUID, received: LocalDate, knewDaysBefore: Int = 10, _ more: RecordValues = [:]) -> RecordValues {
        var values: RecordValues = [
            "office": .uuid(office), "channel": .text(IntakeChannel.inPerson.rawValue), "received_on": .date(received),
            "applicant_kind": .text(ApplicantKind.person.rawValue), "applicant_name": .text("张某某"),
            "id_number": .text(IdentityCodes.idNumber("37150219800101001")!), "phone": .text("13800000001"),
            "respondent": .text("东昌府区市场监督管理局"), "act": .text(ReconsideredAct.penalty.rawValue), "act_description": .text("行政处罚决定"),
            "knew_on": .date(received.adding(days: -knewDaysBefore)), "told": .text(YesNo.yes.rawValue), "real_property": .text(YesNo.no.rawValue),
            "request": .text("请求撤销"), "reasons": .text("认定事实不清"),
        ]
        for (k, v) in more { values[k] = v }
        return values
    }

    func move(_ d: TestDistrict, _ id: UUID, _ action: String, _ changes: RecordValues, on day: LocalDate) async throws -> RecordRow {
        try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: Self.all, today: day, actor: Self.actor,
                                         scope: .everything, calculator: d.calculator, on: d.db, now: day.instant(atHour: 10))
    }

    /// The 2023 law: an application not refused within the five working days of review is accepted
    /// from the review's last day, by the platform's hourly run, audited as the platform's and told
    /// to the applicant; a second run, or two at once, move nothing more. Then the guards: one
    /// extension of at most thirty days, a decision with its type, the window to apply, and no
    /// simplified procedure before the law that made it.
    @Test(arguments: TestBackend.available)
    func theReviewLapsesIntoAcceptanceAndTheGuardsHold(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db, office = try await d.unit("371502")
            let first = try await RecordStore.create(type, Self.application(office: office, received: Self.day("2024-03-04")), actor: Self.actor,
                                                     scope: .everything, calculator: d.calculator, on: db, now: d.now)
            #expect(first.values["acceptance_due_on"] == .date(Self.day("2024-03-11")))
            #expect(try await ClockLapses.run(now: Self.day("2024-03-11").instant(atHour: 23), on: db).moved == 0, "the last day of the review is the office's")
            // Two instances' runs at once: the record moves once.
            let second = try await RecordStore.create(type, Self.application(office: office, received: Self.day("2024-03-05")), actor: Self.actor,
                                                      scope: .everything, calculator: d.calculator, on: db, now: d.now)
            let morning = Self.day("2024-03-13").instant(atHour: 1)
            async let a = ClockLapses.run(now: morning, on: db)
            async let b = ClockLapses.run(now: morning, on: db)
            #expect(try await a.moved + b.moved == 2)
            #expect(try await ClockLapses.run(now: morning, on: db).moved == 0)
            for (row, due) in [(first, "2024-03-11"), (second, "2024-03-12")] {
                let moved = try #require(try await RecordStore.find(type, id: row.id, scope: .everything, on: db))
                #expect(moved.state == "accepted" && moved.values["accepted_on"] == .date(Self.day(due)))
                // The decision's 60 days and the copy's 7 working days run from the deemed acceptance.
                #expect(moved.values["decision_due_on"] == .date(try d.calculator.due(from: Self.day(due), .days(60)).due))
                #expect(moved.values["copy_due_on"] == .date(try d.calculator.due(from: Self.day(due), .workingDays(7)).due))
                let history = try await RecordStore.history(type, id: row.id, on: db)
                let entries = history.filter { $0.action == AuditAction.transition.rawValue }
                #expect(entries.count == 1 && entries[0].actorID == nil && entries[0].actorName.hasPrefix("平台（行政复议受理审查期限届满，视为受理）"))
            }
            struct Notice: Decodable { var body: String }
            let told = try await db.sql.raw("SELECT body FROM reminders WHERE record_id = \(bind: first.id) AND recipient = '13800000001'")
                .all(decoding: Notice.self)
            #expect(told.contains { $0.body.contains("依法视为受理") })

            // Copy, answer, then one extension of at most 30 days.
            _ = try await move(d, first.id, "send_copy", ["copy_sent_on": .date(Self.day("2024-03-14")), "copy_served_on": .date(Self.day("2024-03-15"))],
                               on: Self.day("2024-03-15"))
            _ = try await move(d, first.id, "record_answer", ["answered_on": .date(Self.day("2024-03-25"))], on: Self.day("2024-03-25"))
            let ext: RecordValues = ["extension_approver": .text("区司法局负责人"), "extension_notice_on": .date(Self.day("2024-05-06"))]
            let before = try #require(try await RecordStore.find(type, id: first.id, scope: .everything, on: db))
            await #expect(throws: CoreError.self) {
                _ = try await move(d, first.id, "extend", ext.merging(["extension_days": .integer(31)]) { $1 }, on: Self.day("2024-05-06"))
            }
            let unchanged = try #require(try await RecordStore.find(type, id: first.id, scope: .everything, on: db))
            #expect(unchanged.version == before.version && unchanged.values == before.values, "a refused extension writes nothing")
            let extended = try await move(d, first.id, "extend", ext.merging(["extension_days": .integer(20)]) { $1 }, on: Self.day("2024-05-06"))
            let original = try d.calculator.due(from: Self.day("2024-03-11"), .days(60)).due
            #expect(extended.values["decision_due_on"] == .date(try d.calculator.due(from: original, .days(20)).due))
            await #expect(throws: CoreError.self) {
                _ = try await move(d, first.id, "extend", ext.merging(["extension_days": .integer(5)]) { $1 }, on: Self.day("2024-05-07"))
            }
            // A decision names its type.
            await #expect(throws: CoreError.self) {
                _ = try await move(d, first.id, "decide", ["concluded_on": .date(Self.day("2024-05-20")), "conclusion": .text("决定维持")], on: Self.day("2024-05-20"))
            }
            let decided = try await move(d, first.id, "decide", ["decision": .text(ReconsiderationDecision.revoke.rawValue), "concluded_on": .date(Self.day("2024-05-20")),
                                                                 "conclusion": .text("决定撤销")], on: Self.day("2024-05-20"))
            #expect(decided.state == "decided")

            // Sixty days from knowing of the act end on 2024-03-01: an application on 03-04 is late,
            // unless a delay is explained; nothing of the refused one is kept.
            struct Rows: Decodable { var n: Int }
            func count() async throws -> Int {
                try await db.sql.raw("SELECT count(*) AS n FROM rec_reconsiderations").first(decoding: Rows.self)?.n ?? -1
            }
            let held = try await count()
            do {
                _ = try await RecordStore.create(type, Self.application(office: office, received: Self.day("2024-03-04"), knewDaysBefore: 63), actor: Self.actor,
                                                 scope: .everything, calculator: d.calculator, on: db, now: d.now)
                Issue.record("a late application was registered")
            } catch let error as CoreError {
                #expect(error.field == "received_on" && error.message.contains("申请行政复议期限") && error.message.contains("2024-03-01"))
            }
            #expect(try await count() == held)
            _ = try await RecordStore.create(type, Self.application(office: office, received: Self.day("2024-03-04"), knewDaysBefore: 63,
                                                                    ["delay_reason": .text("因住院治疗耽误，2024-02-28 出院")]),
                                             actor: Self.actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            // Under the 2023 law: never told of the right, a year from knowing of the act; five years
            // from the act at most, whenever the act was.
            _ = try await RecordStore.create(type, Self.application(office: office, received: Self.day("2024-10-08"), knewDaysBefore: 200,
                                                                    ["told": .text(YesNo.no.rawValue)]),
                                             actor: Self.actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            await #expect(throws: CoreError.self) {
                _ = try await RecordStore.create(self.type, Self.application(office: office, received: Self.day("2024-06-03"), knewDaysBefore: 20,
                                                                             ["act_on": .date(Self.day("2019-01-02"))]),
                                                 actor: Self.actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            }
            // A case is the district government's, however it is registered: not a town's.
            let town = try await d.unit("371502-T03")
            do {
                _ = try await RecordStore.create(type, Self.application(office: town, received: Self.day("2024-06-03")), actor: Self.actor,
                                                 scope: .everything, calculator: d.calculator, on: db, now: d.now)
                Issue.record("a town registered a reconsideration case")
            } catch let error as CoreError {
                #expect(error.field == "office" && error.message.contains("须是区一级的单位"))
            }
            // The simplified procedure came with the 2023 law.
            let old = try await RecordStore.create(type, Self.application(office: office, received: Self.day("2023-06-01")), actor: Self.actor,
                                                   scope: .everything, calculator: d.calculator, on: db, now: d.now)
            await #expect(throws: CoreError.self) {
                _ = try await move(d, old.id, "accept", ["accepted_on": .date(Self.day("2023-06-02")), "procedure": .text(ReconsiderationProcedure.simplified.rawValue)],
                                   on: Self.day("2023-06-02"))
            }
        }
    }

    /// A deterministic random sequence (SplitMix64).
    struct Dice {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    /// The law's days counted one by one, as a clerk would with the calendar on the wall: working
    /// days skip rest days; a period of days whose last day is a rest day ends on the next working
    /// day; days of a suspension (after its first day, up to and including its last) are not counted.
    struct Count {
        let isWorkingDay: (LocalDate) -> Bool

        func workingDays(_ n: Int, after start: LocalDate) -> LocalDate {
            var day = start, counted = 0
            while counted < n { day = day.adding(days: 1); if isWorkingDay(day) { counted += 1 } }
            return day
        }

        func days(_ n: Int, after start: LocalDate, skipping pause: (LocalDate, LocalDate)? = nil) -> LocalDate {
            var day = start, counted = 0
            while counted < n {
                day = day.adding(days: 1)
                if let (from, to) = pause, day > from, day <= to { continue }
                counted += 1
            }
            while !isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }
    }

    /// 1,000 generated cases across the change of law on 2024-01-01, with random corrections,
    /// deemed acceptances (by the engine), simplified procedures, suspensions and extensions of a
    /// random length: every due date the register stores equals the independent day-by-day count.
    @Test(arguments: TestBackend.available)
    func dueDatesOfAThousandCasesMatchAnIndependentCount(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db, office = try await d.unit("371502"), calendar = d.calculator.calendar, type = type
            let count = Count(isWorkingDay: calendar.isWorkingDay)
            let lapse = try #require(type.deadlines.first { $0.lapse != nil })
            let newLaw = Self.day("2024-01-01"), first = Self.day("2023-06-01")
            var dice = Dice(state: 2_024)
            var expected: [UUID: [String: LocalDate?]] = [:]
            for _ in 0..<10 {
                var cases: [(values: RecordValues, steps: [(action: String, changes: RecordValues, day: LocalDate)], deemed: LocalDate?,
                             expect: [String: LocalDate?])] = []
                for _ in 0..<100 {
                    var received = first.adding(days: dice.next(900))
                    while !calendar.isWorkingDay(received) { received = received.adding(days: 1) }
                    let newer = received >= newLaw
                    var steps: [(action: String, changes: RecordValues, day: LocalDate)] = []
                    var expect: [String: LocalDate?] = [:]
                    var start = received
                    if dice.next(10) < 3 {
                        let asked = count.workingDays(1 + dice.next(3), after: received)
                        let corrected = asked.adding(days: 1 + dice.next(10))
                        steps.append(("ask_correction", ["correction_asked_on": .date(asked), "correction_request": .text("补充材料")], asked))
                        steps.append(("corrected", ["corrected_on": .date(corrected)], corrected))
                        expect["correction_due_on"] = asked >= newLaw ? count.workingDays(10, after: asked) : nil
                        start = corrected
                    }
                    let review = count.workingDays(5, after: start)
                    expect["acceptance_due_on"] = review
                    var deemed: LocalDate?, accepted: LocalDate, acting: LocalDate, simplified = false
                    if dice.next(4) == 0 {
                        accepted = newer ? review : start
                        acting = review.adding(days: 1)
                        deemed = acting
                    } else {
                        accepted = count.workingDays(dice.next(5), after: start)
                        acting = accepted
                        simplified = accepted >= newLaw && dice.next(10) < 3
                        steps.append(("accept", ["accepted_on": .date(accepted),
                                                 "procedure": .text((simplified ? ReconsiderationProcedure.simplified : .general).rawValue)], accepted))
                    }
                    expect["accepted_on"] = accepted
                    expect["copy_due_on"] = count.workingDays(accepted >= newLaw && simplified ? 3 : 7, after: accepted)
                    let sent = acting.adding(days: dice.next(7)), served = sent.adding(days: dice.next(3))
                    let answered = served.adding(days: 1 + dice.next(12))
                    expect["answer_due_on"] = served >= newLaw ? count.workingDays(simplified ? 5 : 10, after: served) : count.days(10, after: served)
                    var suspension: (LocalDate, LocalDate)?
                    if dice.next(100) < 15 {
                        let from = answered.adding(days: 1 + dice.next(5)), to = from.adding(days: 1 + dice.next(30))
                        suspension = (from, to)
                    }
                    var decision = count.days(simplified ? 30 : 60, after: accepted, skipping: suspension)
                    steps.append(("send_copy", ["copy_sent_on": .date(sent), "copy_served_on": .date(served)], served))
                    steps.append(("record_answer", ["answered_on": .date(answered)], answered))
                    var last = answered
                    if let (from, to) = suspension {
                        steps.append(("suspend", ["suspended_on": .date(from), "suspension_reason": .text("等待有权机关解释")], from))
                        steps.append(("resume", ["resumed_on": .date(to)], to))
                        last = to
                    }
                    if !simplified, dice.next(10) < 3 {
                        let days = 1 + dice.next(30), noticed = last.adding(days: 1)
                        steps.append(("extend", ["extension_days": .integer(Int64(days)), "extension_approver": .text("负责人"),
                                                 "extension_notice_on": .date(noticed)], noticed))
                        decision = count.days(days, after: decision)
                    }
                    expect["decision_due_on"] = decision
                    cases.append((Self.application(office: office, received: received), steps, deemed, expect))
                }
                let calculator = d.calculator, now = d.now, planned = cases
                let made = try await db.write { tx in
                    var ids: [UUID] = []
                    for c in planned {
                        let row = try await RecordStore.insert(type, c.values, actor: Self.actor, scope: .everything, calculator: calculator, on: tx,
                                                               now: now)
                        var steps = c.steps[...]
                        // Corrections come before the review ends; the engine's lapse after it.
                        while let step = steps.first, step.action == "ask_correction" || step.action == "corrected" {
                            _ = try await RecordStore.transition(type, id: row.id, action: step.action, changes: step.changes, permissions: Self.all,
                                                                 today: step.day, actor: Self.actor, scope: .everything, calculator: calculator, within: tx,
                                                                 now: now)
                            steps = steps.dropFirst()
                        }
                        if let deemed = c.deemed {
                            guard try await ClockLapses.lapse(type, lapse, id: row.id, today: deemed, calculator: calculator, within: tx, now: now) else {
                                throw CoreError.state("not deemed accepted on \(deemed)")
                            }
                        }
                        for step in steps {
                            _ = try await RecordStore.transition(type, id: row.id, action: step.action, changes: step.changes, permissions: Self.all,
                                                                 today: step.day, actor: Self.actor, scope: .everything,
                                                                 calculator: calculator, within: tx, now: now)
                        }
                        ids.append(row.id)
                    }
                    return ids
                }
                for (id, c) in zip(made, cases) { expected[id] = c.expect }
            }
            let fields = ["acceptance_due_on", "correction_due_on", "accepted_on", "copy_due_on", "answer_due_on", "decision_due_on"]
            var mismatches: [String] = []
            for (id, expect) in expected {
                let row = try #require(try await RecordStore.find(type, id: id, scope: .everything, on: db))
                for field in fields {
                    let stored = row.values[field]?.date, wanted = expect[field] ?? nil
                    if stored != wanted { mismatches.append("\(row.values["received_on"]?.date?.description ?? "") \(field): \(String(describing: stored)) ≠ \(String(describing: wanted))") }
                }
            }
            #expect(expected.count == 1_000)
            #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(5))")
        }
    }
}
