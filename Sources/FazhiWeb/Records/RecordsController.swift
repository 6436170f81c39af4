import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// Everything a register gets from its declaration: list, detail with history, forms,
/// workflow buttons, the JSON API, and (in `+Exchange`) exports, imports and attachments. One instance per record type; the routes are
/// literal paths so that each declares the register's own permission.
struct RecordsController: RouteCollection {
    let type: RecordType

    var base: String { "/records/\(type.slug)" }

    func boot(routes: any RoutesBuilder) throws {
        let read = type.readPermission, write = type.writePermission, slug = PathComponent(stringLiteral: type.slug)
        routes.get("records", slug, use: listPage).require(read)
        bootExchange(routes)
        routes.get("records", slug, "new", use: newPage).require(write)
        routes.post("records", slug, use: createPage).require(write)
        routes.get("records", slug, ":id", use: detailPage).require(read)
        routes.get("records", slug, ":id", "edit", use: editPage).require(write)
        routes.post("records", slug, ":id", use: updatePage).require(write)
        routes.post("records", slug, ":id", "delete", use: deletePage).require(write)
        // The move's own permission is checked with its rules (RecordRules.check).
        for t in type.transitions {
            routes.post("records", slug, ":id", "transitions", PathComponent(stringLiteral: t.action)) { req in
                try await transitionPage(req, t)
            }.require(read)
        }

        let api = routes.grouped("api", "v1", "records", slug)
        let tag = type.module, schema = Self.schemaName(type)
        let filters: [QueryParam] = [.search, QueryParam("state", "状态", .choice(type.states.map(\.code))),
                                     .page(maxPer: Self.maxPer), .per(max: Self.maxPer),
                                     QueryParam("sort", "排序", .choice(Self.sorts(type))), .flag("overdue", "只看逾期"),
                                     QueryParam("cursor", "翻页位置", .cursor)]
            + type.filters.compactMap(type.field).flatMap { f -> [QueryParam] in
                f.kind == .date ? [QueryParam(f.name + ".from", f.label + "起", .date), QueryParam(f.name + ".to", f.label + "止", .date),
                                  QueryParam(f.name + ".notBy", f.label + "为空或晚于", .date)] : [QueryParam(f.name, f.label, Schemas.filterKind(f))]
            }
        api.get(use: list).require(read)
            .document(APIDoc("\(type.label)列表（筛选、检索、分页，按数据范围）", tag: tag, response: schema + "List", query: filters))
        api.post(use: create).require(write)
            .document(APIDoc("新增\(type.label)", tag: tag, request: schema + "Write", response: schema, status: 201))
        api.get(":id", use: get).require(read).document(APIDoc("\(type.label)详情", tag: tag, response: schema))
        if type.deadlines.contains(where: \.isClock) {
            api.get(":id", "clocks", use: clockList).require(read)
                .document(APIDoc("\(type.label)的法定期限（计时、暂停、重新起算、延长及依据）", tag: tag, response: "ClockList"))
        }
        api.patch(":id", use: update).require(write)
            .document(APIDoc("修改\(type.label)（只改所给字段；给出 version 时检查并发修改）", tag: tag, request: schema + "Update", response: schema))
        api.delete(":id", use: delete).require(write).document(APIDoc("删除\(type.label)（仅限初始状态）", tag: tag, status: 204))
        for t in type.transitions {
            api.post(":id", "transitions", PathComponent(stringLiteral: t.action)) { req in try await transition(req, t) }
                .require(read)
                .document(APIDoc("\(type.label)：\(t.label)（需要「\(t.permission.label)」）", tag: tag, request: Schemas.moveSchemaName(type, t), response: schema)
                    .bodyOptional(t.requires.isEmpty))
        }
    }

    // MARK: Shared

    /// What a list may be sorted by: a column or the time of creation, ascending or with `-` descending.
    static let maxPer = 200

    /// The sorts a list takes: each of the register's sort fields, going up or (`-`) down.
    static func sorts(_ type: RecordType) -> [String] {
        type.sortFields + type.sortFields.map { "-" + $0 }
    }

    func query(_ req: Request) throws -> (RecordQuery, paging: Paging) {
        let params = QueryParams(req)
        var q = RecordQuery()
        if let text = params.string("q"), !text.isEmpty {
            guard text.count <= 100 else { throw CoreError.invalid(field: "q", "检索词不能超过 100 字") }
            q.search = text
        }
        q.state = params.string("state").flatMap { $0.isEmpty ? nil : $0 }
        if let state = q.state, type.state(state) == nil { throw CoreError.invalid(field: "state", "「\(type.label)」没有状态「\(state.prefix(30))」") }
        if let overdue = params.string("overdue"), !["", "0", "1"].contains(overdue) { throw CoreError.invalid(field: "overdue", "overdue 只能是 0 或 1") }
        if let sort = params.string("sort"), !sort.isEmpty, !Self.sorts(type).contains(sort) {
            throw CoreError.invalid(field: "sort", "不能按「\(sort.prefix(30))」排序")
        }
        for name in type.filters {
            guard let f = type.field(name) else { continue }
            if f.kind == .date {
                if let s = params.string(name + ".from"), !s.isEmpty {
                    guard let d = FieldInput.parseDate(s) else { throw CoreError.invalid(field: name + ".from", "「\(f.label)」起始日期无效") }
                    q.from[name] = d
                }
                if let s = params.string(name + ".to"), !s.isEmpty {
                    guard let d = FieldInput.parseDate(s) else { throw CoreError.invalid(field: name + ".to", "「\(f.label)」截止日期无效") }
                    q.to[name] = d
                }
                if let s = params.string(name + ".notBy"), !s.isEmpty {
                    guard let d = FieldInput.parseDate(s) else { throw CoreError.invalid(field: name + ".notBy", "「\(f.label)」日期无效") }
                    q.notBy[name] = d
                }
            } else if let s = params.string(name), !s.isEmpty, let v = try FieldInput.parse(s, as: f) {
                q.equals[name] = v
            }
        }
        if params.string("overdue") == "1" { q.overdueOn = req.today }
        if var sort = params.string("sort"), !sort.isEmpty {
            q.descending = sort.hasPrefix("-")
            if sort.hasPrefix("-") { sort.removeFirst() }
            q.sort = sort
        }
        let paging = try params.paging(per: 20, maxPer: Self.maxPer)
        q.limit = paging.per
        q.offset = paging.offset
        if let token = params.string("cursor"), !token.isEmpty {
            // The cursor carries its order and place: `sort` and `page` beside it are not read.
            guard let cursor = RecordCursor(token: token) else { throw CoreError.invalid(field: "cursor", "翻页位置无效，请回到第一页") }
            q.after = cursor
        }
        return (q, paging)
    }

    func record(_ req: Request) async throws -> RecordRow {
        guard let id = req.parameters.get("id", as: UUID.self),
              let row = try await RecordStore.find(type, id: id, scope: req.scope(), on: req.db) else { throw AppError.notFound }
        return row
    }

    func calculator(_ req: Request) async throws -> DeadlineCalculator {
        try await req.application.fazhi.calculator(on: req.db)
    }

    // MARK: API

    static func schemaName(_ type: RecordType) -> String {
        "Record_" + type.slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    struct Item: Content {
        let id: UUID; let state: String; let stateLabel: String; let version: Int64; let overdue: [String]
        let createdAt: Date; let updatedAt: Date; let fields: [String: JSONValue]
    }
    /// `total` counts exactly up to `RecordStore.countBound` (`totalExact` false beyond it);
    /// `next` is the next page's address while there may be more.
    struct ItemList: Content {
        let items: [Item]; let total: Int; let totalExact: Bool; let page: Int?; let per: Int; let next: String?

        /// Written by hand (`JSONWriter`): the register lists are the platform's busiest
        /// answers, and Foundation's encoder cost a sixth of one. A test compares it with `Content`'s.
        func json() -> JSONWriter {
            var w = JSONWriter(capacity: 512 + items.count * 600)
            w.beginObject()
            w.key("items"); w.beginArray()
            // A register's items have the same columns (`item`): their order is found once.
            let names = items.first?.fields.keys.sorted() ?? []
            for item in items {
                let own = item.fields.count == names.count && names.allSatisfy { item.fields[$0] != nil } ? names : item.fields.keys.sorted()
                w.beginObject()
                w.key("id"); w.value(item.id)
                w.key("state"); w.value(item.state)
                w.key("stateLabel"); w.value(item.stateLabel)
                w.key("version"); w.value(item.version)
                w.key("overdue"); w.beginArray(); for o in item.overdue { w.value(o) }; w.endArray()
                w.key("createdAt"); w.value(item.createdAt)
                w.key("updatedAt"); w.value(item.updatedAt)
                w.key("fields"); w.beginObject()
                for name in own {
                    w.key(name)
                    switch item.fields[name] ?? .null {
                    case .null: w.null()
                    case .bool(let b): w.value(b)
                    case .number(let n): w.value(n)
                    case .decimal(let d): w.value(d)
                    case .string(let text): w.value(text)
                    }
                }
                w.endObject()
                w.endObject()
            }
            w.endArray()
            w.key("total"); w.value(total)
            w.key("totalExact"); w.value(totalExact)
            w.key("page"); if let page { w.value(page) } else { w.null() }
            w.key("per"); w.value(per)
            w.key("next"); w.value(next)
            w.endObject()
            return w
        }
    }
    struct Write: Content { var fields: [String: JSONValue]?; var version: Int64? }

    func item(_ row: RecordRow, _ p: RecordPresenter) -> Item {
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(type.columns.count)
        for f in type.columns { fields[f.name] = p.json(f, row.values[f.name]) }
        return Item(id: row.id, state: row.state, stateLabel: p.stateLabel(row), version: row.version, overdue: p.overdue(row),
                    createdAt: row.createdAt, updatedAt: row.updatedAt, fields: fields)
    }

    func list(req: Request) async throws -> Response {
        try await itemList(req).json().response()
    }

    func itemList(_ req: Request) async throws -> ItemList {
        let (q, paging) = try query(req)
        let result = try await RecordStore.list(type, q, scope: req.scope(), counts: req.application.fazhi.totals, on: req.db)
        let p = try RecordPresenter.api(type, req: req)
        return ItemList(items: result.rows.map { item($0, p) }, total: result.total, totalExact: result.exact,
                        page: q.after == nil ? paging.page : nil, per: paging.per, next: result.next.map { Pager.address(req, "cursor=" + $0.token) })
    }

    func get(req: Request) async throws -> Item {
        let row = try await record(req)
        return item(row, try RecordPresenter.api(type, req: req))
    }

    /// A field the register does not have is an error, not something silently dropped; a
    /// version is never negative.
    func check(_ body: Write) throws {
        if let version = body.version, version < 0 { throw CoreError.invalid(field: "version", "版本号不能为负数") }
        for name in (body.fields ?? [:]).keys.sorted() {
            guard let f = type.column(name) else { throw CoreError.invalid(field: name, "没有名为 \(name) 的字段") }
            if f.assigned { throw CoreError.invalid(field: name, "「\(f.label)」由系统编号，不能填写") }
            // As the document says: text for every field, a whole number also for a count.
            switch body.fields?[name] {
            case .bool?, .decimal?: throw CoreError.invalid(field: name, "「\(f.label)」应为文字\(f.kind == .count ? "或整数" : "")")
            case .number? where f.kind != .count: throw CoreError.invalid(field: name, "「\(f.label)」应为文字（用引号括起）")
            default: break
            }
        }
    }

    func typed(_ body: Write) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in body.fields ?? [:] { out[k] = v.typed ?? "" }
        return out
    }

    func create(req: Request) async throws -> Response {
        let body = try req.decodeClosed(Write.self)
        let p = try req.requirePrincipal()
        try check(body)
        let values = try await RecordInput.values(type, typed(body), reveal: p.has(.personalDataView), req: req)
        let row = try await RecordStore.create(type, values, actor: req.auditActor, scope: p.scope, calculator: calculator(req), on: req.db, now: req.now)
        return try await item(row, RecordPresenter.api(type, req: req)).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> Item {
        let existing = try await record(req)
        let body = try req.decodeClosed(Write.self)
        let p = try req.requirePrincipal()
        try check(body)
        let input = typed(body)
        let values = try await RecordInput.values(type, input, only: Array(input.keys), existing: existing.values, reveal: p.has(.personalDataView), req: req)
        let row = try await RecordStore.update(type, id: existing.id, values, version: body.version, actor: req.auditActor, scope: p.scope,
                                               calculator: calculator(req), on: req.db, now: req.now)
        return item(row, try RecordPresenter.api(type, req: req))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let existing = try await record(req)
        try await RecordStore.delete(type, id: existing.id, actor: req.auditActor, scope: req.scope(), on: req.db)
        return .noContent
    }

    func transition(_ req: Request, _ t: TransitionSpec) async throws -> Item {
        let existing = try await record(req)
        // A move that takes no fields may come without a body; a body that is there must be well
        // formed, and gives every field the move takes (as the document says), even one the
        // record already has: the move's request says what it was done with.
        let body = (req.body.data?.readableBytes ?? 0) > 0 ? try req.decodeClosed(Write.self) : Write()
        let p = try req.requirePrincipal()
        try check(body)
        let input = typed(body)
        if let missing = t.requires.first(where: { (input[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw CoreError.invalid(field: missing, "「\(t.label)」前须填写「\(type.field(missing)?.label ?? missing)」")
        }
        let changes = try await RecordInput.values(type, input, only: Array(input.keys), existing: [:], reveal: true, req: req)
        let row = try await RecordStore.transition(type, id: existing.id, action: t.action, changes: changes, permissions: p.permissions,
                                                   today: req.today, actor: req.auditActor, scope: p.scope,
                                                   calculator: calculator(req), on: req.db, now: req.now)
        return item(row, try RecordPresenter.api(type, req: req))
    }
}
