import Foundation

/// A calendar date without time or zone, as statutes count it (China Standard Time).
/// Kept as a day number so that deadline arithmetic is integer arithmetic.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        self.dayNumber = LocalDate.days(fromCivil: year, month, day)
    }

    /// Parses `YYYY-MM-DD` strictly. Reads bytes: imports parse a date per row.
    public init?(iso string: some StringProtocol) {
        var digits = [Int](), i = 0
        digits.reserveCapacity(8)
        for b in string.utf8 {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
            } else {
                guard b >= 48 && b <= 57 else { return nil }
                digits.append(Int(b - 48))
            }
            i += 1
        }
        guard i == 10 else { return nil }
        self.init(year: digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
                  month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    /// The date in China Standard Time (UTC+8, no daylight saving) at the given instant.
    public init(_ instant: Date) {
        let seconds = Int(floor(instant.timeIntervalSince1970)) + 8 * 3600
        self.dayNumber = Int((Double(seconds) / 86_400).rounded(.down))
    }

    /// The hour of the day (0–23) in China Standard Time at the instant.
    public static func hour(at instant: Date) -> Int {
        let seconds = Int(floor(instant.timeIntervalSince1970)) + 8 * 3600
        return ((seconds % 86_400) + 86_400) % 86_400 / 3600
    }

    /// The instant at `hour` o'clock of this day, China Standard Time.
    public func instant(atHour hour: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 + (hour - 8) * 3600))
    }

    public var components: (year: Int, month: Int, day: Int) { LocalDate.civil(fromDays: dayNumber) }
    public var year: Int { components.year }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The same day `months` later; the last day of the month when that day does not exist.
    public func adding(months: Int) -> LocalDate {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let ny = Int((Double(total) / 12).rounded(.down)), nm = total - ny * 12 + 1
        return LocalDate(year: ny, month: nm, day: min(d, LocalDate.daysIn(month: nm, year: ny)))!
    }

    /// `YYYY-MM-DD`, written byte by byte (`String(format:)` showed up in import profiles).
    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return "\(y)-\(m)-\(d)" }
        let bytes: [UInt8] = [UInt8(48 + y / 1000), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), 45,
                              UInt8(48 + m / 10), UInt8(48 + m % 10), 45, UInt8(48 + d / 10), UInt8(48 + d % 10)]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "日期格式应为 YYYY-MM-DD：\(raw)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
