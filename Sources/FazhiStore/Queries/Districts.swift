import FazhiCore
import Fluent
import Foundation
import SQLKit

/// A district (区县): a root of the unit tree. One platform may hold several (a province runs many
/// districts on one database); each has its own report, its own texts and its own office.
public struct District: Sendable, Equatable {
    public let id: UUID
    public let code: String
    public let name: String
}

public enum Districts {
    struct Row: Decodable { var id: UUID; var code: String; var name: String }

    /// Every district, in the tree's order.
    public static func all(on db: any Database) async throws -> [District] {
        try await db.sql.raw("SELECT id, code, name FROM units WHERE parent_id IS NULL ORDER BY sort_order, code")
            .all(decoding: Row.self).map { District(id: $0.id, code: $0.code, name: $0.name) }
    }

    /// The districts a data scope covers whole, in the tree's order.
    public static func covered(by scope: DataScope, on db: any Database) async throws -> [District] {
        try await all(on: db).filter { scope.covers(unit: $0.id) }
    }

    /// A district's units as a data scope, as its office's built-in role resolves it (本区县全部):
    /// what the district's public portal shows.
    public static func scope(of district: District, on db: any Database) async throws -> DataScope {
        DataScope.resolve(userID: DataScope.everything.userID, grants: [(.district, [])], memberOf: [district.id],
                          tree: try await AccessStore.unitTree(on: db))
    }

    /// Whether a data scope holds every unit of the district, not only its root: 仅本单位 on the
    /// district's root unit covers the root and none of the units below it. What a district-wide
    /// setting needs (`Request.settingsDistrict`).
    public static func coversWhole(_ district: District, scope: DataScope, on db: any Database) async throws -> Bool {
        if scope.allUnits { return true }
        guard scope.covers(unit: district.id) else { return false }
        return try await Districts.scope(of: district, on: db).unitIDs.isSubset(of: scope.unitIDs)
    }

    /// The district a unit belongs to (the unit itself when it is a root).
    public static func of(unit: UUID, on db: any Database) async throws -> District? {
        try await db.sql.raw("""
            WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM units WHERE id = \(bind: unit)
              UNION ALL SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
            SELECT u.id, u.code, u.name FROM up JOIN units u ON u.id = up.id WHERE up.parent_id IS NULL
            """).first(decoding: Row.self).map { District(id: $0.id, code: $0.code, name: $0.name) }
    }

    /// The unit a district's figures are narrowed to: none when it is the only district, as every
    /// record is then the district's and the narrowing would only cost time.
    public static func figureUnit(_ district: District, on db: any Database) async throws -> UUID? {
        try await all(on: db).count == 1 ? nil : district.id
    }

    /// The district of every unit.
    public static func byUnit(on db: any Database) async throws -> [UUID: District] {
        let tree = try await AccessStore.unitTree(on: db)
        let roots = Dictionary(uniqueKeysWithValues: try await all(on: db).map { ($0.id, $0) })
        return DataScope.districts(of: tree.map(\.id), tree: tree).compactMapValues { roots[$0] }
    }
}
