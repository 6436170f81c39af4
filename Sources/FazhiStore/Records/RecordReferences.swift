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

    /// A form offers the records of a register in a select up to this many; with more, a person
    /// types the title (or the id) and the store looks it up.
    public static let selectLimit = 200

    /// The records of a register a person may name, by title, when there are at most
    /// `selectLimit` of them; nil when there are more. They are those of the districts the
    /// person's scope reaches into (every one for a platform-wide scope; a province's districts
    /// may each have a 王律师). The query stops after `selectLimit + 1` rows, and only the
    /// records it returns are sorted.
    public static func choices(_ type: RecordType, scope: DataScope, on db: any Database) async throws -> [Entry]? {
        guard let owners = try await reach(scope, on: db) else { return [] }
        let rows = try await db.sql.raw("""
            SELECT id, \(unsafeRaw: type.titleField) AS title, \(unsafeRaw: type.ownerField) AS owner FROM \(unsafeRaw: type.table)
            WHERE \(owners(type.ownerField)) LIMIT \(bind: selectLimit + 1)
            """).all().map { Entry(id: try $0.decode(column: "id", as: UUID.self), title: try $0.decode(column: "title", as: String.self),
                                   owner: try $0.decode(column: "owner", as: UUID.self)) }
        guard rows.count <= selectLimit else { return nil }
        return rows.sorted { ($0.title, $0.id.uuidString) < ($1.title, $1.id.uuidString) }
    }

    /// The records with these titles a person may name (as `choices`), by title; a title that
    /// several records share is ambiguous. One indexed lookup per 500 titles, whatever the size
    /// of the register.
    public static func named(_ type: RecordType, titles: Set<String>, scope: DataScope, on db: any Database) async throws
        -> (titles: [String: UUID], ambiguous: Set<String>) {
        guard !titles.isEmpty, let owners = try await reach(scope, on: db) else { return ([:], []) }
        var found: [String: UUID] = [:], ambiguous = Set<String>()
        let all = titles.sorted()
        for start in stride(from: 0, to: all.count, by: 500) {
            let chunk = Array(all[start..<min(start + 500, all.count)])
            for row in try await db.sql.raw("""
                SELECT id, \(unsafeRaw: type.titleField) AS title FROM \(unsafeRaw: type.table)
                WHERE \(unsafeRaw: type.titleField) IN (\(binds: chunk)) AND \(owners(type.ownerField))
                """).all() {
                let title = try row.decode(column: "title", as: String.self)
                if found.updateValue(try row.decode(column: "id", as: UUID.self), forKey: title) != nil { ambiguous.insert(title) }
            }
        }
        for title in ambiguous { found[title] = nil }
        return (found, ambiguous)
    }

    /// The condition on a register's owner column that keeps to the districts `scope` reaches
    /// into (any owner for a platform-wide scope); nil when the scope reaches none.
    static func reach(_ scope: DataScope, on db: any Database) async throws -> ((String) -> SQLQueryString)? {
        guard !scope.allUnits else { return { _ in "1 = 1" } }
        let districtOf = try await Districts.byUnit(on: db)
        let own = Set(scope.unitIDs.compactMap { districtOf[$0]?.id })
        let units = districtOf.filter { own.contains($0.value.id) }.map(\.key)
        guard !units.isEmpty else { return nil }
        return { column in "\(unsafeRaw: column) IN (\(binds: units))" }
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

    /// Refuses a value naming a record that does not exist, or one of a district the writer's
    /// scope does not reach into (as `choices` offers none): another district's records are not
    /// theirs to name, nor to learn the titles of.
    static func check(_ field: FieldSpec, _ id: UUID, scope: DataScope, on db: any Database) async throws {
        guard let target = target(of: field) else { return }
        guard let owners = try await reach(scope, on: db) else { throw CoreError.invalid(field: field.name, "「\(field.label)」不是「\(target.label)」中的记录") }
        let found = try await db.sql.raw("""
            SELECT id FROM \(unsafeRaw: target.table) WHERE id = \(bind: id) AND \(owners(target.ownerField))
            """).first()
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
