import Foundation
import Synchronization

/// Where the platform's business time comes from: what "now" and "today" are when a record is
/// written, a deadline is computed or checked, a reminder is planned or sent, a token expires and
/// a report picks its year. In production it is the system's clock; a test or the demo sets its
/// own (`fixed`, or a `ManualClock` moved by hand). Timing that is not business time reads the
/// system directly: cache lifetimes, timeouts, the wait for the next minute, log lines and the
/// audit trail's own timestamps (when the server did something).
public struct Clock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public var now: Date { read() }
    /// Today's date in China (`LocalDate`).
    public var today: LocalDate { LocalDate(read()) }

    public static let system = Clock { Date() }

    /// Always the same instant.
    public static func fixed(_ instant: Date) -> Clock { Clock { instant } }

    /// The system's clock moved to another day, its time of day running on: a training platform
    /// or a test run on a chosen date (`FAZHI_TODAY`, `FAZHI_TEST_TODAY`).
    public static func shifted(to day: LocalDate, from now: Date = Date()) -> Clock {
        let offset = day.instant(atHour: 0).timeIntervalSince(LocalDate(now).instant(atHour: 0))
        return Clock { Date().addingTimeInterval(offset) }
    }
}

/// A clock moved by hand: the demo's simulated days, and tests that let time pass.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var clock: Clock { Clock { [self] in self.now } }
    public var now: Date { current.withLock { $0 } }

    public func set(_ instant: Date) { current.withLock { $0 = instant } }
}
