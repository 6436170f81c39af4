/// A statutory time limit as the law states it: what starts it, how long it runs, what stops it for
/// a while, how it may be extended, and when this version of the law is in force. A record uses
/// the version in force on its start day, so a 2023 case keeps the 2023 law after an amendment.
public struct StatutoryRule: Sendable {
    /// How the period binds.
    public enum Bound: String, Sendable {
        /// Done by the end of the period (a reply within 20 working days).
        case within
        /// The period is the least that must be given (a reviewer has at least 7 working days).
        case atLeast = "at_least"
        /// At least the period before the start event (materials 7 days before a hearing).
        case before
    }

    /// What the law makes of a period that ends with nothing done (an application not refused
    /// within the review period is accepted), and from which day it holds.
    public struct Lapse: Sendable {
        public enum Day: Sendable {
            /// The day the period ran from (行政复议法 2017 Art.17: 自收到之日起即为受理).
            case start
            /// The period's last day (行政复议法 2023 Art.30: 审查期限届满之日起视为受理).
            case end
        }
        /// What the lapse amounts to, in the law's words (视为受理).
        public let outcome: String
        public let day: Day
    }

    /// The one extension a statute allows, and who approves it.
    public struct Extension: Sendable {
        /// The longest extension (行政复议法 Art.62: 延长期限最多不得超过三十日).
        public let period: DeadlineRule
        public let times: Int
        public let approver: String

        /// The extension granted: `days` of the period's unit, from one to the period's length, or
        /// the whole period when nil.
        func upTo(_ days: Int?, rule: StatutoryRule) throws(CoreError) -> DeadlineRule {
            guard let days else { return period }
            guard (1...period.amount).contains(days) else {
                throw .invalid(field: "extend", "「\(rule.name)」延长期限最多不得超过\(period.description)（\(rule.article)）")
            }
            switch period {
            case .days: return .days(days)
            case .workingDays: return .workingDays(days)
            case .months: return .months(days)
            }
        }
    }

    public let id: String
    public let name: String
    public private(set) var statute: String
    public private(set) var article: String
    public private(set) var period: DeadlineRule
    public let bound: Bound
    /// The event the period runs from (the day itself is not counted).
    public let starts: String
    /// Events whose time is not counted.
    public let pauses: [String]
    /// Events after which the period runs again in full (a corrected application, Art.30).
    public let restarts: [String]
    public let allowedExtension: Extension?
    /// What the period's end with nothing done amounts to, when the law says.
    public let lapse: Lapse?
    /// The version's days in force; nil is open.
    public private(set) var effectiveFrom: LocalDate?
    public let effectiveTo: LocalDate?
    /// A local rule whose amount the district may set (the default is the one given here).
    public let configurable: Bool
    /// Not confirmed against the local text: to be checked before relying on it.
    public private(set) var verifyLocally: Bool
    /// The district's own setting this version carries, when it replaced the table's amount.
    public private(set) var local: LocalRuleSetting?

    init(_ id: String, _ name: String, _ statute: String, _ article: String, _ period: DeadlineRule, _ bound: Bound = .within,
         starts: String, pauses: [String] = [], restarts: [String] = [], extension ext: Extension? = nil, lapse: Lapse? = nil,
         from: String? = nil, to: String? = nil, configurable: Bool = false, verifyLocally: Bool = false) {
        self.id = id; self.name = name; self.statute = statute; self.article = article; self.period = period; self.bound = bound
        self.starts = starts; self.pauses = pauses; self.restarts = restarts; allowedExtension = ext; self.lapse = lapse
        effectiveFrom = from.flatMap(LocalDate.init(iso:)); effectiveTo = to.flatMap(LocalDate.init(iso:))
        self.configurable = configurable; self.verifyLocally = verifyLocally
    }

    /// This rule with a district's own amount, its text as the source, in force from its day.
    func localised(_ own: LocalRuleSetting) -> StatutoryRule {
        var r = self
        r.period = own.period; r.statute = own.basis; r.article = "—"; r.effectiveFrom = own.from
        r.verifyLocally = false; r.local = own
        return r
    }

    /// Whether the clock stops for `reason`: a pause the rule names, or the wait for what will
    /// restart it (the applicant's correction).
    public func stops(for reason: String) -> Bool { pauses.contains(reason) || restarts.contains(reason) }

    public func inForce(on day: LocalDate) -> Bool {
        (effectiveFrom.map { day >= $0 } ?? true) && (effectiveTo.map { day <= $0 } ?? true)
    }

    /// The date the rule gives from `start`: the last day of the period (within, at least), or the
    /// latest day before the event (before). A pause excludes the days after its first day up to
    /// and including its last; `extended` adds the rule's one extension.
    public func due(from start: LocalDate, pauses: [ClockPause] = [], extended: Bool = false,
                    calculator: DeadlineCalculator) throws(CoreError) -> Deadline {
        if bound == .before {
            guard pauses.isEmpty, !extended else { throw CoreError.invalid(field: "rule", "「\(name)」是事前期限，不能暂停或延长") }
            switch period {
            case .workingDays(let n), .days(let n):
                return Deadline(due: start.adding(days: -n), provisional: false)
            case .months(let n):
                return Deadline(due: start.adding(months: -n), provisional: false)
            }
        }
        var clock = StatutoryClock(start: start, rule: period)
        for p in pauses.sorted(by: { $0.pausedOn < $1.pausedOn }) {
            try clock.pause(on: p.pausedOn)
            try clock.resume(on: p.resumedOn)
        }
        if extended {
            guard let ext = allowedExtension else { throw CoreError.invalid(field: "extend", "「\(name)」没有可延长的期限") }
            try clock.extend(by: ext.period)
        }
        guard let due = try clock.deadline(calculator) else { throw CoreError.state("计时暂停中") }
        return due
    }
}

/// Every statutory clock the platform knows (`../shared/docs/rules.md` §2 and §3), each version with
/// its statute, article and days in force. Modules name a rule by id; no statutory number is
/// written anywhere else.
public enum StatutoryRules {
    static let disclosure = "中华人民共和国政府信息公开条例"
    static let reconsideration = "中华人民共和国行政复议法"
    static let decisions = "重大行政决策程序暂行条例"

    public static let all: [StatutoryRule] = [
        // 政府信息公开 (条例 2019 revision in force from 2019-05-15; the 2008 text before it).
        .init("disclosure.reply", "依申请公开答复", disclosure, "第三十三条", .workingDays(20), starts: "收到申请之日",
              pauses: ["征求第三方意见"], restarts: ["补正"], extension: .init(period: .workingDays(20), times: 1, approver: "政府信息公开工作机构负责人"),
              from: "2019-05-15"),
        .init("disclosure.reply", "依申请公开答复", disclosure + "（2007年）", "第二十四条", .workingDays(15), starts: "收到申请之日",
              extension: .init(period: .workingDays(15), times: 1, approver: "政府信息公开工作机构负责人"), from: "2008-05-01", to: "2019-05-14"),
        .init("disclosure.correction_notice", "依申请公开补正告知", disclosure, "第三十条", .workingDays(7), starts: "收到申请之日", from: "2019-05-15"),
        .init("disclosure.consultation", "征求第三方意见", disclosure, "第三十二条、第三十四条", .workingDays(15), starts: "发出征求意见之日",
              from: "2019-05-15"),
        .init("disclosure.proactive", "主动公开", disclosure, "第二十六条", .workingDays(20), starts: "信息形成或者变更之日", from: "2019-05-15"),
        .init("disclosure.annual_report.department", "部门政府信息公开工作年度报告", disclosure, "第四十九条", .months(1), starts: "上一年度末",
              from: "2019-05-15"),
        .init("disclosure.annual_report.government", "本级政府政府信息公开工作年度报告", disclosure, "第四十九条", .months(3), starts: "上一年度末",
              from: "2019-05-15"),
        // 行政复议 (2023 revision in force from 2024-01-01; the 2017 text before it). Each text says
        // which of its 日 are working days: 2023 Art.88 三日、五日、七日、十日; 2017 Art.40 五日、七日.
        .init("reconsideration.application", "申请行政复议期限", reconsideration, "第二十条", .days(60), starts: "知道或者应当知道行政行为之日",
              from: "2024-01-01"),
        .init("reconsideration.application", "申请行政复议期限", reconsideration + "（2017年）", "第九条", .days(60), starts: "知道该具体行政行为之日",
              to: "2023-12-31"),
        // Art.20 ¶3: untold of the right, the 60 days run from learning of it, but at most one year
        // from learning of the act itself: this is that year.
        .init("reconsideration.application_untold", "未告知申请权利时的最长申请期限", reconsideration, "第二十条第三款", .months(12),
              starts: "知道或者应当知道行政行为内容之日", from: "2024-01-01"),
        .init("reconsideration.application_limit", "申请行政复议最长期限", reconsideration, "第二十一条", .months(60), starts: "行政行为作出之日",
              from: "2024-01-01"),
        .init("reconsideration.application_limit_property", "涉及不动产的申请行政复议最长期限", reconsideration, "第二十一条", .months(240),
              starts: "行政行为作出之日", from: "2024-01-01"),
        // Not refused within the review, an application is accepted: from the review's last day
        // (2023 Art.30 ¶3), or from its receipt (2017 Art.17 ¶2). A corrected application is
        // reviewed again from the correction's receipt (2023 Art.31; 2017 实施条例 Art.29).
        .init("reconsideration.acceptance", "行政复议受理审查", reconsideration, "第三十条", .workingDays(5), starts: "收到申请之日",
              restarts: ["补正"], lapse: .init(outcome: "视为受理", day: .end), from: "2024-01-01"),
        .init("reconsideration.acceptance", "行政复议受理审查", reconsideration + "（2017年）", "第十七条", .workingDays(5), starts: "收到申请之日",
              restarts: ["补正"], lapse: .init(outcome: "视为受理", day: .start), to: "2023-12-31"),
        .init("reconsideration.correction_notice", "行政复议补正通知", reconsideration, "第三十一条", .workingDays(5), starts: "收到申请之日",
              from: "2024-01-01"),
        .init("reconsideration.correction_window", "申请人补正期限", reconsideration, "第三十一条", .workingDays(10), starts: "收到补正通知之日",
              from: "2024-01-01"),
        .init("reconsideration.copy", "发送申请书副本", reconsideration, "第四十八条", .workingDays(7), starts: "受理之日", from: "2024-01-01"),
        .init("reconsideration.copy", "发送申请书副本", reconsideration + "（2017年）", "第二十三条", .workingDays(7), starts: "受理之日",
              to: "2023-12-31"),
        .init("reconsideration.answer", "被申请人书面答复", reconsideration, "第四十八条", .workingDays(10), starts: "收到申请书副本之日",
              from: "2024-01-01"),
        .init("reconsideration.answer", "被申请人书面答复", reconsideration + "（2017年）", "第二十三条", .days(10), starts: "收到申请书副本之日",
              to: "2023-12-31"),
        .init("reconsideration.copy_simplified", "简易程序发送申请书副本", reconsideration, "第五十四条", .workingDays(3), starts: "受理之日",
              from: "2024-01-01"),
        .init("reconsideration.answer_simplified", "简易程序被申请人答复", reconsideration, "第五十四条", .workingDays(5), starts: "收到申请书副本之日",
              from: "2024-01-01"),
        .init("reconsideration.decision", "行政复议决定", reconsideration, "第六十二条", .days(60), starts: "受理申请之日",
              pauses: ["中止"], extension: .init(period: .days(30), times: 1, approver: "行政复议机构负责人"), from: "2024-01-01"),
        .init("reconsideration.decision", "行政复议决定", reconsideration + "（2017年）", "第三十一条", .days(60), starts: "受理申请之日",
              pauses: ["中止"], extension: .init(period: .days(30), times: 1, approver: "行政复议机关负责人"), to: "2023-12-31"),
        // Art.39's suspension stops any case's time, in either procedure.
        .init("reconsideration.decision_simplified", "简易程序行政复议决定", reconsideration, "第六十二条", .days(30), starts: "受理申请之日",
              pauses: ["中止"], from: "2024-01-01"),
        // 行政应诉, 建议提案.
        .init("litigation.answer", "行政应诉答辩", "中华人民共和国行政诉讼法", "第六十七条", .days(15), starts: "收到起诉状副本之日", from: "2015-05-01"),
        .init("deputies.reply", "人大代表建议答复", "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法", "第五十一条", .months(3),
              starts: "交办之日", extension: .init(period: .months(3), times: 1, approver: "承办单位负责人（办理难度大的）"), from: "2010-10-28"),
        .init("proposals.reply", "政协提案答复", "地方政协提案工作条例", "—", .months(3), starts: "交办之日",
              extension: .init(period: .months(3), times: 1, approver: "承办单位负责人"), configurable: true, verifyLocally: true),
        .init("suggestions.co_opinion", "协办单位提出协办意见", "地方人大代表建议、政协提案办理办法", "—", .months(1), starts: "交办之日",
              configurable: true, verifyLocally: true),
        .init("messages.reply", "网民留言答复", "地方网民留言办理工作规定", "—", .workingDays(15), starts: "交办之日",
              configurable: true, verifyLocally: true),
        .init("suggestions.rehandle", "对答复不满意的重新办理", "地方人大代表建议、政协提案办理办法", "—", .months(1), starts: "收到不满意意见之日",
              configurable: true, verifyLocally: true),
        // 重大行政决策.
        .init("decision.public_comment", "重大行政决策公开征求意见", decisions, "第十五条", .days(30), .atLeast, starts: "公布征求意见稿之日",
              from: "2019-09-01"),
        .init("decision.hearing_notice", "听证材料送达", decisions, "第十六条", .days(7), .before, starts: "听证会举行之日", from: "2019-09-01"),
        .init("decision.review_minimum", "合法性审查时间", decisions, "第二十六条", .workingDays(7), .atLeast, starts: "送请合法性审查之日",
              from: "2019-09-01"),
        // 法律援助, 人民调解, 行政处罚.
        .init("legal_aid.decision", "法律援助审查决定", "中华人民共和国法律援助法", "第四十三条", .days(7), starts: "收到申请之日",
              pauses: ["补充材料"], from: "2022-01-01"),
        .init("legal_aid.assignment", "指派法律援助人员", "中华人民共和国法律援助法", "第四十三条", .days(3), starts: "作出给予法律援助决定之日",
              from: "2022-01-01"),
        .init("mediation.confirmation_window", "申请司法确认", "中华人民共和国人民调解法", "第三十三条", .days(30), starts: "调解协议生效之日",
              from: "2011-01-01"),
        .init("penalty.decision", "作出行政处罚决定", "中华人民共和国行政处罚法", "第六十条", .days(90), starts: "立案之日", from: "2021-07-15"),
        // 行政规范性文件 (Shandong practice), 整改.
        .init("normative.filing", "行政规范性文件报送备案", "山东省规章和行政规范性文件备案规定", "—", .days(30), starts: "公布之日",
              from: "2021-02-01", configurable: true, verifyLocally: true),
        .init("normative.evaluation", "有效期届满前评估", "山东省行政规范性文件制定和监督管理办法", "—", .months(6), .before, starts: "有效期届满之日",
              from: "2024-02-01", verifyLocally: true),
        .init("review.due", "合法性审查办理期限", "本区合法性审查工作规则（平台默认）", "—", .workingDays(7), starts: "收到送审材料之日",
              restarts: ["退回补充材料"], configurable: true, verifyLocally: true),
        .init("rectification.due", "督察发现问题整改期限", "本区法治督察工作规则（平台默认）", "—", .workingDays(30), starts: "发现问题之日",
              configurable: true, verifyLocally: true),
    ]

    /// The rules' ids, each once, in the table's order.
    public static var ids: [String] {
        var seen = Set<String>()
        return all.map(\.id).filter { seen.insert($0).inserted }
    }

    /// Every version of a rule, oldest first.
    public static func versions(_ id: String) -> [StatutoryRule] {
        all.filter { $0.id == id }.sorted { ($0.effectiveFrom?.dayNumber ?? .min) < ($1.effectiveFrom?.dayNumber ?? .min) }
    }

    /// The latest version: what a form explains and what a check names when it has no date yet.
    public static func latest(_ id: String) -> StatutoryRule? { versions(id).last }

    /// The version in force on `day` (the start event's), or nil when none is.
    public static func rule(_ id: String, on day: LocalDate) -> StatutoryRule? {
        all.first { $0.id == id && $0.inForce(on: day) }
    }
}

extension DeadlineRule {
    /// The amount and its unit as the rules' JSON gives them (`working_days`, `days`, `months`).
    public var amount: Int {
        switch self { case .workingDays(let n), .days(let n), .months(let n): n }
    }

    /// The period `amount` `unit` as the rules' JSON names units; nil for an unknown unit.
    public init?(amount: Int, unitCode: String) {
        switch unitCode {
        case "working_days": self = .workingDays(amount)
        case "days": self = .days(amount)
        case "months": self = .months(amount)
        default: return nil
        }
    }

    public var unitCode: String {
        switch self {
        case .workingDays: "working_days"
        case .days: "days"
        case .months: "months"
        }
    }
}
