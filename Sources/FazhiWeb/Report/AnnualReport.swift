import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// The year's report, built from the figures: each number carries the link to the records
/// behind it. Rendered as HTML, DOCX and JSON from this one model.
struct AnnualReport: Encodable {
    enum Run: Encodable {
        case text(String)
        case figure(label: String, value: String, href: String?)

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            switch self {
            case .text(let t): try c.encode(t, forKey: .text)
            case .figure(let label, let value, let href):
                try c.encode(value, forKey: .value); try c.encode(label, forKey: .label); try c.encodeIfPresent(href, forKey: .href)
            }
        }
        enum Keys: String, CodingKey { case text, value, label, href }
    }
    struct Paragraph: Encodable { let runs: [Run] }
    struct Section: Encodable { let heading: String; let paragraphs: [Paragraph]; let empty: String? }
    struct Part: Encodable { let heading: String; let sections: [Section]; let note: String? }

    let title: String
    let year: Int
    /// The paragraph before 一、工作情况.
    let opening: Paragraph
    let parts: [Part]
    let figures: [FigureValue]

    /// The report of one district: its figures (the records of its units) and its own texts.
    static func build(year: Int, district: District, on db: any Database) async throws -> AnnualReport {
        guard (2000...2100).contains(year) else { throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间") }
        let figures = try await FigureStore.year(year, unit: try await Districts.figureUnit(district, on: db), on: db)
        guard figures.contains(where: { ($0.value ?? 0) > 0 }) else {
            throw CoreError.state("\(district.name) \(year) 年没有任何登记簿记录，无法生成报告")
        }
        let byName = Dictionary(uniqueKeysWithValues: figures.map { ($0.name, $0) })
        let edited = try await ReportTextStore.latest(year: year, district: district.id, on: db)
        var sections: [Section] = []
        for outline in ReportOutline.work {
            // The district office's latest template, or the built-in one; a paragraph per line.
            let templates = edited[outline.key].map { lines($0.body) } ?? outline.templates
            let names = templates.flatMap(ReportOutline.pieces).compactMap { piece -> String? in
                guard case .figure(let placed) = piece, case let name = ReportOutline.split(placed).name, !ReportOutline.placeholders.contains(name) else { return nil }
                return name
            }
            let hasRecords = names.contains { (byName[$0]?.value ?? 0) > 0 }
            guard !templates.isEmpty, hasRecords else {
                sections.append(Section(heading: outline.heading, paragraphs: [],
                                        empty: templates.isEmpty ? "本平台尚未建立这一部分的登记簿，暂无记录，本节不作表述。" : "\(year) 年本部分登记簿没有记录。"))
                continue
            }
            let paragraphs = templates.map { paragraph($0, year: year, district: district.name, figures: byName) }
            sections.append(Section(heading: outline.heading, paragraphs: paragraphs, empty: nil))
        }
        var parts = [Part(heading: "一、工作情况", sections: sections, note: nil)]
        for written in ReportOutline.written {
            // Each point written: its first line the heading, numbered among the points written.
            var points: [Section] = []
            for key in written.points {
                let lines = lines(edited[key]?.body)
                guard let heading = lines.first else { continue }
                points.append(Section(heading: ReportOutline.numeral(points.count) + heading,
                                      paragraphs: lines.dropFirst().map { Paragraph(runs: [.text($0)]) }, empty: nil))
            }
            parts.append(Part(heading: written.heading, sections: points,
                              note: points.isEmpty ? "本部分尚未撰写（由区委依法治区办在「年度报告 › 编写报告文字」中撰写）。" : nil))
        }
        let opening = paragraph(edited[ReportOutline.opening.key]?.body ?? ReportOutline.opening.template, year: year, district: district.name, figures: byName)
        return AnnualReport(title: ReportOutline.title(year: year, district: district.name), year: year, opening: opening, parts: parts, figures: figures)
    }

    /// A saved text's non-empty lines.
    static func lines(_ body: String?) -> [String] {
        (body ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A template with its placeholders filled: the year, the district's name, and each figure's
    /// value linked to the records behind it.
    static func paragraph(_ template: String, year: Int, district: String, figures: [String: FigureValue]) -> Paragraph {
        Paragraph(runs: ReportOutline.pieces(template).map { piece -> Run in
            switch piece {
            case .text(let t): return .text(t)
            case .figure("year"): return .text(String(year))
            case .figure("district"): return .text(district)
            case .figure(let placed):
                let (name, wording) = ReportOutline.split(placed)
                guard let v = figures[name], let f = FigureCatalogue.figure(name) else { return .text("［未知指标 \(name)］") }
                // A wording the template check let through; an unknown one prints the number as it is.
                let text = wording.flatMap(FigureWording.init(rawValue:)).map { $0.text(v.value, unit: v.unit) } ?? v.text
                return .figure(label: f.label, value: text, href: href(f, year: year))
            }
        })
    }

    /// The register list filtered to the records a figure counts.
    static func href(_ f: Figure, year: Int) -> String? {
        guard let selection = f.measure.records else { return nil }
        // What stands at the year's end: everything begun by then (the list shows those since ended too).
        var query = selection.until == nil ? ["\(selection.dateField).from=\(year)-01-01"] : []
        query.append("\(selection.dateField).to=\(year)-12-31")
        for (field, codes) in selection.matching.sorted(by: { $0.key < $1.key }) where codes.count == 1 { query.append("\(field)=\(codes[0])") }
        if selection.states.count == 1 { query.append("state=\(selection.states[0])") }
        // The reminders ledger has no register pages; its list is the outbox.
        if Registers.type(slug: selection.register) == nil { return "/reminders" + (selection.states.count == 1 ? "?state=\(selection.states[0])" : "") }
        return "/records/\(selection.register)?" + query.joined(separator: "&")
    }

    /// Plain text of a paragraph, for DOCX.
    static func text(_ p: Paragraph) -> [(String, Bool)] {
        p.runs.map { run in
            switch run {
            case .text(let t): return (t, false)
            case .figure(_, let value, _): return (value, true)
            }
        }
    }
}
