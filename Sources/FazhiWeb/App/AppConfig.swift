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
        func int(_ key: String, _ fallback: Int) -> Int { env[key].flatMap(Int.init) ?? fallback }
        var config = AppConfig(
            database: try DatabaseLocation.parse(env["FAZHI_DATABASE_URL"]),
            demo: demo,
            lockoutAttempts: int("FAZHI_LOCKOUT_ATTEMPTS", 5),
            lockoutMinutes: int("FAZHI_LOCKOUT_MINUTES", 15),
            sessionIdleMinutes: int("FAZHI_SESSION_IDLE_MINUTES", 30),
            forceSecureCookies: env["FAZHI_SECURE_COOKIES"] == "1",
            bcryptCost: int("FAZHI_BCRYPT_COST", 12))
        if let files = env["FAZHI_FILES_DIR"], !files.isEmpty { config.filesDirectory = URL(fileURLWithPath: files) }
        config.connectionsPerEventLoop = max(1, int("FAZHI_DB_CONNECTIONS", config.connectionsPerEventLoop))
        config.reminders = try ReminderConfig.fromEnvironment(env)
        return config
    }
}
