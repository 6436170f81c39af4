import Crypto
import FazhiCore
import FazhiStore
import Foundation

/// Settings read from the environment at start-up. Tests build one directly.
public struct AppConfig: Sendable {
    public var database: DatabaseLocation
    public var demo: Bool
    /// Failed sign-ins before an account is locked, and for how long.
    public var lockoutAttempts: Int
    public var lockoutMinutes: Int
    /// A session unused for this long is signed out.
    public var sessionIdleMinutes: Int
    /// A session this old is signed out however busy it is (`FAZHI_SESSION_MAX_HOURS`).
    public var sessionMaxHours = 12
    /// Failed sign-ins from one client address within `addressWindowMinutes` before that address
    /// must wait (`FAZHI_SIGNIN_ADDRESS_ATTEMPTS`, `FAZHI_SIGNIN_ADDRESS_MINUTES`), whichever
    /// accounts it tries.
    public var addressAttempts = 20
    public var addressWindowMinutes = 15
    /// Addresses of the reverse proxies in front of the platform (`FAZHI_TRUSTED_PROXIES`, comma
    /// separated). Only a request from one of them may say, by `X-Forwarded-For` and
    /// `X-Forwarded-Proto`, who the client is and whether it came over HTTPS; from anyone else
    /// those headers are ignored, so the audit trail and the portal's limits cannot be spoofed.
    public var trustedProxies: Set<String> = []
    /// The audit key (`FAZHI_AUDIT_KEY`, 32 characters or more, kept outside the database): new
    /// links of the audit chain are HMAC-SHA256 with it, so whoever can write the database cannot
    /// forge one. Verification needs the same key.
    public var auditKey: SymmetricKey?
    /// A file kept away from the database (`FAZHI_AUDIT_CHECKPOINT_FILE`) to which `serve`
    /// appends the signed head of the audit chain once a day (`fazhi audit checkpoint`).
    public var auditCheckpointFile: String?
    /// `Strict-Transport-Security: max-age=…` on every answer when above zero (`FAZHI_HSTS_SECONDS`),
    /// for a platform served only over HTTPS.
    public var hstsSeconds = 0
    /// Marks cookies Secure even when the request does not say it came over HTTPS.
    public var forceSecureCookies: Bool
    /// bcrypt cost; tests lower it to stay fast.
    public var bcryptCost: Int
    /// Print first-start credentials to standard output.
    public var printCredentials: Bool
    /// Create the first accounts (and the demo organisation) on an empty database.
    public var bootstrap: Bool = true
    /// On the first start in demo mode, also fill the registers with the demo district's 2022 and
    /// 2023 records (`fazhi serve` does; tests start with empty registers).
    public var demoRecords: Bool = false
    /// Where attachments and uploaded import files are kept (content-addressed). By default
    /// `files/` beside a SQLite database, or `data/files` with PostgreSQL; `FAZHI_FILES_DIR`
    /// names another (several app instances must share it).
    public var filesDirectory: URL
    /// Where reminders go and how hard the dispatcher tries (`FAZHI_WEBHOOK_URL`, `FAZHI_SMS_URL`, …).
    public var reminders = ReminderConfig()
    /// Business time: "now" and "today" for records, deadlines, reminders, sign-in and the report
    /// (`Clock`). The system's clock unless a test or the demo sets another.
    public var clock: Clock = .system
    /// Runs the reminder scheduler in this process (`fazhi serve`; tests and one-off commands do not).
    public var scheduler: Bool = false
    /// PostgreSQL connections per event loop (`FAZHI_DB_CONNECTIONS`, default 2; an instance has one
    /// event loop per core). Measured on the portal's search with 16 clients on 2 cores: 8 per loop
    /// gave the same throughput as 2 but a p95 of 66–70 ms against 26–28 ms, the database's
    /// processes taking turns on the cores; requests beyond the pool wait in its queue instead.
    public var connectionsPerEventLoop = 2

    public init(database: DatabaseLocation, demo: Bool = true, lockoutAttempts: Int = 5, lockoutMinutes: Int = 15,
                sessionIdleMinutes: Int = 30, forceSecureCookies: Bool = false, bcryptCost: Int = 12, printCredentials: Bool = true) {
        self.database = database; self.demo = demo; self.lockoutAttempts = lockoutAttempts; self.lockoutMinutes = lockoutMinutes
        self.sessionIdleMinutes = sessionIdleMinutes; self.forceSecureCookies = forceSecureCookies
        self.bcryptCost = bcryptCost; self.printCredentials = printCredentials
        switch database {
        case .sqlite(let path): filesDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("files")
        case .postgres: filesDirectory = URL(fileURLWithPath: "data/files")
        }
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment, demo: Bool) throws -> AppConfig {
        func bounded(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let raw = env[key], !raw.isEmpty else { return fallback }
            guard let n = Int(raw), range.contains(n) else {
                throw CoreError.invalid(field: key, "\(key) 应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数，现为「\(raw)」")
            }
            return n
        }
        var config = AppConfig(
            database: try DatabaseLocation.parse(env["FAZHI_DATABASE_URL"]),
            demo: demo,
            lockoutAttempts: try bounded("FAZHI_LOCKOUT_ATTEMPTS", 5, 1...100),
            lockoutMinutes: try bounded("FAZHI_LOCKOUT_MINUTES", 15, 1...1_440),
            sessionIdleMinutes: try bounded("FAZHI_SESSION_IDLE_MINUTES", 30, 1...1_440),
            forceSecureCookies: env["FAZHI_SECURE_COOKIES"] == "1",
            bcryptCost: try bounded("FAZHI_BCRYPT_COST", 12, 4...31))
        if let files = env["FAZHI_FILES_DIR"], !files.isEmpty { config.filesDirectory = URL(fileURLWithPath: files) }
        config.sessionMaxHours = try bounded("FAZHI_SESSION_MAX_HOURS", config.sessionMaxHours, 1...720)
        config.addressAttempts = try bounded("FAZHI_SIGNIN_ADDRESS_ATTEMPTS", config.addressAttempts, 1...10_000)
        config.addressWindowMinutes = try bounded("FAZHI_SIGNIN_ADDRESS_MINUTES", config.addressWindowMinutes, 1...1_440)
        config.hstsSeconds = try bounded("FAZHI_HSTS_SECONDS", config.hstsSeconds, 0...63_072_000)
        if let key = env["FAZHI_AUDIT_KEY"], !key.isEmpty { config.auditKey = try AuditChain.key(key) }
        if let file = env["FAZHI_AUDIT_CHECKPOINT_FILE"], !file.isEmpty { config.auditCheckpointFile = file }
        config.trustedProxies = Set((env["FAZHI_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        config.connectionsPerEventLoop = try bounded("FAZHI_DB_CONNECTIONS", config.connectionsPerEventLoop, 1...64)
        config.reminders = try ReminderConfig.fromEnvironment(env)
        if let raw = env["FAZHI_TODAY"], !raw.isEmpty {
            guard let day = LocalDate(iso: raw) else { throw CoreError.invalid(field: "FAZHI_TODAY", "FAZHI_TODAY 应为日期 YYYY-MM-DD，现为「\(raw)」") }
            config.clock = .shifted(to: day)
        }
        return config
    }
}
