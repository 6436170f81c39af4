import Foundation

/// A value a module can name in code: field keys and states are enums of these, so a declaration
/// that names a field or state that does not exist does not compile.
public protocol RecordKey: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {}

/// An enumeration field's choices, declared as a Swift enum with Chinese labels.
public protocol RecordChoice: RecordKey {
    var label: String { get }
}

public struct Choice: Sendable, Equatable {
    public let code: String
    public let label: String
    public init(code: String, label: String) { self.code = code; self.label = label }
}

/// What a field holds, how it is stored and how input is checked.
public enum FieldKind: Sendable, Equatable {
    /// One line, at most `maxLength` characters.
    case text(maxLength: Int)
    /// Paragraphs, at most 20,000 characters.
    case longText
    case date
    /// Date and time to the minute, China Standard Time.
    case dateTime
    /// A whole number ≥ 0.
    case count
    /// Kept in fen (分), entered and shown in yuan with up to two decimals.
    case money
    /// Kept in hundredths of a percent (98.5% is 9850), entered and shown as a percentage.
    case percentage
    case enumeration([Choice])
    /// A unit of the organisation tree, which must lie in the data scope of the person saving it.
    case unit
    /// A person of the platform.
    case person
    /// A record of another register (by its slug), shown by its title: a legality review names the
    /// adviser who took part by their record in the advisers' register.
    case record(register: String)
    /// 身份证号, checked against GB 11643; personal data.
    case idNumber
    /// 统一社会信用代码, checked against GB 32100.
    case creditCode
    case phone
    /// An e-mail address (one @, a dotted domain).
    case email
    /// Files kept apart from the record's table (see attachments); no column.
    case attachments

    public static func choices<C: RecordChoice>(_ type: C.Type) -> FieldKind {
        .enumeration(C.allCases.map { Choice(code: $0.rawValue, label: $0.label) })
    }

    public static var text: FieldKind { .text(maxLength: 200) }

    /// Whether the kind has a column of its own in the record's table.
    public var hasColumn: Bool { self != .attachments }

    /// How the value is kept: text, a 64-bit integer, or a UUID.
    public var storage: FieldStorage {
        switch self {
        case .count, .money, .percentage: return .integer
        case .unit, .person, .record: return .uuid
        default: return .text
        }
    }
}

public enum FieldStorage: Sendable { case text, integer, uuid }

/// One declared field, with its name as a string (the column and API name).
public struct FieldSpec: Sendable {
    public let name: String
    public let label: String
    public let kind: FieldKind
    public let required: Bool
    /// Personal data: masked for those without the permission to see it.
    public let personal: Bool
    public let help: String?
    /// Set by the platform (a registration number), never typed: not in forms, the API's input or imports.
    public let assigned: Bool

    public init(name: String, label: String, kind: FieldKind, required: Bool, personal: Bool, help: String?, assigned: Bool = false) {
        self.name = name; self.label = label; self.kind = kind; self.required = required
        self.personal = personal || kind == .idNumber; self.help = help; self.assigned = assigned
    }
}

/// A field as a module declares it, by its typed key.
public struct RecordField<K: RecordKey>: Sendable {
    public let key: K
    public let spec: FieldSpec

    public init(_ key: K, _ label: String, _ kind: FieldKind, required: Bool = false, personal: Bool = false, help: String? = nil,
                assigned: Bool = false) {
        self.key = key
        self.spec = FieldSpec(name: key.rawValue, label: label, kind: kind, required: required, personal: personal, help: help, assigned: assigned)
    }
}
