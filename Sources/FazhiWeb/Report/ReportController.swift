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
    }

    func year(_ req: Request) -> Int { QueryParams(req).int("year") ?? LocalDate(Date()).year - 1 }

    struct PageData: Encodable { let report: AnnualReport?; let year: Int; let error: String? }

    func page(req: Request) async throws -> Response {
        let year = year(req)
        do {
            let report = try await AnnualReport.build(year: year, on: req.db)
            return try await Page.render("report", title: report.title, req: req, context: PageData(report: report, year: year, error: nil),
                                         breadcrumbs: [("年度报告", nil)]).encodeResponse(for: req)
        } catch let e as CoreError {
            return try await Page.render("report", title: "年度报告", req: req, context: PageData(report: nil, year: year, error: e.message),
                                         breadcrumbs: [("年度报告", nil)]).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func docx(req: Request) async throws -> Response {
        let report = try await AnnualReport.build(year: year(req), on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"report-\(report.year).docx\"")
        return Response(status: .ok, headers: headers, body: .init(data: try ReportFiles.docx(report)))
    }

    func json(req: Request) async throws -> Response {
        let report = try await AnnualReport.build(year: year(req), on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try ReportFiles.json(report)))
    }
}

/// The report as files: DOCX in government-document layout, JSON for machines, a standalone HTML
/// document, and PDF printed from that HTML by headless Chromium.
enum ReportFiles {
    static func docx(_ report: AnnualReport) throws -> Data {
        var blocks: [DOCXWriter.Block] = [.title(report.title)]
        for part in report.parts {
            blocks.append(.heading1(part.heading))
            for s in part.sections {
                blocks.append(.heading2(s.heading))
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

/// The report as the benchmark and other tools outside the web layer ask for it.
public enum ReportGenerator {
    /// Every figure of the year and the DOCX document, as `fazhi report YEAR --format docx` makes them.
    public static func docx(year: Int, on db: any Database) async throws -> Data {
        try ReportFiles.docx(try await AnnualReport.build(year: year, on: db))
    }
}
