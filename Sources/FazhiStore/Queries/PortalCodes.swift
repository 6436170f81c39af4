import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Codes that let someone on the portal prove they speak for a subject (a licence holder's credit
/// code, an application's receipt number) without an account: a code sent to the contact on file,
/// then a grant for half an hour. Codes and grants are kept only as hashes (the outbox keeps the
/// message with a mark where the code goes), a code expires after 10 minutes and allows 5 tries,
/// and requests are limited per subject and per client address whether or not the subject exists,
/// so neither the answer nor the limits say which subjects exist.
public enum PortalCodes {
    public static let codeLifetime: TimeInterval = 600
    public static let grantLifetime: TimeInterval = 1800
    public static let perSubjectPerHour = 3
    public static let perClientPerHour = 10
    public static let minimumInterval: TimeInterval = 60
    public static let maxTries = 5

    /// Too many requests: answered 429, with when to come back.
    public struct TooMany: Error, Sendable { public let message: String }

    /// Where a code goes: the subject's own contact on file, and what the message says it is for.
    public struct Contact: Sendable {
        public let channel: ReminderChannel
        public let address: String
        public let name: String
        /// The unit whose outbox sends it, and the district whose name signs it.
        public let unit: UUID
        public let signature: String
        /// "查询证照到期提醒设置"
        public let purpose: String
        public init(channel: ReminderChannel, address: String, name: String, unit: UUID, signature: String, purpose: String) {
            self.channel = channel; self.address = address; self.name = name; self.unit = unit; self.signature = signature; self.purpose = purpose
        }
    }

    /// What a request made: the message to send now (none when the subject has no such contact)
    /// and the code to fill into it, which is kept nowhere else.
    public struct Request: Sendable { public let reminder: Int64?; public let code: String }

    /// Counts the request against the limits first, whatever `contact` finds, then for a subject
    /// with a contact writes the code's hash and its message (with the code's mark, not the code)
    /// to the outbox, in one transaction. `contact` runs inside it.
    public static func request(subject: String, client: String, actor: AuditActor, now: Date, on db: any Database,
                               contact: @escaping @Sendable (any Database) async throws -> Contact?) async throws -> Request {
        let at = RecordSQL.millis(now), hourAgo = RecordSQL.millis(now.addingTimeInterval(-3600))
        return try await db.write { tx in
            // One request per subject at a time (SQLite's single writer does this by itself), so
            // two at once cannot both pass the limits.
            if !tx.isSQLite { try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "verification:" + subject)))").run() }
            struct Row: Decodable { var created_at: Int64 }
            let recent = try await tx.sql.raw("""
                SELECT created_at FROM verification_codes WHERE subject = \(bind: subject) AND created_at > \(bind: hourAgo) ORDER BY created_at DESC
                """).all(decoding: Row.self)
            if let last = recent.first, Double(at - last.created_at) / 1000 < minimumInterval {
                throw TooMany(message: "验证码已发送，请 1 分钟后再重新获取")
            }
            if recent.count >= perSubjectPerHour { throw TooMany(message: "1 小时内获取验证码已达 \(perSubjectPerHour) 次，请稍后再试") }
            struct N: Decodable { var n: Int }
            let byClient = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM verification_codes WHERE client = \(bind: client) AND created_at > \(bind: hourAgo)
                """).first(decoding: N.self)?.n ?? 0
            if byClient >= perClientPerHour { throw TooMany(message: "您的网络地址 1 小时内获取验证码次数过多，请稍后再试") }

            let found = try await contact(tx)
            let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
            struct ID: Decodable { var id: Int64 }
            guard let row = try await tx.sql.raw("""
                INSERT INTO verification_codes (subject, client, code_hash, created_at, expires_at, tries)
                VALUES (\(bind: subject), \(bind: client), \(bind: Secrets.sha256Hex(subject + ":" + code)), \(bind: at),
                        \(bind: RecordSQL.millis(now.addingTimeInterval(codeLifetime))), 0) RETURNING id
                """).first(decoding: ID.self) else { throw RecordStoreError.notFound }
            let sentTo = found.map { $0.channel == .sms ? Masking.phone($0.address) : Masking.text($0.address) } ?? "未登记"
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "portal_verification", entityID: String(row.id),
                                      after: AuditLog.snapshot(["subject": subject, "sent_to": sentTo]), at: now)
            guard let found else { return Request(reminder: nil, code: code) }
            let key = "verification:\(row.id):\(found.channel.rawValue)"
            try await ReminderOutbox.add([NewReminder(key: key, source: "verification", step: 0, channel: found.channel, recipient: found.address,
                                                      recipientName: found.name, unitID: found.unit, category: "verification", subject: "验证码",
                                                      body: ReminderText.verification(signature: found.signature, purpose: found.purpose), sendAt: now)],
                                         now: now, on: tx)
            guard let reminder = try await tx.sql.raw("SELECT id FROM reminders WHERE key = \(bind: key)").first(decoding: ID.self) else {
                throw RecordStoreError.notFound
            }
            return Request(reminder: reminder.id, code: code)
        }
    }

    /// Checks a code for the subject; on success returns a grant (kept as a hash) good for half an hour.
    public static func verify(subject: String, code: String, actor: AuditActor, now: Date, on db: any Database) async throws -> String {
        let typed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard typed.count == 6, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else {
            throw CoreError.invalid(field: "code", "「验证码」应为 6 位数字")
        }
        let at = RecordSQL.millis(now)
        let outcome: Result<String, CoreError> = try await db.write { tx in
            struct Row: Decodable { var id: Int64; var code_hash: String; var tries: Int }
            guard let row = try await tx.sql.raw("""
                SELECT id, code_hash, tries FROM verification_codes
                WHERE subject = \(bind: subject) AND used_at IS NULL AND expires_at > \(bind: at) ORDER BY created_at DESC LIMIT 1
                """).first(decoding: Row.self) else {
                return .failure(CoreError.invalid(field: "code", "验证码已过期或未获取，请重新获取"))
            }
            guard row.tries < maxTries else { return .failure(CoreError.invalid(field: "code", "验证码输错次数过多，请重新获取")) }
            guard Secrets.equal(row.code_hash, Secrets.sha256Hex(subject + ":" + typed)) else {
                // The failed try is counted: this transaction commits.
                try await tx.sql.raw("UPDATE verification_codes SET tries = tries + 1 WHERE id = \(bind: row.id)").run()
                return .failure(CoreError.invalid(field: "code", "验证码不正确，还可尝试 \(maxTries - row.tries - 1) 次"))
            }
            let grant = Secrets.random(bytes: 32)
            try await tx.sql.raw("""
                UPDATE verification_codes SET used_at = \(bind: at), grant_hash = \(bind: Secrets.sha256Hex(grant)),
                  grant_expires = \(bind: RecordSQL.millis(now.addingTimeInterval(grantLifetime))) WHERE id = \(bind: row.id)
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .signIn, entityType: "portal_verification",
                                      entityID: String(row.id), after: AuditLog.snapshot(["subject": subject]), at: now)
            return .success(grant)
        }
        return try outcome.get()
    }

    /// The subject a grant speaks for, while it lasts.
    public static func subject(grant: String, now: Date, on db: any Database) async throws -> String? {
        struct Row: Decodable { var subject: String }
        return try await db.sql.raw("""
            SELECT subject FROM verification_codes WHERE grant_hash = \(bind: Secrets.sha256Hex(grant)) AND grant_expires > \(bind: RecordSQL.millis(now))
            """).first(decoding: Row.self)?.subject
    }
}
