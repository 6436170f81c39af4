import FazhiCore
import FazhiStore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Application-wide services, stored on `Application`.
public final class FazhiServices: Sendable {
    public let config: AppConfig
    let metrics = MetricsRegistry()
    private let calendarCache = NIOLockedValueBox<(calendar: WorkCalendar, loaded: Date)?>(nil)
    let tokenTouches = NIOLockedValueBox<[UUID: Date]>([:])

    init(config: AppConfig) { self.config = config }

    /// The working-day calendar, reloaded from the database at most once a minute so that a year
    /// loaded on one app instance reaches the others.
    func calendar(on db: any Database) async throws -> WorkCalendar {
        if let cached = calendarCache.withLockedValue({ $0 }), Date().timeIntervalSince(cached.loaded) < 60 {
            return cached.calendar
        }
        let fresh = try await CalendarStore.calendar(on: db)
        calendarCache.withLockedValue { $0 = (fresh, Date()) }
        return fresh
    }

    func invalidateCalendar() { calendarCache.withLockedValue { $0 = nil } }
}

struct FazhiServicesKey: StorageKey { typealias Value = FazhiServices }

extension Application {
    public var fazhi: FazhiServices {
        guard let s = storage[FazhiServicesKey.self] else { fatalError("configure(_:config:) has not run") }
        return s
    }
}
