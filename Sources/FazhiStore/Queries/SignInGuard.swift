import FazhiCore
import Fluent
import Foundation
import SQLKit

/// What sign-in records: each failure counted in one statement, so parallel guesses count as
/// serial ones do, and every attempt audited in the same transaction.
public enum SignInGuard {
    /// How many failures an account and a client address may have.
    public struct Policy: Sendable {
        public var lockoutAttempts: Int, lockout: TimeInterval, addressAttempts: Int, addressWindow: TimeInterval
        public init(lockoutAttempts: Int, lockout: TimeInterval, addressAttempts: Int, addressWindow: TimeInterval) {
            self.lockoutAttempts = lockoutAttempts; self.lockout = lockout; self.addressAttempts = addressAttempts; self.addressWindow = addressWindow
        }
    }

    /// Why a sign-in failed, for the audit trail only: people are told the same in every case.
    public enum FailureReason: String, Sendable { case unknown, inactive, locked, password }

    /// Whether a client address has used up its failed sign-ins for the current window.
    public static func addressBlocked(_ address: String, policy: Policy, now: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var failures: Int64 }
        guard let row = try await db.sql.raw("""
            SELECT failures FROM sign_in_failures WHERE address = \(bind: address) AND window_start > \(bind: now.addingTimeInterval(-policy.addressWindow))
            """).first(decoding: Row.self) else { return false }
        return row.failures >= Int64(policy.addressAttempts)
    }

    /// One failed sign-in, in one transaction: the address's count, the account's for a wrong
    /// password (locking it at the limit), and the audit entry (登录失败, or 账户锁定).
    public static func recordFailure(_ reason: FailureReason, username: String, userID: UUID?, address: String, policy: Policy, actor: AuditActor,
                                     now: Date, on db: any Database) async throws {
        try await db.write { tx in
            try await countAddressFailure(address, window: policy.addressWindow, now: now, on: tx)
            var action = AuditAction.signInFailed
            if let userID, reason == .password,
               try await countAccountFailure(userID, limit: policy.lockoutAttempts, lockFor: policy.lockout, now: now, on: tx) {
                action = .accountLocked
            }
            try await AuditLog.append(on: tx, actor: actor, action: action, entityType: "user", entityID: userID?.uuidString ?? String(username.prefix(32)),
                                      after: AuditLog.snapshot(["reason": reason.rawValue]))
        }
    }

    /// A sign-in that succeeded: the account's count starts again, and it is audited.
    public static func recordSuccess(_ user: User, actor: AuditActor, now: Date, on db: any Database) async throws {
        try await db.write { tx in
            user.failedAttempts = 0
            user.lockedUntil = nil
            user.lastSignInAt = now
            try await user.save(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .signIn, entityType: "user", entityID: user.id!.uuidString)
        }
    }

    /// Counts one failed sign-in from an address; a window that has run out starts again at one.
    static func countAddressFailure(_ address: String, window: TimeInterval, now: Date, on db: any Database) async throws {
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
    static func countAccountFailure(_ userID: UUID, limit: Int, lockFor: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
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
