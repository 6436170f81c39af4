import Foundation

/// One stored value of a field. An absent value is nil in `RecordValues`, never a case here.
public enum RecordValue: Sendable, Equatable, Hashable {
    case text(String)
    case integer(Int64)
    /// Dates; a date-time is kept as text `YYYY-MM-DD HH:MM` (China Standard Time).
    case date(LocalDate)
    case uuid(UUID)

    public var text: String? { if case .text(let s) = self { return s }; return nil }
    public var integer: Int64? { if case .integer(let n) = self { return n }; return nil }
    public var date: LocalDate? { if case .date(let d) = self { return d }; return nil }
    public var uuid: UUID? { if case .uuid(let u) = self { return u }; return nil }
}

/// A record's field values by field name. Fields without a value are absent.
public typealias RecordValues = [String: RecordValue]

/// The values of a record as a guard sees them, read by typed key.
public struct TypedValues<K: RecordKey>: Sendable {
    public let values: RecordValues
    public init(_ values: RecordValues) { self.values = values }
    public subscript(_ key: K) -> RecordValue? { values[key.rawValue] }
    public func date(_ key: K) -> LocalDate? { values[key.rawValue]?.date }
    public func text(_ key: K) -> String? { values[key.rawValue]?.text }
    public func integer(_ key: K) -> Int64? { values[key.rawValue]?.integer }
    public func has(_ key: K) -> Bool { values[key.rawValue] != nil }

    /// For a move's dates: "日期不能晚于今天", or "日期不能早于<the start's name>" when one of `keys`
    /// lies before the record's start date `start`; nil when they are all between.
    public func dates(_ keys: [K], notBefore start: K, named name: String, today: LocalDate) -> String? {
        for k in keys { if let d = date(k), d > today { return "日期不能晚于今天" } }
        if let first = date(start), keys.contains(where: { date($0).map { $0 < first } ?? false }) { return "日期不能早于\(name)" }
        return nil
    }
}
