import Fluent
import Foundation

/// A signed-in browser session. The cookie holds a random token; the row is keyed by its
/// SHA-256 so a leaked database does not leak live sessions.
public final class SessionRecord: Model, @unchecked Sendable {
    public static let schema = "sessions"
    @ID(custom: "id", generatedBy: .user) public var id: String?
    @Parent(key: "user_id") public var user: User
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @Field(key: "address") public var address: String
    @Field(key: "user_agent") public var userAgent: String
    public init() {}
    public init(id: String, userID: UUID, csrfToken: String, now: Date, address: String, userAgent: String) {
        self.id = id; self.$user.id = userID; self.csrfToken = csrfToken
        self.createdAt = now; self.lastSeenAt = now; self.address = address; self.userAgent = userAgent
    }
}

/// A personal API token for integrations. Only its SHA-256 is stored.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "name") public var name: String
    @Field(key: "token_prefix") public var tokenPrefix: String
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    /// The token answers until this instant; nil: until revoked.
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    public init() {}
    public init(userID: UUID, name: String, tokenPrefix: String, tokenHash: String, now: Date, expiresAt: Date? = nil) {
        self.$user.id = userID; self.name = name; self.tokenPrefix = tokenPrefix
        self.tokenHash = tokenHash; self.createdAt = now; self.expiresAt = expiresAt
    }
}
