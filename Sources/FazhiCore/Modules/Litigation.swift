/// 行政应诉 (seed 五.一): the cases in which the district's agencies are defendants, answered
/// within 15 days of service (行政诉讼法 Art.67), and every hearing with who appeared for the
/// agency: its principal head, another head, or only entrusted staff (Art.3; 最高人民法院关于行政
/// 机关负责人出庭应诉若干问题的规定). From them: the head-appearance rate and its unbroken run in
/// months, the share of cases the principal head attended, and the loss rate, each set against
/// the city's average where the district has entered it (`Benchmark`).

public enum CourtInstance: String, RecordChoice {
    case first, second, retrial
    public var label: String {
        switch self {
        case .first: "一审"
        case .second: "二审"
        case .retrial: "再审"
        }
    }
}

/// The administrative act the case is about (the cause, 案由).
public enum LitigationCause: String, RecordChoice {
    case penalty, compulsion, licensing, expropriation, registration, disclosure, inaction, reconsideration, other
    public var label: String {
        switch self {
        case .penalty: "行政处罚"
        case .compulsion: "行政强制"
        case .licensing: "行政许可"
        case .expropriation: "征收征用及补偿"
        case .registration: "行政登记与行政确认"
        case .disclosure: "政府信息公开"
        case .inaction: "不履行法定职责"
        case .reconsideration: "行政复议（复议机关作共同被告）"
        case .other: "其他"
        }
    }
}

/// How the court ended the case (行政诉讼法 Art.60–78), and whether the agency lost it.
public enum LitigationOutcome: String, RecordChoice {
    case claimRejected = "claim_rejected", suitDismissed = "suit_dismissed", withdrawn, mediated
    case revoked, performanceOrdered = "performance_ordered", changed, declaredIllegal = "declared_illegal", declaredVoid = "declared_void"
    case compensation
    public var label: String {
        switch self {
        case .claimRejected: "判决驳回原告诉讼请求"
        case .suitDismissed: "裁定驳回起诉"
        case .withdrawn: "原告撤诉"
        case .mediated: "调解结案"
        case .revoked: "判决撤销或者部分撤销"
        case .performanceOrdered: "判决履行法定职责或给付义务"
        case .changed: "判决变更"
        case .declaredIllegal: "判决确认违法"
        case .declaredVoid: "判决确认无效"
        case .compensation: "判决赔偿或补偿"
        }
    }

    /// Whether the agency lost (败诉): the court found against its act.
    public var isLoss: Bool {
        switch self {
        case .claimRejected, .suitDismissed, .withdrawn, .mediated: false
        case .revoked, .performanceOrdered, .changed, .declaredIllegal, .declaredVoid, .compensation: true
        }
    }
}

public enum LitigationCase {
    public enum Key: String, RecordKey {
        case caseNumber = "case_number", court, instance, cause, reconsidered, plaintiff, defendant, servedOn = "served_on", answerDueOn = "answer_due_on"
        case answeredOn = "answered_on", concludedOn = "concluded_on", outcome, judgementFiles = "judgement_files"
    }

    public enum State: String, RecordChoice {
        case served, answered, concluded
        public var label: String {
            switch self {
            case .served: "待答辩"
            case .answered: "已答辩，审理中"
            case .concluded: "已结案"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "litigation-cases", table: "rec_litigation_cases", label: "行政应诉案件",
        read: .litigationRead, write: .litigationManage,
        fields: [
            RecordField(.caseNumber, "案号", .text(maxLength: 60), required: true, help: "如：（2023）鲁1502行初12号"),
            RecordField(.court, "审理法院", .text(maxLength: 60), required: true),
            RecordField(.instance, "审级", .choices(CourtInstance.self), required: true),
            RecordField(.cause, "被诉行政行为类别", .choices(LitigationCause.self), required: true),
            RecordField(.reconsidered, "经行政复议后起诉", .choices(YesNo.self), required: true, help: "复议机关维持原行为或改变原行为后起诉的选「是」"),
            RecordField(.plaintiff, "原告", .text(maxLength: 100), required: true, personal: true),
            RecordField(.defendant, "被告（应诉机关）", .unit, required: true),
            RecordField(.servedOn, "收到起诉状副本日期", .date, required: true),
            RecordField(.answerDueOn, "答辩期限", .date, assigned: true),
            RecordField(.answeredOn, "提交答辩状日期", .date),
            RecordField(.concludedOn, "结案日期", .date),
            RecordField(.outcome, "裁判结果", .choices(LitigationOutcome.self)),
            RecordField(.judgementFiles, "裁判文书", .attachments),
        ],
        owner: .defendant, title: .caseNumber, naturalKey: [.caseNumber, .defendant], initial: .served,
        transitions: [
            .init("answer", "提交答辩状和证据", from: [.served], to: .answered, permission: .litigationManage, requires: [.answeredOn],
                  check: { v, today in v.dates([.answeredOn], notBefore: .servedOn, named: "收到起诉状副本日期", today: today) }),
            .init("conclude", "结案", from: [.served, .answered], to: .concluded, permission: .litigationManage, requires: [.concludedOn, .outcome],
                  check: { v, today in v.dates([.concludedOn], notBefore: .servedOn, named: "收到起诉状副本日期", today: today) }),
        ],
        deadlines: [
            .clock(.answerDueOn, rule: "litigation.answer", startsOn: .servedOn, doneOn: .answeredOn, openIn: [.served],
                   ask: "请在法定期限内向人民法院提交答辩状和作出行政行为的证据、依据"),
        ],
        columns: [.caseNumber, .court, .instance, .cause, .defendant, .servedOn, .answerDueOn, .outcome],
        filters: [.court, .instance, .cause, .reconsidered, .defendant, .servedOn, .concludedOn, .outcome],
        search: [.caseNumber, .court], sort: .servedOn,
        related: [("开庭及出庭应诉记录", "court-hearings", CourtHearing.Key.caseNumber.rawValue, .caseNumber)])
}

/// Who appeared in court for the agency.
public enum Appearance: String, RecordChoice {
    case principal, deputy, staff
    public var label: String {
        switch self {
        case .principal: "主要负责人出庭"
        case .deputy: "其他负责人出庭"
        case .staff: "仅委托工作人员出庭"
        }
    }
}

public enum HearingMode: String, RecordChoice {
    case open, closed
    public var label: String { self == .open ? "公开开庭" : "不公开开庭" }
}

/// One hearing of a case: kept by the case's number, so that the years before the platform load
/// by import without their cases.
public enum CourtHearing {
    public enum Key: String, RecordKey {
        case caseNumber = "case_number", court, unit, heldOn = "held_on", mode, appearance
        case headName = "head_name", headPost = "head_post", staff, reason, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "court-hearings", table: "rec_court_hearings", label: "出庭应诉记录",
        read: .litigationRead, write: .litigationManage,
        fields: [
            RecordField(.caseNumber, "案号", .text(maxLength: 60), required: true, help: "与「行政应诉案件」中的案号一致"),
            RecordField(.court, "审理法院", .text(maxLength: 60), required: true),
            RecordField(.unit, "应诉机关", .unit, required: true),
            RecordField(.heldOn, "开庭日期", .date, required: true),
            RecordField(.mode, "开庭方式", .choices(HearingMode.self), required: true),
            RecordField(.appearance, "出庭情况", .choices(Appearance.self), required: true),
            RecordField(.headName, "出庭负责人姓名", .text(maxLength: 50), help: "负责人出庭的填写"),
            RecordField(.headPost, "出庭负责人职务", .text(maxLength: 50)),
            RecordField(.staff, "委托出庭的工作人员", .text(maxLength: 100)),
            RecordField(.reason, "负责人不能出庭的理由", .longText, help: "仅委托工作人员出庭的，须说明正当理由并向人民法院提交情况说明"),
            RecordField(.files, "出庭材料", .attachments),
        ],
        owner: .unit, title: .caseNumber, naturalKey: [.caseNumber, .unit, .heldOn], initial: .recorded,
        columns: [.caseNumber, .court, .unit, .heldOn, .mode, .appearance, .headName],
        filters: [.caseNumber, .unit, .heldOn, .mode, .appearance],
        search: [.caseNumber, .court, .headName], sort: .heldOn,
        check: { v in
            switch v.text(.appearance).flatMap(Appearance.init(rawValue:)) {
            case .principal?, .deputy?: v.text(.headName) == nil ? (.headName, "负责人出庭的，请填写出庭负责人姓名") : nil
            case .staff?: v.text(.reason) == nil ? (.reason, "仅委托工作人员出庭的，请说明负责人不能出庭的理由") : nil
            case nil: nil
            }
        })
}

/// The figures of 行政应诉.
public enum Litigation {
    static let cases = LitigationCase.declaration.type.slug, hearings = CourtHearing.declaration.type.slug
    typealias H = CourtHearing.Key

    static func heard(_ appearance: [Appearance] = [], mode: HearingMode? = .open, distinct: Bool) -> Figure.Selection {
        var matching: [String: [String]] = [:]
        if let mode { matching[H.mode.rawValue] = [mode.rawValue] }
        if !appearance.isEmpty { matching[H.appearance.rawValue] = appearance.map(\.rawValue) }
        return Figure.Selection(hearings, by: H.heldOn.rawValue, matching: matching, distinct: distinct ? H.caseNumber.rawValue : nil)
    }
    static func concluded(_ outcomes: [LitigationOutcome] = []) -> Figure.Selection {
        Figure.Selection(cases, by: LitigationCase.Key.concludedOn.rawValue,
                         matching: outcomes.isEmpty ? [:] : [LitigationCase.Key.outcome.rawValue: outcomes.map(\.rawValue)],
                         states: [LitigationCase.State.concluded.rawValue])
    }
    static let heads: [Appearance] = [.principal, .deputy]

    public static let figures: [Figure] = [
        Figure("litigation.cases", "行政应诉案件", unit: "件", definition: "按收到起诉状副本日期计的行政应诉案件数（各审级）",
               .count(Figure.Selection(cases, by: LitigationCase.Key.servedOn.rawValue))),
        Figure("litigation.cases_heard", "公开开庭审理的行政案件", unit: "件", definition: "按开庭日期计，公开开庭审理的行政案件数（同一案号多次开庭计一件）",
               .count(heard(distinct: true))),
        Figure("litigation.principal_cases", "主要负责人出庭的案件", unit: "件",
               definition: "按开庭日期计，公开开庭审理的行政案件中行政机关主要负责人出庭应诉的案件数",
               .count(heard([.principal], distinct: true))),
        Figure("litigation.principal_share", "主要负责人出庭案件占比", unit: "%",
               definition: "按开庭日期计，主要负责人出庭应诉的案件占公开开庭审理案件的比例",
               .rate(part: heard([.principal], distinct: true), whole: heard(distinct: true))),
        Figure("litigation.principal_share_vs_city", "主要负责人出庭案件占比与全市平均水平之差", unit: "个百分点",
               definition: "主要负责人出庭案件占比减去同期全市平均水平（对标数据）",
               .versus(figure: "litigation.principal_share", scope: .city)),
        Figure("litigation.head_rate", "行政机关负责人出庭应诉率", unit: "%",
               definition: "按开庭日期计，负责人（主要负责人或其他负责人）出庭的开庭次数占全部开庭次数的比例",
               .rate(part: heard(heads, mode: nil, distinct: false), whole: heard(mode: nil, distinct: false))),
        Figure("litigation.head_streak", "负责人出庭应诉率连续保持100%的月数", unit: "个月",
               definition: "截至期末所在月，自最近一次仅由委托工作人员出庭的开庭所在月之后（或自有记录的首月起）连续的月数，没有开庭的月份不中断",
               .streak(part: heard(heads, mode: nil, distinct: false), whole: heard(mode: nil, distinct: false))),
        Figure("litigation.loss_rate", "行政诉讼败诉率", unit: "%",
               definition: "按结案日期计，判决撤销、确认违法或无效、责令履行、变更或赔偿的案件占已结案件的比例",
               .rate(part: concluded(LitigationOutcome.allCases.filter(\.isLoss)), whole: concluded())),
        Figure("litigation.loss_rate_vs_city", "行政诉讼败诉率与全市平均水平之差", unit: "个百分点",
               definition: "行政诉讼败诉率减去同期全市平均水平（对标数据）",
               .versus(figure: "litigation.loss_rate", scope: .city)),
        Figure("litigation.answer_on_time_rate", "按期答辩率", unit: "%", definition: "按答辩日期计，在法定答辩期限内提交答辩状的比例",
               .onTime(Figure.Selection(cases, by: LitigationCase.Key.answeredOn.rawValue), clock: LitigationCase.Key.answerDueOn.rawValue)),
    ]

    static let report = [
        "主动接受法院、检察院司法监督，完善行政机关负责人出庭应诉制度。全区行政机关负责人出庭应诉率连续{litigation.head_streak}个月保持百分之百。市区两级法院公开开庭审理行政案件{litigation.cases_heard}件，其中行政机关主要负责人出庭案件{litigation.principal_cases}件，占比{litigation.principal_share}%，{litigation.principal_share_vs_city}。行政诉讼案件败诉率{litigation.loss_rate}%，{litigation.loss_rate_vs_city}。",
    ]
}

extension Permission {
    public static let litigationRead = Permission("litigation.read", "查看行政应诉", .business)
    public static let litigationManage = Permission("litigation.manage", "登记行政应诉案件和出庭应诉", .business)
}
