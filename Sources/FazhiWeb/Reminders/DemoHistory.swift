import FazhiCore
import FazhiStore
import Fluent
import Foundation

/// A gateway built into the platform for the demo districts' history: it takes each SMS, e-mail
/// and group message with its idempotency key and answers with a receipt, as a real gateway
/// does (the same key twice gets the same receipt). The dispatcher's delivery log of the demo is
/// then its own record of deliveries it made.
public actor RecordingGateway {
    private var receipts: [String: String] = [:]

    public init() {}

    /// Receives one message; answers with its receipt.
    func receive(key: String) -> String {
        if let receipt = receipts[key] { return receipt }
        let receipt = "DEMO-" + String(format: "%08d", receipts.count + 1)
        receipts[key] = receipt
        return receipt
    }
}

/// The demo districts' past, lived on a manual clock. From 2022-01-01 up to now, on each day
/// that has a licence's reminder step due, the licence planner plans at 10:00 (整点) the steps
/// that fall that day (it runs on every such day, so it needs no catching up) and the dispatcher
/// delivers them, to the recording gateway; on its expiry day each
/// licence is renewed by its holder through the 证照 workflow (延续换发). The reminders, their
/// deliveries and the licences' states are the engines' work, as on a live platform. The
/// registers' own deadlines are left to the live scheduler's first hour: the history's records
/// were worked to their end when they were made, so on the past days there is nothing open to
/// remind of (planning them too on each of the 742 days took the debug build 46 s against 30 s).
public enum DemoHistory {
    public struct Outcome: Sendable, Equatable {
        public var days = 0
        public var planned = 0
        public var sent = 0
        public var failed = 0
        public var renewed = 0
        /// Seconds spent planning, dispatching and renewing (the system's time, for the operator).
        public var planning = 0.0, dispatching = 0.0, renewing = 0.0
    }

    public static func live(on db: any Database, config: ReminderConfig, calculator: DeadlineCalculator, until now: Date) async throws -> Outcome {
        let start = LocalDate(year: 2022, month: 1, day: 1)!, today = LocalDate(now)
        var offsets = Set<Int>()
        for district in try await Districts.all(on: db) {
            for plan in try await ReminderPlans.all(district: district.id, on: db).values { offsets.formUnion(plan.offsets) }
        }
        let licences = try await DemoLicenceHistory.expiring(from: start, through: today.adding(days: offsets.max() ?? 0), on: db)
        // The days a step falls on (from the first day of the history), and the renewals by day.
        var steps = Set<LocalDate>(), renewals: [LocalDate: [UUID]] = [:]
        for (id, expires) in licences {
            for o in offsets { let day = expires.adding(days: -o); if day >= start { steps.insert(day) } }
            if expires < today { renewals[expires, default: []].append(id) }
        }
        let clock = ManualClock(start.instant(atHour: 10))
        var dispatch = config
        dispatch.gateway = RecordingGateway()
        dispatch.instance = "demo"
        var outcome = Outcome()
        for day in steps.union(renewals.keys).sorted() where day.instant(atHour: 10) <= now {
            clock.set(day.instant(atHour: 10))
            if steps.contains(day) {
                outcome.days += 1
                var started = Date()
                outcome.planned += try await ReminderPlanner.licences(now: clock.now, todayOnly: true, on: db)
                outcome.planning += Date().timeIntervalSince(started)
                started = Date()
                let tally = try await ReminderDispatcher(db: db, config: dispatch).run(clock: clock.clock)
                outcome.sent += tally.sent; outcome.failed += tally.failed
                outcome.dispatching += Date().timeIntervalSince(started)
            }
            guard let ids = renewals[day] else { continue }
            let started = Date()
            try await DemoLicenceHistory.renew(ids, on: day, calculator: calculator, on: db)
            outcome.renewed += ids.count
            outcome.renewing += Date().timeIntervalSince(started)
        }
        // What the records' moves queued after the last of those days (an applicant's notice of a
        // move made on 29 September, when the next step falls after the National Day holidays)
        // is delivered by now, as the live dispatcher would have, to the same recording gateway:
        // the history ends with one more run at `now`.
        clock.set(now)
        let started = Date()
        let tally = try await ReminderDispatcher(db: db, config: dispatch).run(clock: clock.clock)
        outcome.sent += tally.sent; outcome.failed += tally.failed
        outcome.dispatching += Date().timeIntervalSince(started)
        try await PlannerStatistics.refresh(on: db)
        return outcome
    }
}

extension DemoHistory {
    /// The demo districts: their registers' records (`DemoRecords`), then their history lived up
    /// to `now`.
    public static func generate(scale: Int = 1, districts: Int = 1, on db: any Database, config: ReminderConfig, calculator: DeadlineCalculator,
                                now: Date, hash: @escaping @Sendable (String) throws -> String) async throws
        -> (records: Int, districts: [String], history: Outcome) {
        let made = try await DemoRecords.generate(scale: scale, districts: districts, on: db, calculator: calculator, now: now, hash: hash)
        let history = try await live(on: db, config: config, calculator: calculator, until: now)
        return (made.records, made.districts, history)
    }
}
