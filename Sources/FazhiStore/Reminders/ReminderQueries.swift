import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Something with a due date that a person should act on, from any register.
public struct ToDoItem: Sendable, Encodable {
    public let register: String
    public let slug: String
    public let id: UUID
    public let title: String
    public let unitID: UUID
    public let field: String
    public let due: LocalDate
    public let daysLeft: Int
    public var overdue: Bool { daysLeft < 0 }
}

/// A row of the outbox as administrators see it.
public struct ReminderRow: Sendable, Decodable {
    public let id: Int64
    public let key: String
    public let source: String
    public let register: String?
    public let record_id: UUID?
    public let step: Int
    public let channel: String
    public let recipient: String
    public let recipient_name: String?
    public let category: String
    public let subject: String
    public let body: String
    public let state: String
    public let attempts: Int
    public let next_attempt_at: Int64
    public let sent_at: Int64?
    public let last_error: String?
    public let created_at: Int64
}

public struct ReminderAttemptRow: Sendable, Decodable {
    public let attempt: Int
    public let at: Int64
    public let instance: String
    public let ok: Int
    public let detail: String
}

public struct InboxMessage: Sendable, Decodable {
    public let id: Int64
    public let subject: String
    public let body: String
    public let link: String?
    public let created_at: Int64
    public let read_at: Int64?
}

/// Reads of the reminder tables for pages and the API.
public enum ReminderQueries {
    /// 我的待办: open records whose due date is within `horizon` days or past, in the person's own
    /// units where they can act on them; for a unit's head also what is overdue in that unit, and
    /// for the district office what is overdue anywhere — the same people the escalations reach.
    public static func toDo(for p: Principal, today: LocalDate, horizon: Int = 7, on db: any Database) async throws -> [ToDoItem] {
        struct Code: Decodable { var code: String }
        let roles = Set(try await db.sql.raw("SELECT r.code FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = \(bind: p.userID)")
            .all(decoding: Code.self).map(\.code))
        let isOffice = roles.contains(BuiltInRole.districtOffice.code), isHead = roles.contains(BuiltInRole.unitHead.code)
        struct Row: Decodable { var id: UUID; var owner: UUID; var title: String?; var due: String }
        var items: [ToDoItem] = []
        for type in Registers.all where p.has(type.readPermission) {
            for deadline in type.deadlines {
                guard let field = type.column(deadline.field) else { continue }
                let acting = type.actors(of: deadline)
                var reach: [SQLQueryString] = []
                if !p.permissions.isDisjoint(with: acting), !p.unitIDs.isEmpty {
                    reach.append("(t.\(unsafeRaw: type.ownerField) IN (\(binds: p.unitIDs)) AND t.\(unsafeRaw: deadline.field) <= \(bind: today.adding(days: horizon).description))")
                }
                // The person the record names to be reminded (the mediator), wherever its unit.
                if let person = deadline.remind.flatMap({ type.column($0) }) {
                    reach.append("(t.\(unsafeRaw: person.name) = \(bind: p.userID) AND t.\(unsafeRaw: deadline.field) <= \(bind: today.adding(days: horizon).description))")
                }
                if !deadline.canBeOverdue {
                    // A window's end is no one's duty: only what is still ahead.
                    if !reach.isEmpty { reach = ["(\(reach.joined(separator: " OR "))) AND t.\(unsafeRaw: deadline.field) >= \(bind: today.description)"] }
                } else if isOffice {
                    reach.append("t.\(unsafeRaw: deadline.field) < \(bind: today.description)")
                } else if isHead, !p.unitIDs.isEmpty {
                    reach.append("(t.\(unsafeRaw: type.ownerField) IN (\(binds: p.unitIDs)) AND t.\(unsafeRaw: deadline.field) < \(bind: today.description))")
                }
                guard !reach.isEmpty else { continue }
                // One walk per open state of its (state, due date) index, in due order, no further
                // than the horizon: a database cannot keep the order across several states of one
                // `IN`, and would sort every open record due by then.
                var rows: [Row] = []
                for state in deadline.openStates {
                    rows += try await db.sql.raw("""
                        SELECT t.id, t.\(unsafeRaw: type.ownerField) AS owner, t.\(unsafeRaw: type.titleField) AS title, t.\(unsafeRaw: deadline.field) AS due
                        FROM \(unsafeRaw: type.table) t
                        WHERE t.state = \(bind: state) AND t.\(unsafeRaw: deadline.field) <= \(bind: today.adding(days: horizon).description)
                          AND (\(reach.joined(separator: " OR "))) AND \(RecordSQL.scope(type, p.scope))
                        ORDER BY t.\(unsafeRaw: deadline.field), t.id LIMIT 500
                        """).all(decoding: Row.self)
                }
                for r in rows {
                    guard let due = LocalDate(iso: r.due) else { continue }
                    items.append(ToDoItem(register: type.label, slug: type.slug, id: r.id, title: r.title ?? type.label, unitID: r.owner,
                                          field: field.label, due: due, daysLeft: due.dayNumber - today.dayNumber))
                }
            }
        }
        return items.sorted { ($0.due, $0.register) < ($1.due, $1.register) }
    }

    /// Reminders sent in a year by category (licence kind or register) and channel, and by unit.
    public static func sent(year: Int, scope: DataScope, on db: any Database) async throws -> (byKind: [(category: String, channel: String, n: Int)], byUnit: [(unit: UUID?, n: Int)]) {
        struct Kind: Decodable { var category: String; var channel: String; var n: Int }
        struct Unit: Decodable { var unit_id: UUID?; var n: Int }
        let from = "\(year)-01-01", to = "\(year)-12-31"
        let kinds = try await db.sql.raw("""
            SELECT category, channel, COUNT(*) AS n FROM reminders WHERE sent_on >= \(bind: from) AND sent_on <= \(bind: to) AND state = 'sent'
              AND \(inScope(scope))
            GROUP BY category, channel ORDER BY category, channel
            """).all(decoding: Kind.self)
        let units = try await db.sql.raw("""
            SELECT unit_id, COUNT(*) AS n FROM reminders WHERE sent_on >= \(bind: from) AND sent_on <= \(bind: to) AND state = 'sent'
              AND \(inScope(scope))
            GROUP BY unit_id ORDER BY COUNT(*) DESC
            """).all(decoding: Unit.self)
        return (kinds.map { ($0.category, $0.channel, $0.n) }, units.map { ($0.unit_id, $0.n) })
    }

    /// The outbox a person sees: the reminders about their scope's units (a record's owner, a
    /// licence's issuer, a holder's town). A reminder about no unit is the whole platform's.
    static func inScope(_ scope: DataScope) -> SQLQueryString {
        ScopeSQL.predicate(scope, unitColumn: "unit_id")
    }

    /// How many reminders are in each state, counted up to `RecordStore.countBound` each (the
    /// outbox's tabs say 「10000 条以上」 beyond it).
    public static func counts(scope: DataScope, on db: any Database) async throws -> [String: (n: Int, exact: Bool)] {
        var out: [String: (n: Int, exact: Bool)] = [:]
        for state in ReminderState.allCases {
            let n = try await BoundedCount.rows(of: "reminders", where: "state = \(bind: state.rawValue) AND \(inScope(scope))", on: db.sql)
            out[state.rawValue] = (min(n, RecordStore.countBound), n <= RecordStore.countBound)
        }
        return out
    }

    /// The outbox, newest first, optionally in one state or about one record: a page at an offset
    /// (within `RecordStore.countBound`) or before an id.
    public static func list(state: String?, record: UUID? = nil, scope: DataScope, limit: Int, at position: KeyedPosition,
                            on db: any Database) async throws -> KeyedPage<ReminderRow> {
        try await KeyedList.page("reminders", key: "id", where: clauses(state: state, record: record, scope: scope),
                                 walking: clauses(state: state, record: record, scope: scope, walking: db.isSQLite), limit: limit, at: position,
                                 on: db.sql, keyOf: \.id)
    }

    /// `walking` (SQLite only): for a page, which walks the ids (or a state's ids) backwards and
    /// tests the unit on each (`ScopeSQL.predicate`); the count reads the unit index.
    static func clauses(state: String?, record: UUID?, scope: DataScope, walking: Bool = false) -> [SQLQueryString] {
        var parts: [SQLQueryString] = [ScopeSQL.predicate(scope, unitColumn: "unit_id", walking: walking)]
        if let state { parts.append("state = \(bind: state)") }
        if let record { parts.append("record_id = \(bind: record)") }
        return parts
    }

    /// One reminder within the scope, with its delivery log; nil for one outside it, as for a missing one.
    public static func find(_ id: Int64, scope: DataScope, on db: any Database) async throws -> (ReminderRow, [ReminderAttemptRow])? {
        guard let row = try await db.sql.raw("SELECT * FROM reminders WHERE id = \(bind: id) AND \(inScope(scope))")
            .first(decoding: ReminderRow.self) else { return nil }
        let attempts = try await db.sql.raw("SELECT attempt, at, instance, ok, detail FROM reminder_attempts WHERE reminder_id = \(bind: id) ORDER BY id")
            .all(decoding: ReminderAttemptRow.self)
        return (row, attempts)
    }

    public static func inbox(user: UUID, limit: Int = 100, on db: any Database) async throws -> [InboxMessage] {
        try await db.sql.raw("""
            SELECT id, subject, body, link, created_at, read_at FROM inbox_messages WHERE user_id = \(bind: user) ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)
            """).all(decoding: InboxMessage.self)
    }

    public static func unread(user: UUID, on db: any Database) async throws -> Int {
        struct N: Decodable { var n: Int }
        return try await db.sql.raw("SELECT COUNT(*) AS n FROM inbox_messages WHERE user_id = \(bind: user) AND read_at IS NULL").first(decoding: N.self)?.n ?? 0
    }

    /// Marks a person's unread messages read.
    public static func markRead(user: UUID, actor: AuditActor, now: Date, on db: any Database) async throws {
        try await db.write { tx in
            struct Row: Decodable { var id: Int64 }
            let marked = try await tx.sql.raw("""
                UPDATE inbox_messages SET read_at = \(bind: RecordSQL.millis(now)) WHERE user_id = \(bind: user) AND read_at IS NULL RETURNING id
                """).all(decoding: Row.self)
            guard !marked.isEmpty else { return }
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "inbox", entityID: user.uuidString,
                                      after: AuditLog.snapshot(["read": marked.map { String($0.id) }.joined(separator: ",")]), at: now)
        }
    }
}
