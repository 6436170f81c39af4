import FazhiCore
import Fluent
import Foundation
import SQLKit

/// What sign-in counts, each in one statement so parallel guesses count as serial ones do.
public enum SignInGuard {
    /// Whether a client address has used up its failed sign-ins for the current window.
    public static func addressBlocked(_ address: String, limit: Int, window: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var failures: Int64 }
        guard let row = try await db.sql.raw("""
            SELECT failures FROM sign_in_failures WHERE address = \(bind: address) AND window_start > \(bind: now.addingTimeInterval(-window))
            """).first(decoding: Row.self) else { return false }
        return row.failures >= Int64(limit)
    }

    /// Counts one failed sign-in from an address; a window that has run out starts again at one.
    public static func countAddressFailure(_ address: String, window: TimeInterval, now: Date, on db: any Database) async throws {
        let expired = now.addingTimeInterval(-window)
        try await db.sql.raw("""
            INSERT INTO sign_in_failures (address, window_start, failures) VALUES (\(bind: address), \(bind: now), 1)
            ON CONFLICT (address) DO UPDATE SET
              failures = CASE WHEN sign_in_failures.window_start <= \(bind: expired) THEN 1 ELSE sign_in_failures.failures + 1 END,
              window_start = CASE WHEN sign_in_failures.window_start <= \(bind: expired) THEN \(bind: now) ELSE sign_in_failures.window_start END
            """).run()
    }

    /// Counts one wrong password for an account that is not locked, and locks it for `lockFor`
    /// at the `limit`th. Returns true when this failure locked it. A failure while it is locked
    /// counts nothing, exactly as when the guesses come one after another.
    public static func countAccountFailure(_ userID: UUID, limit: Int, lockFor: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var failed_attempts: Int }
        let row = try await db.sql.raw("""
            UPDATE users SET
              failed_attempts = CASE WHEN failed_attempts + 1 >= \(bind: limit) THEN 0 ELSE failed_attempts + 1 END,
              locked_until = CASE WHEN failed_attempts + 1 >= \(bind: limit) THEN \(bind: now.addingTimeInterval(lockFor)) ELSE locked_until END
            WHERE id = \(bind: userID) AND (locked_until IS NULL OR locked_until <= \(bind: now))
            RETURNING failed_attempts
            """).first(decoding: Row.self)
        return row?.failed_attempts == 0
    }

    /// Ends every API token of a person (a password change or reset): whoever knew the old
    /// password may have made one.
    public static func revokeTokens(of userID: UUID, now: Date, on db: any Database) async throws {
        try await db.sql.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
    }
}
