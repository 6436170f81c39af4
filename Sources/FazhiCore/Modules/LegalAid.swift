/// 法律援助 (seed 六.三): the district's network of legal-aid stations (the centre, a workstation in
/// each town, a contact point in villages), and each application from the portal or a station to
/// its end. The legal-aid institution decides within 7 days of receipt (法律援助法 Art.43), the days
/// spent waiting for missing materials not counted; a grant has a lawyer assigned within 3 days,
/// reminded ahead and escalated when late, never refused; a closed case is reviewed for quality,
/// and a notable one is recorded as selected for a case library, once for each library. The
/// applicant is told of each step and follows the application on the portal. From them: cases
/// accepted, closed and selected.

/// Where a legal-aid station stands in the district's network.
public enum LegalAidStationLevel: String, RecordChoice {
    case centre, town, village
    public var label: String {
        switch self {
        case .centre: "区法律援助中心"
        case .town: "镇街法律援助工作站"
        case .village: "村（社区）法律援助联系点"
        }
    }
}

public enum LegalAidStation {
    public enum Key: String, RecordKey {
        case name, level, unit, address, phone, setUpOn = "set_up_on", closedOn = "closed_on"
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "legal-aid-stations", table: "rec_legal_aid_stations", label: "法律援助站（点）",
        read: .disputesRead, write: .legalAidManage,
        fields: [
            RecordField(.name, "名称", .text(maxLength: 100), required: true),
            RecordField(.level, "层级", .choices(LegalAidStationLevel.self), required: true),
            RecordField(.unit, "所在单位", .unit, required: true, help: "中心填区司法局，工作站填镇街司法所，联系点填村（社区）"),
            RecordField(.address, "地址", .text(maxLength: 200)),
            RecordField(.phone, "联系电话", .phone),
            RecordField(.setUpOn, "设立日期", .date, required: true),
            RecordField(.closedOn, "撤销日期", .date),
        ],
        owner: .unit, title: .name, naturalKey: [.name], initial: .recorded,
        columns: [.name, .level, .unit, .setUpOn, .closedOn], filters: [.level, .unit, .setUpOn, .closedOn],
        search: [.name, .address], sort: .setUpOn,
        related: [("经此受理的申请", "legal-aid-cases", "station", nil)],
        check: { v in
            if let start = v.date(.setUpOn), let end = v.date(.closedOn), end < start { return (.closedOn, "撤销日期不能早于设立日期") }
            return nil
        })
}

/// What kind of case the aid is for.
public enum LegalAidMatter: String, RecordChoice {
    case criminal, civil, administrative, compensation, labour, other
    public var label: String {
        switch self {
        case .criminal: "刑事"
        case .civil: "民事"
        case .administrative: "行政"
        case .compensation: "国家赔偿"
        case .labour: "劳动争议"
        case .other: "其他"
        }
    }
}

/// The form of the aid granted (法律援助法 Art.22).
public enum LegalAidForm: String, RecordChoice {
    case defence, litigation, nonLitigation = "non_litigation", arbitration, documents
    public var label: String {
        switch self {
        case .defence: "刑事辩护与代理"
        case .litigation: "民事、行政、国家赔偿案件诉讼代理"
        case .nonLitigation: "非诉讼代理"
        case .arbitration: "劳动争议调解与仲裁代理"
        case .documents: "代拟法律文书"
        }
    }
}

/// Why the applicant may have aid: financial hardship checked, or one of the cases where it is
/// not checked (法律援助法 Art.32, 42).
public enum LegalAidEligibility: String, RecordChoice {
    case hardship, exempt
    public var label: String { self == .hardship ? "经济困难" : "免予核查经济困难状况" }
}

/// The quality review of a closed case.
public enum CaseQuality: String, RecordChoice {
    case excellent, good, adequate, poor
    public var label: String {
        switch self {
        case .excellent: "优秀"
        case .good: "良好"
        case .adequate: "合格"
        case .poor: "不合格"
        }
    }
}

/// The case library a notable case was selected for.
public enum CaseLibrary: String, RecordChoice {
    case ministry, province, city
    public var label: String {
        switch self {
        case .ministry: "司法部法律援助案例库"
        case .province: "省级法律援助典型案例"
        case .city: "市级法律援助典型案例"
        }
    }
}

public enum LegalAidCase {
    public enum Key: String, RecordKey {
        case receiptNumber = "receipt_number", centre, channel, station, receivedOn = "received_on", decisionDueOn = "decision_due_on"
        case name, idNumber = "id_number", phone, email, address, matter, eligibility, opponent, facts, files
        case supplementAskedOn = "supplement_asked_on", supplementRequest = "supplement_request", supplementedOn = "supplemented_on"
        case decidedOn = "decided_on", form, refusalReason = "refusal_reason", decisionFiles = "decision_files"
        case assignmentDueOn = "assignment_due_on", assignedOn = "assigned_on", lawyer
        case closedOn = "closed_on", closure, quality, qualityNote = "quality_note"
    }

    public enum State: String, RecordChoice {
        case received, supplementing, granted, assigned, closed, refused, terminated, withdrawn
        public var label: String {
            switch self {
            case .received: "审查中"
            case .supplementing: "待补充材料"
            case .granted: "已决定给予，待指派"
            case .assigned: "已指派，承办中"
            case .closed: "已结案"
            case .refused: "不予法律援助"
            case .terminated: "终止法律援助"
            case .withdrawn: "撤回申请"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "legal-aid-cases", table: "rec_legal_aid_cases", label: "法律援助案件",
        read: .disputesRead, write: .legalAidManage,
        fields: [
            RecordField(.receiptNumber, "受理编号", .text(maxLength: 40), assigned: true),
            RecordField(.centre, "法律援助机构", .unit, required: true, help: "申请向所在区提出，由区法律援助中心审查办理"),
            RecordField(.channel, "申请渠道", .choices(IntakeChannel.self), required: true),
            RecordField(.station, "受理站（点）", .record(register: LegalAidStation.declaration.type.slug),
                        help: "经镇街工作站或村（社区）联系点提交的，选择该站（点）"),
            RecordField(.receivedOn, "收到申请日期", .date, required: true),
            RecordField(.decisionDueOn, "审查决定期限", .date, assigned: true),
            RecordField(.name, "申请人姓名", .text(maxLength: 50), required: true, personal: true),
            RecordField(.idNumber, "身份证号", .idNumber, required: true),
            RecordField(.phone, "联系电话", .phone, required: true, personal: true),
            RecordField(.email, "电子邮箱", .email, personal: true),
            RecordField(.address, "通信地址", .text(maxLength: 200), personal: true),
            RecordField(.matter, "案件类别", .choices(LegalAidMatter.self), required: true),
            RecordField(.eligibility, "申请理由", .choices(LegalAidEligibility.self), required: true,
                        help: "追索劳动报酬、英雄烈士近亲属维权、因见义勇为受损害等情形免予核查经济困难状况（第三十二条、第四十二条）"),
            RecordField(.opponent, "对方当事人", .text(maxLength: 100)),
            RecordField(.facts, "案情及申请事项", .longText, required: true),
            RecordField(.files, "申请材料", .attachments),
            RecordField(.supplementAskedOn, "通知补充材料日期", .date),
            RecordField(.supplementRequest, "需要补充的材料或说明", .longText),
            RecordField(.supplementedOn, "收到补充材料日期", .date),
            RecordField(.decidedOn, "决定日期", .date),
            RecordField(.form, "援助形式", .choices(LegalAidForm.self)),
            RecordField(.refusalReason, "不予法律援助的理由", .longText),
            RecordField(.decisionFiles, "给予（不予）法律援助决定书", .attachments),
            RecordField(.assignmentDueOn, "指派期限", .date, assigned: true),
            RecordField(.assignedOn, "指派日期", .date),
            RecordField(.lawyer, "承办律师", .record(register: Lawyer.declaration.type.slug)),
            RecordField(.closedOn, "结案日期", .date, help: "结案、终止或撤回之日"),
            RecordField(.closure, "结案情况", .longText, help: "判决、调解、和解等结果，或终止、撤回的原因"),
            RecordField(.quality, "质量评查", .choices(CaseQuality.self)),
            RecordField(.qualityNote, "评查意见", .longText),
        ],
        owner: .centre, title: .receiptNumber, initial: .received,
        transitions: [
            .init("ask_supplement", "通知补充材料", from: [.received], to: .supplementing, permission: .legalAidManage,
                  requires: [.supplementAskedOn, .supplementRequest], clock: [.pause(.decisionDueOn, on: .supplementAskedOn, because: "补充材料")],
                  tells: "需要补充材料或作出说明：请按通知补充，未按要求补充的视为撤回申请",
                  check: { v, today in
                      // 一次性告知 (Art.43): one request, within the review.
                      if v.date(.supplementedOn) != nil { return "需要补充的材料应一次性告知，已补充过材料的不能再次通知补充" }
                      if let asked = v.date(.supplementAskedOn), let due = v.date(.decisionDueOn), asked > due {
                          return "补充材料的通知应在审查决定期限（\(due)）内发出"
                      }
                      return v.dates([.supplementAskedOn], notBefore: .receivedOn, named: "收到申请日期", today: today)
                  }),
            .init("supplemented", "收到补充材料", from: [.supplementing], to: .received, permission: .legalAidManage, requires: [.supplementedOn],
                  clock: [.resume(.decisionDueOn, on: .supplementedOn)], tells: "的补充材料已收到，继续审查",
                  check: { v, today in v.dates([.supplementedOn], notBefore: .supplementAskedOn, named: "通知补充材料日期", today: today) }),
            .init("grant", "决定给予法律援助", from: [.received], to: .granted, permission: .legalAidManage, requires: [.decidedOn, .form],
                  tells: "决定给予法律援助，将为您指派律师", check: decidedInOrder),
            .init("refuse", "决定不予法律援助", from: [.received], to: .refused, permission: .legalAidManage, requires: [.decidedOn, .refusalReason],
                  tells: "决定不予法律援助，理由见决定书；有异议的，可以向司法行政部门提出", check: decidedInOrder),
            .init("assign", "指派律师", from: [.granted], to: .assigned, permission: .legalAidManage, requires: [.assignedOn, .lawyer],
                  tells: "已指派律师承办，律师将与您联系",
                  check: { v, today in v.dates([.assignedOn], notBefore: .decidedOn, named: "决定日期", today: today) }),
            .init("close", "结案", from: [.assigned], to: .closed, permission: .legalAidManage, requires: [.closedOn, .closure, .quality],
                  tells: "承办律师已办结，法律援助结案",
                  check: { v, today in v.dates([.closedOn], notBefore: .assignedOn, named: "指派日期", today: today) }),
            .init("terminate", "终止法律援助", from: [.granted, .assigned], to: .terminated, permission: .legalAidManage, requires: [.closedOn, .closure],
                  tells: "法律援助依法终止，原因见通知",
                  check: { v, today in v.dates([.closedOn], notBefore: .decidedOn, named: "决定日期", today: today) }),
            .init("withdraw", "撤回申请", from: [.received, .supplementing], to: .withdrawn, permission: .legalAidManage, requires: [.closedOn, .closure],
                  tells: "申请已撤回（含未按要求补充材料视为撤回）",
                  check: { v, today in v.dates([.closedOn], notBefore: .receivedOn, named: "收到申请日期", today: today) }),
        ],
        deadlines: [
            .clock(.decisionDueOn, rule: "legal_aid.decision", startsOn: .receivedOn, doneOn: .decidedOn, openIn: [.received, .supplementing],
                   ask: "请在期限内作出是否给予法律援助的决定"),
            .clock(.assignmentDueOn, rule: "legal_aid.assignment", startsOn: .decidedOn, doneOn: .assignedOn, openIn: [.granted],
                   ask: "请指派律师承办，并将决定告知申请人"),
        ],
        columns: [.receiptNumber, .name, .matter, .receivedOn, .decisionDueOn, .assignmentDueOn, .lawyer, .closedOn],
        filters: [.centre, .channel, .station, .matter, .form, .receivedOn, .decidedOn, .closedOn, .quality],
        search: [.receiptNumber, .opponent], sort: .receivedOn,
        related: [("入选案例库", "legal-aid-selections", LegalAidSelection.Key.legalAidCase.rawValue, nil)],
        intake: .init("legal-aid", "法律援助申请",
                      intro: "因经济困难没有委托代理人的，或者属于追索劳动报酬等免予核查经济困难状况情形的公民，可以申请法律援助（《中华人民共和国法律援助法》第三十一条、第三十二条）。"
                          + "法律援助机构自收到申请之日起" + (StatutoryRules.latest("legal_aid.decision")?.period.description ?? "")
                          + "内作出是否给予法律援助的决定。提交后即获得受理编号；凭受理编号和联系方式收到的验证码，可随时查看审查、指派和办理情况。",
                      office: .centre, officeKinds: ["district"], channel: .channel, receivedOn: .receivedOn,
                      receipt: .receiptNumber, receiptPrefix: "FA", applicantKind: nil, name: .name, idNumber: .idNumber, creditCode: nil,
                      phone: .phone, email: .email, fields: [.address, .matter, .eligibility, .opponent, .facts],
                      files: .files, sent: .decisionFiles,
                      follow: [.supplementAskedOn, .supplementRequest, .decisionDueOn, .decidedOn, .form, .refusalReason, .assignedOn, .closedOn],
                      officesOnly: true),
        notify: .applicant(name: .name, phone: .phone, email: .email))

    /// A decision is dated on or after the application's receipt and any materials supplied.
    static func decidedInOrder(_ v: TypedValues<Key>, _ today: LocalDate) -> String? {
        v.dates([.decidedOn], notBefore: .receivedOn, named: "收到申请日期", today: today)
            ?? v.dates([.decidedOn], notBefore: .supplementedOn, named: "收到补充材料日期", today: today)
    }
}

/// A closed case selected for a case library: one record for each library it reached.
public enum LegalAidSelection {
    public enum Key: String, RecordKey {
        case title, legalAidCase = "legal_aid_case", library, selectedOn = "selected_on", notice, unit, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "legal-aid-selections", table: "rec_legal_aid_selections", label: "法律援助案例入选",
        read: .disputesRead, write: .legalAidManage,
        fields: [
            RecordField(.title, "案例标题", .text(maxLength: 200), required: true),
            RecordField(.legalAidCase, "法律援助案件", .record(register: LegalAidCase.declaration.type.slug), required: true,
                        help: "已结案的案件"),
            RecordField(.library, "案例库", .choices(CaseLibrary.self), required: true),
            RecordField(.selectedOn, "入选日期", .date, required: true),
            RecordField(.notice, "入选通知", .text(maxLength: 200), help: "发布机关和文件名称"),
            RecordField(.unit, "登记单位", .unit, required: true),
            RecordField(.files, "案例文本", .attachments),
        ],
        owner: .unit, title: .title, naturalKey: [.legalAidCase, .library], initial: .recorded,
        columns: [.title, .library, .selectedOn, .legalAidCase], filters: [.library, .selectedOn, .unit],
        search: [.title, .notice], sort: .selectedOn)
}

/// The figures of 法律援助.
public enum LegalAid {
    static let cases = LegalAidCase.declaration.type.slug
    typealias L = LegalAidCase.Key

    public static let figures: [Figure] = [
        Figure("legal_aid.stations", "法律援助站（点）", unit: "个", definition: "期末已设立且未撤销的区、镇、村三级法律援助站（点）数",
               .count(Figure.Selection(LegalAidStation.declaration.type.slug, by: LegalAidStation.Key.setUpOn.rawValue,
                                       until: LegalAidStation.Key.closedOn.rawValue))),
        Figure("legal_aid.accepted", "受理法律援助案件", unit: "件", definition: "按决定日期计，决定给予法律援助的案件数（含其后结案或终止的）",
               .count(Figure.Selection(cases, by: L.decidedOn.rawValue,
                                       states: [LegalAidCase.State.granted, .assigned, .closed, .terminated].map(\.rawValue)))),
        Figure("legal_aid.closed", "法律援助案件结案", unit: "件", definition: "按结案日期计，已结案的法律援助案件数",
               .count(Figure.Selection(cases, by: L.closedOn.rawValue, states: [LegalAidCase.State.closed.rawValue]))),
        Figure("legal_aid.selected", "入选司法部案例库的法律援助案例", unit: "篇", definition: "按入选日期计，入选司法部法律援助案例库的案例数",
               .count(Figure.Selection(LegalAidSelection.declaration.type.slug, by: LegalAidSelection.Key.selectedOn.rawValue,
                                       matching: [LegalAidSelection.Key.library.rawValue: [CaseLibrary.ministry.rawValue]]))),
        Figure("legal_aid.decided_on_time", "法律援助申请按期审查决定率", unit: "%", definition: "按决定日期计，在法定期限内作出是否给予法律援助决定的比例",
               .onTime(Figure.Selection(cases, by: L.decidedOn.rawValue,
                                        states: [LegalAidCase.State.granted, .assigned, .closed, .terminated, .refused].map(\.rawValue)),
                       clock: L.decisionDueOn.rawValue)),
    ]

    static let report = "完善法律援助服务长效机制，建成区、镇、村法律援助站（点）{legal_aid.stations}个，{year}年共受理法律援助案件{legal_aid.accepted}件，结案{legal_aid.closed}件，{legal_aid.selected}篇法律援助案例入选司法部案例库。"
}

extension Permission {
    public static let legalAidManage = Permission("legal_aid.manage", "办理法律援助案件、登记法律援助站（点）", .business)
}
