import FazhiCore
import Fluent
import Foundation
import SQLKit

/// A reminder as a dispatcher holds it after claiming it.
public struct OutboxReminder: Sendable {
    public let id: Int64
    public let key: String
    public let channel: ReminderChannel
    public let recipient: String
    public let category: String
    public let subject: String
    public let body: String
    public let link: String?
    public let userID: UUID?
    /// The unit the reminder is about (its district's plan decides the SMS quiet hours of a retry).
    public let unitID: UUID?
    /// This attempt's number, 1 for the first.
    public let attempt: Int

    /// The same reminder with `mark` in its text replaced (a verification code known only to the
    /// request that made it).
    public func filling(_ mark: String, with value: String) -> OutboxReminder {
        OutboxReminder(id: id, key: key, channel: channel, recipient: recipient, category: category, subject: subject,
                       body: body.replacingOccurrences(of: mark, with: value), link: link, userID: userID, unitID: unitID, attempt: attempt)
    }
}

/// What one attempt to deliver came to.
public struct DeliveryOutcome: Sendable {
    public let id: Int64
    public let ok: Bool
    /// The receiver's answer or the error, for the delivery log.
    public let detail: String
    /// A failure that no later attempt can mend: the reminder goes straight to the dead letters.
    public let final: Bool

    public init(id: Int64, ok: Bool, detail: String, final: Bool = false) { self.id = id; self.ok = ok; self.detail = detail; self.final = final }
}

/// A reminder to be written to the outbox. Its key says what it is about, the step and the
/// channel (and the receiver where one step reaches several people); the outbox holds each key
/// once, so planning twice, or on two instances at once, adds nothing.
public struct NewReminder: Sendable {
    public var key: String
    public var source: String
    public var register: String?
    public var recordID: UUID?
    public var step: Int
    public var channel: ReminderChannel
    public var recipient: String
    public var recipientName: String?
    public var userID: UUID?
    public var unitID: UUID?
    public var category: String
    public var subject: String
    public var body: String
    public var link: String?
    public var sendAt: Date

    public init(key: String, source: String, register: String? = nil, recordID: UUID? = nil, step: Int, channel: ReminderChannel,
                recipient: String, recipientName: String? = nil, userID: UUID? = nil, unitID: UUID? = nil, category: String,
                subject: String, body: String, link: String? = nil, sendAt: Date) {
        self.key = key; self.source = source; self.register = register; self.recordID = recordID; self.step = step
        self.channel = channel; self.recipient = recipient; self.recipientName = recipientName; self.userID = userID
        self.unitID = unitID; self.category = category; self.subject = subject; self.body = body; self.link = link; self.sendAt = sendAt
    }
}

/// The durable outbox. Planning writes reminders here in the transaction that decides them;
/// dispatchers claim batches with a lease (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so two
/// instances never claim the same row; on SQLite the single writer serialises claims), deliver,
/// and record the outcome. A claim whose lease ran out (its dispatcher died) is claimed again.
public enum ReminderOutbox {
    /// Adds reminders whose key is not there yet; returns how many were added.
    @discardableResult
    public static func add(_ reminders: [NewReminder], now: Date, on db: any Database) async throws -> Int {
        var added = 0
        let created = RecordSQL.millis(now), day = LocalDate(now).description
        for chunk in stride(from: 0, to: reminders.count, by: 500).map({ reminders[$0..<min($0 + 500, reminders.count)] }) {
            var rows: [SQLQueryString] = []
            for r in chunk {
                let due = RecordSQL.millis(r.sendAt)
                rows.append("""
                    (\(bind: r.key), \(bind: r.source), \(bind: r.register), \(bind: r.recordID), \(bind: r.step), \(bind: r.channel.rawValue), \
                    \(bind: r.recipient), \(bind: r.recipientName), \(bind: r.userID), \(bind: r.unitID), \(bind: r.category), \(bind: r.subject), \
                    \(bind: r.body), \(bind: r.link), \(bind: due), \(bind: day), 'pending', 0, \(bind: due), \(bind: created))
                    """)
            }
            struct Row: Decodable { var id: Int64 }
            let inserted = try await db.sql.raw("""
                INSERT INTO reminders (key, source, register, record_id, step, channel, recipient, recipient_name, user_id, unit_id, category,
                  subject, body, link, due_at, due_on, state, attempts, next_attempt_at, created_at)
                VALUES \(rows.joined(separator: ", ")) ON CONFLICT (key) DO NOTHING RETURNING id
                """).all(decoding: Row.self)
            added += inserted.count
        }
        return added
    }

    /// Claims up to `limit` reminders due by `now` for `instance`, each with one more attempt;
    /// `only` claims that one, due or not (a portal code's message, sent as the page answers).
    public static func claim(instance: String, now: Date, lease: TimeInterval, limit: Int, only: Int64? = nil, on db: any Database) async throws -> [OutboxReminder] {
        let at = RecordSQL.millis(now), until = RecordSQL.millis(now.addingTimeInterval(lease))
        let lock: SQLQueryString = db.isSQLite ? "" : " FOR UPDATE SKIP LOCKED"
        let due: SQLQueryString = only.map { "id = \(bind: $0)" } ?? "next_attempt_at <= \(bind: at)"
        struct Row: Decodable {
            var id: Int64; var key: String; var channel: String; var recipient: String; var category: String
            var subject: String; var body: String; var link: String?; var user_id: UUID?; var unit_id: UUID?; var attempts: Int
        }
        let rows = try await db.write { tx in
            try await tx.sql.raw("""
                UPDATE reminders SET state = 'sending', claimed_by = \(bind: instance), lease_until = \(bind: until), attempts = attempts + 1
                WHERE id IN (SELECT id FROM reminders WHERE state IN ('pending', 'sending') AND \(due)
                             AND (state = 'pending' OR lease_until < \(bind: at)) ORDER BY next_attempt_at, id LIMIT \(bind: limit)\(lock))
                RETURNING id, key, channel, recipient, category, subject, body, link, user_id, unit_id, attempts
                """).all(decoding: Row.self)
        }
        return rows.compactMap { r in
            guard let channel = ReminderChannel(rawValue: r.channel) else { return nil }
            return OutboxReminder(id: r.id, key: r.key, channel: channel, recipient: r.recipient, category: r.category, subject: r.subject,
                                  body: r.body, link: r.link, userID: r.user_id, unitID: r.unit_id, attempt: r.attempts)
        }.sorted { $0.id < $1.id }
    }

    /// Records what the attempts came to, in one transaction: delivered reminders become sent
    /// (inbox reminders are put in the inbox here, in the same transaction, so they are delivered
    /// exactly once); failed ones wait for their next attempt, or are dead-lettered after the
    /// last; every attempt goes to the delivery log.
    public static func complete(_ outcomes: [DeliveryOutcome], claimed: [OutboxReminder], instance: String, now: Date,
                                retry: RetryPolicy, on db: any Database) async throws {
        guard !outcomes.isEmpty else { return }
        let byID = Dictionary(uniqueKeysWithValues: claimed.map { ($0.id, $0) })
        let at = RecordSQL.millis(now), day = LocalDate(now).description
        // A licence SMS waits out its district's quiet hours before the next attempt.
        let smsUnits = Set(outcomes.compactMap { o in byID[o.id].flatMap { !o.ok && $0.channel == .sms ? $0.unitID : nil } })
        let districtOf = smsUnits.isEmpty ? [:] : try await Districts.byUnit(on: db).mapValues(\.id)
        var plansOf: [UUID: [Licence.Kind: ReminderPlan]] = [:]
        for district in Set(smsUnits.compactMap { districtOf[$0] }) { plansOf[district] = try await ReminderPlans.all(district: district, on: db) }
        let plans = plansOf
        try await db.write { tx in
            let sent = outcomes.filter(\.ok).map(\.id)
            for chunk in stride(from: 0, to: sent.count, by: 500).map({ Array(sent[$0..<min($0 + 500, sent.count)]) }) {
                try await tx.sql.raw("""
                    INSERT INTO inbox_messages (user_id, reminder_id, subject, body, link, created_at)
                    SELECT user_id, id, subject, body, link, \(bind: at) FROM reminders
                    WHERE id IN (\(binds: chunk)) AND channel = 'inbox' AND user_id IS NOT NULL AND state <> 'sent'
                    ON CONFLICT (reminder_id) DO NOTHING
                    """).run()
                try await tx.sql.raw("""
                    UPDATE reminders SET state = 'sent', sent_at = \(bind: at), sent_on = \(bind: day), lease_until = NULL, last_error = NULL
                    WHERE id IN (\(binds: chunk)) AND state <> 'sent'
                    """).run()
            }
            for outcome in outcomes where !outcome.ok {
                guard let r = byID[outcome.id] else { continue }
                if !outcome.final, let wait = retry.wait(afterAttempt: r.attempt) {
                    var next = now.addingTimeInterval(wait)
                    if r.channel == .sms, let kind = Licence.Kind(rawValue: r.category),
                       let plan = r.unitID.flatMap({ districtOf[$0] }).flatMap({ plans[$0]?[kind] }) { next = plan.smsAllowed(at: next) }
                    try await tx.sql.raw("""
                        UPDATE reminders SET state = 'pending', next_attempt_at = \(bind: RecordSQL.millis(next)), lease_until = NULL, last_error = \(bind: outcome.detail)
                        WHERE id = \(bind: outcome.id) AND state = 'sending' AND claimed_by = \(bind: instance)
                        """).run()
                } else {
                    try await tx.sql.raw("""
                        UPDATE reminders SET state = 'dead', lease_until = NULL, last_error = \(bind: outcome.detail)
                        WHERE id = \(bind: outcome.id) AND state = 'sending' AND claimed_by = \(bind: instance)
                        """).run()
                }
            }
            var log: [SQLQueryString] = []
            for outcome in outcomes {
                let attempt = byID[outcome.id]?.attempt ?? 0
                log.append("(\(bind: outcome.id), \(bind: attempt), \(bind: at), \(bind: instance), \(bind: outcome.ok ? 1 : 0), \(bind: String(outcome.detail.prefix(500))))")
            }
            for chunk in stride(from: 0, to: log.count, by: 500).map({ Array(log[$0..<min($0 + 500, log.count)]) }) {
                try await tx.sql.raw("INSERT INTO reminder_attempts (reminder_id, attempt, at, instance, ok, detail) VALUES \(chunk.joined(separator: ", "))").run()
            }
        }
    }

    /// Puts a dead-lettered reminder back in the queue for a fresh round of attempts (an
    /// administrator's action after fixing the channel).
    public static func retry(_ id: Int64, scope: DataScope, actor: AuditActor, now: Date, on db: any Database) async throws {
        try await db.write { tx in
            struct Row: Decodable { var key: String; var state: String }
            guard let row = try await tx.sql.raw("SELECT key, state FROM reminders WHERE id = \(bind: id) AND \(ReminderQueries.inScope(scope))")
                .first(decoding: Row.self) else {
                throw RecordStoreError.notFound
            }
            guard row.state == ReminderState.dead.rawValue else { throw CoreError.state("只有发送失败的提醒可以重新发送") }
            try await tx.sql.raw("""
                UPDATE reminders SET state = 'pending', attempts = 0, next_attempt_at = \(bind: RecordSQL.millis(now)), claimed_by = NULL WHERE id = \(bind: id)
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "reminder", entityID: String(id),
                                      before: AuditLog.snapshot(["key": row.key, "state": row.state]),
                                      after: AuditLog.snapshot(["key": row.key, "state": ReminderState.pending.rawValue]), at: now)
        }
    }
}

/// Reminder plans per licence kind: the platform's defaults (`reminder_plans`), each district's own
/// over them (`district_reminder_plans`); a kind with neither uses the built-in default.
public enum ReminderPlans {
    struct Row: Decodable {
        var kind: String; var offsets: String; var remind_holder: Int; var remind_issuer: Int; var webhook: Int; var quiet_from: Int; var quiet_until: Int
        var plan: ReminderPlan? {
            Licence.Kind(rawValue: kind).map {
                ReminderPlan(kind: $0, offsets: offsets.split(separator: ",").compactMap { Int($0) }.sorted(by: >),
                             remindHolder: remind_holder != 0, remindIssuer: remind_issuer != 0, webhook: webhook != 0,
                             quietFrom: quiet_from, quietUntil: quiet_until)
            }
        }
    }

    /// The plans in force in a district.
    public static func all(district: UUID, on db: any Database) async throws -> [Licence.Kind: ReminderPlan] {
        var plans = Dictionary(uniqueKeysWithValues: ReminderPlan.defaults.map { ($0.kind, $0) })
        let columns: SQLQueryString = "kind, offsets, remind_holder, remind_issuer, webhook, quiet_from, quiet_until"
        for r in try await db.sql.raw("SELECT \(columns) FROM reminder_plans").all(decoding: Row.self) { if let p = r.plan { plans[p.kind] = p } }
        for r in try await db.sql.raw("SELECT \(columns) FROM district_reminder_plans WHERE district_id = \(bind: district)").all(decoding: Row.self) {
            if let p = r.plan { plans[p.kind] = p }
        }
        return plans
    }

    /// Sets a district's plan for one kind (audited).
    public static func save(_ plan: ReminderPlan, district: UUID, actor: AuditActor, now: Date, on db: any Database) async throws {
        try await db.write { tx in
            let offsets = plan.offsets.map(String.init).joined(separator: ",")
            try await tx.sql.raw("""
                INSERT INTO district_reminder_plans (district_id, kind, offsets, remind_holder, remind_issuer, webhook, quiet_from, quiet_until, updated_at)
                VALUES (\(bind: district), \(bind: plan.kind.rawValue), \(bind: offsets), \(bind: plan.remindHolder ? 1 : 0), \(bind: plan.remindIssuer ? 1 : 0),
                        \(bind: plan.webhook ? 1 : 0), \(bind: plan.quietFrom), \(bind: plan.quietUntil), \(bind: RecordSQL.millis(now)))
                ON CONFLICT (district_id, kind) DO UPDATE SET offsets = excluded.offsets, remind_holder = excluded.remind_holder,
                  remind_issuer = excluded.remind_issuer, webhook = excluded.webhook, quiet_from = excluded.quiet_from,
                  quiet_until = excluded.quiet_until, updated_at = excluded.updated_at
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "reminder_plan", entityID: "\(district.uuidString):\(plan.kind.rawValue)",
                                      after: AuditLog.snapshot(["证照类型": plan.kind.label, "提前天数": offsets,
                                                                "持证主体": plan.remindHolder ? "是" : "否", "发证单位经办人": plan.remindIssuer ? "是" : "否",
                                                                "工作群机器人": plan.webhook ? "是" : "否",
                                                                "短信免打扰": "\(plan.quietFrom):00–\(plan.quietUntil):00"]), at: now)
        }
    }
}

/// Scheduled jobs that must run once per slot however many instances run: the first instance to
/// insert the (job, slot) row runs it.
public enum JobRuns {
    public static func claim(job: String, slot: String, instance: String, now: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var job: String }
        let rows = try await db.sql.raw("""
            INSERT INTO job_runs (job, slot, instance, started_at) VALUES (\(bind: job), \(bind: slot), \(bind: instance), \(bind: RecordSQL.millis(now)))
            ON CONFLICT (job, slot) DO NOTHING RETURNING job
            """).all(decoding: Row.self)
        return !rows.isEmpty
    }

    public static func finish(job: String, slot: String, outcome: String, now: Date, on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE job_runs SET finished_at = \(bind: RecordSQL.millis(now)), outcome = \(bind: outcome) WHERE job = \(bind: job) AND slot = \(bind: slot)
            """).run()
    }
}
