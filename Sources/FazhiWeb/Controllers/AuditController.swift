import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// The audit trail, for the audit administrator only: read, filter, verify, export. Personal data
/// in the records' snapshots is masked on the page, in the API and in the CSV unless the reader
/// holds 「查看完整个人信息」 (which 三员分立 keeps from the auditor); what is stored and hashed is
/// never changed, so the chain verifies all the same.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: page).require(.auditRead)
        routes.get("audit", "export.csv", use: exportCSV).require(.auditExport)
        let api = routes.grouped("api", "v1", "audit")
        api.get(use: list).require(.auditRead)
            .document(APIDoc("审计日志（新到旧）", tag: "审计", response: "AuditList", query: [.page(maxPer: 500), .per(max: 500), .before, QueryParam("action", "操作", .choice(AuditAction.allCases.map(\.rawValue))),
                                                                                           QueryParam("entityType", "对象类型", .text(maxLength: 100)), QueryParam("entityID", "对象编号", .text(maxLength: 100)),
                                                                                           QueryParam("from", "起始日期", .date), QueryParam("to", "截止日期", .date)]))
        api.get("verify", use: verify).require(.auditRead).document(APIDoc("校验审计链", tag: "审计", response: "AuditVerification"))
    }

    struct AuditItem: Content {
        let seq: Int64; let occurredAt: String; let actorName: String; let address: String; let action: String
        let actionLabel: String; let entityType: String; let entityID: String; let before: String?; let after: String?
        init(_ r: AuditRow) {
            seq = r.seq; occurredAt = Format.dateTime(r.occurredAt); actorName = r.actorName; address = r.address; action = r.action
            actionLabel = AuditAction(rawValue: r.action)?.label ?? r.action; entityType = r.entityType; entityID = r.entityID
            before = r.before; after = r.after
        }
    }
    /// `total` is exact up to `RecordStore.countBound` (`totalExact`); `next` is the next page's
    /// address (by `before`) while there may be more.
    struct AuditList: Content { let items: [AuditItem]; let total: Int; let totalExact: Bool; let page: Int?; let per: Int; let next: String? }
    struct AuditVerification: Content { let intact: Bool; let checked: Int; let headSeq: Int64; let firstBreak: String? }

    /// The rows as this reader may see them (`AuditMasking`).
    func shown(_ rows: [AuditRow], _ req: Request) throws -> [AuditRow] {
        try req.requirePrincipal().has(.personalDataView) ? rows : rows.map(AuditMasking.masked)
    }

    func filter(_ req: Request) throws -> AuditLog.Filter {
        func date(_ key: String, _ offsetDays: Int) throws -> Date? {
            guard let raw = req.query[String.self, at: key], !raw.isEmpty else { return nil }
            guard let d = LocalDate(iso: raw) else { throw AppError.invalid(key, "日期格式应为 YYYY-MM-DD") }
            // Midnight China Standard Time.
            return Date(timeIntervalSince1970: Double(d.adding(days: offsetDays).dayNumber) * 86_400 - 8 * 3600)
        }
        func text(_ key: String) -> String? { req.query[String.self, at: key].flatMap { $0.isEmpty ? nil : $0 } }
        return AuditLog.Filter(action: text("action"), entityType: text("entityType"), entityID: text("entityID"),
                               from: try date("from", 0), to: try date("to", 1))
    }

    func list(req: Request) async throws -> AuditList {
        let params = QueryParams(req)
        let paging = try params.paging(per: 50, maxPer: 500), position = try params.keyedPosition(paging)
        let result = try await AuditLog.list(on: req.db, filter: try filter(req), limit: paging.per, at: position)
        return AuditList(items: try shown(result.rows, req).map(AuditItem.init), total: result.total, totalExact: result.exact,
                         page: position.before == nil ? paging.page : nil, per: paging.per, next: result.next.map { Pager.address(req, "before=\($0)") })
    }


    func verify(req: Request) async throws -> AuditVerification {
        let v = try await AuditLog.verify(on: req.db)
        return AuditVerification(intact: v.isIntact, checked: v.checked, headSeq: v.headSeq, firstBreak: v.firstBreak?.description)
    }

    struct ActionOption: Encodable { let value: String; let label: String; let selected: Bool }
    struct PageData: Encodable {
        let items: [AuditItem]; let pager: Pager
        let actions: [ActionOption]; let query: String; let from: String; let to: String; let entityType: String
        let verification: AuditVerification?; let canExport: Bool
    }

    func page(req: Request) async throws -> View {
        let params = QueryParams(req)
        let paging = try params.paging(per: 50, maxPer: 50), position = try params.keyedPosition(paging)
        let f = try filter(req)
        let result = try await AuditLog.list(on: req.db, filter: f, limit: paging.per, at: position)
        let verification = req.query[String.self, at: "verify"] == "1" ? try await verify(req: req) : nil
        var q = URLComponents(); q.queryItems = [("action", f.action), ("entityType", f.entityType), ("from", req.query[String.self, at: "from"]), ("to", req.query[String.self, at: "to"])]
            .compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        return try await Page.render("audit", title: "审计日志", req: req, context: PageData(
            items: try shown(result.rows, req).map(AuditItem.init),
            pager: Pager(req, paging: paging, total: result.total, exact: result.exact, continued: position.before != nil,
                         cursor: result.next.map { ("before", String($0)) }),
            actions: AuditAction.allCases.map { ActionOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == f.action) },
            query: q.percentEncodedQuery ?? "", from: req.query[String.self, at: "from"] ?? "", to: req.query[String.self, at: "to"] ?? "",
            entityType: f.entityType ?? "", verification: verification, canExport: try req.requirePrincipal().has(.auditExport)),
            breadcrumbs: [("审计日志", nil)])
    }

    /// CSV with a BOM so that Excel opens it as UTF-8; the export itself is audited.
    func exportCSV(req: Request) async throws -> Response {
        let f = try filter(req)
        let result = try await AuditLog.list(on: req.db, filter: f, limit: 100_000)
        func cell(_ s: String?) -> String {
            let v = CSVTable.defused(s ?? "")
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = "\u{FEFF}序号,时间,操作人,地址,操作,对象类型,对象编号,变更前,变更后,哈希\r\n"
        for r in try shown(result.rows, req) {
            out += [String(r.seq), Format.dateTime(r.occurredAt), r.actorName, r.address, AuditAction(rawValue: r.action)?.label ?? r.action,
                    r.entityType, r.entityID, r.before ?? "", r.after ?? "", r.hash].map(cell).joined(separator: ",") + "\r\n"
        }
        try await AuditLog.record(on: req.db, actor: req.auditActor, action: .export, entityType: "audit_log", entityID: "csv",
                                  after: AuditLog.snapshot(["rows": String(result.rows.count)]))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "audit-log.csv")
        return Response(status: .ok, headers: headers, body: .init(string: out))
    }
}
