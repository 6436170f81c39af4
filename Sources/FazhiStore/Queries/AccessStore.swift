import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Loads who a request acts for: permissions and data scope from the person's roles and units.
/// Plain SQL: this runs on every request.
public enum AccessStore {
    struct UserRow: Decodable {
        var id: UUID
        var username: String
        var display_name: String
        var must_change_password: Bool
        var is_active: Bool
    }

    struct GrantRow: Decodable {
        var role_id: UUID
        var scope_kind: String
        var permission: String?
    }

    struct MembershipRow: Decodable {
        var unit_id: UUID
        var is_primary: Bool
    }

    struct TokenRow: Decodable {
        var token_id: UUID
        var user_id: UUID
    }

    public static func principal(userID: UUID, on db: any Database) async throws -> Principal? {
        let sql = db.sql
        guard let user = try await sql.raw("""
            SELECT id, username, display_name, must_change_password, is_active FROM users WHERE id = \(bind: userID)
            """).first(decoding: UserRow.self), user.is_active else { return nil }
        let grants = try await sql.raw("""
            SELECT r.id AS role_id, r.scope_kind, rp.permission FROM user_roles ur
            JOIN roles r ON r.id = ur.role_id LEFT JOIN role_permissions rp ON rp.role_id = r.id
            WHERE ur.user_id = \(bind: userID)
            """).all(decoding: GrantRow.self)
        let memberships = try await sql.raw("SELECT unit_id, is_primary FROM user_units WHERE user_id = \(bind: userID)")
            .all(decoding: MembershipRow.self)

        let permissions = Set(grants.compactMap { $0.permission.flatMap(Permission.init(rawValue:)) })
        var kinds: [UUID: DataScopeKind] = [:]
        for g in grants { kinds[g.role_id] = DataScopeKind(rawValue: g.scope_kind) ?? .selfOnly }
        var chosen: [UUID: Set<UUID>] = [:]
        let chosenRoles = kinds.filter { $0.value == .chosenUnits }.map(\.key)
        if !chosenRoles.isEmpty {
            struct Row: Decodable { var role_id: UUID; var unit_id: UUID }
            let rows = try await sql.raw("SELECT role_id, unit_id FROM role_scope_units WHERE role_id IN (\(binds: chosenRoles))")
                .all(decoding: Row.self)
            for r in rows { chosen[r.role_id, default: []].insert(r.unit_id) }
        }
        let needsTree = (kinds.values.contains(.unitAndBelow) || kinds.values.contains(.district)) && !kinds.values.contains(.all)
        let tree = needsTree ? try await unitTree(on: db) : []
        let memberOf = Set(memberships.map(\.unit_id))
        let scope = DataScope.resolve(
            userID: userID,
            grants: kinds.map { (kind: $0.value, chosen: chosen[$0.key] ?? []) },
            memberOf: memberOf, tree: tree)
        return Principal(
            userID: user.id, username: user.username, displayName: user.display_name,
            mustChangePassword: user.must_change_password, permissions: permissions, scope: scope,
            unitIDs: memberships.map(\.unit_id), primaryUnitID: memberships.first(where: \.is_primary)?.unit_id ?? memberships.first?.unit_id)
    }

    /// The principal for a live (neither revoked nor expired) API token, by the token's SHA-256.
    public static func principal(tokenHash: String, now: Date, on db: any Database) async throws -> (Principal, tokenID: UUID)? {
        guard let row = try await db.sql.raw("""
            SELECT id AS token_id, user_id FROM api_tokens
            WHERE token_hash = \(bind: tokenHash) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(bind: now))
            """).first(decoding: TokenRow.self) else { return nil }
        guard let principal = try await principal(userID: row.user_id, on: db) else { return nil }
        return (principal, row.token_id)
    }

    public static func unitTree(on db: any Database) async throws -> [UnitNode] {
        struct Row: Decodable { var id: UUID; var parent_id: UUID? }
        return try await db.sql.raw("SELECT id, parent_id FROM units").all(decoding: Row.self)
            .map { UnitNode(id: $0.id, parentID: $0.parent_id) }
    }
}

/// The one place where a data scope becomes SQL. Every query of unit-owned records goes
/// through one of these predicates.
public enum ScopeSQL {
    /// For records with a single owning unit column (and optionally a creator column).
    /// `sqlite`: the ids are bound as the text SQLite keeps them as, written by hand (`ids`).
    /// `walking` (SQLite only): for a page that walks its list's index and tests the scope on
    /// each entry. SQLite's planner would otherwise answer the scope from the unit's (and
    /// creator's) indexes and sort every match; the unary `+` keeps those indexes out of the
    /// page's plan. A count of the same list leaves them in.
    public static func predicate(_ scope: DataScope, unitColumn: String, creatorColumn: String? = nil, sqlite: Bool = false,
                                 walking: Bool = false) -> SQLQueryString {
        if scope.allUnits { return "1 = 1" }
        let hide = walking ? "+" : ""
        var parts: [SQLQueryString] = []
        if !scope.unitIDs.isEmpty { parts.append("\(unsafeRaw: hide + unitColumn) IN (\(units(scope, sqlite: sqlite)))") }
        if let creatorColumn { parts.append("\(unsafeRaw: hide + creatorColumn) = \(ids([scope.userID], sqlite: sqlite))") }
        return parts.isEmpty ? "1 = 0" : "(" + parts.joined(separator: " OR ") + ")"
    }

    /// Ids as binds. On SQLite, where a UUID column holds text, as that text (`UUIDText`): the
    /// driver would format each through `snprintf`, and an office's scope has a hundred units.
    public static func ids(_ ids: some Collection<UUID>, sqlite: Bool) -> SQLQueryString {
        sqlite ? "\(binds: ids.map(UUIDText.string))" : "\(binds: Array(ids))"
    }

    /// A scope's units, as `ids` binds them (on SQLite the text the scope keeps).
    public static func units(_ scope: DataScope, sqlite: Bool) -> SQLQueryString {
        sqlite ? "\(binds: scope.unitTexts)" : "\(binds: Array(scope.unitIDs))"
    }

    /// For people, who belong to units through `user_units`: visible when any of their units is in
    /// scope, and a person always sees themself.
    public static func userPredicate(_ scope: DataScope, userIDColumn: String) -> SQLQueryString {
        if scope.allUnits { return "1 = 1" }
        var parts: [SQLQueryString] = ["\(unsafeRaw: userIDColumn) = \(bind: scope.userID)"]
        if !scope.unitIDs.isEmpty {
            parts.append("EXISTS (SELECT 1 FROM user_units su WHERE su.user_id = \(unsafeRaw: userIDColumn) AND su.unit_id IN (\(binds: Array(scope.unitIDs))))")
        }
        return "(" + parts.joined(separator: " OR ") + ")"
    }
}
