import FazhiCore
import Fluent
import Foundation

/// Browser sessions: opened at sign-in, closed at sign-out, ended when idle or too old. Only the
/// hash of the cookie's token is stored.
public enum Sessions {
    /// Opens a session for a person who has just signed in and returns the cookie's token. Sessions
    /// that went idle without being seen again are removed here, not left to pile up.
    public static func open(userID: UUID, idleBefore: Date, address: String, userAgent: String, now: Date,
                            on db: any Database) async throws -> String {
        let token = Secrets.random()
        let session = SessionRecord(id: Secrets.sha256Hex(token), userID: userID, csrfToken: Secrets.random(bytes: 24),
                                    now: now, address: address, userAgent: userAgent)
        try await db.write { tx in
            try await SessionRecord.query(on: tx).filter(\.$lastSeenAt < idleBefore).delete()
            try await session.create(on: tx)
        }
        return token
    }

    /// A session in force: whose it is and its CSRF token.
    public struct Active: Sendable { public let userID: UUID; public let csrfToken: String }

    public enum Lookup: Sendable { case none, expired, active(Active) }

    /// The session a cookie's token hash names. One idle longer than `idle` or older than
    /// `lifetime` is removed and answers `expired`; otherwise its idle clock is refreshed, at most
    /// once a minute to keep reads cheap.
    public static func resolve(id: String, idle: TimeInterval, lifetime: TimeInterval, now: Date, on db: any Database) async throws -> Lookup {
        guard let session = try await SessionRecord.find(id, on: db) else { return .none }
        if now.timeIntervalSince(session.lastSeenAt) > idle || now.timeIntervalSince(session.createdAt) > lifetime {
            try await session.delete(on: db)
            return .expired
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.save(on: db)
        }
        return .active(Active(userID: session.$user.id, csrfToken: session.csrfToken))
    }

    /// Sign-out: the session ends, and the audit trail says so.
    public static func close(id: String, actor: AuditActor, on db: any Database) async throws {
        try await db.write { tx in
            try await SessionRecord.query(on: tx).filter(\.$id == id).delete()
            try await AuditLog.append(on: tx, actor: actor, action: .signOut, entityType: "session", entityID: String(id.prefix(12)))
        }
    }
}

/// A person's own account: finding it for sign-in, and changing the password.
public enum Accounts {
    public static func user(_ id: UUID, on db: any Database) async throws -> User? {
        try await User.find(id, on: db)
    }

    public static func user(username: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$username == username).first()
    }

    /// Sets a person's new password (already checked and hashed), in one transaction: their other
    /// sessions end (`keepSession` goes on) and so do their API tokens, since whoever knew the old
    /// password may have made one.
    public static func changePassword(of userID: UUID, hash: String, keepSession: String?, actor: AuditActor, now: Date,
                                      on db: any Database) async throws {
        try await db.write { tx in
            guard let user = try await User.find(userID, on: tx) else { throw CoreError.state("账户不存在") }
            user.passwordHash = hash
            user.mustChangePassword = false
            try await user.save(on: tx)
            try await SessionRecord.query(on: tx).filter(\.$user.$id == userID).filter(\.$id != keepSession ?? "").delete()
            try await SignInGuard.revokeTokens(of: userID, now: now, on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .passwordChanged, entityType: "user", entityID: userID.uuidString)
        }
    }
}

/// Personal API tokens. The clear text is shown once; only its hash is kept.
public enum Tokens {
    /// Issues a token; the clear text is returned once and only its hash is kept.
    public static func issue(userID: UUID, name: String, expiresAt: Date? = nil, actor: AuditActor, now: Date, on db: any Database) async throws -> (String, APIToken) {
        let token = "fz_" + Secrets.random()
        let record = APIToken(userID: userID, name: name, tokenPrefix: String(token.prefix(10)), tokenHash: Secrets.sha256Hex(token), now: now,
                              expiresAt: expiresAt)
        try await db.write { tx in
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "api_token", entityID: record.id!.uuidString,
                                      after: AuditLog.snapshot(["name": name, "prefix": record.tokenPrefix,
                                                                "expires": expiresAt.map(Format.dateTime) ?? "长期"]))
        }
        return (token, record)
    }

    /// A person's tokens, newest first.
    public static func list(of userID: UUID, on db: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
    }

    /// Revokes one of the person's own tokens; false when they have none with this id.
    public static func revoke(_ id: UUID, of userID: UUID, actor: AuditActor, now: Date, on db: any Database) async throws -> Bool {
        try await db.write { tx in
            guard let token = try await APIToken.query(on: tx).filter(\.$id == id).filter(\.$user.$id == userID).first() else { return false }
            token.revokedAt = now
            try await token.save(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "api_token", entityID: id.uuidString, after: #"{"revoked":true}"#)
            return true
        }
    }

    /// When a token was last used (callers keep this to about once a minute per token).
    public static func touch(_ id: UUID, now: Date, on db: any Database) async throws {
        try await APIToken.query(on: db).filter(\.$id == id).set(\.$lastUsedAt, to: now).update()
    }
}
