/// 矛盾纠纷化解 (seed 六): people's mediation — the committees of villages, towns and trades and
/// the rooms placed in police stations, their mediators, the visitors they receive, and each
/// dispute from its source to its agreement, with the parties' window to apply for judicial
/// confirmation (人民调解法 Art.33) reminded to the mediator. From them: visitors received,
/// disputes settled, the amount involved and the resolution rate.

/// What kind of people's mediation organisation (人民调解法 Art.8, 34).
public enum CommitteeKind: String, RecordChoice {
    case village, town, trade, policeRoom = "police_room", other
    public var label: String {
        switch self {
        case .village: "村（居）人民调解委员会"
        case .town: "乡镇（街道）人民调解委员会"
        case .trade: "行业性、专业性人民调解委员会"
        case .policeRoom: "派驻派出所人民调解工作室"
        case .other: "其他人民调解组织"
        }
    }
}

public enum MediationCommittee {
    public enum Key: String, RecordKey {
        case name, kind, unit, setUpOn = "set_up_on", dissolvedOn = "dissolved_on", host, address, honours, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "mediation-committees", table: "rec_mediation_committees", label: "人民调解组织",
        read: .disputesRead, write: .mediationManage,
        fields: [
            RecordField(.name, "名称", .text(maxLength: 100), required: true),
            RecordField(.kind, "类别", .choices(CommitteeKind.self), required: true),
            RecordField(.unit, "所属单位", .unit, required: true, help: "村（居）委会、镇街或设立它的部门；派驻工作室填所在镇街的司法所"),
            RecordField(.setUpOn, "设立日期", .date, required: true),
            RecordField(.dissolvedOn, "撤销日期", .date),
            RecordField(.host, "派驻或依托单位", .text(maxLength: 100), help: "如：区公安分局古楼派出所、区交警大队"),
            RecordField(.address, "地址", .text(maxLength: 200)),
            RecordField(.honours, "荣誉", .longText, help: "每项一行：授予机关、称号、年度，如：司法部 全国模范人民调解委员会 2023"),
            RecordField(.files, "设立文件", .attachments),
        ],
        owner: .unit, title: .name, naturalKey: [.name], initial: .recorded,
        columns: [.name, .kind, .unit, .host, .setUpOn, .dissolvedOn], filters: [.kind, .unit, .setUpOn, .dissolvedOn],
        search: [.name, .host, .honours], sort: .setUpOn,
        related: [("人民调解员", "mediators", Mediator.Key.committee.rawValue, nil), ("矛盾纠纷调解", "disputes", Dispute.Key.committee.rawValue, nil),
                  ("来访接待", "mediation-visits", MediationVisit.Key.committee.rawValue, nil)],
        check: { v in
            if let set = v.date(.setUpOn), let gone = v.date(.dissolvedOn), gone < set { return (.dissolvedOn, "撤销日期不能早于设立日期") }
            return nil
        })
}

public enum MediatorPost: String, RecordChoice {
    case fullTime = "full_time", partTime = "part_time"
    public var label: String { self == .fullTime ? "专职" : "兼职" }
}

public enum Mediator {
    public enum Key: String, RecordKey {
        case name, committee, unit, post, phone, account, appointedOn = "appointed_on", leftOn = "left_on", note
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "mediators", table: "rec_mediators", label: "人民调解员",
        read: .disputesRead, write: .mediationManage,
        fields: [
            RecordField(.name, "姓名", .text(maxLength: 50), required: true),
            RecordField(.committee, "所在调解组织", .record(register: MediationCommittee.declaration.type.slug), required: true),
            RecordField(.unit, "所属单位", .unit, required: true, help: "与调解组织的所属单位一致"),
            RecordField(.post, "专兼职", .choices(MediatorPost.self), required: true),
            RecordField(.phone, "联系电话", .phone, personal: true),
            RecordField(.account, "平台账号", .person, help: "调解员在本平台的账号；纠纷调解记录中选此账号为调解员，即可收到司法确认申请期提醒"),
            RecordField(.appointedOn, "聘任日期", .date, required: true),
            RecordField(.leftOn, "解聘日期", .date),
            RecordField(.note, "备注", .longText),
        ],
        owner: .unit, title: .name, naturalKey: [.name, .committee], initial: .recorded,
        columns: [.name, .committee, .post, .unit, .appointedOn, .leftOn], filters: [.committee, .post, .unit, .appointedOn, .leftOn],
        search: [.name], sort: .appointedOn,
        check: { v in
            if let start = v.date(.appointedOn), let end = v.date(.leftOn), end < start { return (.leftOn, "解聘日期不能早于聘任日期") }
            return nil
        })
}

/// What became of a visit.
public enum VisitHandling: String, RecordChoice {
    case registered, advised, referred
    public var label: String {
        switch self {
        case .registered: "受理调解"
        case .advised: "当场解答疏导"
        case .referred: "引导至其他途径"
        }
    }
}

/// People received by a mediation organisation (接待来访群众): one record a visit, with how many came.
public enum MediationVisit {
    public enum Key: String, RecordKey {
        case receivedOn = "received_on", committee, unit, visitors, matter, handling, note
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "mediation-visits", table: "rec_mediation_visits", label: "来访接待",
        read: .disputesRead, write: .mediationManage,
        fields: [
            RecordField(.receivedOn, "接待日期", .date, required: true),
            RecordField(.committee, "接待的调解组织", .record(register: MediationCommittee.declaration.type.slug), required: true),
            RecordField(.unit, "所属单位", .unit, required: true),
            RecordField(.visitors, "来访人数", .count, required: true, help: "同一次来访的人数，按人次统计"),
            RecordField(.matter, "反映事项", .text(maxLength: 200), required: true),
            RecordField(.handling, "处理方式", .choices(VisitHandling.self), required: true),
            RecordField(.note, "备注", .longText),
        ],
        owner: .unit, title: .matter, initial: .recorded,
        columns: [.receivedOn, .committee, .visitors, .matter, .handling, .unit], filters: [.receivedOn, .committee, .handling, .unit],
        search: [.matter], sort: .receivedOn,
        check: { v in v.integer(.visitors).map { $0 < 1 } == true ? (.visitors, "来访人数至少为 1") : nil })
}

public enum DisputeCategory: String, RecordChoice {
    case family, neighbour, housing, contract, damages, labour, traffic, property, medical, land, other
    public var label: String {
        switch self {
        case .family: "婚姻家庭"
        case .neighbour: "邻里纠纷"
        case .housing: "房屋宅基地"
        case .contract: "合同纠纷"
        case .damages: "损害赔偿"
        case .labour: "劳动争议"
        case .traffic: "道路交通事故"
        case .property: "物业纠纷"
        case .medical: "医疗纠纷"
        case .land: "土地承包及征地拆迁"
        case .other: "其他"
        }
    }
}

/// Where a dispute came from.
public enum DisputeSource: String, RecordChoice {
    case walkIn = "walk_in", court, police, joint, patrol
    public var label: String {
        switch self {
        case .walkIn: "当事人申请"
        case .court: "人民法院诉前委派"
        case .police: "公安机关移送"
        case .joint: "多元联调机制分流"
        case .patrol: "排查主动发现"
        }
    }
}

public enum AgreementForm: String, RecordChoice {
    case written, oral
    public var label: String { self == .written ? "书面调解协议" : "口头调解协议" }
}

public enum Dispute {
    public enum Key: String, RecordKey {
        case number, summary, category, source, parties, partyCount = "party_count", amount, committee, mediator, unit
        case receivedOn = "received_on", concludedOn = "concluded_on", agreement, agreementFiles = "agreement_files"
        case confirmationDueOn = "confirmation_due_on", confirmationAppliedOn = "confirmation_applied_on", confirmationResult = "confirmation_result"
        case failureReason = "failure_reason"
    }

    public enum State: String, RecordChoice {
        case mediating, agreed, confirming, confirmed, failed
        public var label: String {
            switch self {
            case .mediating: "调解中"
            case .agreed: "调解成功"
            case .confirming: "调解成功，已申请司法确认"
            case .confirmed: "调解成功，司法确认程序已结束"
            case .failed: "调解不成"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "disputes", table: "rec_disputes", label: "矛盾纠纷调解",
        read: .disputesRead, write: .mediationManage,
        fields: [
            RecordField(.number, "调解案号", .text(maxLength: 60), required: true, help: "如：（2023）东古调字第12号"),
            RecordField(.summary, "纠纷简要情况", .text(maxLength: 200), required: true),
            RecordField(.category, "纠纷类型", .choices(DisputeCategory.self), required: true),
            RecordField(.source, "纠纷来源", .choices(DisputeSource.self), required: true),
            RecordField(.parties, "当事人", .text(maxLength: 200), required: true, personal: true),
            RecordField(.partyCount, "当事人人数", .count),
            RecordField(.amount, "涉及金额（元）", .money),
            RecordField(.committee, "调解组织", .record(register: MediationCommittee.declaration.type.slug), required: true),
            RecordField(.mediator, "调解员", .person,
                        help: "调解员的平台账号：协议达成后，司法确认申请期届满前提醒此人（须属于本纠纷的所属单位或其上级单位，并可查看矛盾纠纷）"),
            RecordField(.unit, "所属单位", .unit, required: true),
            RecordField(.receivedOn, "受理日期", .date, required: true),
            RecordField(.concludedOn, "调解终结日期", .date, help: "达成调解协议或调解不成之日"),
            RecordField(.agreement, "协议形式", .choices(AgreementForm.self)),
            RecordField(.agreementFiles, "调解协议书", .attachments),
            RecordField(.confirmationDueOn, "申请司法确认期限", .date, assigned: true),
            RecordField(.confirmationAppliedOn, "申请司法确认日期", .date),
            RecordField(.confirmationResult, "司法确认结果", .longText, help: "人民法院确认协议有效，或驳回申请及其理由"),
            RecordField(.failureReason, "调解不成的原因及去向", .longText, help: "如：告知当事人依法通过仲裁、行政、司法等途径维护权利"),
        ],
        owner: .unit, title: .number, naturalKey: [.number], initial: .mediating,
        transitions: [
            .init("agree", "达成调解协议", from: [.mediating], to: .agreed, permission: .mediationManage, requires: [.concludedOn, .agreement],
                  check: { v, today in v.dates([.concludedOn], notBefore: .receivedOn, named: "受理日期", today: today) }),
            .init("apply_confirmation", "当事人申请司法确认", from: [.agreed], to: .confirming, permission: .mediationManage,
                  requires: [.confirmationAppliedOn],
                  check: { v, today in v.dates([.confirmationAppliedOn], notBefore: .concludedOn, named: "调解终结日期", today: today) }),
            .init("record_confirmation", "登记司法确认结果", from: [.confirming], to: .confirmed, permission: .mediationManage,
                  requires: [.confirmationResult]),
            .init("fail", "调解不成", from: [.mediating], to: .failed, permission: .mediationManage, requires: [.concludedOn, .failureReason],
                  check: { v, today in v.dates([.concludedOn], notBefore: .receivedOn, named: "受理日期", today: today) }),
        ],
        deadlines: [
            .window(.confirmationDueOn, rule: "mediation.confirmation_window", startsOn: .concludedOn, doneOn: .confirmationAppliedOn, openIn: [.agreed],
                    ask: "请告知当事人：需要司法确认的，应在期限内共同向人民法院申请", remind: .mediator),
        ],
        columns: [.number, .summary, .category, .source, .committee, .receivedOn, .concludedOn, .amount],
        filters: [.category, .source, .committee, .mediator, .unit, .receivedOn, .concludedOn, .agreement],
        search: [.number, .summary], sort: .receivedOn)
}

/// The figures of people's mediation.
public enum Mediation {
    static let disputes = Dispute.declaration.type.slug
    typealias D = Dispute.Key
    /// Disputes whose mediation ended in the period; with `settled`, those ended by an agreement.
    static func concluded(settled: Bool) -> Figure.Selection {
        let states: [Dispute.State] = settled ? [.agreed, .confirming, .confirmed] : [.agreed, .confirming, .confirmed, .failed]
        return Figure.Selection(disputes, by: D.concludedOn.rawValue, states: states.map(\.rawValue))
    }

    public static let figures: [Figure] = [
        Figure("mediation.committees", "人民调解组织", unit: "个", definition: "期末已设立且未撤销的人民调解组织数（含派驻工作室）",
               .count(Figure.Selection(MediationCommittee.declaration.type.slug, by: MediationCommittee.Key.setUpOn.rawValue,
                                       until: MediationCommittee.Key.dissolvedOn.rawValue))),
        Figure("mediation.visitors", "接待来访群众", unit: "人次", definition: "按接待日期计，人民调解组织接待来访的人数之和",
               .sum(Figure.Selection(MediationVisit.declaration.type.slug, by: MediationVisit.Key.receivedOn.rawValue),
                    field: MediationVisit.Key.visitors.rawValue)),
        Figure("mediation.settled", "成功调处矛盾纠纷", unit: "件", definition: "按调解终结日期计，达成调解协议（书面或口头）的纠纷数",
               .count(concluded(settled: true))),
        Figure("mediation.amount", "调处纠纷涉案金额", unit: "元", definition: "按调解终结日期计，达成调解协议的纠纷涉及金额之和",
               .sum(concluded(settled: true), field: D.amount.rawValue)),
        Figure("mediation.resolution_rate", "矛盾纠纷化解率", unit: "%", definition: "按调解终结日期计，达成调解协议的纠纷占调解终结纠纷（含调解不成）的比例",
               .rate(part: concluded(settled: true), whole: concluded(settled: false))),
        Figure("mediation.confirmations", "申请司法确认的调解协议", unit: "件", definition: "按申请日期计，当事人申请司法确认的调解协议数",
               .count(Figure.Selection(disputes, by: D.confirmationAppliedOn.rawValue))),
    ]

    static let report =
        "一是完善多元化解纠纷机制。全区共有人民调解组织{mediation.committees}个，{year}年通过多元调解机制共接待来访群众{mediation.visitors|余}人次，成功调处各类矛盾纠纷{mediation.settled}件，涉案金额{mediation.amount|万余}元，矛盾纠纷化解率达到{mediation.resolution_rate|以上}，当事人申请司法确认调解协议{mediation.confirmations}件。"
}

extension Permission {
    public static let disputesRead = Permission("disputes.read", "查看矛盾纠纷化解", .business)
    public static let mediationManage = Permission("mediation.manage", "登记人民调解组织、来访和纠纷调解", .business)
}

extension Module {
    /// 矛盾纠纷化解 (seed 六): people's mediation and litigation at source, administrative
    /// reconsideration, public legal services and legal aid.
    public static let disputes = Module(
        code: "disputes", name: "矛盾纠纷化解",
        registers: [Dispute.declaration.type, MediationVisit.declaration.type, MediationCommittee.declaration.type, Mediator.declaration.type,
                    CivilIntake.declaration.type, JudicialSuggestion.declaration.type,
                    Reconsideration.declaration.type, ReconsiderationPoint.declaration.type,
                    LegalConsultation.declaration.type, Lawyer.declaration.type, LawFirm.declaration.type,
                    LegalAidCase.declaration.type, LegalAidSelection.declaration.type, LegalAidStation.declaration.type],
        permissions: [.disputesRead, .mediationManage, .litigationSourceManage, .reconsiderationManage, .legalServicesManage, .legalAidManage],
        grants: [.districtOffice: [.disputesRead, .mediationManage, .litigationSourceManage, .reconsiderationManage, .legalServicesManage, .legalAidManage],
                 .departmentClerk: [.disputesRead, .mediationManage],
                 .townClerk: [.disputesRead, .mediationManage, .legalServicesManage], .unitHead: [.disputesRead]],
        figures: Mediation.figures + LitigationSource.figures + ReconsiderationFigures.figures + LegalServices.figures + LegalAid.figures,
        rules: ["mediation.confirmation_window", "reconsideration.application", "reconsideration.application_untold", "reconsideration.application_limit",
                "reconsideration.application_limit_property", "reconsideration.acceptance", "reconsideration.correction_notice",
                "reconsideration.correction_window", "reconsideration.copy", "reconsideration.answer", "reconsideration.copy_simplified",
                "reconsideration.answer_simplified", "reconsideration.decision", "reconsideration.decision_simplified",
                "legal_aid.decision", "legal_aid.assignment"],
        report: ["work.6": [Mediation.report + LitigationSource.report] + ReconsiderationFigures.report + [LegalServices.report + LegalAid.report]])
}
