import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The moves the platform makes itself when a clock's period ends with its record still open
/// (`LapseSpec`): an application for reconsideration not refused within the review is accepted
/// by law, so the record is moved to accepted on the day the rule says. The hourly scheduler runs
/// it at each whole hour, on the one instance that claims the hour (`job`); each record is read
/// again under its lock in its own transaction, so a person's move made meanwhile stands and a
/// second run moves nothing. The audit trail names the platform and the rule as the actor.
///
/// A clock counted partly by weekends only (a year whose holiday notice is not loaded) does not
/// lapse: its due date may still move later, and a lapse is not undone. It lapses once the
/// calendar is loaded and the date holds.
public enum ClockLapses {
    public static let job = "clocks.lapse"

    public struct Outcome: Sendable {
        public var moved = 0
        /// The records whose move was refused, each with why: the others are moved all the same,
        /// and these are tried again at the next run.
        public var refused: [(register: String, id: UUID, reason: String)] = []
    }

    /// Makes every move whose clock's due date is before the day of `now`.
    public static func run(now: Date, on db: any Database) async throws -> Outcome {
        let today = LocalDate(now), calculator = try await CalendarStore.calculator(on: db)
        var outcome = Outcome()
        for type in Registers.all {
            for clock in type.deadlines where clock.lapse != nil {
                for id in try await lapsed(type, clock, before: today, on: db) {
                    do {
                        let made = try await db.write { tx in
                            try await lapse(type, clock, id: id, today: today, calculator: calculator, within: tx, now: now)
                        }
                        if made { outcome.moved += 1 }
                    } catch let error as CoreError {
                        outcome.refused.append((type.slug, id, error.message))
                    }
                }
            }
        }
        return outcome
    }

    /// The records of `type` whose `clock` was due before `today` and that are still in one of its
    /// open states, oldest due first.
    public static func lapsed(_ type: RecordType, _ clock: DeadlineSpec, before today: LocalDate, on db: any Database) async throws -> [UUID] {
        struct Row: Decodable { var id: UUID }
        return try await db.sql.raw("""
            SELECT id FROM \(unsafeRaw: type.table)
            WHERE state IN (\(binds: clock.openStates)) AND \(unsafeRaw: clock.field) < \(bind: today.description)
            ORDER BY \(unsafeRaw: clock.field), id
            """).all(decoding: Row.self).map(\.id)
    }

    /// Makes the lapse's move on one record inside the caller's transaction, if its clock has
    /// indeed lapsed by `today` (read again under the record's lock): true when it was made.
    public static func lapse(_ type: RecordType, _ clock: DeadlineSpec, id: UUID, today: LocalDate, calculator: DeadlineCalculator,
                             within tx: any Database, now: Date) async throws -> Bool {
        guard let lapse = clock.lapse, let move = type.transition(lapse.action),
              let row = try await RecordStore.find(type, id: id, scope: .everything, on: tx, forUpdate: true),
              clock.openStates.contains(row.state) else { return false }
        let events = try await RecordClocks.events(type, id: id, on: tx)
        guard let reading = try ClockReading.read(clock, values: row.values, unit: row.values[type.ownerField]?.uuid, events: events,
                                                  calculator: calculator),
              let deadline = reading.deadline, !deadline.provisional, deadline.due < today, let outcome = reading.rule.lapse else { return false }
        let day = outcome.day == .end ? deadline.due : reading.restarted?.day ?? reading.start
        _ = try await RecordStore.transition(type, id: id, action: lapse.action, changes: [lapse.field: .date(day)], permissions: [move.permission],
                                             today: today, actor: .system("平台（\(reading.rule.name)期限届满，\(outcome.outcome)）"), scope: .everything,
                                             calculator: calculator, within: tx, now: now)
        return true
    }
}
