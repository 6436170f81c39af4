import FazhiCore
import Fluent
import Foundation

/// The kinds of unit in the organisation tree (区 → 部门/镇街 → 科室/司法所/村居).
public enum UnitKind: String, Codable, CaseIterable, Sendable {
    case district, department, town, section
    case justiceOffice = "justice_office"
    case village

    public var label: String {
        switch self {
        case .district: return "区"
        case .department: return "部门"
        case .town: return "镇街"
        case .section: return "科室"
        case .justiceOffice: return "司法所"
        case .village: return "村居"
        }
    }

    /// Which kinds may sit directly under a unit of this kind.
    public var allowedChildren: Set<UnitKind> {
        switch self {
        case .district: return [.department, .town]
        case .department: return [.section]
        case .town: return [.section, .justiceOffice, .village]
        case .section, .justiceOffice, .village: return []
        }
    }
}

public final class OrgUnit: Model, @unchecked Sendable {
    public static let schema = "units"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Enum(key: "kind") public var kind: UnitKind
    @OptionalParent(key: "parent_id") public var parent: OrgUnit?
    @Field(key: "sort_order") public var sortOrder: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public init() {}
    public init(id: UUID? = nil, code: String, name: String, kind: UnitKind, parentID: UUID?, sortOrder: Int = 0) {
        self.id = id; self.code = code; self.name = name; self.kind = kind
        self.$parent.id = parentID; self.sortOrder = sortOrder
    }
}

public final class User: Model, @unchecked Sendable {
    public static let schema = "users"
    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @OptionalField(key: "phone") public var phone: String?
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    @Field(key: "failed_attempts") public var failedAttempts: Int
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    @Field(key: "is_active") public var isActive: Bool
    @OptionalField(key: "last_sign_in_at") public var lastSignInAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public init() {}
    public init(id: UUID? = nil, username: String, displayName: String, phone: String? = nil, passwordHash: String, mustChangePassword: Bool = true) {
        self.id = id; self.username = username; self.displayName = displayName; self.phone = phone
        self.passwordHash = passwordHash; self.mustChangePassword = mustChangePassword
        self.failedAttempts = 0; self.isActive = true
    }
}

public final class UserUnit: Model, @unchecked Sendable {
    public static let schema = "user_units"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Parent(key: "unit_id") public var unit: OrgUnit
    @Field(key: "is_primary") public var isPrimary: Bool
    public init() {}
    public init(userID: UUID, unitID: UUID, isPrimary: Bool) {
        self.$user.id = userID; self.$unit.id = unitID; self.isPrimary = isPrimary
    }
}

public final class Role: Model, @unchecked Sendable {
    public static let schema = "roles"
    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "duty") public var duty: String?
    @Field(key: "scope_kind") public var scopeKind: String
    @Field(key: "built_in") public var builtIn: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public init() {}
    public init(id: UUID? = nil, code: String, name: String, duty: SecurityDuty?, scope: DataScopeKind, builtIn: Bool = false) {
        self.id = id; self.code = code; self.name = name; self.duty = duty?.rawValue
        self.scopeKind = scope.rawValue; self.builtIn = builtIn
    }
}

public final class RolePermission: Model, @unchecked Sendable {
    public static let schema = "role_permissions"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "role_id") public var role: Role
    @Field(key: "permission") public var permission: String
    public init() {}
    public init(roleID: UUID, permission: Permission) { self.$role.id = roleID; self.permission = permission.rawValue }
}

public final class RoleScopeUnit: Model, @unchecked Sendable {
    public static let schema = "role_scope_units"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "role_id") public var role: Role
    @Parent(key: "unit_id") public var unit: OrgUnit
    public init() {}
    public init(roleID: UUID, unitID: UUID) { self.$role.id = roleID; self.$unit.id = unitID }
}

public final class UserRole: Model, @unchecked Sendable {
    public static let schema = "user_roles"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Parent(key: "role_id") public var role: Role
    public init() {}
    public init(userID: UUID, roleID: UUID) { self.$user.id = userID; self.$role.id = roleID }
}
