/// Which days are working days (工作日), from the holiday notices that have been loaded.
/// A date in a year without a loaded notice is answered by the weekend rule but reported as
/// unknown, so a deadline that crosses it is marked provisional rather than silently wrong.
public struct WorkCalendar: Sendable {
    public private(set) var knownYears: Set<Int> = []
    private var overrides: [Int: Bool] = [:]   // day number → is a working day

    public init(notices: [HolidayNotice] = []) {
        for notice in notices { load(notice) }
    }

    public static let builtIn = WorkCalendar(notices: HolidayNotice.builtIn)

    /// Adds (or replaces) a year's notice.
    public mutating func load(_ notice: HolidayNotice) {
        knownYears.insert(notice.year)
        for day in notice.days where day.date.year == notice.year || overrides[day.date.dayNumber] == nil {
            overrides[day.date.dayNumber] = !day.isOffDay
        }
    }

    public func isKnown(_ date: LocalDate) -> Bool { knownYears.contains(date.year) }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        overrides[date.dayNumber] ?? !date.isWeekend
    }
}
