import FazhiCore
import Fluent
import Foundation
import SQLKit

/// A person as lists show them: units by name, the phone masked unless the reader may see it.
public struct UserSummary: Sendable {
    /// The id as text: the list reads it as text from the database, skipping a parse per row.
    public let id: String
    public let username: String
    public let displayName: String
    public let phone: String?
    public let isActive: Bool
    public let locked: Bool
    public let units: [String]
}

/// Reading people: the users list (the platform's busiest list endpoint: plain SQL, scope applied
/// in SQL), one person in the caller's scope, and names for what records and forms show.
public enum UserQueries {
    public static func page(scope: DataScope, search: String?, limit: Int, offset: Int, revealPersonal: Bool, now: Date,
                            totals: ExpiringCache<Int>, unitNames: ExpiringCache<[String: UnitDirectory.Entry]>,
                            on db: any Database) async throws -> (items: [UserSummary], total: Int) {
        var whereSQL = ScopeSQL.userPredicate(scope, userIDColumn: "u.id")
        if let q = search?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let like = "%" + q.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            whereSQL = whereSQL + " AND (u.username LIKE \(bind: like) OR u.display_name LIKE \(bind: like))"
        }
        struct N: Decodable { var n: Int }
        let totalKey = "users|\(scope.cacheKey)|\(search ?? "")"
        let total: Int
        if let cached = totals.get(totalKey) {
            total = cached
        } else {
            total = try await db.sql.raw("SELECT COUNT(*) AS n FROM users u WHERE \(whereSQL)").first(decoding: N.self)?.n ?? 0
            totals.put(totalKey, total)
        }
        let directory = try await UnitDirectory.names(cache: unitNames, on: db)
        // Many people on a page share the same units: name each combination once.
        var named: [String: [String]] = [:]
        func item(_ r: PreparedUserPage.Row) -> UserSummary {
            let unitIDs = r.unitIDs ?? ""
            let units = named[unitIDs] ?? UnitDirectory.ordered(unitIDs, in: directory)
            named[unitIDs] = units
            return UserSummary(id: r.id, username: r.username, displayName: r.displayName, phone: r.phone.map { revealPersonal ? $0 : Masking.phone($0) },
                               isActive: r.isActive, locked: r.locked, units: units)
        }
        // PostgreSQL: prepared statements kept per connection (planning each call was most of the cost).
        if search?.trimmingCharacters(in: .whitespaces).isEmpty ?? true,
           let prepared = try await PreparedUserPage.fetch(scope: scope, limit: limit, offset: offset, now: now, on: db) {
            return (prepared.map(item), total)
        }
        // One query by the username index; each person's unit ids come from `users.unit_ids`, which
        // triggers on the memberships keep (M005); names from the small, cached unit directory.
        let rows = try await db.fastRows("""
            SELECT UPPER(CAST(u.id AS TEXT)) AS id, u.username, u.display_name, u.phone, u.is_active,
                   CASE WHEN u.locked_until > \(bind: now) THEN 1 ELSE 0 END AS locked, u.unit_ids
            FROM users u WHERE \(whereSQL) ORDER BY u.username LIMIT \(bind: limit) OFFSET \(bind: offset)
            """)
        let items = try rows.map { row in
            item(PreparedUserPage.Row(id: try row.string("id") ?? "", username: try row.string("username") ?? "",
                                      displayName: try row.string("display_name") ?? "", phone: try row.string("phone"),
                                      isActive: try row.bool("is_active") ?? false, locked: try row.int("locked") == 1,
                                      unitIDs: try row.string("unit_ids")))
        }
        return (items, total)
    }

    /// A person the caller may see; nil when missing or outside the scope (the same answer).
    public static func find(_ id: UUID?, scope: DataScope, on db: any Database) async throws -> User? {
        guard let id else { return nil }
        struct N: Decodable { var n: Int }
        let visible = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM users u WHERE u.id = \(bind: id) AND \(ScopeSQL.userPredicate(scope, userIDColumn: "u.id"))
            """).first(decoding: N.self)?.n ?? 0
        guard visible > 0 else { return nil }
        return try await User.find(id, on: db)
    }

    /// One person as the list shows them.
    public static func summary(_ user: User, revealPersonal: Bool, now: Date, on db: any Database) async throws -> UserSummary {
        let units = try await UserUnit.query(on: db).filter(\.$user.$id == user.id!).with(\.$unit).all().map(\.unit.name)
        return UserSummary(id: user.id!.uuidString, username: user.username, displayName: user.displayName,
                           phone: user.phone.map { revealPersonal ? $0 : Masking.phone($0) }, isActive: user.isActive,
                           locked: (user.lockedUntil ?? .distantPast) > now, units: units)
    }

    /// The units a person belongs to, and which is their primary one.
    public static func memberships(of userID: UUID, on db: any Database) async throws -> (unitIDs: [UUID], primary: UUID?) {
        let all = try await UserUnit.query(on: db).filter(\.$user.$id == userID).all()
        return (all.map(\.$unit.id), all.first(where: \.isPrimary)?.$unit.id)
    }

    /// The roles a person holds.
    public static func roleIDs(of userID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await UserRole.query(on: db).filter(\.$user.$id == userID).all().map(\.$role.id))
    }

    /// People by id as records show them: 「姓名（登录名）」.
    public static func labels(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        try await names(ids, on: db).mapValues { "\($0.displayName)（\($0.username)）" }
    }

    /// Sign-in names by id (what a person types into a form's person field).
    public static func usernames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        try await names(ids, on: db).mapValues(\.username)
    }

    static func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: (displayName: String, username: String)] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var display_name: String; var username: String }
        var out: [UUID: (displayName: String, username: String)] = [:]
        for r in try await db.sql.raw("SELECT id, display_name, username FROM users WHERE id IN (\(binds: Array(ids)))").all(decoding: Row.self) {
            out[r.id] = (r.display_name, r.username)
        }
        return out
    }
}

/// A role as the role pages and the API show it.
public struct RoleSummary: Sendable {
    public let id: UUID
    public let code: String
    public let name: String
    public let duty: SecurityDuty?
    public let scope: DataScopeKind
    public let permissions: [String]
    public let scopeUnitIDs: [UUID]
    public let builtIn: Bool
}

public enum RoleQueries {
    /// Every role, built-in ones first, then by name.
    public static func all(on db: any Database) async throws -> [RoleSummary] {
        let roles = try await Role.query(on: db).sort(\.$builtIn, .descending).sort(\.$name).all()
        let perms = Dictionary(grouping: try await RolePermission.query(on: db).all(), by: { $0.$role.id })
        let units = Dictionary(grouping: try await RoleScopeUnit.query(on: db).all(), by: { $0.$role.id })
        return roles.map { r in
            RoleSummary(id: r.id!, code: r.code, name: r.name, duty: r.duty.flatMap(SecurityDuty.init(rawValue:)),
                        scope: DataScopeKind(rawValue: r.scopeKind) ?? .selfOnly, permissions: (perms[r.id!] ?? []).map(\.permission).sorted(),
                        scopeUnitIDs: (units[r.id!] ?? []).map(\.$unit.id), builtIn: r.builtIn)
        }
    }
}
