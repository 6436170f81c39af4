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

    /// Parts written by staff for each year, after section 一.
    public static let written: [(key: String, heading: String)] = [("problems", "二、存在的问题"), ("plans", "三、下一步工作计划")]

    /// Checks an edited template: every placeholder must name a figure of the catalogue (or `year`).
    public static func check(template: String) throws(CoreError) {
        guard template.count <= 20_000 else { throw .invalid(field: "body", "内容不能超过 20000 字") }
        for case .figure(let name) in pieces(template) where name != "year" && FigureCatalogue.figure(name) == nil {
            throw .invalid(field: "body", "模板中的指标「\(name)」不存在，请从指标目录中选用")
        }
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
