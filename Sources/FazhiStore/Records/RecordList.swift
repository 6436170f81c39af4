import FazhiCore
import Fluent
import Foundation
import SQLKit

/// One page of a register's list.
public struct RecordPage: Sendable {
    public let rows: [RecordRow]
    /// The matching records, counted exactly up to `RecordStore.countBound`.
    public let total: Int
    /// False when there are more than `countBound` (the list says 「10000 条以上」).
    public let exact: Bool
    /// Where the next page starts, when this one is full.
    public let next: RecordCursor?
}

/// Where a list goes on: the last row's sort value and id, in the list's order. Opaque to
/// clients (`token`), and checked against the order it is used with.
public struct RecordCursor: Sendable, Equatable {
    public enum Value: Sendable, Equatable { case text(String), integer(Int64) }
    public let sort: String
    public let descending: Bool
    /// Nil when the last row had no value for the sort field.
    public let value: Value?
    public let id: UUID

    public init(sort: String, descending: Bool, value: Value?, id: UUID) {
        self.sort = sort; self.descending = descending; self.value = value; self.id = id
    }

    /// `v1`, the field, the direction, the value and the id, as URL-safe base64.
    public var token: String {
        let v: String
        switch value {
        case .text(let s)?: v = "t" + Data(s.utf8).base64EncodedString()
        case .integer(let n)?: v = "i\(n)"
        case nil: v = "n"
        }
        let raw = ["v1", sort, descending ? "d" : "a", v, UUIDText.string(id)].joined(separator: "|")
        // Every full page writes one: byte by byte, not three passes of `replacingOccurrences`.
        let b64 = Data(raw.utf8).base64EncodedString().utf8
        var safe: [UInt8] = []
        safe.reserveCapacity(b64.count)
        for c in b64 {
            switch c {
            case UInt8(ascii: "+"): safe.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): safe.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: safe.append(c)
            }
        }
        return String(decoding: safe, as: UTF8.self)
    }

    /// A token read back; nil when it is not one this platform made.
    public init?(token: String) {
        guard token.utf8.count <= 400 else { return nil }
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: b64), let raw = String(data: data, encoding: .utf8) else { return nil }
        let parts = raw.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "v1", ["a", "d"].contains(parts[2]), let id = UUID(uuidString: parts[4]) else { return nil }
        let v = parts[3]
        let value: Value?
        if v == "n" {
            value = nil
        } else if v.hasPrefix("i"), let n = Int64(v.dropFirst()) {
            value = .integer(n)
        } else if v.hasPrefix("t"), let d = Data(base64Encoded: String(v.dropFirst())), let s = String(data: d, encoding: .utf8) {
            value = .text(s)
        } else {
            return nil
        }
        self.init(sort: parts[1], descending: parts[2] == "d", value: value, id: id)
    }
}

/// Where a list's count may be kept for a moment: paging through a list asks for the same count
/// again and again. The web layer keeps them for a few seconds and forgets them at any change
/// (`ExpiringCache`).
public protocol RecordCounts: Sendable {
    func get(_ key: String, now: Date) -> Int?
    func put(_ key: String, _ value: Int, now: Date)
}

extension RecordStore {
    /// Counting stops here: a list shows 「10000 条以上」 beyond it, and pages by cursor.
    public static let countBound = 10_000

    /// What a count depends on: the register, the scope and the filters (not the order or the page).
    static func countKey(_ type: RecordType, _ q: RecordQuery, scope: DataScope) -> String {
        var parts = [type.slug, scope.cacheKey, q.search ?? "", q.state ?? "", q.states.joined(separator: ","),
                     q.overdueOn?.description ?? "", q.overdueField ?? ""]
        parts += q.equals.sorted { $0.key < $1.key }.map { "=\($0.key):\($0.value)" }
        parts += q.from.sorted { $0.key < $1.key }.map { ">\($0.key):\($0.value)" }
        parts += q.to.sorted { $0.key < $1.key }.map { "<\($0.key):\($0.value)" }
        parts += q.notBy.sorted { $0.key < $1.key }.map { "!\($0.key):\($0.value)" }
        return "records|" + parts.joined(separator: "|")
    }

    /// One page of what the caller may see, in the list's order, and the bounded count.
    ///
    /// The order is the sort field, then the id, both in one direction, so an index of
    /// `RecordListIndexes` walks it and stops after the page. A page is found by an offset (never
    /// beyond `countBound`) or after a cursor (keyset: the sort value and id of the page's last
    /// row). Each database keeps its own place for records without a sort value (SQLite first
    /// going up, PostgreSQL last), the one its index gives without a sort.
    public static func list(_ type: RecordType, _ query: RecordQuery, scope: DataScope, counts: (any RecordCounts)? = nil,
                            on db: any Database) async throws -> RecordPage {
        guard query.offset <= countBound else {
            throw CoreError.invalid(field: "page", "第 \(countBound) 条之后请用「下一页」继续翻看，或用筛选缩小范围")
        }
        var query = query
        query.commonSearch = try await isCommon(type, query.search, counts: counts, on: db)
        let order = ListOrder(type, query)
        // A cursor carries its order; one of another register's or of the wrong kind is refused.
        if let after = query.after, after.sort != order.sort || !order.takes(after.value) {
            throw CoreError.invalid(field: "cursor", "翻页位置无效，请回到第一页")
        }
        var rows: [RecordRow] = []
        for part in order.parts(after: query.after, sqlite: db.isSQLite) where rows.count < query.limit {
            rows += try await RecordSQL.rows(pageSQL(type, query, scope: scope, sqlite: db.isSQLite, order: order, part: part,
                                                     limit: query.limit - rows.count, offset: query.after == nil ? query.offset : 0), type, on: db)
        }
        let key = countKey(type, query, scope: scope), now = Date()
        let counted: Int
        if let kept = counts?.get(key, now: now) {
            counted = kept
        } else {
            counted = try await count(type, query, scope: scope, on: db)
            counts?.put(key, counted, now: now)
        }
        // A full page may have more after it, unless the exact count says it was the last.
        let last = query.after == nil && counted <= countBound && query.offset + rows.count >= counted
        let next = rows.count == query.limit && !last ? rows.last.map { order.cursor(after: $0) } : nil
        return RecordPage(rows: rows, total: min(counted, countBound), exact: counted <= countBound, next: next)
    }

    /// The matching records, counted up to `countBound + 1`. A scope of units is counted in two
    /// parts, each on an index of its own: the records of its units (`(owner, filter)`, or
    /// `(owner, sort)` without a filter, read unit by unit), and those the person entered outside
    /// them (`(created_by, owner)`). As one `OR`, SQLite's planner may walk a whole index instead,
    /// testing every entry against the scope: for a town's clerk, 212,000 entries at a million
    /// records (`RecordLookupIndexes`).
    static func count(_ type: RecordType, _ query: RecordQuery, scope: DataScope, on db: any Database) async throws -> Int {
        let sqlite = db.isSQLite, owner = type.ownerField
        var parts: [SQLQueryString] = []
        if scope.allUnits {
            parts = ["1 = 1"]
        } else {
            let units: SQLQueryString? = scope.unitIDs.isEmpty ? nil : "\(unsafeRaw: owner) IN (\(ScopeSQL.units(scope, sqlite: sqlite)))"
            if let units { parts.append(units) }
            parts.append("created_by = \(ScopeSQL.ids([scope.userID], sqlite: sqlite))" + (units.map { " AND NOT (" + $0 + ")" } ?? ""))
        }
        var total = 0
        for part in parts {
            total += try await BoundedCount.rows(of: type.table, where: RecordSQL.filter(type, query, within: part, sqlite: sqlite), on: db.sql)
        }
        return min(total, countBound + 1)
    }

    /// Whether more than `countBound` records of the register hold the search text, counted on
    /// the search index without the scope and kept with the list counts. The page then walks the
    /// sort index and tests each record's text, finding a page after a few hundred records
    /// (one in eight holds 「复议纠错」 in the benchmark). Asking the search index first, it read
    /// every match, 125,000 of them at a million records, and sorted them, for every page:
    /// seconds. A rarer text keeps the index, and at most `countBound` matches are sorted.
    static func isCommon(_ type: RecordType, _ search: String?, counts: (any RecordCounts)?, on db: any Database) async throws -> Bool {
        // Shorter text cannot make a trigram: it is matched by testing each record anyway.
        guard let text = search?.trimmingCharacters(in: .whitespaces), text.count >= 3, !type.searchFields.isEmpty else { return false }
        let key = "search|\(type.slug)|\(text)", now = Date()
        if let kept = counts?.get(key, now: now) { return kept > countBound }
        var q = RecordQuery()
        q.search = text
        let n = try await BoundedCount.rows(of: type.table, where: RecordSQL.filter(type, q, scope: .everything, sqlite: db.isSQLite), on: db.sql)
        counts?.put(key, n, now: now)
        return n > countBound
    }

    /// The statement of one part of a page (the plan test reads its plan).
    static func pageSQL(_ type: RecordType, _ query: RecordQuery, scope: DataScope, sqlite: Bool, order: ListOrder, part: SQLQueryString?,
                        limit: Int, offset: Int) -> SQLQueryString {
        var whereSQL = RecordSQL.filter(type, query, scope: scope, sqlite: sqlite, walking: true)
        if let part { whereSQL = whereSQL + " AND " + part }
        let searching = !(query.search?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
        // PostgreSQL guesses a search matches 1% of rows and may walk the sort index filtering every
        // row instead of asking the trigram index; OFFSET 0 keeps the matching in its own step,
        // unless the text is common, when walking is what is wanted.
        let matches: SQLQueryString = searching && !sqlite && !query.commonSearch
            ? "(SELECT * FROM \(unsafeRaw: type.table) WHERE \(whereSQL) OFFSET 0) AS m"
            : "\(unsafeRaw: type.table) WHERE \(whereSQL)"
        return """
            SELECT \(unsafeRaw: RecordSQL.selectList(type)) FROM \(matches)
            ORDER BY \(unsafeRaw: order.orderBy) LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
    }

    /// The statement of a list's first page, as the plan test needs it.
    public static func firstPageSQL(_ type: RecordType, _ query: RecordQuery, scope: DataScope, sqlite: Bool) -> SQLQueryString {
        pageSQL(type, query, scope: scope, sqlite: sqlite, order: ListOrder(type, query), part: nil, limit: query.limit, offset: 0)
    }

    /// The statement of a list's first page as `list` runs it, after its choice for the search
    /// text (`isCommon`): what the benchmark prints the plan of.
    public static func firstPageSQL(_ type: RecordType, _ query: RecordQuery, scope: DataScope, on db: any Database) async throws -> SQLQueryString {
        var query = query
        query.commonSearch = try await isCommon(type, query.search, counts: nil, on: db)
        return firstPageSQL(type, query, scope: scope, sqlite: db.isSQLite)
    }
}

/// A list's order: one of the register's sort fields (else its default sort), then the id.
struct ListOrder {
    let sort: String
    let descending: Bool
    /// Whether records can lack the sort value.
    let nullable: Bool
    let isInteger: Bool

    init(_ type: RecordType, _ query: RecordQuery) {
        if let after = query.after, type.sortFields.contains(after.sort) {
            sort = after.sort; descending = after.descending
        } else if let s = query.sort, type.sortFields.contains(s) {
            sort = s; descending = query.descending ?? type.defaultSort.descending
        } else {
            sort = type.defaultSort.field; descending = type.defaultSort.descending
        }
        let field = type.column(sort)
        nullable = sort != "created_at" && !(field?.required ?? true)
        isInteger = sort == "created_at" || field?.kind.storage == .integer
    }

    /// Whether a cursor's value is of this sort's kind (a number for a count or `created_at`).
    func takes(_ value: RecordCursor.Value?) -> Bool {
        switch value {
        case .integer?: return isInteger
        case .text?: return !isInteger
        case nil: return nullable
        }
    }

    var orderBy: String {
        let direction = descending ? "DESC" : "ASC"
        return "\(sort) \(direction), id \(direction)"
    }

    /// The conditions that give the rows after a cursor, one query each, in the list's order (nil:
    /// from the start). Records without a sort value come first where the database sorts them
    /// first (SQLite going up, PostgreSQL going down).
    func parts(after cursor: RecordCursor?, sqlite: Bool) -> [SQLQueryString?] {
        guard let cursor else { return [nil] }
        let op = descending ? "<" : ">"
        let nullsFirst = sqlite ? !descending : descending
        let valued = "\(unsafeRaw: sort) IS NOT NULL" as SQLQueryString
        let unvalued = "\(unsafeRaw: sort) IS NULL" as SQLQueryString
        switch cursor.value {
        case .some(let value):
            let bound: SQLQueryString
            switch value {
            case .text(let s): bound = "(\(unsafeRaw: sort), id) \(unsafeRaw: op) (\(bind: s), \(bind: cursor.id))"
            case .integer(let n): bound = "(\(unsafeRaw: sort), id) \(unsafeRaw: op) (\(bind: n), \(bind: cursor.id))"
            }
            return nullable && !nullsFirst ? [bound, unvalued] : [bound]
        case .none:
            let within: SQLQueryString = "\(unsafeRaw: sort) IS NULL AND id \(unsafeRaw: op) \(bind: cursor.id)"
            return nullsFirst ? [within, valued] : [within]
        }
    }

    func cursor(after row: RecordRow) -> RecordCursor {
        let value: RecordCursor.Value?
        if sort == "created_at" {
            value = .integer(RecordSQL.millis(row.createdAt))
        } else {
            switch row.values[sort] {
            case .integer(let n)?: value = .integer(n)
            case .text(let s)?: value = .text(s)
            case .date(let d)?: value = .text(d.description)
            case .uuid(let u)?: value = .text(u.uuidString)
            case nil: value = nil
            }
        }
        return RecordCursor(sort: sort, descending: descending, value: value, id: row.id)
    }
}
