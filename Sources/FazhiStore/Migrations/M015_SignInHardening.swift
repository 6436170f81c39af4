import Fluent

/// Sign-in under attack: API tokens may carry an expiry, and failed sign-ins are counted per
/// client address (a window start and a count, raised atomically) as well as per account.
struct M015_SignInHardening: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("api_tokens").field("expires_at", .datetime).update()
        try await db.schema("sign_in_failures")
            .field("address", .string, .identifier(auto: false))
            .field("window_start", .datetime, .required)
            .field("failures", .int64, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("sign_in_failures").delete()
        try await db.schema("api_tokens").deleteField("expires_at").update()
    }
}
