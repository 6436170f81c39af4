/// The annual report in the seed's structure. Section 一's paragraphs are templates: text with
/// `{figure.name}` where a figure's value goes. A section whose figures have no records for the
/// year says so plainly instead of inventing text.
public enum ReportOutline {
    public struct Section: Sendable {
        /// Where its edited text is kept (`work.1` … `work.8`).
        public let key: String
        public let heading: String
        /// Paragraph templates; empty when no module of the platform keeps this section's records yet.
        public let templates: [String]

        public init(key: String, heading: String, templates: [String]) {
            self.key = key; self.heading = heading; self.templates = templates
        }
    }

    public static func title(year: Int, district: String) -> String { "\(district)\(year)年度法治政府建设情况报告" }

    public static let work: [Section] = [
        Section(key: "work.1", heading: "（一）党的组织领导不断加强。", templates: [
            "{year}年，区委常委会、区政府常务会议先后{leadership.meeting_studies}次研究法治工作，开展区委理论中心组会前学法{leadership.pre_meeting_studies.theory_group}次、区政府常务会会前学法{leadership.pre_meeting_studies.government}次，举办习近平法治思想专题讲座{leadership.lectures}次、专题研讨班{leadership.seminars}期。",
            "推动区委法治委及其办公室、各协调小组召开会议{leadership.committee_meetings}次，研究部署法治领域重点工作并推动落实。",
            "强化督导检查，对{inspection.towns_inspected}个镇街和{inspection.departments_inspected}个重点执法部门开展法治督察，发现问题{inspection.rectification_items}项，整改销号率{inspection.rectification_closed_rate}%。",
        ]),
        Section(key: "work.2", heading: "（二）政府职能依法全面履行。", templates: [
            "率先打造政务服务“整点报时”模式，上线证照到期自动提醒系统，{year}年发送证照到期提醒{reminders.licence_sent}次，提醒送达率{reminders.delivery_rate}%，到期前未获提醒的证照{reminders.expired_unreminded}件。",
        ]),
        Section(key: "work.3", heading: "（三）依法行政制度体系进一步完善。", templates: [
            "认真落实行政规范性文件“三统一”制度，实行统一登记、统一编制登记号、统一公布，{year}年公布行政规范性文件{lawmaking.documents_published}件，备案率{lawmaking.filing_rate}%、审查率{lawmaking.review_rate}%，有效期届满需评估的{lawmaking.due_for_evaluation}件。",
            "{year}年列入重大行政决策事项目录{decisions.catalogued}项，对{review.major_decisions}项重大行政决策进行合法性审查。全区14个镇街审查涉及土地流转、土地承包经营权解除协议、规划等事项{review.town_items}项，全年合法性审查事项{review.items}项，平均用时{review.average_days}天、最长{review.longest_days}天。",
        ]),
        Section(key: "work.4", heading: "（四）严格规范公正文明执法不断深化。", templates: []),
        Section(key: "work.5", heading: "（五）行政权力制约监督不断强化。", templates: []),
        Section(key: "work.6", heading: "（六）矛盾纠纷依法有效化解。", templates: []),
        Section(key: "work.7", heading: "（七）普法宣传力度不断加强。", templates: []),
        Section(key: "work.8", heading: "（八）重大风险处置更加科学规范。", templates: []),
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
