/// How a statutory period is counted (`rules.md` §2). The day of the triggering event is not
/// counted; natural-day and month periods that end on a rest day move to the next working day.
public enum DeadlineRule: Hashable, Sendable, Codable, CustomStringConvertible {
    case workingDays(Int)
    case days(Int)
    case months(Int)

    /// The lengths a period may have, in any unit: ten years of days, more of working days or months.
    public static let amounts = 0...3_650

    public var description: String {
        switch self {
        case .workingDays(let n): return "\(n)个工作日"
        case .days(let n): return "\(n)日"
        case .months(let n): return "\(n)个月"
        }
    }
}

/// A computed due date. `provisional` is true when any day the computation relied on lies in a
/// year whose holiday notice has not been loaded.
public struct Deadline: Hashable, Sendable, Codable {
    public let due: LocalDate
    public let provisional: Bool
    public init(due: LocalDate, provisional: Bool) { self.due = due; self.provisional = provisional }
}

/// A closed run of days during which a clock does not count: the days after `pausedOn` up to and
/// including `resumedOn` (e.g. third-party consultation, 政府信息公开条例 Art.32/34).
public struct ClockPause: Hashable, Sendable, Codable {
    public let pausedOn: LocalDate
    public let resumedOn: LocalDate
    public init(pausedOn: LocalDate, resumedOn: LocalDate) { self.pausedOn = pausedOn; self.resumedOn = resumedOn }
    func excludes(_ day: LocalDate) -> Bool { day > pausedOn && day <= resumedOn }
}

public struct DeadlineCalculator: Sendable {
    public let calendar: WorkCalendar
    /// The districts' own amounts for configurable rules.
    public let local: LocalRules
    /// Stops runaway loops on absurd input (about 30 years of days).
    static let horizon = 11_000

    public init(calendar: WorkCalendar, local: LocalRules = .none) { self.calendar = calendar; self.local = local }

    public func due(from start: LocalDate, _ rule: DeadlineRule, excluding pauses: [ClockPause] = []) throws(CoreError) -> Deadline {
        var provisional = false
        func note(_ day: LocalDate) { if !calendar.isKnown(day) { provisional = true } }
        func paused(_ day: LocalDate) -> Bool { pauses.contains { $0.excludes(day) } }

        switch rule {
        case .workingDays(let n):
            guard DeadlineRule.amounts.contains(n) else { throw CoreError.invalid(field: "workingDays", "工作日数应在 0 到 3650 之间") }
            var day = start, counted = 0
            while counted < n {
                day = day.adding(days: 1)
                guard day.dayNumber - start.dayNumber < Self.horizon else { throw CoreError.invalid(field: "workingDays", "期限超出可计算范围") }
                if paused(day) { continue }
                note(day)
                if calendar.isWorkingDay(day) { counted += 1 }
            }
            return Deadline(due: day, provisional: provisional)
        case .days(let n):
            guard DeadlineRule.amounts.contains(n) else { throw CoreError.invalid(field: "days", "天数应在 0 到 3650 之间") }
            var day = start, counted = 0
            while counted < n {
                day = day.adding(days: 1)
                if !paused(day) { counted += 1 }
            }
            return rollForward(day, provisional: provisional)
        case .months(let n):
            guard DeadlineRule.amounts.contains(n) else { throw CoreError.invalid(field: "months", "月数应在 0 到 3650 之间") }
            var day = start.adding(months: n)
            // Each paused day before the end pushes the end one day later.
            var shift = 0
            for pause in pauses where pause.pausedOn < day {
                shift += pause.resumedOn.dayNumber - pause.pausedOn.dayNumber
            }
            day = day.adding(days: shift)
            return rollForward(day, provisional: provisional)
        }
    }

    private func rollForward(_ end: LocalDate, provisional: Bool) -> Deadline {
        var day = end, provisional = provisional
        if !calendar.isKnown(day) { provisional = true }
        var steps = 0
        while !calendar.isWorkingDay(day) && steps < 60 {
            day = day.adding(days: 1)
            steps += 1
            if !calendar.isKnown(day) { provisional = true }
        }
        return Deadline(due: day, provisional: provisional)
    }
}

/// A statutory clock that can be paused and resumed (补正, consultation), restarted
/// (a corrected application restarts the reply clock), and extended once.
public struct StatutoryClock: Hashable, Sendable, Codable {
    public private(set) var start: LocalDate
    public let rule: DeadlineRule
    public private(set) var pauses: [ClockPause] = []
    public private(set) var pausedSince: LocalDate?
    public private(set) var extensionRule: DeadlineRule?

    public init(start: LocalDate, rule: DeadlineRule) { self.start = start; self.rule = rule }

    public var isPaused: Bool { pausedSince != nil }

    public mutating func pause(on day: LocalDate) throws(CoreError) {
        guard pausedSince == nil else { throw CoreError.state("计时已暂停，不能重复暂停") }
        guard day >= start else { throw CoreError.invalid(field: "pausedOn", "暂停日期不能早于起算日期") }
        if let last = pauses.last, day < last.resumedOn { throw CoreError.invalid(field: "pausedOn", "暂停期间不能重叠") }
        pausedSince = day
    }

    public mutating func resume(on day: LocalDate) throws(CoreError) {
        guard let since = pausedSince else { throw CoreError.state("计时未暂停，无需恢复") }
        guard day >= since else { throw CoreError.invalid(field: "resumedOn", "恢复日期不能早于暂停日期") }
        pauses.append(ClockPause(pausedOn: since, resumedOn: day))
        pausedSince = nil
    }

    /// The period starts again from `day`, forgetting earlier pauses (政府信息公开条例 Art.30).
    public mutating func restart(on day: LocalDate) throws(CoreError) {
        guard day >= start else { throw CoreError.invalid(field: "restartedOn", "重新起算日期不能早于原起算日期") }
        start = day; pauses = []; pausedSince = nil
    }

    /// Statutes allow one extension; a second is refused.
    public mutating func extend(by rule: DeadlineRule) throws(CoreError) {
        guard extensionRule == nil else { throw CoreError.state("期限只能延长一次") }
        extensionRule = rule
    }

    /// The due date, or nil while the clock is paused.
    public func deadline(_ calculator: DeadlineCalculator) throws(CoreError) -> Deadline? {
        guard pausedSince == nil else { return nil }
        let base = try calculator.due(from: start, rule, excluding: pauses)
        guard let extensionRule else { return base }
        let extended = try calculator.due(from: base.due, extensionRule)
        return Deadline(due: extended.due, provisional: base.provisional || extended.provisional)
    }
}
