import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// The annual report: a page where every number links to the records behind it, and the same
/// report as DOCX and JSON.
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", use: page).require(.reportRead)
        routes.get("reports", "report.docx", use: docx).require(.reportRead)
        routes.get("reports", "report.json", use: json).require(.reportRead)
        routes.get("reports", "texts", use: textsPage).require(.reportManage)
        routes.post("reports", "texts", use: saveText).require(.reportManage)
    }

    struct Version: Encodable { let version: Int; let author: String; let savedAt: String; let body: String }
    struct TextSection: Encodable { let key: String; let heading: String; let body: String; let version: Int?; let note: String; let history: [Version] }
    struct TextsPage: Encodable { let year: Int; let sections: [TextSection]; let error: String?; let errorSection: String? }
    struct SaveForm: Content { var section: String; var year: Int?; var body: String? }

    func textsPage(req: Request) async throws -> View {
        try await texts(req, year: try await reportYear(req), typed: nil, error: nil)
    }

    func texts(_ req: Request, year: Int, typed: SaveForm?, error: CoreError?) async throws -> View {
        let district = try await req.district()
        let latest = try await ReportTextStore.latest(year: year, district: district.id, on: req.db)
        var sections: [TextSection] = []
        let opening = ReportOutline.opening
        let all = [(opening.key, opening.heading, opening.template, "模板，各年度通用；{year} 为年度，{district} 为区县名称")]
            + ReportOutline.work.map { ($0.key, "一、工作情况 " + $0.heading, $0.templates.joined(separator: "\n"), "模板，各年度通用；用 {指标名} 放入指标，如 {leadership.lectures}") }
            + ReportOutline.written.flatMap { part in
                part.points.enumerated().map { i, key in
                    (key, part.heading + " 第\(ReportOutline.numeral(i))点", "", "\(year) 年的文字：第一行为小标题（不含序号），其后每行一段；留空则不写这一点")
                }
            }
        for (key, heading, fallback, note) in all {
            let history = try await ReportTextStore.history(section: key, year: year, district: district.id, on: req.db).map {
                Version(version: $0.version, author: $0.authorName, savedAt: Format.dateTime($0.savedAt), body: $0.body)
            }
            let body = typed?.section == key ? (typed?.body ?? "") : (latest[key]?.body ?? fallback)
            sections.append(TextSection(key: key, heading: heading, body: body, version: latest[key]?.version, note: note, history: history))
        }
        return try await Page.render("report-texts", title: "编写报告文字", req: req,
                                     context: TextsPage(year: year, sections: sections, error: error?.message, errorSection: error == nil ? nil : typed?.section),
                                     breadcrumbs: [("年度报告", "/reports?year=\(year)"), ("编写报告文字", nil)])
    }

    func saveText(req: Request) async throws -> Response {
        let form = try req.content.decode(SaveForm.self)
        let year = form.year ?? req.today.year - 1
        do {
            guard (2000...2100).contains(year) else { throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间") }
            _ = try await ReportTextStore.save(section: form.section, year: year, district: try await req.district().id, body: form.body ?? "",
                                               actor: req.auditActor, on: req.db, now: req.now)
            return req.redirect(to: "/reports/texts?year=\(year)&notice=saved#\(form.section)")
        } catch let e as CoreError {
            return try await texts(req, year: year, typed: form, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    /// `?year=`, or the year the district's report opens on (`FigureStore.defaultYear`).
    func reportYear(_ req: Request) async throws -> Int {
        try await QueryParams(req).reportYear(unit: try await Districts.figureUnit(try await req.district(), on: req.db), req: req)
    }

    struct PageData: Encodable { let report: AnnualReport?; let year: Int; let error: String?; let canWrite: Bool }

    func page(req: Request) async throws -> Response {
        let year = try await reportYear(req)
        do {
            let report = try await AnnualReport.build(year: year, district: try await req.district(), on: req.db)
            return try await Page.render("report", title: report.title, req: req, context: PageData(report: report, year: year, error: nil, canWrite: req.principal?.has(.reportManage) == true),
                                         breadcrumbs: [("年度报告", nil)]).encodeResponse(for: req)
        } catch let e as CoreError {
            return try await Page.render("report", title: "年度报告", req: req, context: PageData(report: nil, year: year, error: e.message, canWrite: req.principal?.has(.reportManage) == true),
                                         breadcrumbs: [("年度报告", nil)]).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func docx(req: Request) async throws -> Response {
        let report = try await AnnualReport.build(year: try await reportYear(req), district: try await req.district(), on: req.db)
        return Response.download(try ReportFiles.docx(report), filename: "\(report.title).docx",
                                 contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    func json(req: Request) async throws -> Response {
        let report = try await AnnualReport.build(year: try await reportYear(req), district: try await req.district(), on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try ReportFiles.json(report)))
    }
}

/// The report as files: DOCX in government-document layout, JSON for machines, a standalone HTML
/// document, and PDF printed from that HTML by headless Chromium.
enum ReportFiles {
    static func docx(_ report: AnnualReport) throws -> Data {
        var blocks: [DOCXWriter.Block] = [.title(report.title), .paragraph(AnnualReport.text(report.opening))]
        for part in report.parts {
            blocks.append(.heading1(part.heading))
            for s in part.sections {
                if !s.heading.isEmpty { blocks.append(.heading2(s.heading)) }
                if let empty = s.empty { blocks.append(.paragraph([(empty, false)])) }
                for p in s.paragraphs { blocks.append(.paragraph(AnnualReport.text(p))) }
            }
            if let note = part.note { blocks.append(.paragraph([(note, false)])) }
        }
        return try DOCXWriter.document(blocks)
    }

    struct Figures: Encodable {
        struct Entry: Encodable { let name: String; let label: String; let value: Int64?; let text: String; let unit: String; let year: Int }
        let title: String; let year: Int; let figures: [Entry]
    }

    static func json(_ report: AnnualReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Figures(title: report.title, year: report.year, figures: report.figures.map {
            .init(name: $0.name, label: $0.label, value: $0.value, text: $0.text, unit: $0.unit, year: report.year)
        }))
    }

    struct Document: Encodable { let report: AnnualReport; let base: String }

    static func html(_ report: AnnualReport, base: String, on app: Application) async throws -> Data {
        let view = try await app.view.render("report-document", Document(report: report, base: base)).get()
        return Data(buffer: view.data)
    }

    /// Prints the standalone HTML with headless Chromium; a clear error when it is not installed.
    static func pdf(_ html: Data, to output: String) throws {
        let tools = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard let tool = tools.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandFailure("生成 PDF 需要 Chromium（apt-get install chromium），未找到")
        }
        // Without a Chinese font every character would print as a box: refuse, and say what to install.
        guard hasChineseFont() else {
            throw CommandFailure("生成 PDF 需要中文字体，本机未安装（apt-get install fonts-wqy-microhei 或 fonts-noto-cjk），否则中文会印成方框")
        }
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-report-\(UUID().uuidString).html")
        try html.write(to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                             "--print-to-pdf=\(URL(fileURLWithPath: output).path)", source.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: output) else { throw CommandFailure("Chromium 未能生成 PDF") }
    }
}

extension ReportFiles {
    /// Whether fontconfig knows a font that covers Chinese (what Chromium prints with).
    static func hasChineseFont() -> Bool {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/fc-list")
        process.arguments = [":lang=zh", "family"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 && !out.isEmpty
    }
}

/// The report as the benchmark and other tools outside the web layer ask for it.
public enum ReportGenerator {
    /// Every figure of the district's year and the DOCX document, as `fazhi report YEAR --format docx` makes them.
    public static func docx(year: Int, district: District, on db: any Database) async throws -> Data {
        try ReportFiles.docx(try await AnnualReport.build(year: year, district: district, on: db))
    }
}
