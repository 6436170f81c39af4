import FazhiCore
import FazhiStore
import Vapor

/// The URL query read once. `req.query[...]` decodes the whole query for every key it is asked.
///
/// Numbers are only ever read into a bounded range (`int(_:in:label:)`, `paging`, `year`): a value
/// that is not an integer, or lies outside the range, is refused with a 422 in Chinese, so no
/// arithmetic on a request's number can overflow.
struct QueryParams {
    private var values: [String: String] = [:]

    /// Deepest page number any list accepts.
    public static let pageLimit = 100_000
    /// Years the platform's figures, reports and logs can be asked about.
    public static let years = 2000...2100
    /// Years a date in a query may name: far enough for any record, near enough that a period
    /// counted from it stays a four-digit year.
    public static let dateYears = 1900...2199

    /// A `YYYY-MM-DD` date within `dateYears`.
    static func date(_ raw: String) -> LocalDate? {
        guard let d = LocalDate(iso: raw), dateYears.contains(d.year) else { return nil }
        return d
    }

    init(_ req: Request) {
        guard let query = req.url.query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            if values[key] == nil { values[key] = value }
        }
    }

    func string(_ key: String) -> String? { values[key] }

    /// The integer at `key` when it lies in `range`; nil when absent or empty.
    func int(_ key: String, in range: ClosedRange<Int>, label: String) throws -> Int? {
        guard let raw = values[key], !raw.isEmpty else { return nil }
        guard raw.utf8.count <= 20, let n = Int(raw), range.contains(n) else {
            throw AppError.invalid(key, "「\(label)」应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数，现为「\(raw.prefix(30))」")
        }
        return n
    }

    /// Every documented parameter holds what the API document says it takes, so that the API
    /// refuses what the document forbids before a handler reads it (a handler may read more
    /// leniently for its page: a date as `2024/3/1`). Empty counts as not given.
    func check(_ documented: [QueryParam]) throws {
        for p in documented {
            guard let raw = values[p.name], !raw.isEmpty else {
                if p.required { throw AppError.invalid(p.name, "缺少参数「\(p.label)」（\(p.name)）") }
                continue
            }
            let shown = String(raw.prefix(30))
            switch p.kind {
            case .integer(let range): _ = try int(p.name, in: range, label: p.label)
            case .date:
                guard Self.date(raw) != nil else {
                    throw AppError.invalid(p.name, "「\(p.label)」应为 \(Self.dateYears.lowerBound) 到 \(Self.dateYears.upperBound) 年间 YYYY-MM-DD 格式的日期，现为「\(shown)」")
                }
            case .text(let maxLength):
                guard raw.count <= maxLength else { throw AppError.invalid(p.name, "「\(p.label)」最多 \(maxLength) 个字") }
            case .choice(let choices):
                guard choices.contains(raw) else { throw AppError.invalid(p.name, "「\(p.label)」应为 \(choices.joined(separator: "、")) 之一，现为「\(shown)」") }
            case .cursor:
                guard raw.utf8.count <= 400 else { throw AppError.invalid(p.name, "「\(p.label)」无效，请回到第一页") }
            case .uuid:
                guard UUID(uuidString: raw) != nil else { throw AppError.invalid(p.name, "「\(p.label)」应为 UUID，现为「\(shown)」") }
            }
        }
    }

    /// A keyed list's place (the audit trail, the outbox): `?page=` within the count's bound, or
    /// `?before=`, the last key of the page before, at any depth.
    func keyedPosition(_ paging: Paging) throws -> KeyedPosition {
        KeyedPosition(offset: paging.offset, before: try int("before", in: 1...Int.max, label: "翻页位置").map(Int64.init))
    }

    /// `?page=` and `?per=` of a list.
    func paging(per defaultPer: Int, maxPer: Int) throws -> Paging {
        Paging(page: try int("page", in: 1...Self.pageLimit, label: "页码") ?? 1,
               per: try int("per", in: 1...maxPer, label: "每页条数") ?? defaultPer)
    }

    /// `?year=`, within the years the platform knows.
    func year(default fallback: Int) throws -> Int {
        try int("year", in: Self.years, label: "年度") ?? fallback
    }

    /// `?year=`, or the year the report and the figures open on for `unit` (`FigureStore.defaultYear`:
    /// last year when it has records, else the latest year that has).
    func reportYear(unit: UUID?, req: Request) async throws -> Int {
        if let year = try int("year", in: Self.years, label: "年度") { return year }
        return try await FigureStore.defaultYear(today: req.today, unit: unit, on: req.db)
    }
}

/// One page of a list, both numbers bounded, so that the offset cannot overflow.
struct Paging: Sendable {
    let page: Int
    let per: Int
    var offset: Int { (page - 1) * per }
    /// The number of pages `total` rows fill (at least one).
    func pages(_ total: Int) -> Int { max(1, (total + per - 1) / per) }
}

extension Request {
    /// A JSON body decoded as `T`, refused when it has a property `T` does not know: the API
    /// document says `additionalProperties: false`, and a misspelt property must not pass unseen.
    /// (Property names are the Swift names: the API's bodies use no other coding keys.)
    func decodeClosed<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try content.decode(T.self)
        guard let data = body.data, let object = try? JSONSerialization.jsonObject(with: Data(buffer: data)) as? [String: Any] else { return value }
        let known = Set(Mirror(reflecting: value).children.compactMap(\.label))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw AppError.invalid(String(unknown.prefix(40)), "没有名为「\(unknown.prefix(40))」的属性")
        }
        return value
    }
}

/// The line under a list that is counted up to `RecordStore.countBound`: 「共 N 条」 or
/// 「10000 条以上」, numbered pages up to the bound, then 下一页 by the list's cursor (`cursor=`
/// for a register, `before=` for a keyed list) and a way back to the first page.
struct Pager: Encodable {
    let total: String
    let position: String
    let first: String?
    let prev: String?
    let next: String?
    /// Past the bound: a hint to narrow the list with its filters.
    let narrow: Bool

    /// `continued`: this page was found by a cursor; `cursor`: the next page's (name, value).
    init(_ req: Request, paging: Paging, total: Int, exact: Bool, continued: Bool, cursor: (name: String, value: String)?) {
        let pages = min(paging.pages(total), max(1, RecordStore.countBound / paging.per)), page = paging.page
        func href(_ extra: String?) -> String { Self.address(req, extra) }
        self.total = exact ? "\(total) 条" : "\(RecordStore.countBound) 条以上"
        position = continued ? "第 \(pages) 页之后" : "第 \(page)/\(pages)\(exact ? "" : "+") 页"
        first = continued ? href(nil) : nil
        prev = !continued && page > 1 ? href(page == 2 ? nil : "page=\(page - 1)") : nil
        if !continued && page < pages {
            next = href("page=\(page + 1)")
        } else {
            next = cursor.map { href($0.name + "=" + $0.value) }
        }
        narrow = !exact
    }

    /// This list's address with the same filters, at the first page or at `place`
    /// (`page=3`, `cursor=…`, `before=…`).
    static func address(_ req: Request, _ place: String?) -> String {
        var items = (req.url.query ?? "").split(separator: "&")
            .filter { !$0.hasPrefix("page=") && !$0.hasPrefix("cursor=") && !$0.hasPrefix("before=") }.map(String.init)
        if let place { items.append(place) }
        return req.url.path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }
}
