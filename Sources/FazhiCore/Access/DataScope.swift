import Foundation

/// How far a role reaches in the unit tree.
public enum DataScopeKind: String, CaseIterable, Codable, Sendable {
    case all
    /// The district (区县) of each of the person's units — the root of its tree — and every unit in it.
    case district
    case unitAndBelow = "unit_and_below"
    case ownUnit = "own_unit"
    case selfOnly = "self"
    case chosenUnits = "chosen_units"

    public var label: String {
        switch self {
        case .all: return "全部数据"
        case .district: return "本区县全部"
        case .unitAndBelow: return "本单位及下级"
        case .ownUnit: return "仅本单位"
        case .selfOnly: return "仅本人"
        case .chosenUnits: return "指定单位"
        }
    }
}

/// A unit as the scope resolver sees it: its id and its parent.
public struct UnitNode: Sendable, Hashable {
    public let id: UUID
    public let parentID: UUID?
    public init(id: UUID, parentID: UUID?) { self.id = id; self.parentID = parentID }
}

/// What a person may see of unit-owned records: every unit, or a set of units, plus always the
/// records they created themselves. The union of all their roles' scopes.
public struct DataScope: Sendable, Equatable {
    public let allUnits: Bool
    public let unitIDs: Set<UUID>
    public let userID: UUID
    /// The units' ids as text, sorted: the form SQLite keeps them in, written once per scope
    /// (a district office's scope has a hundred units, and every list binds them).
    public let unitTexts: [String]
    /// Equal for equal scopes; keys caches of scoped results.
    public let cacheKey: String

    public init(allUnits: Bool, unitIDs: Set<UUID>, userID: UUID) {
        self.allUnits = allUnits; self.unitIDs = allUnits ? [] : unitIDs; self.userID = userID
        unitTexts = self.unitIDs.map(UUIDText.string).sorted()
        cacheKey = allUnits ? "all" : unitTexts.joined(separator: ",") + "|" + UUIDText.string(userID)
    }

    public static func none(userID: UUID) -> DataScope { DataScope(allUnits: false, unitIDs: [], userID: userID) }

    /// Every unit, for work the platform does itself (demo data, command-line imports, figures
    /// for the whole district), not on behalf of a person.
    public static let everything = DataScope(allUnits: true, unitIDs: [], userID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))

    public func covers(unit: UUID?) -> Bool { allUnits || (unit.map(unitIDs.contains) ?? false) }

    /// Resolves role scopes against the unit tree.
    /// - Parameters:
    ///   - grants: each role's scope kind with the units chosen for `.chosenUnits`.
    ///   - memberOf: the units the person belongs to.
    public static func resolve(
        userID: UUID,
        grants: [(kind: DataScopeKind, chosen: Set<UUID>)],
        memberOf: Set<UUID>,
        tree: [UnitNode]
    ) -> DataScope {
        var all = false, units = Set<UUID>(), below = Set<UUID>()
        for grant in grants {
            switch grant.kind {
            case .all: all = true
            case .district: below.formUnion(districts(of: memberOf, tree: tree).values)
            case .unitAndBelow: below.formUnion(memberOf)
            case .ownUnit: units.formUnion(memberOf)
            case .selfOnly: break
            case .chosenUnits: units.formUnion(grant.chosen)
            }
        }
        if all { return DataScope(allUnits: true, unitIDs: [], userID: userID) }
        if !below.isEmpty {
            var children: [UUID: [UUID]] = [:]
            for node in tree { if let p = node.parentID { children[p, default: []].append(node.id) } }
            var visited = Set<UUID>(), stack = Array(below)
            while let next = stack.popLast() {
                guard visited.insert(next).inserted else { continue }
                units.insert(next)
                stack.append(contentsOf: children[next] ?? [])
            }
        }
        return DataScope(allUnits: false, unitIDs: units, userID: userID)
    }

    /// The root of the tree a unit is in: its district.
    public static func district(of unit: UUID, tree: [UnitNode]) -> UUID {
        districts(of: [unit], tree: tree)[unit] ?? unit
    }

    /// The district of each unit, walking the tree's parent links once per unit.
    public static func districts(of units: some Sequence<UUID>, tree: [UnitNode]) -> [UUID: UUID] {
        let parents = Dictionary(tree.map { ($0.id, $0.parentID) }, uniquingKeysWith: { a, _ in a })
        var out: [UUID: UUID] = [:]
        for unit in units {
            var current = unit, steps = 0
            while let parent = parents[current] ?? nil, steps < tree.count { current = parent; steps += 1 }
            out[unit] = current
        }
        return out
    }
}
