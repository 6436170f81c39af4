import FazhiCore
import FazhiStore
import Fluent
import Foundation

/// A gateway built into the platform for the demo districts' history: it takes each SMS, e-mail
/// and group message with its idempotency key and answers with a receipt, as a real gateway
/// does (the same key gets the same receipt, also in a history resumed by another process). The
/// dispatcher's delivery log of the demo is then its own record of deliveries it made.
public struct RecordingGateway: Sendable {
    public init() {}

    /// Receives one message; answers with its receipt.
    func receive(key: String) -> String {
        "DEMO-" + Secrets.sha256Hex(key).prefix(16).uppercased()
    }
}

/// The demo districts' past, lived on a manual clock. From 2022-01-01 up to now, on each day
/// that has a licence's reminder step due, the licence planner plans at 10:00 (整点) the steps
/// that fall that day (it runs on every such day, so it needs no catching up) and the dispatcher
/// delivers them, to the recording gateway; on its expiry day each licence is renewed by its
/// holder through the 证照 workflow (延续换发). The reminders, their deliveries and the licences'
/// states are the engines' work, as on a live platform. Each day is lived in one transaction
/// that records it as a step (`DemoSteps`), so a history stopped anywhere goes on from the first
/// day not lived; a history for more districts than before lives every day again, and the
/// outbox's keys and the licences' states leave the earlier districts' days as they were. The
/// registers' own deadlines are left to the live scheduler's first hour: the history's records
/// were worked to their end when they were made, so on the past days there is nothing open to
/// remind of.
public enum DemoHistory {
    public struct Outcome: Sendable, Equatable {
        public var days = 0
        public var planned = 0
        public var sent = 0
        public var failed = 0
        public var renewed = 0
        /// Seconds spent planning, dispatching and renewing (the system's time, for the operator).
        public var planning = 0.0, dispatching = 0.0, renewing = 0.0

        static func + (a: Outcome, b: Outcome) -> Outcome {
            Outcome(days: a.days + b.days, planned: a.planned + b.planned, sent: a.sent + b.sent, failed: a.failed + b.failed,
                    renewed: a.renewed + b.renewed, planning: a.planning + b.planning, dispatching: a.dispatching + b.dispatching,
                    renewing: a.renewing + b.renewing)
        }
    }

    /// Lives the history up to `now`; `step` is told after each day.
    public static func live(on db: any Database, config: ReminderConfig, calculator: DeadlineCalculator, until now: Date,
                            step: @Sendable () async throws -> Void = {}) async throws -> Outcome {
        let start = LocalDate(year: 2022, month: 1, day: 1)!, today = LocalDate(now)
        var offsets = Set<Int>()
        let districts = try await Districts.all(on: db)
        for district in districts {
            for plan in try await ReminderPlans.all(district: district.id, on: db).values { offsets.formUnion(plan.offsets) }
        }
        // The valid licences: one renewed in a day already lived is no longer valid, and every
        // step of it fell on or before that day.
        let licences = try await DemoLicenceHistory.expiring(from: start, through: today.adding(days: offsets.max() ?? 0), on: db)
        // The days a step falls on (from the first day of the history), and the renewals by day.
        var steps = Set<LocalDate>(), renewals: [LocalDate: [UUID]] = [:]
        for (id, expires) in licences {
            for o in offsets { let day = expires.adding(days: -o); if day >= start { steps.insert(day) } }
            if expires < today { renewals[expires, default: []].append(id) }
        }
        let dispatch = {
            var dispatch = config
            dispatch.gateway = RecordingGateway()
            dispatch.instance = "demo"
            return dispatch
        }()
        let lived = try await DemoSteps.done(prefix: DemoSteps.history(districts: districts.count) + "2", on: db)
        let days = steps.union(renewals.keys).sorted()
            .filter { $0.instant(atHour: 10) <= now && !lived.contains(DemoSteps.day($0, districts: districts.count)) }
        _ = try await DemoSteps.historyDays(lived.count + days.count, districts: districts.count, now: now, on: db)
        let context = try await ReminderPlanner.LicenceContext.load(on: db)
        var outcome = Outcome()
        for day in days {
            let (planning, ids) = (steps.contains(day), renewals[day] ?? [])
            outcome = outcome + (try await DemoSteps.perform(DemoSteps.day(day, districts: districts.count), none: Outcome(), now: now, on: db) { tx in
                try await live(day, planning: planning, renewing: ids, context: context, config: dispatch, calculator: calculator, on: tx)
            })
            try await step()
        }
        // What the records' moves queued after the last of those days (an applicant's notice of a
        // move made on 29 September, when the next step falls after the National Day holidays)
        // is delivered by now, as the live dispatcher would have, to the same recording gateway:
        // the history ends with one more run at `now`.
        outcome = outcome + (try await DemoSteps.perform(DemoSteps.historyEnd(districts: districts.count), none: Outcome(), now: now, on: db) { tx in
            let started = Date()
            let tally = try await ReminderDispatcher(db: tx, config: dispatch).run(clock: ManualClock(now).clock)
            return Outcome(sent: tally.sent, failed: tally.failed, dispatching: Date().timeIntervalSince(started))
        })
        try await PlannerStatistics.refresh(on: db)
        return outcome
    }

    /// One day of the history, inside its transaction: at 10:00 the plan and the delivery of the
    /// steps that fall that day, at 16:00 the renewals of the licences expiring that day.
    static func live(_ day: LocalDate, planning: Bool, renewing ids: [UUID], context: ReminderPlanner.LicenceContext, config: ReminderConfig,
                     calculator: DeadlineCalculator, on tx: any Database) async throws -> Outcome {
        var outcome = Outcome()
        if planning {
            let clock = ManualClock(day.instant(atHour: 10))
            outcome.days = 1
            var started = Date()
            outcome.planned = try await ReminderPlanner.licencesToday(now: clock.now, context: context, on: tx)
            outcome.planning = Date().timeIntervalSince(started)
            started = Date()
            let tally = try await ReminderDispatcher(db: tx, config: config).run(clock: clock.clock)
            outcome.sent = tally.sent; outcome.failed = tally.failed
            outcome.dispatching = Date().timeIntervalSince(started)
        }
        if !ids.isEmpty {
            let started = Date()
            try await DemoLicenceHistory.renew(ids, on: day, calculator: calculator, on: tx)
            outcome.renewed = ids.count
            outcome.renewing = Date().timeIntervalSince(started)
        }
        return outcome
    }
}

extension DemoHistory {
    /// The demo districts: their registers' records (`DemoRecords`), then their history lived up
    /// to `now`, each step in its transaction; `step` is told after each. The demo is recorded as
    /// requested first and complete last (`DemoSteps`), so a start after a stop resumes it.
    public static func generate(scale: Int = 1, districts: Int = 1, on db: any Database, config: ReminderConfig, calculator: DeadlineCalculator,
                                now: Date, hash: @escaping @Sendable (String) throws -> String,
                                step: @Sendable () async throws -> Void = {}) async throws
        -> (records: Int, districts: [String], history: Outcome) {
        let resuming = try await DemoSteps.pending(on: db) != nil
        let requested = try await DemoSteps.request(.init(scale: scale, districts: districts), now: now, on: db)
        let made: (records: Int, districts: [String])
        do {
            made = try await DemoRecords.generate(scale: scale, districts: districts, on: db, calculator: calculator, now: now, hash: hash,
                                                  resuming: resuming, step: step)
        } catch let refusal as DemoRecords.Failure {
            if requested { try await DemoSteps.withdraw(on: db) }
            throw refusal
        }
        let history = try await live(on: db, config: config, calculator: calculator, until: now, step: step)
        _ = try await DemoSteps.claim(DemoSteps.completed, now: now, on: db)
        return (made.records, made.districts, history)
    }
}
