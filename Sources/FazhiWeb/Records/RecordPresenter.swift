import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// Turns stored records into what pages, the API and exports show: units and people by name,
/// records of other registers by title, choices by label, money in yuan, personal data masked for
/// those without the permission.
struct RecordPresenter {
    let type: RecordType
    let reveal: Bool
    let units: [String: UnitDirectory.Entry]
    let people: [UUID: String]
    let records: [UUID: String]
    let today: LocalDate

    static func make(_ type: RecordType, rows: [RecordRow], req: Request) async throws -> RecordPresenter {
        let p = try req.requirePrincipal()
        let units = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let personFields = type.columns.filter { $0.kind == .person }.map(\.name)
        let ids = Set(rows.flatMap { row in personFields.compactMap { row.values[$0]?.uuid } })
        let people = try await UserQueries.labels(ids, on: req.db)
        var records: [UUID: String] = [:]
        for f in type.columns {
            guard let target = RecordReferences.target(of: f) else { continue }
            let ids = Set(rows.compactMap { $0.values[f.name]?.uuid })
            records.merge(try await RecordReferences.titles(target, ids: ids, on: req.db)) { a, _ in a }
        }
        return RecordPresenter(type: type, reveal: p.has(.personalDataView), units: units, people: people, records: records, today: req.today)
    }

    /// For the API, which gives units, people and records by id (`json`): no name is looked up.
    static func api(_ type: RecordType, req: Request) throws -> RecordPresenter {
        RecordPresenter(type: type, reveal: try req.requirePrincipal().has(.personalDataView), units: [:], people: [:], records: [:], today: req.today)
    }

    /// The value as text for a page or an export.
    func text(_ field: FieldSpec, _ value: RecordValue?) -> String {
        guard let value else { return "" }
        switch (field.kind, value) {
        case (.unit, .uuid(let id)): return units[id.uuidString]?.name ?? id.uuidString
        case (.person, .uuid(let id)): return people[id] ?? id.uuidString
        case (.record, .uuid(let id)): return records[id] ?? id.uuidString
        default: return FieldInput.display(value, as: field, reveal: reveal)
        }
    }

    /// The value in the API: numbers as numbers, money and percentages as exact decimal text,
    /// choices by code, units, people and records by id; personal data masked as on pages.
    func json(_ field: FieldSpec, _ value: RecordValue?) -> JSONValue {
        guard let value else { return .null }
        switch (field.kind, value) {
        case (.count, .integer(let n)): return .number(n)
        case (.money, .integer(let n)), (.percentage, .integer(let n)): return .string(FieldInput.hundredths(n))
        case (.enumeration, .text(let code)): return .string(code)
        default: return .string(field.personal ? FieldInput.display(value, as: field, reveal: reveal) : FieldInput.plain(value, as: field))
        }
    }

    func stateLabel(_ row: RecordRow) -> String { type.state(row.state)?.label ?? row.state }

    /// Labels of the due dates the record has passed while open, for the list's 逾期 mark.
    func overdue(_ row: RecordRow) -> [String] {
        RecordRules.overdue(type, state: row.state, values: row.values, today: today).map { type.field($0.field)?.label ?? $0.field }
    }
}

/// A JSON value read from or written to the API, for bodies whose shape a declaration decides.
enum JSONValue: Codable, Sendable, Equatable {
    case null, bool(Bool), number(Int64), decimal(Double), string(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Int64.self) { self = .number(n) }
        else if let d = try? c.decode(Double.self) { self = .decimal(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .decimal(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        }
    }

    /// As a person would have typed it, for `FieldInput.parse`.
    var typed: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return String(n)
        case .decimal(let d): return String(d)
        case .string(let s): return s
        }
    }
}
