import FazhiCore
import Fluent
import SQLKit

/// One page of a list kept newest first by a growing integer key (the audit trail's sequence
/// number, the outbox's id).
public struct KeyedPage<Row: Sendable>: Sendable {
    public let rows: [Row]
    /// The matching rows, counted exactly up to `RecordStore.countBound`.
    public let total: Int
    /// False when there are more than `countBound` (the page says 「10000 条以上」).
    public let exact: Bool
    /// The key the next page starts before, when this one is full and more may follow.
    public let next: Int64?

    public func map<T>(_ transform: (Row) -> T) -> KeyedPage<T> {
        KeyedPage<T>(rows: rows.map(transform), total: total, exact: exact, next: next)
    }
}

/// Where a keyed list stands: an offset into the first `countBound` rows, or the key the page
/// starts before (keyset, for any depth).
public struct KeyedPosition: Sendable {
    public let offset: Int
    public let before: Int64?
    public init(offset: Int = 0, before: Int64? = nil) { self.offset = offset; self.before = before }
}

/// Pages of a table newest first by its key, as the register lists page: the count stops at
/// `RecordStore.countBound`, an offset never goes beyond it, and deeper pages go on by the key.
/// Each filter of such a list has an index that ends with the key, so a page walks one index
/// backwards and stops after `limit` rows whatever the size of the table. `walking`: the page's
/// own conditions where the count's would lead the planner to another index (see
/// `ReminderQueries.clauses`).
enum KeyedList {
    static func page<Row: Decodable & Sendable>(
        _ table: String, key: String, where parts: [SQLQueryString], walking: [SQLQueryString]? = nil, limit: Int, at position: KeyedPosition,
        bound: Int = RecordStore.countBound, on sql: any SQLDatabase, keyOf: (Row) -> Int64
    ) async throws -> KeyedPage<Row> {
        guard position.offset <= bound else {
            throw CoreError.invalid(field: "page", "第 \(bound) 条之后请用「下一页」继续翻看，或用筛选缩小范围")
        }
        let rows = try await sql.raw(pageSQL(table, key: key, where: walking ?? parts, limit: limit, at: position)).all(decoding: Row.self)
        let counted = try await BoundedCount.rows(of: table, where: filter(parts), bound: bound, on: sql)
        let last = position.before == nil && counted <= bound && position.offset + rows.count >= counted
        let next = rows.count == limit && !last ? rows.last.map(keyOf) : nil
        return KeyedPage(rows: rows, total: min(counted, bound), exact: counted <= bound, next: next)
    }

    /// The statement of one page (the plan test reads its plan).
    static func pageSQL(_ table: String, key: String, where parts: [SQLQueryString], limit: Int, at position: KeyedPosition) -> SQLQueryString {
        var pageFilter = filter(parts)
        if let before = position.before { pageFilter = pageFilter + " AND \(unsafeRaw: key) < \(bind: before)" }
        return """
            SELECT * FROM \(unsafeRaw: table) WHERE \(pageFilter) ORDER BY \(unsafeRaw: key) DESC
            LIMIT \(bind: limit) OFFSET \(bind: position.before == nil ? position.offset : 0)
            """
    }

    static func filter(_ parts: [SQLQueryString]) -> SQLQueryString {
        parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
    }
}

/// A count that stops: the rows of a table matching a condition, counted up to `bound + 1` (one
/// more than the bound says "more than the bound"). Every list that grows counts this way, so
/// that a total never costs more than reading `bound` index entries.
enum BoundedCount {
    /// `prefix`: a `WITH` clause the condition refers to.
    static func rows(of table: String, where condition: SQLQueryString, prefix: SQLQueryString = "", bound: Int = RecordStore.countBound,
                     on sql: any SQLDatabase) async throws -> Int {
        struct Counted: Decodable { var n: Int }
        return try await sql.raw("""
            \(prefix)SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(unsafeRaw: table) WHERE \(condition) LIMIT \(bind: bound + 1)) AS c
            """).first(decoding: Counted.self)?.n ?? 0
    }
}
