import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The stored events of records' clocks (`record_clock_events`), and what reads them: a record's
/// clocks explained, and due dates computed again when a year's calendar arrives.
public enum RecordClocks {
    /// A stored event with who recorded it and when, for the record's page.
    public struct Entry: Sendable {
        public let event: ClockEvent
        public let recordedAt: Date
    }

    /// The record's clock events, in the order they happened.
    public static func entries(_ type: RecordType, id: UUID, on db: any Database) async throws -> [Entry] {
        try await entries(type, where: "record_id = \(bind: id)", on: db)[id] ?? []
    }

    /// The clock events of the register's records that `condition` (on `record_id`) selects, by record.
    static func entries(_ type: RecordType, where condition: SQLQueryString, on db: any Database) async throws -> [UUID: [Entry]] {
        guard type.deadlines.contains(where: \.isClock) else { return [:] }
        struct Row: Decodable {
            var record_id: UUID; var clock: String; var kind: String; var day: String; var reason: String; var days: Int?; var recorded_at: Int64
        }
        var out: [UUID: [Entry]] = [:]
        for r in try await db.sql.raw("""
            SELECT record_id, clock, kind, day, reason, days, recorded_at FROM record_clock_events
            WHERE record_type = \(bind: type.slug) AND \(condition) ORDER BY record_id, seq
            """).all(decoding: Row.self) {
            guard let kind = ClockEvent.Kind(rawValue: r.kind), let day = LocalDate(iso: r.day) else { continue }
            out[r.record_id, default: []].append(Entry(event: ClockEvent(clock: r.clock, kind: kind, day: day, reason: r.reason, days: r.days),
                                                       recordedAt: Date(timeIntervalSince1970: Double(r.recorded_at) / 1000)))
        }
        return out
    }

    public static func events(_ type: RecordType, id: UUID, on db: any Database) async throws -> [ClockEvent] {
        try await entries(type, id: id, on: db).map(\.event)
    }

    /// Adds a move's events after the record's earlier ones, inside the move's transaction.
    static func append(_ type: RecordType, id: UUID, _ events: [ClockEvent], after count: Int, actor: AuditActor, now: Date,
                       on tx: any Database) async throws {
        for (i, e) in events.enumerated() {
            try await tx.sql.raw("""
                INSERT INTO record_clock_events (id, record_type, record_id, seq, clock, kind, day, reason, days, recorded_by, recorded_at)
                VALUES (\(bind: UUID()), \(bind: type.slug), \(bind: id), \(bind: count + i + 1), \(bind: e.clock), \(bind: e.kind.rawValue),
                        \(bind: e.day.description), \(bind: e.reason), \(bind: e.days), \(bind: actor.userID), \(bind: RecordSQL.millis(now)))
                """).run()
        }
    }

    static func delete(_ type: RecordType, id: UUID, on tx: any Database) async throws {
        try await tx.sql.raw("DELETE FROM record_clock_events WHERE record_type = \(bind: type.slug) AND record_id = \(bind: id)").run()
    }

    /// Each clock of the record read with today's calendar, in the declaration's order.
    public static func readings(_ type: RecordType, _ row: RecordRow, events: [ClockEvent],
                                calculator: DeadlineCalculator) throws -> [(spec: DeadlineSpec, reading: ClockReading)] {
        try type.deadlines.filter(\.isClock).compactMap { d in
            try ClockReading.read(d, values: row.values, unit: row.values[type.ownerField]?.uuid, events: events, calculator: calculator).map { (d, $0) }
        }
    }

    /// After a year's calendar is loaded: every clock whose due date lies in that year or later was
    /// counted (at least in part) by weekends only, so it is computed again from its events. A
    /// changed due date is stored with its entry in the audit trail. Returns how many changed.
    public static func recompute(from first: LocalDate, calculator: DeadlineCalculator, actor: AuditActor, now: Date,
                                 on tx: any Database) async throws -> Int {
        var changed = 0
        for type in Registers.all {
            let clocks = type.deadlines.filter(\.isClock)
            guard !clocks.isEmpty else { continue }
            let due: SQLQueryString = clocks.map { "\(unsafeRaw: $0.field) >= \(bind: first.description)" as SQLQueryString }.joined(separator: " OR ")
            changed += try await recompute(type, where: due, calculator: calculator, actor: actor, now: now, on: tx)
        }
        return changed
    }

    /// Computes again the clocks of the register's records that `condition` selects, storing and
    /// auditing each changed due date. Returns how many records changed.
    static func recompute(_ type: RecordType, where condition: SQLQueryString, calculator: DeadlineCalculator, actor: AuditActor, now: Date,
                          on tx: any Database) async throws -> Int {
        let clocks = type.deadlines.filter(\.isClock)
        let rows = try await RecordSQL.rows("""
            SELECT \(unsafeRaw: RecordSQL.selectList(type)) FROM \(unsafeRaw: type.table) WHERE \(condition)
            """, type, on: tx)
        guard !clocks.isEmpty, !rows.isEmpty else { return 0 }
        let events = try await entries(type, where: "record_id IN (SELECT id FROM \(unsafeRaw: type.table) WHERE \(condition))", on: tx)
        var changed = 0
        for row in rows {
            let values = try RecordRules.prepare(type, row.values, events: (events[row.id] ?? []).map(\.event), calculator: calculator)
            guard clocks.contains(where: { values[$0.field] != row.values[$0.field] }) else { continue }
            let sets: [SQLQueryString] = clocks.map { "\(unsafeRaw: $0.field) = \(RecordSQL.bind(values[$0.field], .text))" }
            try await tx.sql.raw("""
                UPDATE \(unsafeRaw: type.table) SET \(sets.joined(separator: ", ")), version = version + 1, updated_at = \(bind: RecordSQL.millis(now))
                WHERE id = \(bind: row.id)
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: type.entityType, entityID: row.id.uuidString,
                                      before: RecordStore.snapshot(type, row.state, row.values), after: RecordStore.snapshot(type, row.state, values), at: now)
            changed += 1
        }
        return changed
    }
}
