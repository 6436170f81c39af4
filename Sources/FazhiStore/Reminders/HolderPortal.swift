import Crypto
import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The portal's licence look-up for 持证主体: a code sent by SMS to the phone on file proves the
/// caller speaks for the holder; then it sees its licences and chooses how it is reminded.
/// Codes are kept only as hashes (the outbox keeps the SMS with a mark where the code goes),
/// expire after 10 minutes, allow 5 tries, and are rate-limited per code and per client address
/// whether or not the code is registered.
public enum HolderPortal {
    public static let codeLifetime: TimeInterval = 600
    public static let grantLifetime: TimeInterval = 1800
    public static let perHolderPerHour = 3
    public static let perClientPerHour = 10
    public static let minimumInterval: TimeInterval = 60
    public static let maxTries = 5

    /// Too many requests: answered 429, with when to come back.
    public struct TooMany: Error, Sendable { public let message: String }

    public struct Holder: Sendable {
        public let creditCode: String; public let name: String; public let phone: String
        /// The town the holder is registered in, and its district, which signs its SMS.
        public let town: UUID
        public let district: String
    }

    /// A credit code as typed, checked (the check digit says nothing about whether it is registered).
    static func creditCode(typed raw: String) throws(CoreError) -> String {
        let code = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard IdentityCodes.isValidCreditCode(code) else {
            throw CoreError.invalid(field: "credit_code", "「统一社会信用代码」不正确，请核对 18 位代码（校验位不符）")
        }
        return code
    }

    /// The registered holder with a phone to send to, or nil.
    static func lookUp(_ code: String, on db: any Database) async throws -> Holder? {
        struct Row: Decodable { var name: String; var contact_phone: String?; var town: UUID }
        guard let row = try await db.sql.raw("""
            SELECT name, contact_phone, town FROM \(unsafeRaw: MarketEntity.declaration.type.table) WHERE credit_code = \(bind: code)
            """).first(decoding: Row.self), let phone = row.contact_phone, !phone.isEmpty else { return nil }
        return Holder(creditCode: code, name: row.name, phone: phone, town: row.town, district: try await Districts.of(unit: row.town, on: db)?.name ?? "")
    }

    /// The holder a grant speaks for (it was registered when the code was sent).
    public static func holder(_ raw: String, on db: any Database) async throws -> Holder {
        guard let holder = try await lookUp(try creditCode(typed: raw), on: db) else { throw RecordStoreError.notFound }
        return holder
    }

    /// What a request for a code made: the SMS to send now (none when the code is not registered
    /// with a phone) and the code to fill into it, which is kept nowhere else.
    public struct CodeRequest: Sendable { public let reminder: Int64?; public let code: String }

    /// Counts the request against the limits first, whether or not the code is registered, so
    /// the answer, and what the limits allow, say nothing about which codes exist. For a
    /// registered holder with a phone it writes the code's hash and its SMS (with the code's
    /// mark, not the code) to the outbox in the same transaction.
    public static func requestCode(creditCode raw: String, client: String, now: Date, on db: any Database) async throws -> CodeRequest {
        let creditCode = try creditCode(typed: raw)
        let at = RecordSQL.millis(now), hourAgo = RecordSQL.millis(now.addingTimeInterval(-3600))
        return try await db.write { tx in
            // One request per code at a time (SQLite's single writer does this by itself), so two
            // at once cannot both pass the limits.
            if !tx.isSQLite { try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "verification:" + creditCode)))").run() }
            struct Row: Decodable { var created_at: Int64 }
            let recent = try await tx.sql.raw("""
                SELECT created_at FROM verification_codes WHERE credit_code = \(bind: creditCode) AND created_at > \(bind: hourAgo) ORDER BY created_at DESC
                """).all(decoding: Row.self)
            if let last = recent.first, Double(at - last.created_at) / 1000 < minimumInterval {
                throw TooMany(message: "验证码已发送，请 1 分钟后再重新获取")
            }
            if recent.count >= perHolderPerHour { throw TooMany(message: "该代码 1 小时内获取验证码已达 \(perHolderPerHour) 次，请稍后再试") }
            struct N: Decodable { var n: Int }
            let byClient = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM verification_codes WHERE client = \(bind: client) AND created_at > \(bind: hourAgo)
                """).first(decoding: N.self)?.n ?? 0
            if byClient >= perClientPerHour { throw TooMany(message: "您的网络地址 1 小时内获取验证码次数过多，请稍后再试") }

            let holder = try await lookUp(creditCode, on: tx)
            let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
            struct ID: Decodable { var id: Int64 }
            guard let row = try await tx.sql.raw("""
                INSERT INTO verification_codes (credit_code, client, code_hash, created_at, expires_at, tries)
                VALUES (\(bind: creditCode), \(bind: client), \(bind: Secrets.sha256Hex(creditCode + ":" + code)), \(bind: at),
                        \(bind: RecordSQL.millis(now.addingTimeInterval(codeLifetime))), 0) RETURNING id
                """).first(decoding: ID.self) else { throw RecordStoreError.notFound }
            try await AuditLog.append(on: tx, actor: portalActor(creditCode, client), action: .create, entityType: "portal_verification",
                                      entityID: String(row.id), after: AuditLog.snapshot(["credit_code": creditCode, "phone": holder.map { Masking.phone($0.phone) } ?? "未登记"]),
                                      at: now)
            guard let holder else { return CodeRequest(reminder: nil, code: code) }
            let key = "verification:\(row.id):sms"
            try await ReminderOutbox.add([NewReminder(key: key, source: "verification", step: 0, channel: .sms, recipient: holder.phone,
                                                      recipientName: holder.name, unitID: holder.town, category: "verification", subject: "证照提醒验证码",
                                                      body: ReminderText.verification(signature: holder.district), sendAt: now)], now: now, on: tx)
            guard let reminder = try await tx.sql.raw("SELECT id FROM reminders WHERE key = \(bind: key)").first(decoding: ID.self) else {
                throw RecordStoreError.notFound
            }
            return CodeRequest(reminder: reminder.id, code: code)
        }
    }

    /// Checks a code; on success returns a grant (kept as a hash) good for half an hour.
    public static func verify(creditCode raw: String, code: String, client: String, now: Date, on db: any Database) async throws -> String {
        let creditCode = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let typed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard typed.count == 6, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else {
            throw CoreError.invalid(field: "code", "「验证码」应为 6 位数字")
        }
        let at = RecordSQL.millis(now)
        let outcome: Result<String, CoreError> = try await db.write { tx in
            struct Row: Decodable { var id: Int64; var code_hash: String; var tries: Int }
            guard let row = try await tx.sql.raw("""
                SELECT id, code_hash, tries FROM verification_codes
                WHERE credit_code = \(bind: creditCode) AND used_at IS NULL AND expires_at > \(bind: at) ORDER BY created_at DESC LIMIT 1
                """).first(decoding: Row.self) else {
                return .failure(CoreError.invalid(field: "code", "验证码已过期或未获取，请重新获取"))
            }
            guard row.tries < maxTries else { return .failure(CoreError.invalid(field: "code", "验证码输错次数过多，请重新获取")) }
            guard Secrets.equal(row.code_hash, Secrets.sha256Hex(creditCode + ":" + typed)) else {
                // The failed try is counted: this transaction commits.
                try await tx.sql.raw("UPDATE verification_codes SET tries = tries + 1 WHERE id = \(bind: row.id)").run()
                return .failure(CoreError.invalid(field: "code", "验证码不正确，还可尝试 \(maxTries - row.tries - 1) 次"))
            }
            let grant = Secrets.random(bytes: 32)
            try await tx.sql.raw("""
                UPDATE verification_codes SET used_at = \(bind: at), grant_hash = \(bind: Secrets.sha256Hex(grant)),
                  grant_expires = \(bind: RecordSQL.millis(now.addingTimeInterval(grantLifetime))) WHERE id = \(bind: row.id)
                """).run()
            try await AuditLog.append(on: tx, actor: portalActor(creditCode, client), action: .signIn, entityType: "portal_verification",
                                      entityID: String(row.id), after: AuditLog.snapshot(["credit_code": creditCode]), at: now)
            return .success(grant)
        }
        return try outcome.get()
    }

    /// The holder a grant speaks for, while it lasts.
    public static func creditCode(grant: String, now: Date, on db: any Database) async throws -> String? {
        struct Row: Decodable { var credit_code: String }
        return try await db.sql.raw("""
            SELECT credit_code FROM verification_codes WHERE grant_hash = \(bind: Secrets.sha256Hex(grant)) AND grant_expires > \(bind: RecordSQL.millis(now))
            """).first(decoding: Row.self)?.credit_code
    }

    public struct HolderLicence: Sendable, Encodable {
        public let kind: String; public let number: String; public let issuer: String; public let expiresOn: String; public let state: String
    }

    public static func licences(creditCode: String, on db: any Database) async throws -> [HolderLicence] {
        struct Row: Decodable { var kind: String; var number: String; var issuer: String; var expires_on: String; var state: String }
        return try await db.sql.raw("""
            SELECT l.kind, l.number, u.name AS issuer, l.expires_on, l.state FROM \(unsafeRaw: Licence.declaration.type.table) l
            JOIN units u ON u.id = l.issuer WHERE l.credit_code = \(bind: creditCode) ORDER BY l.expires_on
            """).all(decoding: Row.self).map {
            HolderLicence(kind: Licence.Kind(rawValue: $0.kind)?.label ?? $0.kind, number: $0.number, issuer: $0.issuer,
                          expiresOn: $0.expires_on, state: Licence.State(rawValue: $0.state)?.label ?? $0.state)
        }
    }

    public static func subscription(creditCode: String, on db: any Database) async throws -> (channel: HolderChannel, email: String?) {
        struct Row: Decodable { var channel: String; var email: String? }
        let row = try await db.sql.raw("SELECT channel, email FROM holder_subscriptions WHERE credit_code = \(bind: creditCode)").first(decoding: Row.self)
        return (row.flatMap { HolderChannel(rawValue: $0.channel) } ?? .sms, row?.email)
    }

    public static func choose(creditCode: String, channel: HolderChannel, email raw: String?, client: String, now: Date, on db: any Database) async throws {
        let typed = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if channel == .email, !isEmail(typed) { throw CoreError.invalid(field: "email", "「电子邮箱」格式不正确，如 name@example.com") }
        let email: String? = channel == .email ? typed : nil
        try await db.write { tx in
            try await tx.sql.raw("""
                INSERT INTO holder_subscriptions (credit_code, channel, email, updated_at)
                VALUES (\(bind: creditCode), \(bind: channel.rawValue), \(bind: email), \(bind: RecordSQL.millis(now)))
                ON CONFLICT (credit_code) DO UPDATE SET channel = excluded.channel, email = excluded.email, updated_at = excluded.updated_at
                """).run()
            try await AuditLog.append(on: tx, actor: portalActor(creditCode, client), action: .update, entityType: "holder_subscription",
                                      entityID: creditCode, after: AuditLog.snapshot(["channel": channel.rawValue, "email": email.map(Masking.text) ?? ""]), at: now)
        }
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard s.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    static func portalActor(_ creditCode: String, _ client: String) -> AuditActor {
        AuditActor(userID: nil, name: "公众端：\(creditCode)", unitID: nil, address: client)
    }
}
