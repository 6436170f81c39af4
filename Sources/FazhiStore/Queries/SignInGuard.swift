import FazhiCore
import Fluent
import Foundation
import SQLKit

/// What sign-in counts and records. Each attempt is counted before its password is checked, in
/// one statement, against its address and its account, so attempts in flight count as finished
/// ones do; the outcome is decided after the check by a statement that succeeds only while the
/// account is not locked. Every attempt is audited.
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

    /// Counts an attempt from a client's network (`ClientNetwork`: its IPv4 address, or its IPv6
    /// /64), before its password is checked; a window that has
    /// run out starts again at one. Returns false when the address has used up its attempts. An
    /// attempt that succeeds is given back (`recordSuccess`), so the limit counts failures and
    /// attempts still in flight.
    public static func admitAddress(_ client: String, policy: Policy, now: Date, on db: any Database) async throws -> Bool {
        let expired = now.addingTimeInterval(-policy.addressWindow), address = ClientNetwork.of(client)
        struct Row: Decodable { var failures: Int64 }
        let row = try await db.sql.raw("""
            INSERT INTO sign_in_failures (address, window_start, failures) VALUES (\(bind: address), \(bind: now), 1)
            ON CONFLICT (address) DO UPDATE SET
              failures = CASE WHEN sign_in_failures.window_start <= \(bind: expired) THEN 1 ELSE sign_in_failures.failures + 1 END,
              window_start = CASE WHEN sign_in_failures.window_start <= \(bind: expired) THEN \(bind: now) ELSE sign_in_failures.window_start END
            RETURNING failures
            """).first(decoding: Row.self)
        return (row?.failures ?? 1) <= Int64(policy.addressAttempts)
    }

    /// Takes one of an account's attempts before its password is checked: nil when the account is
    /// locked, else how many attempts it has taken since its last success, this one included. An
    /// attempt past the limit is refused whatever its password, even before the lock is written.
    public static func reserveAttempt(_ userID: UUID, now: Date, on db: any Database) async throws -> Int? {
        struct Row: Decodable { var failed_attempts: Int }
        return try await db.sql.raw("""
            UPDATE users SET failed_attempts = failed_attempts + 1
            WHERE id = \(bind: userID) AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING failed_attempts
            """).first(decoding: Row.self)?.failed_attempts
    }

    /// One failed sign-in, in one transaction: the account is locked for `lockout` once its attempts
    /// reach the limit (by the first failure that sees them there), and the audit entry (登录失败,
    /// or 账户锁定) is written.
    public static func recordFailure(_ reason: FailureReason, username: String, userID: UUID?, policy: Policy, actor: AuditActor,
                                     now: Date, on db: any Database) async throws {
        try await db.write { tx in
            var action = AuditAction.signInFailed
            if let userID, reason == .password || reason == .locked,
               try await lock(userID, limit: policy.lockoutAttempts, lockFor: policy.lockout, now: now, on: tx) {
                action = .accountLocked
            }
            try await AuditLog.append(on: tx, actor: actor, action: action, entityType: "user", entityID: userID?.uuidString ?? String(username.prefix(32)),
                                      after: AuditLog.snapshot(["reason": reason.rawValue]))
        }
    }

    /// A right password: it signs in only if the account is still active, not locked and holds the
    /// password that was checked (`verified`: its hash), in one statement with the attempts starting
    /// again; the address's attempt is given back, and it is audited. Returns false (nothing
    /// changed) when the account was locked, stopped or given another password meanwhile.
    public static func recordSuccess(_ userID: UUID, verified hash: String, address: String, actor: AuditActor, now: Date,
                                     on db: any Database) async throws -> Bool {
        try await db.write { tx in
            struct Row: Decodable { var id: UUID }
            guard try await tx.sql.raw("""
                UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = \(bind: now)
                WHERE id = \(bind: userID) AND is_active = \(bind: true) AND password_hash = \(bind: hash)
                  AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING id
                """).first(decoding: Row.self) != nil else { return false }
            try await tx.sql.raw("""
                UPDATE sign_in_failures SET failures = failures - 1 WHERE address = \(bind: ClientNetwork.of(address)) AND failures > 0
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .signIn, entityType: "user", entityID: userID.uuidString)
            return true
        }
    }

    /// Locks an account whose attempts have reached the `limit`, unless it is locked already;
    /// returns true when this call locked it. Its attempts start again from the lock.
    static func lock(_ userID: UUID, limit: Int, lockFor: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var id: UUID }
        return try await db.sql.raw("""
            UPDATE users SET failed_attempts = 0, locked_until = \(bind: now.addingTimeInterval(lockFor))
            WHERE id = \(bind: userID) AND failed_attempts >= \(bind: limit) AND (locked_until IS NULL OR locked_until <= \(bind: now))
            RETURNING id
            """).first(decoding: Row.self) != nil
    }

    /// Ends every API token of a person (a password change or reset): whoever knew the old
    /// password may have made one.
    public static func revokeTokens(of userID: UUID, now: Date, on db: any Database) async throws {
        try await db.sql.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
    }
}
