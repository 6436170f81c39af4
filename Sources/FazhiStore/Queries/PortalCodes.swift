import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Codes that let someone on the portal prove they speak for a subject (a licence holder's credit
/// code, an application's receipt number) without an account: they type the subject and its
/// contact on file (a phone number or e-mail address), a code goes to that contact, then a grant
/// lasts half an hour. Codes and grants are kept only as hashes (the outbox keeps the message with
/// a mark where the code goes), a code expires after 10 minutes and allows 5 tries, counted in
/// one statement so parallel guesses get no more. A code belongs to the browser that asked for it
/// (a nonce in a cookie, kept as a hash beside the code): nobody else can use up its tries.
///
/// Requests are limited per subject and contact typed, per client address and per contact, whether
/// or not they match, so neither the answer nor the limits say which subjects or contacts exist.
/// A request whose contact does not match makes no code and replaces none, and counts only towards
/// its own pair's and its client's limits: nobody can block a subject's codes without its contact.
/// A contact receives a few codes a day at most, whichever subjects name it; past that a request
/// reads as one that does not match.
public enum PortalCodes {
    public static let codeLifetime: TimeInterval = 600
    public static let grantLifetime: TimeInterval = 1800
    public static let perPairPerHour = 3
    public static let perClientPerHour = 10
    public static let perContactPerDay = 10
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

        /// Whether a typed phone number or e-mail address is this contact.
        func matches(_ typed: String) -> Bool {
            channel == .sms ? typed == address : typed.lowercased() == address.lowercased()
        }
    }

    /// What a request made: the outbox's message to send (none when the contact did not match) and
    /// the code to fill into it, which is kept nowhere else.
    public struct Request: Sendable { public let reminder: Int64?; public let code: String }

    /// A typed phone number or e-mail address, checked; the same contact always reads the same.
    public static func contact(typed: String) throws -> String {
        let contact = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        if IdentityCodes.isValidPhone(contact) { return contact }
        if IdentityCodes.isValidEmail(contact) { return contact.lowercased() }
        throw CoreError.invalid(field: "contact", "请填写登记的手机号或电子邮箱")
    }

    /// Counts the request against the limits first, whatever `onFile` finds, then, when `typed` is
    /// the subject's contact on file, writes the code's hash and its message (with the code's
    /// mark, not the code) to the outbox, in one transaction. `onFile` runs inside it. The caller
    /// sends the message after answering (`ReminderDispatcher.send`), so every answer takes the same time.
    public static func request(subject: String, contact typed: String, nonce: String, client address: String, actor: AuditActor, now: Date,
                               on db: any Database, onFile: @escaping @Sendable (any Database) async throws -> Contact?) async throws -> Request {
        let contact = try contact(typed: typed), client = ClientNetwork.of(address)
        let at = RecordSQL.millis(now), hourAgo = RecordSQL.millis(now.addingTimeInterval(-3600)), dayAgo = RecordSQL.millis(now.addingTimeInterval(-86_400))
        let pair = Secrets.sha256Hex(subject + "\n" + contact), recipient = Secrets.sha256Hex(contact)
        return try await db.write { tx in
            // One request per client and per contact at a time (SQLite's single writer does this by
            // itself), so two at once cannot both pass a limit; always in this order.
            if !tx.isSQLite {
                try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "verification-client:" + client)))").run()
                try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "verification:" + recipient)))").run()
            }
            struct Row: Decodable { var created_at: Int64 }
            let recent = try await tx.sql.raw("""
                SELECT created_at FROM portal_code_requests WHERE pair_hash = \(bind: pair) AND created_at > \(bind: hourAgo) ORDER BY created_at DESC
                """).all(decoding: Row.self)
            if let last = recent.first, Double(at - last.created_at) / 1000 < minimumInterval {
                throw TooMany(message: "验证码已发送，请 1 分钟后再重新获取")
            }
            if recent.count >= perPairPerHour { throw TooMany(message: "1 小时内获取验证码已达 \(perPairPerHour) 次，请稍后再试") }
            struct N: Decodable { var n: Int }
            let byClient = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM portal_code_requests WHERE client = \(bind: client) AND created_at > \(bind: hourAgo)
                """).first(decoding: N.self)?.n ?? 0
            if byClient >= perClientPerHour { throw TooMany(message: "您的网络地址 1 小时内获取验证码次数过多，请稍后再试") }
            let toContact = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM portal_code_requests WHERE sent_to = \(bind: recipient) AND created_at > \(bind: dayAgo)
                """).first(decoding: N.self)?.n ?? 0
            // A contact that has had its codes for the day gets none, and the answer is a miss's.
            let found = toContact >= perContactPerDay ? nil : try await onFile(tx).flatMap { $0.matches(contact) ? $0 : nil }
            try await tx.sql.raw("""
                INSERT INTO portal_code_requests (pair_hash, client, sent_to, created_at)
                VALUES (\(bind: pair), \(bind: client), \(bind: found == nil ? nil : recipient), \(bind: at))
                """).run()
            let sentTo = found.map { $0.channel == .sms ? Masking.phone($0.address) : Masking.text($0.address) } ?? "不符，未发送"
            let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
            guard let found else {
                try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "portal_verification", entityID: subject,
                                          after: AuditLog.snapshot(["subject": subject, "sent_to": sentTo]), at: now)
                return Request(reminder: nil, code: code)
            }
            struct ID: Decodable { var id: Int64 }
            guard let row = try await tx.sql.raw("""
                INSERT INTO verification_codes (subject, client, code_hash, nonce_hash, created_at, expires_at, tries)
                VALUES (\(bind: subject), \(bind: client), \(bind: Secrets.sha256Hex(subject + ":" + code)), \(bind: Secrets.sha256Hex(nonce)), \(bind: at),
                        \(bind: RecordSQL.millis(now.addingTimeInterval(codeLifetime))), 0) RETURNING id
                """).first(decoding: ID.self) else { throw RecordStoreError.notFound }
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "portal_verification", entityID: String(row.id),
                                      after: AuditLog.snapshot(["subject": subject, "sent_to": sentTo]), at: now)
            let key = "verification:\(row.id):\(found.channel.rawValue)"
            try await ReminderOutbox.add([NewReminder(key: key, source: "verification", step: 0, channel: found.channel, recipient: found.address,
                                                      recipientName: found.name, unitID: found.unit, category: "verification", subject: "验证码",
                                                      body: ReminderText.verification(signature: found.signature, purpose: found.purpose),
                                                      // Sent by the request alone (`claim(only:)`); the minute's round, which
                                                      // cannot fill in the code, finds it only once the code has expired.
                                                      sendAt: now.addingTimeInterval(codeLifetime))],
                                         now: now, on: tx)
            guard let reminder = try await tx.sql.raw("SELECT id FROM reminders WHERE key = \(bind: key)").first(decoding: ID.self) else {
                throw RecordStoreError.notFound
            }
            return Request(reminder: reminder.id, code: code)
        }
    }

    /// Checks a code for the subject, asked for by the browser with this nonce; on success returns a
    /// grant (kept as a hash) good for half an hour. The try is taken in one statement before the code is compared, so parallel guesses
    /// each use one of the code's tries, and only one of two right answers gets a grant.
    public static func verify(subject: String, code: String, nonce: String, actor: AuditActor, now: Date, on db: any Database) async throws -> String {
        let typed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard typed.count == 6, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else {
            throw CoreError.invalid(field: "code", "「验证码」应为 6 位数字")
        }
        let at = RecordSQL.millis(now)
        let outcome: Result<String, CoreError> = try await db.write { tx in
            struct Row: Decodable { var id: Int64; var code_hash: String; var tries: Int }
            let latest: SQLQueryString = """
                SELECT id FROM verification_codes WHERE subject = \(bind: subject) AND nonce_hash = \(bind: Secrets.sha256Hex(nonce))
                AND used_at IS NULL AND expires_at > \(bind: at) ORDER BY created_at DESC, id DESC LIMIT 1
                """
            guard let row = try await tx.sql.raw("""
                UPDATE verification_codes SET tries = tries + 1 WHERE id = (\(latest)) AND tries < \(bind: maxTries) RETURNING id, code_hash, tries
                """).first(decoding: Row.self) else {
                struct Open: Decodable { var id: Int64 }
                let open = try await tx.sql.raw(latest).first(decoding: Open.self)
                return .failure(CoreError.invalid(field: "code", open == nil ? "验证码已过期或未获取，请重新获取" : "验证码输错次数过多，请重新获取"))
            }
            guard Secrets.equal(row.code_hash, Secrets.sha256Hex(subject + ":" + typed)) else {
                // The failed try is counted: this transaction commits.
                return .failure(CoreError.invalid(field: "code", "验证码不正确，还可尝试 \(max(0, maxTries - row.tries)) 次"))
            }
            let grant = Secrets.random(bytes: 32)
            struct ID: Decodable { var id: Int64 }
            guard try await tx.sql.raw("""
                UPDATE verification_codes SET used_at = \(bind: at), grant_hash = \(bind: Secrets.sha256Hex(grant)),
                  grant_expires = \(bind: RecordSQL.millis(now.addingTimeInterval(grantLifetime))) WHERE id = \(bind: row.id) AND used_at IS NULL RETURNING id
                """).first(decoding: ID.self) != nil else {
                return .failure(CoreError.invalid(field: "code", "验证码已使用，请重新获取"))
            }
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
