import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Atomics
import NIOConcurrencyHelpers
import Vapor

/// Application-wide services, stored on `Application`.
public final class FazhiServices: Sendable {
    public let config: AppConfig
    let metrics = MetricsRegistry()
    private let calculatorCache = NIOLockedValueBox<(calculator: DeadlineCalculator, loaded: Date)?>(nil)
    let tokenTouches = NIOLockedValueBox<[UUID: Date]>([:])
    let principals = ExpiringCache<CachedPrincipal>()
    let totals = ExpiringCache<Int>()
    let unitNames = ExpiringCache<[String: UnitDirectory.Entry]>()
    /// The methods each declared path answers, for 405 with `Allow` (filled once routes are registered).
    let routeMethods = RouteMethods()
    /// Requests being answered; shutdown waits for them before the databases close.
    let inFlight = ManagedAtomic<Int>(0)
    /// The demo being made behind this instance (`DemoBuilder`): its progress, nil when none is.
    let demoProgress = NIOLockedValueBox<DemoSteps.Progress?>(nil)

    /// Waits until no request is being answered (at most `timeout` seconds).
    func drain(timeout: TimeInterval = 10) async {
        let deadline = Date().addingTimeInterval(timeout)
        while inFlight.load(ordering: .relaxed) > 0 && Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
    }

    /// Forgets everything derived from the data; called after every successful change.
    func dataChanged() {
        principals.removeAll()
        totals.removeAll()
        unitNames.removeAll()
    }

    /// A hash of a random password at the configured cost: sign-in verifies against it when
    /// there is no account to verify, so an unknown name takes as long as a wrong password.
    let decoyHash: String

    init(config: AppConfig) {
        self.config = config
        decoyHash = (try? Bcrypt.hash(Secrets.random(), cost: config.bcryptCost)) ?? ""
    }

    /// Attachments and uploaded import files.
    var blobs: BlobStore { BlobStore(directory: config.filesDirectory, clock: config.clock) }

    /// The deadline calculator: the working-day calendar and the districts' own amounts, reloaded
    /// from the database at most once a minute so that a year loaded or an amount set on one app
    /// instance reaches the others.
    func calculator(on db: any Database) async throws -> DeadlineCalculator {
        if let cached = calculatorCache.withLockedValue({ $0 }), Date().timeIntervalSince(cached.loaded) < 60 {
            return cached.calculator
        }
        let fresh = try await CalendarStore.calculator(on: db)
        calculatorCache.withLockedValue { $0 = (fresh, Date()) }
        return fresh
    }

    func calendar(on db: any Database) async throws -> WorkCalendar { try await calculator(on: db).calendar }

    /// After a year is loaded, an amount set or the unit tree changed on this instance.
    func invalidateCalculator() { calculatorCache.withLockedValue { $0 = nil } }
}

struct FazhiServicesKey: StorageKey { typealias Value = FazhiServices }

extension Application {
    public var fazhi: FazhiServices {
        guard let s = storage[FazhiServicesKey.self] else { fatalError("configure(_:config:) has not run") }
        return s
    }
}


struct CachedPrincipal: Sendable { let principal: Principal; let tokenID: UUID? }

/// Which methods the registered routes answer at a path: a request whose path matches a route but
/// whose method matches none gets 405 and `Allow`, not 404.
final class RouteMethods: Sendable {
    private let routes = NIOLockedValueBox<[(path: [PathComponent], method: String)]>([])

    func load(_ all: [Route]) {
        routes.withLockedValue { $0 = all.map { ($0.path, $0.method.rawValue) } }
    }

    /// The methods declared for a path, or nil when no route has this path at all. Routes that name
    /// every segment (`/records/x/import`) go before those with a parameter there (`/records/x/:id`);
    /// with `literal`, only they count.
    func allowed(path: String, literal: Bool = false) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let (named, general) = routes.withLockedValue { all -> ([String], [String]) in
            let matching = all.filter { Self.matches($0.path, parts) }
            let named = matching.filter { $0.path.allSatisfy { if case .constant = $0 { return true }; return false } }
            return (named.map(\.method), matching.map(\.method))
        }
        let methods = !named.isEmpty || literal ? named : general
        guard !methods.isEmpty else { return nil }
        var set = Set(methods)
        if set.contains("GET") { set.insert("HEAD") }
        return set.sorted()
    }

    static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        var i = 0
        for component in pattern {
            switch component {
            case .catchall: return i < parts.count
            case .anything, .parameter: guard i < parts.count else { return false }
            case .constant(let c): guard i < parts.count, parts[i] == c else { return false }
            }
            i += 1
        }
        return i == parts.count
    }
}
