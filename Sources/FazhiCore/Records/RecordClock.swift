import Foundation

/// Clocks kept on records: a due date that runs from a start field under a statutory rule and
/// that workflow moves pause, resume, restart and extend. The record keeps every move's event,
/// so its due date can always be computed again (a calendar loaded later) and explained.

/// One thing that happened to a record's clock, on a day. The clock is named by its due field.
public struct ClockEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case pause, resume, restart, extend

        public var label: String {
            switch self {
            case .pause: "暂停计时"
            case .resume: "恢复计时"
            case .restart: "重新起算"
            case .extend: "延长期限"
            }
        }
    }

    public let clock: String
    public let kind: Kind
    public let day: LocalDate
    /// What paused or restarted it (the rule's own words: 补正, 征求第三方意见); empty otherwise.
    public let reason: String
    /// For an extension of a chosen length: its days (nil: the rule's whole extension).
    public let days: Int?

    public init(clock: String, kind: Kind, day: LocalDate, reason: String = "", days: Int? = nil) {
        self.clock = clock; self.kind = kind; self.day = day; self.reason = reason; self.days = days
    }

    /// As the audit trail and the record's page say it: "暂停计时（补正）2024-03-05", "延长期限（20日）2024-03-05".
    public var text: String {
        let why = days.map { "\($0)日" } ?? reason
        return kind.label + (why.isEmpty ? "" : "（\(why)）") + " " + day.description
    }
}

/// What a workflow move does to a clock, as a declaration names it: which clock, what, on the
/// day a date field of the move holds (the move's own day when nil), and why.
public struct ClockMoveSpec: Sendable {
    public let clock: String
    public let kind: ClockEvent.Kind
    public let on: String?
    public let reason: String
    /// For an extension: who approved it and the written notice to the applicant, both fields the
    /// move requires.
    public let approvedBy: String?
    public let notice: String?
    /// For an extension of a chosen length, at most the rule's (a rule whose extension is of
    /// natural days): the count field that holds its days.
    public let days: String?

    /// The event this move writes, from the record's values after the move and the move's day.
    public func event(_ values: RecordValues, today: LocalDate) -> ClockEvent {
        ClockEvent(clock: clock, kind: kind, day: on.flatMap { values[$0]?.date } ?? today, reason: reason,
                   days: days.flatMap { values[$0]?.integer }.map { Int(clamping: $0) })
    }
}

/// A clock read from its record: the rule's version, where it runs from, what was deducted, and
/// the due date (nil while paused).
public struct ClockReading: Sendable {
    public struct Pause: Sendable {
        public let pause: ClockPause
        public let reason: String
        /// The days not counted, in the rule's unit (working days for a working-day rule).
        public let days: Int
    }

    public let rule: StatutoryRule
    /// The start field's day, whose rule version applies for the record's whole life.
    public let start: LocalDate
    /// The last restart, when there was one.
    public let restarted: (day: LocalDate, reason: String)?
    public let pauses: [Pause]
    public let pausedSince: (day: LocalDate, reason: String)?
    /// The extension granted, when one was.
    public let extendedBy: DeadlineRule?
    public var extended: Bool { extendedBy != nil }
    public let deadline: Deadline?

    /// The clock of `spec` on a record of `unit` holding `values`, after `events` (in the order
    /// they happened); nil when the start field is empty or no version of the rule was in force
    /// then. A move the clock cannot take (a second extension, a pause while paused) throws.
    public static func read(_ spec: DeadlineSpec, values: RecordValues, unit: UUID?, events: [ClockEvent],
                            calculator: DeadlineCalculator) throws(CoreError) -> ClockReading? {
        guard spec.isClock, let base = spec.base, let id = spec.statute(for: values), let start = values[base]?.date,
              let rule = calculator.rule(id, on: start, unit: unit) else { return nil }
        var clock = StatutoryClock(start: start, rule: rule.period)
        var reasons: [String] = [], pausedReason = "", restarted: (LocalDate, String)?
        for e in events where e.clock == spec.field {
            switch e.kind {
            case .pause:
                guard rule.stops(for: e.reason) else { throw .state("「\(rule.name)」（\(rule.article)）不因「\(e.reason)」暂停计时") }
                try clock.pause(on: e.day)
                pausedReason = e.reason
            case .resume:
                try clock.resume(on: e.day)
                reasons.append(pausedReason)
            case .restart:
                guard rule.restarts.contains(e.reason) else { throw .state("「\(rule.name)」（\(rule.article)）不因「\(e.reason)」重新起算") }
                try clock.restart(on: e.day)
                reasons = []
                restarted = (e.day, e.reason)
            case .extend:
                guard let ext = rule.allowedExtension else { throw .state("「\(rule.name)」（\(rule.article)）不能延长") }
                try clock.extend(by: ext.upTo(e.days, rule: rule))
            }
        }
        let pauses = zip(clock.pauses, reasons).map { p, reason in
            Pause(pause: p, reason: reason, days: ClockReading.counted(p, rule.period, calculator.calendar))
        }
        return ClockReading(rule: rule, start: start, restarted: restarted, pauses: pauses,
                            pausedSince: clock.pausedSince.map { ($0, pausedReason) }, extendedBy: clock.extensionRule,
                            deadline: try clock.deadline(calculator))
    }

    /// The days of a pause a rule would have counted.
    static func counted(_ p: ClockPause, _ period: DeadlineRule, _ calendar: WorkCalendar) -> Int {
        var day = p.pausedOn.adding(days: 1), n = 0
        while day <= p.resumedOn {
            if case .workingDays = period { if calendar.isWorkingDay(day) { n += 1 } } else { n += 1 }
            day = day.adding(days: 1)
        }
        return n
    }

    private static func unit(_ period: DeadlineRule) -> String {
        if case .workingDays = period { return "个工作日" }
        return "日"
    }

    /// "2024-05-15（补正后自 2024-03-11 起重新计算，已扣除征求第三方意见 5 个工作日，已延长 20 个工作日）",
    /// or "计时暂停中（自 … 起，…）".
    public var text: String {
        if let paused = pausedSince { return "计时暂停中（自 \(paused.day) 起，\(paused.reason)）" }
        guard let deadline else { return "" }
        var notes: [String] = []
        if let r = restarted { notes.append("\(r.reason)后自 \(r.day) 起重新计算") }
        for p in pauses { notes.append("已扣除\(p.reason) \(p.days) \(Self.unit(rule.period))") }
        if let by = extendedBy { notes.append("已延长 \(by.amount) \(Self.unit(by))") }
        if deadline.provisional { notes.append("暂按周末推算") }
        return deadline.due.description + (notes.isEmpty ? "" : "（" + notes.joined(separator: "，") + "）")
    }

    /// "《中华人民共和国政府信息公开条例》第三十三条：依申请公开答复20个工作日", or a district's
    /// own: "东昌府区合法性审查工作规则第十条：合法性审查办理期限10个工作日（本区设置，自 2027-01-01 起施行）".
    public var source: String {
        if let own = rule.local { return "\(own.basis)：\(rule.name)\(rule.period.description)（本区设置，自 \(own.from) 起施行）" }
        return "《\(rule.statute)》\(rule.article == "—" ? "" : rule.article)：\(rule.name)\(rule.period.description)"
    }
}
