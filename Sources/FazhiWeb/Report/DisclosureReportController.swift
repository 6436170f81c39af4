import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// 政府信息公开工作年度报告: an agency's report in the national format, as a page whose every cell
/// links to the records behind it, as DOCX and as JSON; and the agency's written parts.
struct DisclosureReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("disclosure-reports", use: page).require(.disclosureRead)
        routes.get("disclosure-reports", "report.docx", use: docx).require(.disclosureRead)
        routes.get("disclosure-reports", "report.json", use: json).require(.disclosureRead)
        routes.post("disclosure-reports", "texts", use: saveText).require(.disclosureManage)
    }

    struct Agency: Encodable { let id: UUID; let name: String; let selected: Bool }
    struct PageData: Encodable {
        let report: DisclosureAnnualReport
        let year: Int
        let agencies: [Agency]
        let canWrite: Bool
        let error: String?
        let errorSection: String?
    }
    struct SaveForm: Content { var section: String; var year: Int?; var unit: UUID?; var body: String? }

    /// `?year=` (last year by default) and `?unit=` (the person's district, or their own unit):
    /// an agency within the person's data scope. The report counts only what the scope lets the
    /// person see below it (`DisclosureAnnualReport.build`), as every list does.
    func target(_ req: Request, year: Int? = nil, unit: UUID? = nil) async throws -> (year: Int, unit: UUID) {
        let params = QueryParams(req)
        let year = try year ?? params.year(default: req.today.year - 1)
        let p = try req.requirePrincipal()
        let chosen: UUID
        if let unit = unit {
            chosen = unit
        } else if let raw = params.string("unit"), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw AppError.invalid("unit", "「单位」无效") }
            chosen = id
        } else {
            let district = try await req.district()
            guard let own = p.scope.covers(unit: district.id) ? district.id : p.primaryUnitID else { throw AppError.forbidden }
            chosen = own
        }
        guard p.scope.covers(unit: chosen) else { throw AppError.forbidden }
        return (year, chosen)
    }

    /// The agencies the person may report for: the district and its departments and towns, within their scope.
    func agencies(_ req: Request, selected: UUID) async throws -> [Agency] {
        try await UnitQueries.agencies(of: try await req.district().id, scope: try req.requirePrincipal().scope, on: req.db).map {
            Agency(id: $0.id, name: $0.name, selected: $0.id == selected)
        }
    }

    func render(_ req: Request, year: Int, unit: UUID, error: CoreError? = nil, section: String? = nil) async throws -> Response {
        let report = try await DisclosureAnnualReport.build(year: year, unit: unit, scope: try req.scope(), on: req.db)
        let data = PageData(report: report, year: year, agencies: try await agencies(req, selected: unit),
                            canWrite: req.principal?.has(.disclosureManage) == true, error: error?.message, errorSection: error == nil ? nil : section)
        return try await Page.render("disclosure-report", title: report.title, req: req, context: data, breadcrumbs: [("政府信息公开工作年度报告", nil)])
            .encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    func page(req: Request) async throws -> Response {
        let (year, unit) = try await target(req)
        return try await render(req, year: year, unit: unit)
    }

    func saveText(req: Request) async throws -> Response {
        let form = try req.content.decode(SaveForm.self)
        let (year, unit) = try await target(req, year: form.year.map { min(max($0, 0), 9_999) } ?? req.today.year - 1, unit: form.unit)
        do {
            guard (2000...2100).contains(year) else { throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间") }
            guard DisclosureAnnualReport.texts.contains(where: { $0.key == form.section }) else { throw CoreError.invalid(field: "section", "没有这一部分") }
            _ = try await ReportTextStore.save(section: form.section, year: year, district: unit, body: form.body ?? "", actor: req.auditActor,
                                               on: req.db, now: req.now)
            return req.redirect(to: "/disclosure-reports?year=\(year)&unit=\(unit.uuidString)&notice=saved#\(form.section)")
        } catch let e as CoreError {
            return try await render(req, year: year, unit: unit, error: e, section: form.section)
        }
    }

    func docx(req: Request) async throws -> Response {
        let (year, unit) = try await target(req)
        let report = try await DisclosureAnnualReport.build(year: year, unit: unit, scope: try req.scope(), on: req.db)
        return Response.download(try Self.docx(report), filename: "\(report.title).docx",
                                 contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    func json(req: Request) async throws -> Response {
        let (year, unit) = try await target(req)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try Self.json(try await DisclosureAnnualReport.build(year: year, unit: unit, scope: try req.scope(), on: req.db))))
    }

    static func json(_ report: DisclosureAnnualReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }

    static func docx(_ report: DisclosureAnnualReport) throws -> Data {
        var blocks: [DOCXWriter.Block] = [.title(report.title)]
        for part in report.parts {
            blocks.append(.heading1(part.heading))
            if part.key != nil {
                let lines = AnnualReport.lines(part.text)
                blocks += lines.isEmpty ? [.paragraph([("（本部分尚未撰写）", false)])] : lines.map { .paragraph([($0, false)]) }
            }
            for table in part.tables {
                blocks.append(.heading2(table.heading))
                blocks.append(.table([table.columns] + table.rows.map { [($0.level > 0 ? "　" : "") + $0.label] + $0.cells.map(\.text) }, header: 1))
            }
        }
        return try DOCXWriter.document(blocks)
    }
}
