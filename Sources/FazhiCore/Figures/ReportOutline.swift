/// The annual report in the seed's structure. Section 一's paragraphs are templates, each module's own: text with
/// `{figure.name}` where a figure's value goes. A section whose figures have no records for the
/// year says so plainly instead of inventing text.
public enum ReportOutline {
    public struct Section: Sendable {
        /// Where its edited text is kept (`work.1` … `work.8`).
        public let key: String
        public let heading: String

        public init(key: String, heading: String) {
            self.key = key; self.heading = heading
        }

        /// Paragraph templates, from the modules in the order of `Modules.all`; empty when no module
        /// of the platform keeps this section's records yet.
        public var templates: [String] { Modules.all.flatMap { $0.report[key] ?? [] } }
    }

    public static func title(year: Int, district: String) -> String { "\(district)\(year)年度法治政府建设情况报告" }

    public static let work: [Section] = [
        Section(key: "work.1", heading: "（一）党的组织领导不断加强。"),
        Section(key: "work.2", heading: "（二）政府职能依法全面履行。"),
        Section(key: "work.3", heading: "（三）依法行政制度体系进一步完善。"),
        Section(key: "work.4", heading: "（四）严格规范公正文明执法不断深化。"),
        Section(key: "work.5", heading: "（五）行政权力制约监督不断强化。"),
        Section(key: "work.6", heading: "（六）矛盾纠纷依法有效化解。"),
        Section(key: "work.7", heading: "（七）普法宣传力度不断加强。"),
        Section(key: "work.8", heading: "（八）重大风险处置更加科学规范。"),
    ]

    /// The opening paragraph before 一、工作情况: a template shared by every year, like section 一's;
    /// `{year}` and `{district}` are placed.
    public static let opening = (key: "opening", heading: "开篇段落",
        template: "{year}年，{district}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神和习近平法治思想，全面落实中央和省、市关于法治政府建设的决策部署和工作要求，贯彻实施《法治政府建设实施纲要（2021—2025年）》，深入推进依法行政，持续优化法治营商环境，法治政府建设取得新成效。现将有关情况报告如下：")

    /// A part written by the district office for each year after section 一, in the seed's
    /// structure: up to four numbered points, each a short heading and its text.
    public struct WrittenPart: Sendable {
        public let key: String
        public let heading: String

        /// The points' keys: `problems.1` … `problems.4`.
        public var points: [String] { (1...WrittenPart.pointCount).map { "\(key).\($0)" } }
        public static let pointCount = 4
    }

    public static let written: [WrittenPart] = [WrittenPart(key: "problems", heading: "二、存在的问题"), WrittenPart(key: "plans", heading: "三、下一步工作计划")]

    /// （一） … （四）: a point's number by its place among the points written.
    public static func numeral(_ index: Int) -> String {
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        return "（\(numerals[min(max(index, 0), numerals.count - 1)])）"
    }

    /// Every text the district office keeps for the report.
    public static var editable: [String] { [opening.key] + work.map(\.key) + written.flatMap(\.points) }

    /// Whether a text is shared by every year (a template) rather than one year's.
    public static func isTemplate(_ key: String) -> Bool { key == opening.key || key.hasPrefix("work.") }

    /// Names a template may place besides the catalogue's figures.
    public static let placeholders: Set<String> = ["year", "district"]

    /// Checks an edited template: every placeholder must name a figure of the catalogue (or `year`, `district`).
    public static func check(template: String) throws(CoreError) {
        guard template.count <= 20_000 else { throw .invalid(field: "body", "内容不能超过 20000 字") }
        for case .figure(let placed) in pieces(template) {
            let (name, wording) = split(placed)
            if placeholders.contains(name) && wording == nil { continue }
            guard let figure = FigureCatalogue.figure(name) else { throw .invalid(field: "body", "模板中的指标「\(name)」不存在，请从指标目录中选用") }
            guard let wording else { continue }
            guard let known = FigureWording(rawValue: wording), known.suits(figure) else {
                let usable = FigureWording.allCases.filter { $0.suits(figure) }.map { "「\($0.rawValue)」" }.joined(separator: "、")
                throw .invalid(field: "body", "模板中「\(placed)」的写法「\(wording)」不适用于指标「\(figure.label)」" + (usable.isEmpty ? "" : "，可用：\(usable)"))
            }
        }
        if let number = typedNumbers(template).first {
            throw .invalid(field: "body", "模板中的数字「\(number)」不是由记录计算的指标：请用 {指标名} 放入指标（年份除外）")
        }
    }

    /// Numbers typed into a template's text rather than placed as figures: every run of digits
    /// outside the placeholders, except years (four digits from 1900 to 2099).
    public static func typedNumbers(_ template: String) -> [String] {
        var found: [String] = []
        for case .text(let text) in pieces(template) {
            var run = ""
            for c in text + " " {
                if let v = c.unicodeScalars.first?.properties.numericType, v == .decimal, c.unicodeScalars.count == 1 {
                    run.append(c)
                    continue
                }
                let ascii = String(run.compactMap { $0.wholeNumberValue }.map(String.init).joined())
                if !run.isEmpty && !(ascii.count == 4 && (ascii.hasPrefix("19") || ascii.hasPrefix("20"))) { found.append(run) }
                run = ""
            }
        }
        return found
    }

    /// A placeholder's figure name and the wording after its `|`, if any: `mediation.visitors|余`.
    public static func split(_ placed: String) -> (name: String, wording: String?) {
        guard let bar = placed.firstIndex(of: "|") else { return (placed, nil) }
        return (String(placed[..<bar]), String(placed[placed.index(after: bar)...]))
    }

    /// A template split into text and the figure names it places.
    public enum Piece: Sendable, Equatable { case text(String), figure(String) }

    public static func pieces(_ template: String) -> [Piece] {
        var out: [Piece] = [], rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { out.append(.text(String(rest[..<open]))) }
            out.append(.figure(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append(.text(String(rest))) }
        return out
    }
}
