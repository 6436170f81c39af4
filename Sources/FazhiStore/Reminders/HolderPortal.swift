import Crypto
import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The portal's licence look-up for 持证主体: a code sent by SMS to the phone on file
/// (`PortalCodes`, the credit code as subject) proves the caller speaks for the holder; then it
/// sees its licences and chooses how it is reminded.
public enum HolderPortal {
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

    /// Sends a code to the holder's phone on file when `phone` is that number, within the portal's
    /// limits; the same answer for a credit code that is not registered or a number that is not
    /// its own (`PortalCodes.request`).
    public static func requestCode(creditCode raw: String, phone: String, nonce: String, client: String, now: Date, on db: any Database) async throws -> PortalCodes.Request {
        let creditCode = try creditCode(typed: raw)
        return try await PortalCodes.request(subject: creditCode, contact: phone, nonce: nonce, client: client, actor: portalActor(creditCode, client),
                                             now: now, on: db) { tx in
            try await lookUp(creditCode, on: tx).map {
                PortalCodes.Contact(channel: .sms, address: $0.phone, name: $0.name, unit: $0.town, signature: $0.district, purpose: "查询证照到期提醒设置")
            }
        }
    }

    public static func verify(creditCode raw: String, code: String, nonce: String, client: String, now: Date, on db: any Database) async throws -> String {
        let creditCode = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return try await PortalCodes.verify(subject: creditCode, code: code, nonce: nonce, actor: portalActor(creditCode, client), now: now, on: db)
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
        if channel == .email, !IdentityCodes.isValidEmail(typed) { throw CoreError.invalid(field: "email", "「电子邮箱」格式不正确，如 name@example.com") }
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

    static func portalActor(_ creditCode: String, _ client: String) -> AuditActor {
        AuditActor(userID: nil, name: "公众端：\(creditCode)", unitID: nil, address: client)
    }
}
