import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Snapshots written to the audit trail (never password hashes).
public struct UnitSnapshot: Codable, Sendable, Equatable {
    public var code: String, name: String, kind: String, parentID: UUID?, sortOrder: Int
    init(_ u: OrgUnit) { code = u.code; name = u.name; kind = u.kind.rawValue; parentID = u.$parent.id; sortOrder = u.sortOrder }
}

public struct UserSnapshot: Codable, Sendable, Equatable {
    public var username: String, displayName: String, phone: String?, isActive: Bool, units: [UUID], roles: [UUID]
}

public struct RoleSnapshot: Codable, Sendable, Equatable {
    public var code: String, name: String, duty: String?, scopeKind: String, permissions: [String], scopeUnits: [UUID]
}

public struct UnitInput: Sendable {
    public var code: String, name: String, kind: UnitKind, parentID: UUID?, sortOrder: Int
    public init(code: String, name: String, kind: UnitKind, parentID: UUID?, sortOrder: Int = 0) {
        self.code = code; self.name = name; self.kind = kind; self.parentID = parentID; self.sortOrder = sortOrder
    }
}

public struct UserInput: Sendable {
    public var username: String, displayName: String, phone: String?, isActive: Bool
    public var unitIDs: [UUID], primaryUnitID: UUID?
    public init(username: String, displayName: String, phone: String?, isActive: Bool = true, unitIDs: [UUID], primaryUnitID: UUID? = nil) {
        self.username = username; self.displayName = displayName; self.phone = phone; self.isActive = isActive
        self.unitIDs = unitIDs; self.primaryUnitID = primaryUnitID
    }
}

public struct RoleInput: Sendable {
    public var code: String, name: String, scope: DataScopeKind, permissions: Set<Permission>, scopeUnitIDs: [UUID]
    public init(code: String, name: String, scope: DataScopeKind, permissions: Set<Permission>, scopeUnitIDs: [UUID] = []) {
        self.code = code; self.name = name; self.scope = scope; self.permissions = permissions; self.scopeUnitIDs = scopeUnitIDs
    }
}

public enum OrganisationStore {
    static var codePattern: Regex<Substring> { /^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$/ }
    static var usernamePattern: Regex<Substring> { /^[a-z][a-z0-9_.-]{2,31}$/ }
    static var phonePattern: Regex<Substring> { /^1[3-9][0-9]{9}$/ }

    // MARK: Units

    public static func validate(_ input: UnitInput, id: UUID?, on db: any Database) async throws {
        guard input.code.wholeMatch(of: codePattern) != nil else {
            throw CoreError.invalid(field: "code", "单位编码只能包含字母、数字、- 和 _，长度 1–40")
        }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw CoreError.invalid(field: "name", "单位名称不能为空，且不超过 100 字") }
        if let dup = try await OrgUnit.query(on: db).filter(\.$code == input.code).first(), dup.id != id {
            throw CoreError.invalid(field: "code", "单位编码「\(input.code)」已被「\(dup.name)」使用")
        }
        if let parentID = input.parentID {
            guard let parent = try await OrgUnit.find(parentID, on: db) else {
                throw CoreError.invalid(field: "parentID", "上级单位不存在")
            }
            guard parent.kind.allowedChildren.contains(input.kind) else {
                throw CoreError.invalid(field: "kind", "「\(parent.kind.label)」下不能设立「\(input.kind.label)」")
            }
            if let id {
                // A unit cannot be moved under itself or its descendants.
                var cursor: OrgUnit? = parent
                while let c = cursor {
                    if c.id == id { throw CoreError.invalid(field: "parentID", "不能把单位移到它自己或其下级之下") }
                    cursor = try await c.$parent.get(on: db)
                }
            }
        } else {
            // Each district (区县) is a root of the tree; a platform may hold several.
            guard input.kind == .district else { throw CoreError.invalid(field: "parentID", "除区县外，每个单位都必须有上级单位") }
        }
    }

    public static func createUnit(_ input: UnitInput, actor: AuditActor, on db: any Database) async throws -> OrgUnit {
        try await db.write { tx in
            try await validate(input, id: nil, on: tx)
            let unit = OrgUnit(code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), kind: input.kind,
                            parentID: input.parentID, sortOrder: input.sortOrder)
            try await unit.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "unit", entityID: unit.id!.uuidString,
                                      after: AuditLog.snapshot(UnitSnapshot(unit)))
            return unit
        }
    }

    public static func updateUnit(_ id: UUID, _ input: UnitInput, actor: AuditActor, on db: any Database) async throws -> OrgUnit {
        try await db.write { tx in
            guard let unit = try await OrgUnit.find(id, on: tx) else { throw CoreError.invalid(field: "id", "单位不存在") }
            try await validate(input, id: id, on: tx)
            let before = UnitSnapshot(unit)
            unit.code = input.code; unit.name = input.name.trimmingCharacters(in: .whitespaces); unit.kind = input.kind
            unit.$parent.id = input.parentID; unit.sortOrder = input.sortOrder
            try await unit.save(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "unit", entityID: id.uuidString,
                                      before: AuditLog.snapshot(before), after: AuditLog.snapshot(UnitSnapshot(unit)))
            return unit
        }
    }

    public static func deleteUnit(_ id: UUID, actor: AuditActor, on db: any Database) async throws {
        try await db.write { tx in
            guard let unit = try await OrgUnit.find(id, on: tx) else { throw CoreError.invalid(field: "id", "单位不存在") }
            if try await OrgUnit.query(on: tx).filter(\.$parent.$id == id).count() > 0 {
                throw CoreError.state("「\(unit.name)」还有下级单位，不能删除")
            }
            if try await UserUnit.query(on: tx).filter(\.$unit.$id == id).count() > 0 {
                throw CoreError.state("「\(unit.name)」还有人员，不能删除")
            }
            let before = UnitSnapshot(unit)
            try await unit.delete(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .delete, entityType: "unit", entityID: id.uuidString,
                                      before: AuditLog.snapshot(before))
        }
    }

    // MARK: Users

    static func snapshot(_ user: User, on db: any Database) async throws -> UserSnapshot {
        let units = try await UserUnit.query(on: db).filter(\.$user.$id == user.id!).all().map(\.$unit.id).sorted { $0.uuidString < $1.uuidString }
        let roles = try await UserRole.query(on: db).filter(\.$user.$id == user.id!).all().map(\.$role.id).sorted { $0.uuidString < $1.uuidString }
        return UserSnapshot(username: user.username, displayName: user.displayName, phone: user.phone, isActive: user.isActive, units: units, roles: roles)
    }

    public static func validate(_ input: UserInput, id: UUID?, on db: any Database) async throws {
        guard input.username.wholeMatch(of: usernamePattern) != nil else {
            throw CoreError.invalid(field: "username", "登录名须以小写字母开头，由 3–32 位小写字母、数字、_ . - 组成")
        }
        let name = input.displayName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else { throw CoreError.invalid(field: "displayName", "姓名不能为空，且不超过 50 字") }
        if let phone = input.phone, !phone.isEmpty, phone.wholeMatch(of: phonePattern) == nil {
            throw CoreError.invalid(field: "phone", "手机号码应为 11 位数字，以 1 开头")
        }
        guard !input.unitIDs.isEmpty else { throw CoreError.invalid(field: "unitIDs", "至少选择一个所属单位") }
        let found = try await OrgUnit.query(on: db).filter(\.$id ~~ input.unitIDs).count()
        guard found == Set(input.unitIDs).count else { throw CoreError.invalid(field: "unitIDs", "所选单位不存在") }
        if let p = input.primaryUnitID, !input.unitIDs.contains(p) {
            throw CoreError.invalid(field: "primaryUnitID", "主单位必须是所属单位之一")
        }
        if let dup = try await User.query(on: db).filter(\.$username == input.username).first(), dup.id != id {
            throw CoreError.invalid(field: "username", "登录名「\(input.username)」已被使用")
        }
    }

    static func setUnits(_ userID: UUID, _ input: UserInput, on db: any Database) async throws {
        try await UserUnit.query(on: db).filter(\.$user.$id == userID).delete()
        let primary = input.primaryUnitID ?? input.unitIDs[0]
        for unitID in Array(Set(input.unitIDs)) {
            try await UserUnit(userID: userID, unitID: unitID, isPrimary: unitID == primary).create(on: db)
        }
    }

    /// Creates an account that must change its password at first sign-in.
    public static func createUser(_ input: UserInput, passwordHash: String, roleIDs: [UUID] = [], actor: AuditActor, on db: any Database) async throws -> User {
        try await db.write { tx in
            try await validate(input, id: nil, on: tx)
            let phone = input.phone.flatMap { $0.isEmpty ? nil : $0 }
            let user = User(username: input.username, displayName: input.displayName.trimmingCharacters(in: .whitespaces),
                            phone: phone, passwordHash: passwordHash, mustChangePassword: true)
            user.isActive = input.isActive
            try await user.create(on: tx)
            try await setUnits(user.id!, input, on: tx)
            if !roleIDs.isEmpty { try await replaceRoles(user.id!, roleIDs, on: tx) }
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "user", entityID: user.id!.uuidString,
                                      after: AuditLog.snapshot(try await snapshot(user, on: tx)))
            return user
        }
    }

    /// Changes an account's details. `steward` is the permissions of the person changing it: an
    /// account that holds a security duty is changed only by the duty that keeps it (三员分立).
    public static func updateUser(_ id: UUID, _ input: UserInput, steward: Set<Permission>, actor: AuditActor, on db: any Database) async throws -> User {
        try await db.write { tx in
            guard let user = try await User.find(id, on: tx) else { throw CoreError.invalid(field: "id", "用户不存在") }
            try await checkStewardship(of: id, by: steward, on: tx)
            try await validate(input, id: id, on: tx)
            let before = try await snapshot(user, on: tx)
            user.username = input.username; user.displayName = input.displayName.trimmingCharacters(in: .whitespaces)
            user.phone = input.phone.flatMap { $0.isEmpty ? nil : $0 }; user.isActive = input.isActive
            try await user.save(on: tx)
            try await setUnits(id, input, on: tx)
            if !user.isActive { try await SessionRecord.query(on: tx).filter(\.$user.$id == id).delete() }
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "user", entityID: id.uuidString,
                                      before: AuditLog.snapshot(before), after: AuditLog.snapshot(try await snapshot(user, on: tx)))
            return user
        }
    }

    static func replaceRoles(_ userID: UUID, _ roleIDs: [UUID], on db: any Database) async throws {
        let ids = Array(Set(roleIDs))
        let roles = try await Role.query(on: db).filter(\.$id ~~ ids).all()
        guard roles.count == ids.count else { throw CoreError.invalid(field: "roleIDs", "所选角色不存在") }
        try await checkDuties(ofRoles: ids, on: db)
        try await UserRole.query(on: db).filter(\.$user.$id == userID).delete()
        for id in ids { try await UserRole(userID: userID, roleID: id).create(on: db) }
    }

    /// Grants roles to a person; refused when the union would break the separation of duties.
    public static func assignRoles(_ userID: UUID, _ roleIDs: [UUID], actor: AuditActor, on db: any Database) async throws {
        try await db.write { tx in
            guard let user = try await User.find(userID, on: tx) else { throw CoreError.invalid(field: "id", "用户不存在") }
            let before = try await snapshot(user, on: tx)
            try await replaceRoles(userID, roleIDs, on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "user_roles", entityID: userID.uuidString,
                                      before: AuditLog.snapshot(before), after: AuditLog.snapshot(try await snapshot(user, on: tx)))
        }
    }

    /// Sets a new password chosen by an administrator (forced change at next sign-in) and unlocks.
    public static func resetPassword(_ userID: UUID, passwordHash: String, steward: Set<Permission>, actor: AuditActor, now: Date,
                                     on db: any Database) async throws {
        try await db.write { tx in
            guard let user = try await User.find(userID, on: tx) else { throw CoreError.invalid(field: "id", "用户不存在") }
            try await checkStewardship(of: userID, by: steward, on: tx)
            user.passwordHash = passwordHash; user.mustChangePassword = true
            user.failedAttempts = 0; user.lockedUntil = nil
            try await user.save(on: tx)
            try await SessionRecord.query(on: tx).filter(\.$user.$id == userID).delete()
            try await SignInGuard.revokeTokens(of: userID, now: now, on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "user_password", entityID: userID.uuidString,
                                      after: #"{"reset":true}"#)
        }
    }

    /// The security duty an account's roles give it, if any.
    public static func duty(ofUser id: UUID, on db: any Database) async throws -> SecurityDuty? {
        let roleIDs = try await UserRole.query(on: db).filter(\.$user.$id == id).all().map(\.$role.id)
        guard !roleIDs.isEmpty else { return nil }
        return try await Role.query(on: db).filter(\.$id ~~ roleIDs).all().compactMap { $0.duty.flatMap(SecurityDuty.init(rawValue:)) }.first
    }

    /// Refuses a change to an account that the person's permissions do not keep (三员分立).
    public static func checkStewardship(of id: UUID, by permissions: Set<Permission>, on db: any Database) async throws {
        let duty = try await duty(ofUser: id, on: db)
        guard AccountStewardship.mayChange(account: duty, actor: permissions) else { throw AccountStewardship.refusal(account: duty) }
    }

    // MARK: Roles

    static func snapshot(_ role: Role, on db: any Database) async throws -> RoleSnapshot {
        let perms = try await RolePermission.query(on: db).filter(\.$role.$id == role.id!).all().map(\.permission).sorted()
        let units = try await RoleScopeUnit.query(on: db).filter(\.$role.$id == role.id!).all().map(\.$unit.id).sorted { $0.uuidString < $1.uuidString }
        return RoleSnapshot(code: role.code, name: role.name, duty: role.duty, scopeKind: role.scopeKind, permissions: perms, scopeUnits: units)
    }

    public static func validate(_ input: RoleInput, id: UUID?, on db: any Database) async throws {
        guard input.code.wholeMatch(of: /^[a-z][a-z0-9_]{1,39}$/) != nil else {
            throw CoreError.invalid(field: "code", "角色编码须以小写字母开头，由 2–40 位小写字母、数字、_ 组成")
        }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else { throw CoreError.invalid(field: "name", "角色名称不能为空，且不超过 50 字") }
        try SeparationOfDuties.check(input.permissions)
        if input.scope == .chosenUnits {
            guard !input.scopeUnitIDs.isEmpty else { throw CoreError.invalid(field: "scopeUnitIDs", "数据范围为「指定单位」时至少选择一个单位") }
            let found = try await OrgUnit.query(on: db).filter(\.$id ~~ input.scopeUnitIDs).count()
            guard found == Set(input.scopeUnitIDs).count else { throw CoreError.invalid(field: "scopeUnitIDs", "所选单位不存在") }
        }
        if let dup = try await Role.query(on: db).filter(\.$code == input.code).first(), dup.id != id {
            throw CoreError.invalid(field: "code", "角色编码「\(input.code)」已被使用")
        }
    }

    static func writePermissions(_ role: Role, _ input: RoleInput, on db: any Database) async throws {
        try await RolePermission.query(on: db).filter(\.$role.$id == role.id!).delete()
        try await RoleScopeUnit.query(on: db).filter(\.$role.$id == role.id!).delete()
        for p in input.permissions.sorted(by: { $0.rawValue < $1.rawValue }) {
            try await RolePermission(roleID: role.id!, permission: p).create(on: db)
        }
        if input.scope == .chosenUnits {
            for u in Set(input.scopeUnitIDs) { try await RoleScopeUnit(roleID: role.id!, unitID: u).create(on: db) }
        }
    }

    /// Every holder's permissions, after a role change, must still keep the duties apart.
    static func checkHolders(of roleID: UUID, on db: any Database) async throws {
        let holders = try await UserRole.query(on: db).filter(\.$role.$id == roleID).all().map(\.$user.id)
        for userID in Set(holders) {
            let roleIDs = try await UserRole.query(on: db).filter(\.$user.$id == userID).all().map(\.$role.id)
            try await checkDuties(ofRoles: roleIDs, on: db)
        }
    }

    /// The union of these roles' permissions must keep the security duties apart.
    static func checkDuties(ofRoles roleIDs: [UUID], on db: any Database) async throws {
        let perms = try await RolePermission.query(on: db).filter(\.$role.$id ~~ roleIDs).all()
        try SeparationOfDuties.check(Set(perms.compactMap { Permission(rawValue: $0.permission) }))
    }

    public static func createRole(_ input: RoleInput, builtIn: Bool = false, actor: AuditActor, on db: any Database) async throws -> Role {
        try await db.write { tx in
            try await validate(input, id: nil, on: tx)
            let duty = Set(input.permissions.compactMap(\.duty)).first
            let role = Role(code: input.code, name: input.name.trimmingCharacters(in: .whitespaces), duty: duty, scope: input.scope, builtIn: builtIn)
            try await role.create(on: tx)
            try await writePermissions(role, input, on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "role", entityID: role.id!.uuidString,
                                      after: AuditLog.snapshot(try await snapshot(role, on: tx)))
            return role
        }
    }

    public static func updateRole(_ id: UUID, _ input: RoleInput, actor: AuditActor, on db: any Database) async throws -> Role {
        try await db.write { tx in
            guard let role = try await Role.find(id, on: tx) else { throw CoreError.invalid(field: "id", "角色不存在") }
            if role.builtIn && role.code != input.code { throw CoreError.invalid(field: "code", "内置角色的编码不能修改") }
            try await validate(input, id: id, on: tx)
            let before = try await snapshot(role, on: tx)
            role.code = input.code; role.name = input.name.trimmingCharacters(in: .whitespaces)
            role.duty = Set(input.permissions.compactMap(\.duty)).first?.rawValue; role.scopeKind = input.scope.rawValue
            try await role.save(on: tx)
            try await writePermissions(role, input, on: tx)
            try await checkHolders(of: id, on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "role", entityID: id.uuidString,
                                      before: AuditLog.snapshot(before), after: AuditLog.snapshot(try await snapshot(role, on: tx)))
            return role
        }
    }

    public static func deleteRole(_ id: UUID, actor: AuditActor, on db: any Database) async throws {
        try await db.write { tx in
            guard let role = try await Role.find(id, on: tx) else { throw CoreError.invalid(field: "id", "角色不存在") }
            guard !role.builtIn else { throw CoreError.state("内置角色不能删除") }
            if try await UserRole.query(on: tx).filter(\.$role.$id == id).count() > 0 {
                throw CoreError.state("还有用户持有角色「\(role.name)」，不能删除")
            }
            let before = try await snapshot(role, on: tx)
            try await role.delete(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .delete, entityType: "role", entityID: id.uuidString,
                                      before: AuditLog.snapshot(before))
        }
    }
}
