import Foundation

/// The signed-in person (or API token holder) a request acts for.
public struct Principal: Sendable {
    public let userID: UUID
    public let username: String
    public let displayName: String
    public let mustChangePassword: Bool
    public let permissions: Set<Permission>
    public let scope: DataScope
    public let unitIDs: [UUID]
    public let primaryUnitID: UUID?

    public init(userID: UUID, username: String, displayName: String, mustChangePassword: Bool,
                permissions: Set<Permission>, scope: DataScope, unitIDs: [UUID], primaryUnitID: UUID?) {
        self.userID = userID; self.username = username; self.displayName = displayName
        self.mustChangePassword = mustChangePassword; self.permissions = permissions; self.scope = scope
        self.unitIDs = unitIDs; self.primaryUnitID = primaryUnitID
    }

    public func has(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
