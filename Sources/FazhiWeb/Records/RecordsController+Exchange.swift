import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// Files in and out of a register: CSV and XLSX export of the filtered list, templates, import
/// with a preview of every bad row, and attachments.
extension RecordsController {
    static let importLimit = 30 * 1024 * 1024

    func bootExchange(_ routes: any RoutesBuilder) {
        let read = type.readPermission, write = type.writePermission, slug = PathComponent(stringLiteral: type.slug)
        routes.get("records", slug, "export.csv", use: exportCSV).require(read)
        routes.get("records", slug, "export.xlsx", use: exportXLSX).require(read)
        routes.get("records", slug, "template.csv", use: templateCSV).require(write)
        routes.get("records", slug, "template.xlsx", use: templateXLSX).require(write)
        routes.get("records", slug, "import", use: importPage).require(write)
        routes.on(.POST, "records", slug, "import", body: .collect(maxSize: "30mb"), use: previewImport).require(write).accepts(upTo: Self.importLimit)
        routes.post("records", slug, "import", "commit", use: commitImport).require(write)
        routes.on(.POST, "records", slug, ":id", "attachments", body: .collect(maxSize: "21mb"), use: uploadAttachment)
            .require(write).accepts(upTo: AttachmentPolicy.maxBytes + 1024 * 1024)
        routes.get("records", slug, ":id", "attachments", ":attachment", use: downloadAttachment).require(read)
        routes.post("records", slug, ":id", "attachments", ":attachment", "delete", use: deleteAttachment).require(write)

        routes.grouped("api", "v1", "records", slug)
            .on(.POST, "import", body: .collect(maxSize: "30mb"), use: importAPI).require(write).accepts(upTo: Self.importLimit)
            .document(APIDoc("导入\(type.label)（请求体为 CSV 或 XLSX 文件；dryRun=1 只检查；onlyValid=1 只导入有效行）", tag: type.module,
                             response: "ImportReport", query: [.flag("dryRun", "只检查不导入"), .flag("onlyValid", "只导入有效行")])
                .taking(files: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]))
    }

    // MARK: Export

    /// The filtered list as rows of cells, as the person may see them.
    func exportRows(_ req: Request) async throws -> (header: [String], rows: [[(FieldSpec?, String)]]) {
        var (q, _) = try query(req)
        q.limit = 1_000_000
        q.offset = 0
        let result = try await RecordStore.list(type, q, scope: req.scope(), on: req.db)
        let p = try await RecordPresenter.make(type, rows: result.rows, req: req)
        let header = type.columns.map(\.label) + (type.hasWorkflow ? ["状态"] : [])
        let rows = result.rows.map { row -> [(FieldSpec?, String)] in
            var cells: [(FieldSpec?, String)] = type.columns.map { ($0, p.text($0, row.values[$0.name])) }
            if type.hasWorkflow { cells.append((nil, p.stateLabel(row))) }
            return cells
        }
        try await AuditLog.record(on: req.db, actor: req.auditActor, action: .export, entityType: type.entityType, entityID: "*",
                                  after: AuditLog.snapshot(["rows": String(rows.count), "query": req.url.query ?? ""]))
        return (header, rows)
    }

    func exportCSV(req: Request) async throws -> Response {
        let (header, rows) = try await exportRows(req)
        var text = "\u{FEFF}" + CSVTable.line(header) + "\r\n"
        for row in rows { text += CSVTable.line(row.map(\.1)) + "\r\n" }
        return Response.download(Data(text.utf8), filename: "\(type.slug).csv", contentType: "text/csv; charset=utf-8")
    }

    func exportXLSX(req: Request) async throws -> Response {
        let (header, rows) = try await exportRows(req)
        let cells = rows.map { row in row.map { field, text -> XLSXCell in
            // Counts and money are numbers a spreadsheet can add up; masked values stay text.
            if let f = field, f.kind == .count || f.kind == .money, !f.personal { return .number(text) }
            return .text(text)
        } }
        let data = try XLSXWriter.workbook(sheet: type.label, header: header, rows: cells)
        return Response.download(data, filename: "\(type.slug).xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    func templateCSV(req: Request) async throws -> Response {
        Response.download(Data(("\u{FEFF}" + CSVTable.line(RecordImport.templateHeader(type)) + "\r\n").utf8),
                 filename: "\(type.slug)-template.csv", contentType: "text/csv; charset=utf-8")
    }

    func templateXLSX(req: Request) async throws -> Response {
        Response.download(try XLSXWriter.workbook(sheet: type.label, header: RecordImport.templateHeader(type), rows: []),
                 filename: "\(type.slug)-template.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }


    // MARK: Import

    struct ImportPageData: Encodable {
        let label: String; let base: String; let sha: String?; let rows: Int; let valid: Int; let duplicates: Int; let badRows: Int
        let problems: [ImportProblem]; let moreProblems: Int; let added: Int?; let error: String?; let extensions: String
    }

    func importPage(req: Request) async throws -> View {
        try await renderImport(req, plan: nil, added: nil, error: nil)
    }

    func renderImport(_ req: Request, plan: ImportPlan?, added: Int?, error: String?) async throws -> View {
        let shown = Array((plan?.problems ?? []).prefix(500))
        return try await Page.render("record-import", title: "导入\(type.label)", req: req, context: ImportPageData(
            label: type.label, base: base, sha: plan?.fileSHA256, rows: plan?.rows ?? 0, valid: plan?.valid.count ?? 0,
            duplicates: plan?.duplicates.count ?? 0, badRows: plan?.badRows ?? 0, problems: shown,
            moreProblems: (plan?.problemCount ?? 0) - shown.count, added: added, error: error, extensions: "CSV（UTF-8 或 GBK）、XLSX"),
            breadcrumbs: [(type.module, nil), (type.label, base), ("导入", nil)])
    }

    struct Upload: Content { var file: File? }

    func previewImport(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let file = try req.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
            return try await renderImport(req, plan: nil, added: nil, error: "请选择要导入的文件").encodeResponse(status: .unprocessableEntity, for: req)
        }
        let data = Data(buffer: file.data)
        do {
            let plan = try await RecordImport.plan(type, data: data, scope: p.scope, calculator: calculator(req), on: req.db)
            // Kept by content so the confirmation imports exactly the file that was checked.
            try req.application.fazhi.blobs.put(data)
            return try await renderImport(req, plan: plan, added: nil, error: nil).encodeResponse(for: req)
        } catch let e as CoreError {
            return try await renderImport(req, plan: nil, added: nil, error: e.message).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    struct Confirm: Content { var sha: String; var mode: String? }

    func commitImport(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let confirm = try req.content.decode(Confirm.self)
        guard let data = req.application.fazhi.blobs.read(confirm.sha) else {
            return try await renderImport(req, plan: nil, added: nil, error: "找不到已检查的文件，请重新上传").encodeResponse(status: .unprocessableEntity, for: req)
        }
        let outcome: RecordImport.Outcome
        do {
            outcome = try await RecordImport.run(type, data: data, scope: p.scope, calculator: calculator(req), onlyValid: confirm.mode == "valid",
                                                 actor: req.auditActor, on: req.db, now: req.now)
        } catch let e as CoreError {
            return try await renderImport(req, plan: nil, added: nil, error: e.message).encodeResponse(status: .unprocessableEntity, for: req)
        }
        if let refusal = outcome.refusal {
            return try await renderImport(req, plan: outcome.plan, added: nil, error: refusal).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return try await renderImport(req, plan: outcome.plan, added: outcome.ids.count, error: nil).encodeResponse(for: req)
    }

    struct ImportReport: Content {
        let fileSHA256: String; let rows: Int; let valid: Int; let added: Int; let duplicates: [Int]
        /// The first problems (`ImportPlan.keptProblems`), and how many the file has in all.
        let problems: [ImportProblem]; let problemCount: Int
    }

    func importAPI(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let buffer = req.body.data, buffer.readableBytes > 0 else { throw CoreError.invalid(field: "file", "请求体应为要导入的 CSV 或 XLSX 文件") }
        let params = QueryParams(req)
        let dryRun = params.string("dryRun") == "1", onlyValid = params.string("onlyValid") == "1"
        let plan: ImportPlan, added: Int
        if dryRun {
            plan = try await RecordImport.plan(type, data: Data(buffer: buffer), scope: p.scope, calculator: calculator(req), on: req.db)
            added = 0
        } else {
            let outcome = try await RecordImport.run(type, data: Data(buffer: buffer), scope: p.scope, calculator: calculator(req),
                                                     onlyValid: onlyValid, actor: req.auditActor, on: req.db, now: req.now)
            plan = outcome.plan
            added = outcome.ids.count
        }
        let report = ImportReport(fileSHA256: plan.fileSHA256, rows: plan.rows, valid: plan.valid.count, added: added,
                                  duplicates: plan.duplicates, problems: plan.problems, problemCount: plan.problemCount)
        let status: HTTPResponseStatus = !plan.isClean && !onlyValid ? .unprocessableEntity : (added > 0 ? .created : .ok)
        return try await report.encodeResponse(status: status, for: req)
    }

    // MARK: Attachments

    struct AttachmentUpload: Content { var file: File?; var field: String? }

    func uploadAttachment(req: Request) async throws -> Response {
        let existing = try await record(req)
        let upload = try req.content.decode(AttachmentUpload.self)
        let field = upload.field ?? type.fields.first { $0.kind == .attachments }?.name ?? ""
        do {
            guard let file = upload.file, file.data.readableBytes > 0 else { throw CoreError.invalid(field: "file", "请选择要上传的文件") }
            _ = try await AttachmentStore.add(type, recordID: existing.id, field: field, filename: file.filename, data: Data(buffer: file.data),
                                              blobs: req.application.fazhi.blobs, actor: req.auditActor, scope: req.scope(), on: req.db, now: req.now)
            return req.redirect(to: "\(base)/\(existing.id)?notice=saved")
        } catch let e as CoreError {
            return try await detail(req, row: existing, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func downloadAttachment(req: Request) async throws -> Response {
        guard let recordID = req.parameters.get("id", as: UUID.self), let attachmentID = req.parameters.get("attachment", as: UUID.self),
              let a = try await AttachmentStore.find(type, recordID: recordID, attachmentID: attachmentID, scope: req.scope(), on: req.db),
              let response = Response.attachment(a, blobs: req.application.fazhi.blobs) else { throw AppError.notFound }
        return response
    }

    func deleteAttachment(req: Request) async throws -> Response {
        let existing = try await record(req)
        guard let attachmentID = req.parameters.get("attachment", as: UUID.self) else { throw AppError.notFound }
        do {
            try await AttachmentStore.remove(type, recordID: existing.id, attachmentID: attachmentID, actor: req.auditActor, scope: req.scope(), on: req.db)
            return req.redirect(to: "\(base)/\(existing.id)?notice=deleted")
        } catch let e as CoreError {
            return try await detail(req, row: existing, error: e).encodeResponse(status: .conflict, for: req)
        }
    }
}
