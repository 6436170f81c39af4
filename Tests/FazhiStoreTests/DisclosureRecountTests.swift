import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing

@Suite("Disclosure reply clocks against a count by hand")
struct DisclosureRecountTests {
    let type = DisclosureApplication.declaration.type

    /// 1,000 applications received on random days from 2023 to mid-2026, each worked through the
    /// register's moves with random 补正 (the clock restarts from the correction, Art.30), third
    /// parties consulted (the time excluded, Art.32) and extensions (20 more working days, Art.33).
    /// The due date each record holds equals a day-by-day count over the working calendar.
    @Test(arguments: TestBackend.available)
    func thousandApplicationsAgreeWithARecount(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let district = d.district
            let calculator = d.calculator, calendar = calculator.calendar
            let actor = AuditActor.system("复核"), all = Set(Permission.allCases)
            var seed: UInt64 = 2_026
            func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
            /// `n` working days after `start`, leaving out the days of `pauses` (after the pause, up to its end).
            func count(_ n: Int, from start: LocalDate, skipping pauses: [(LocalDate, LocalDate)] = []) -> LocalDate {
                var day = start, left = n
                while left > 0 {
                    day = day.adding(days: 1)
                    if calendar.isWorkingDay(day) && !pauses.contains(where: { day > $0.0 && day <= $0.1 }) { left -= 1 }
                }
                return day
            }
            let first = LocalDate(year: 2023, month: 1, day: 1)!.dayNumber, last = LocalDate(year: 2026, month: 6, day: 30)!.dayNumber
            var mismatches: [String] = [], corrected = 0, consulted = 0, extended = 0
            for i in 0..<1_000 {
                let received = LocalDate(dayNumber: first + next(last - first))
                var row = try await RecordStore.create(type, [
                    "office": .uuid(district.id), "channel": .text([IntakeChannel.online, .inPerson, .post, .fax][next(4)].rawValue),
                    "received_on": .date(received), "applicant_kind": .text(ApplicantKind.person.rawValue), "applicant_name": .text("申请人\(i)"), "id_number": .text(IdentityCodes.idNumber("37150219800101001")!),
                    "phone": .text("13900000000"), "content": .text("某项政府信息"), "delivery": .text(DeliveryMethod.online.rawValue),
                ], actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
                func move(_ action: String, _ changes: RecordValues, on day: LocalDate) async throws {
                    row = try await RecordStore.transition(type, id: row.id, action: action, changes: changes, permissions: all, today: day, actor: actor,
                                                           scope: .everything, calculator: calculator, on: db, now: TestClock.now)
                }
                var start = received, latest = received, pauses: [(LocalDate, LocalDate)] = []
                if next(10) < 3 {
                    let asked = received.adding(days: 1 + next(9)), back = asked.adding(days: 1 + next(25))
                    try await move("ask_correction", ["correction_asked_on": .date(asked), "correction_request": .text("请补充文号")], on: asked)
                    try await move("corrected", ["corrected_on": .date(back)], on: back)
                    start = back
                    latest = back
                    corrected += 1
                }
                if next(10) < 3 {
                    let sent = start.adding(days: 1 + next(10)), ended = sent.adding(days: next(20))
                    try await move("consult", ["consulted_on": .date(sent)], on: sent)
                    try await move("consulted", ["consultation_ended_on": .date(ended)], on: ended)
                    pauses.append((sent, ended))
                    latest = ended
                    consulted += 1
                }
                var expected = count(20, from: start, skipping: pauses)
                if next(10) < 3 {
                    let noticed = latest.adding(days: 1 + next(5))
                    try await move("extend", ["extension_approver": .text("负责人"), "extension_notice_on": .date(noticed)], on: noticed)
                    expected = count(20, from: expected)
                    extended += 1
                }
                if row.values["reply_due_on"] != .date(expected) {
                    mismatches.append("\(i): received \(received), start \(start), pauses \(pauses), stored \(String(describing: row.values["reply_due_on"])), counted \(expected)")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
            #expect(corrected > 200 && consulted > 200 && extended > 200, "each move is exercised: \(corrected) \(consulted) \(extended)")
        }
    }
}
