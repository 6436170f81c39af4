import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Fields that name a record of another register (`.record(register:)`): the titles they are shown
/// by, the records a form offers, the check that a named record exists, and the refusal to delete
/// a record that others still name. The column has no foreign key (registers' tables are created
/// in any order); these checks keep it whole.
public enum RecordReferences {
    /// The register a reference field names.
    public static func target(of field: FieldSpec) -> RecordType? {
        guard case .record(let slug) = field.kind else { return nil }
        return Registers.type(slug: slug)
    }

    public struct Entry: Sendable { public let id: UUID; public let title: String; public let owner: UUID }

    /// The records of a register a person may name, by title: those of the districts their scope
    /// reaches into (every one for a platform-wide scope; a province's districts may each have a
    /// 王律师). What a form offers and what an import or the API resolves a title among.
    public static func choices(_ type: RecordType, scope: DataScope, on db: any Database) async throws -> [Entry] {
        let entries = try await all(type, on: db)
        guard !scope.allUnits else { return entries }
        let districtOf = try await Districts.byUnit(on: db)
        let own = Set(scope.unitIDs.compactMap { districtOf[$0]?.id })
        return entries.filter { own.contains(districtOf[$0.owner]?.id ?? $0.owner) }
    }

    /// Every record of a register, by title.
    static func all(_ type: RecordType, on db: any Database) async throws -> [Entry] {
        try await db.sql.raw("""
            SELECT id, \(unsafeRaw: type.titleField) AS title, \(unsafeRaw: type.ownerField) AS owner FROM \(unsafeRaw: type.table)
            ORDER BY \(unsafeRaw: type.titleField)
            """).all().map { Entry(id: try $0.decode(column: "id", as: UUID.self), title: try $0.decode(column: "title", as: String.self),
                                   owner: try $0.decode(column: "owner", as: UUID.self)) }
    }

    /// The titles of the records with these ids.
    public static func titles(_ type: RecordType, ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var titles: [UUID: String] = [:]
        for row in try await db.sql.raw("""
            SELECT id, \(unsafeRaw: type.titleField) AS title FROM \(unsafeRaw: type.table) WHERE id IN (\(binds: Array(ids)))
            """).all() {
            titles[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "title", as: String.self)
        }
        return titles
    }

    /// Refuses a value naming a record that does not exist.
    static func check(_ field: FieldSpec, _ id: UUID, on db: any Database) async throws {
        guard let target = target(of: field) else { return }
        let found = try await db.sql.raw("SELECT id FROM \(unsafeRaw: target.table) WHERE id = \(bind: id)").first()
        if found == nil { throw CoreError.invalid(field: field.name, "「\(field.label)」不是「\(target.label)」中的记录") }
    }

    /// Refuses deleting a record that records of some register still name.
    static func checkUnreferenced(_ type: RecordType, id: UUID, on db: any Database) async throws {
        for other in Registers.all {
            for f in other.columns where target(of: f)?.slug == type.slug {
                let n = try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: other.table) WHERE \(unsafeRaw: f.name) = \(bind: id)")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                if n > 0 { throw CoreError.state("有 \(n) 条「\(other.label)」的「\(f.label)」是这条记录，不能删除") }
            }
        }
    }
}
