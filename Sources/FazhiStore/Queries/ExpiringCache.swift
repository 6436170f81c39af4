import Foundation
import NIOConcurrencyHelpers

/// Values kept for a few seconds: who a token or a person is (so a busy integration does not
/// resolve roles and scopes on every call), list totals (a COUNT over a large table) and the unit
/// directory. Any change made through this instance empties them at once; another instance sees a
/// change (a revoked token, a new role, a new record) within `lifetime`.
public final class ExpiringCache<Value: Sendable>: Sendable {
    public static var lifetime: TimeInterval { 5 }
    public static var capacity: Int { 10_000 }

    struct Entry: Sendable { let value: Value; let expires: Date }
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    public func get(_ key: String, now: Date = Date()) -> Value? {
        entries.withLockedValue { e in
            guard let hit = e[key] else { return nil }
            if hit.expires < now { e[key] = nil; return nil }
            return hit.value
        }
    }

    public init() {}

    public func put(_ key: String, _ value: Value, now: Date = Date()) {
        entries.withLockedValue { e in
            if e.count >= Self.capacity { e.removeAll(keepingCapacity: true) }
            e[key] = Entry(value: value, expires: now.addingTimeInterval(Self.lifetime))
        }
    }

    public func removeAll() { entries.withLockedValue { $0.removeAll(keepingCapacity: true) } }
}

extension ExpiringCache: RecordCounts where Value == Int {}
