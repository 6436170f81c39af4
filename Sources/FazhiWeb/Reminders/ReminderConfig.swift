import FazhiCore
import Foundation

/// The reminder channels' addresses and the dispatcher's settings. A channel left unconfigured
/// fails its reminders with a clear reason, so they reach the dead letters administrators see.
public struct ReminderConfig: Sendable {
    /// JSON POST for group robots (WeCom, DingTalk): `FAZHI_WEBHOOK_URL`.
    public var webhookURL: String?
    /// The SMS gateway as an HTTP template: `FAZHI_SMS_URL` (GET or POST address; `{phone}`,
    /// `{text}` and `{key}` are filled in, URL-encoded) and `FAZHI_SMS_BODY` (a POST body, values
    /// JSON-escaped; without it the request is a GET).
    public var smsURL: String?
    public var smsBody: String?
    /// SMTP without authentication, as an internal relay offers it: `FAZHI_SMTP=host:port`, `FAZHI_MAIL_FROM`.
    public var smtpHost: String?
    public var smtpPort: Int = 25
    public var mailFrom: String = "fazhi@localhost"
    public var retry = RetryPolicy()
    /// How long a claim holds before another dispatcher may take the reminder over.
    public var lease: TimeInterval = 300
    /// Reminders claimed at once, and deliveries in flight at once.
    public var batch: Int = 500
    public var concurrency: Int = 64
    /// How long one delivery may take.
    public var timeout: TimeInterval = 10
    /// When set, SMS, e-mail and group messages go to this built-in gateway instead (the demo's history).
    public var gateway: RecordingGateway?
    /// Names this process in claims and the delivery log.
    public var instance: String = "\(ProcessInfo.processInfo.hostName)#\(ProcessInfo.processInfo.processIdentifier)"

    public init() {}

    static func fromEnvironment(_ env: [String: String]) throws -> ReminderConfig {
        var c = ReminderConfig()
        func text(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ key: String) throws -> Int? {
            guard let raw = text(key) else { return nil }
            guard let n = Int(raw), n > 0 else { throw CoreError.invalid(field: key, "\(key) 应为正整数，现为「\(raw)」") }
            return n
        }
        c.webhookURL = text("FAZHI_WEBHOOK_URL")
        c.smsURL = text("FAZHI_SMS_URL")
        c.smsBody = text("FAZHI_SMS_BODY")
        if let smtp = text("FAZHI_SMTP") {
            let parts = smtp.split(separator: ":")
            guard let host = parts.first, parts.count <= 2, let port = parts.count == 2 ? Int(parts[1]) : 25 else {
                throw CoreError.invalid(field: "FAZHI_SMTP", "FAZHI_SMTP 应为 主机:端口，现为「\(smtp)」")
            }
            c.smtpHost = String(host); c.smtpPort = port
        }
        if let from = text("FAZHI_MAIL_FROM") { c.mailFrom = from }
        if let n = try number("FAZHI_REMINDER_MAX_ATTEMPTS") { c.retry.maxAttempts = n }
        if let n = try number("FAZHI_REMINDER_RETRY_SECONDS") { c.retry.firstWait = TimeInterval(n) }
        if let n = try number("FAZHI_REMINDER_LEASE_SECONDS") { c.lease = TimeInterval(n) }
        if let n = try number("FAZHI_REMINDER_CONCURRENCY") { c.concurrency = n }
        if let n = try number("FAZHI_REMINDER_BATCH") { c.batch = n }
        if let name = text("FAZHI_INSTANCE") { c.instance = name }
        return c
    }
}
