import FazhiCore
import Fluent
import Foundation
import SQLKit

/// A unit as lists and forms show it, with its depth in the tree.
public struct UnitEntry: Sendable {
    public let id: UUID
    public let code: String
    public let name: String
    public let kind: UnitKind
    public let parentID: UUID?
    public let sortOrder: Int
    public let depth: Int

    init(_ u: OrgUnit, depth: Int) {
        id = u.id!; code = u.code; name = u.name; kind = u.kind; parentID = u.$parent.id; sortOrder = u.sortOrder; self.depth = depth
    }
}

/// Units in tree order, narrowed to the caller's data scope.
public enum UnitQueries {
    public static func visibleTree(scope: DataScope, on db: any Database) async throws -> [UnitEntry] {
        let all = try await OrgUnit.query(on: db).sort(\.$sortOrder).sort(\.$code).all()
        var children: [UUID?: [OrgUnit]] = [:]
        for u in all { children[u.$parent.id, default: []].append(u) }
        var out: [UnitEntry] = []
        func walk(_ parent: UUID?, _ depth: Int) {
            for u in children[parent] ?? [] {
                if scope.covers(unit: u.id) { out.append(UnitEntry(u, depth: depth)) }
                walk(u.id, depth + 1)
            }
        }
        walk(nil, 0)
        return out
    }

    /// A district and the units directly under it (its departments and towns), in order, narrowed
    /// to the caller's scope: the agencies that each publish their own disclosure report.
    public static func agencies(of district: UUID, scope: DataScope, on db: any Database) async throws -> [UnitEntry] {
        try await OrgUnit.query(on: db).group(.or) { $0.filter(\.$id == district).filter(\.$parent.$id == district) }
            .sort(\.$sortOrder).sort(\.$code).all()
            .filter { scope.covers(unit: $0.id) }.map { UnitEntry($0, depth: $0.id == district ? 0 : 1) }
    }

    /// A unit by its code.
    public static func id(code: String, on db: any Database) async throws -> UUID? {
        try await OrgUnit.query(on: db).filter(\.$code == code).first()?.id
    }

    /// A unit in the caller's scope; nil when it is missing or outside (the same answer).
    public static func find(_ id: UUID?, scope: DataScope, on db: any Database) async throws -> UnitEntry? {
        guard let id, scope.covers(unit: id), let unit = try await OrgUnit.find(id, on: db) else { return nil }
        return UnitEntry(unit, depth: 0)
    }
}

/// Unit names by id (upper-case text), for lists that show people's units. Small and rarely
/// changed, so kept in the app's expiring cache.
public enum UnitDirectory {
    public struct Entry: Sendable { public let name: String; public let code: String }

    public static func names(cache: ExpiringCache<[String: Entry]>, on db: any Database) async throws -> [String: Entry] {
        if let hit = cache.get("units") { return hit }
        var map: [String: Entry] = [:]
        for row in try await db.sql.raw("SELECT UPPER(CAST(id AS TEXT)) AS id, name, code FROM units").all() {
            map[try row.decode(column: "id", as: String.self)] = Entry(name: try row.decode(column: "name", as: String.self),
                                                                       code: try row.decode(column: "code", as: String.self))
        }
        cache.put("units", map)
        return map
    }

    /// The names of comma-separated unit ids: the primary unit first (the list gives it first),
    /// the rest by code. Split on bytes: splitting by `Character` showed up in the list's profile.
    public static func ordered(_ ids: String, in directory: [String: Entry]) -> [String] {
        guard !ids.isEmpty else { return [] }
        let entries = ids.utf8.split(separator: UInt8(ascii: ",")).compactMap { directory[String(Substring($0))] }
        guard entries.count > 1 else { return entries.map(\.name) }
        return [entries[0].name] + entries.dropFirst().sorted { $0.code < $1.code }.map(\.name)
    }
}
