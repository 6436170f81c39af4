/// 行政权力制约监督 (seed 五.一): deputies' suggestions and members' proposals (建议提案) handled by
/// the units they are assigned to, answered within the reply clock of 代表法 Art.51 (the local
/// rules for proposals), classed A, B or C, rated by the deputy, and handled again when the
/// deputy is not satisfied; and 行政应诉 (`Litigation.swift`) with its benchmarks.

/// An NPC deputy's suggestion or a CPPCC member's proposal: which rule answers it.
public enum SuggestionKind: String, RecordChoice {
    case npc, cppcc
    public var label: String { self == .npc ? "人大代表建议" : "政协委员提案" }
}

/// The congress (or conference) that assigned it.
public enum SuggestionLevel: String, RecordChoice {
    case city, district
    public var label: String { self == .city ? "市级" : "区级" }
}

public enum SuggestionCategory: String, RecordChoice {
    case economy, urban, social, agriculture, governance, other
    public var label: String {
        switch self {
        case .economy: "经济发展"
        case .urban: "城乡建设与生态环境"
        case .social: "教育、卫生与社会保障"
        case .agriculture: "农业农村"
        case .governance: "政府建设与法治"
        case .other: "其他"
        }
    }
}

/// How a reply stands (the national practice of A, B and C classes).
public enum ReplyClass: String, RecordChoice {
    case a, b, c
    public var label: String {
        switch self {
        case .a: "A类（已解决或采纳）"
        case .b: "B类（正在解决或列入计划解决）"
        case .c: "C类（因条件限制或其他原因暂时难以解决，予以说明）"
        }
    }
}

/// What the deputy or member said of the reply.
public enum Satisfaction: String, RecordChoice {
    case satisfied, basically, unsatisfied
    public var label: String {
        switch self {
        case .satisfied: "满意"
        case .basically: "基本满意"
        case .unsatisfied: "不满意"
        }
    }
}

public enum Suggestion {
    public enum Key: String, RecordKey {
        case number, kind, level, session, title, proposers, category, leadUnit = "lead_unit", coUnits = "co_units"
        case assignedOn = "assigned_on", replyDueOn = "reply_due_on", coOpinionDueOn = "co_opinion_due_on", coOpinionOn = "co_opinion_on"
        case reassignReason = "reassign_reason", extensionApprover = "extension_approver", extensionNoticeOn = "extension_notice_on"
        case replyClass = "reply_class", repliedOn = "replied_on", replyText = "reply_text", replyFiles = "reply_files"
        case satisfaction, feedbackOn = "feedback_on", feedbackText = "feedback_text"
        case dissatisfiedOn = "dissatisfied_on", rehandleDueOn = "rehandle_due_on", rerepliedOn = "rereplied_on"
    }

    public enum State: String, RecordChoice {
        case assigned, reassigned, handling, replied, rehandling, closed
        public var label: String {
            switch self {
            case .assigned: "已交办"
            case .reassigned: "已改办，待签收"
            case .handling: "办理中"
            case .replied: "已答复，待反馈"
            case .rehandling: "不满意，重新办理"
            case .closed: "已办结"
            }
        }
    }

    static func notAfterToday(_ v: TypedValues<Key>, _ today: LocalDate, _ keys: [Key]) -> String? {
        v.dates(keys, notBefore: .assignedOn, named: "交办日期", today: today)
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "suggestions", table: "rec_suggestions", label: "建议提案",
        read: .oversightRead, write: .oversightManage,
        fields: [
            RecordField(.number, "建议（提案）编号", .text(maxLength: 60), required: true, help: "如：区十九届人大三次会议第12号"),
            RecordField(.kind, "类别", .choices(SuggestionKind.self), required: true),
            RecordField(.level, "层级", .choices(SuggestionLevel.self), required: true),
            RecordField(.session, "届次会议", .text(maxLength: 60), required: true),
            RecordField(.title, "案由", .text(maxLength: 200), required: true),
            RecordField(.proposers, "领衔代表（委员）及附议人", .text(maxLength: 200), required: true),
            RecordField(.category, "内容分类", .choices(SuggestionCategory.self), required: true),
            RecordField(.leadUnit, "主办单位", .unit, required: true),
            RecordField(.coUnits, "协办单位", .text(maxLength: 200), help: "多个单位用顿号分隔"),
            RecordField(.assignedOn, "交办日期", .date, required: true),
            RecordField(.replyDueOn, "答复期限", .date, assigned: true),
            RecordField(.coOpinionDueOn, "协办意见期限", .date),
            RecordField(.coOpinionOn, "收到协办意见日期", .date),
            RecordField(.reassignReason, "改办理由", .longText),
            RecordField(.extensionApprover, "批准延期答复的负责人", .text(maxLength: 50)),
            RecordField(.extensionNoticeOn, "延期答复告知日期", .date),
            RecordField(.replyClass, "答复类别", .choices(ReplyClass.self)),
            RecordField(.repliedOn, "答复日期", .date),
            RecordField(.replyText, "答复内容", .longText),
            RecordField(.replyFiles, "答复函", .attachments),
            RecordField(.satisfaction, "代表（委员）意见", .choices(Satisfaction.self)),
            RecordField(.feedbackOn, "反馈日期", .date),
            RecordField(.feedbackText, "反馈意见", .longText),
            RecordField(.dissatisfiedOn, "收到不满意意见日期", .date),
            RecordField(.rehandleDueOn, "重新办理期限", .date, assigned: true),
            RecordField(.rerepliedOn, "再次答复日期", .date),
        ],
        // A city's suggestion may be assigned to a unit of each district: its number and lead unit
        // tell one assignment from another.
        owner: .leadUnit, title: .title, naturalKey: [.number, .leadUnit], initial: .assigned,
        transitions: [
            .init("accept", "签收办理", from: [.assigned, .reassigned], to: .handling, permission: .oversightManage,
                  check: { v, _ in v.text(.coUnits) != nil && v.date(.coOpinionOn) == nil ? "有协办单位的，须先收到协办意见" : nil }),
            .init("co_opinion", "收到协办意见并办理", from: [.assigned, .reassigned], to: .handling, permission: .oversightManage, requires: [.coOpinionOn],
                  check: { v, today in v.text(.coUnits) == nil ? "没有协办单位" : notAfterToday(v, today, [.coOpinionOn]) }),
            .init("reassign", "改办", from: [.assigned, .handling], to: .reassigned, permission: .oversightManage, requires: [.leadUnit, .reassignReason]),
            .init("extend", "延期答复（办理难度大）", from: [.handling], to: .handling, permission: .oversightManage,
                  requires: [.extensionApprover, .extensionNoticeOn], clock: [.extend(.replyDueOn, approvedBy: .extensionApprover, notice: .extensionNoticeOn)],
                  check: { v, today in notAfterToday(v, today, [.extensionNoticeOn]) }),
            .init("reply", "答复", from: [.handling], to: .replied, permission: .oversightManage, requires: [.replyClass, .repliedOn, .replyText],
                  check: { v, today in notAfterToday(v, today, [.repliedOn]) }),
            .init("satisfied", "代表（委员）满意或基本满意", from: [.replied], to: .closed, permission: .oversightManage, requires: [.satisfaction, .feedbackOn],
                  check: { v, today in
                      v.text(.satisfaction) == Satisfaction.unsatisfied.rawValue ? "不满意的，请用「不满意，重新办理」" : notAfterToday(v, today, [.feedbackOn])
                  }),
            .init("unsatisfied", "不满意，重新办理", from: [.replied], to: .rehandling, permission: .oversightManage,
                  requires: [.satisfaction, .dissatisfiedOn, .feedbackText],
                  check: { v, today in
                      if v.date(.rerepliedOn) != nil { return "已重新办理过的，请用「办结（重新办理后仍不满意）」" }
                      return v.text(.satisfaction) != Satisfaction.unsatisfied.rawValue ? "代表（委员）意见应为「不满意」" : notAfterToday(v, today, [.dissatisfiedOn])
                  }),
            .init("close_unsatisfied", "办结（重新办理后仍不满意，已沟通说明）", from: [.replied], to: .closed, permission: .oversightManage,
                  requires: [.satisfaction, .feedbackOn, .feedbackText],
                  check: { v, today in
                      guard v.date(.rerepliedOn) != nil else { return "仅重新办理并再次答复后仍不满意的可以办结" }
                      return v.text(.satisfaction) != Satisfaction.unsatisfied.rawValue ? "代表（委员）意见应为「不满意」" : notAfterToday(v, today, [.feedbackOn])
                  }),
            .init("rereply", "再次答复", from: [.rehandling], to: .replied, permission: .oversightManage, requires: [.replyClass, .rerepliedOn, .replyText],
                  check: { v, today in notAfterToday(v, today, [.rerepliedOn]) }),
        ],
        deadlines: [
            .clock(.replyDueOn, rules: [SuggestionKind.npc: "deputies.reply", .cppcc: "proposals.reply"], by: .kind, startsOn: .assignedOn,
                   doneOn: .repliedOn, openIn: [.assigned, .reassigned, .handling], ask: "请按期答复代表（委员）"),
            .init(.coOpinionDueOn, from: .assignedOn, rule: "suggestions.co_opinion", openIn: [.assigned, .reassigned], ask: "请督促协办单位提出协办意见"),
            .clock(.rehandleDueOn, rule: "suggestions.rehandle", startsOn: .dissatisfiedOn, doneOn: .rerepliedOn, openIn: [.rehandling],
                   ask: "请重新研究办理并再次答复"),
        ],
        columns: [.number, .kind, .title, .leadUnit, .assignedOn, .replyDueOn, .replyClass, .satisfaction],
        filters: [.kind, .level, .category, .leadUnit, .assignedOn, .replyClass, .satisfaction],
        search: [.number, .title, .proposers], sort: .assignedOn)
}

/// The figures of 建议提案: how many were handled, answered and satisfied.
public enum Oversight {
    static let suggestions = Suggestion.declaration.type.slug
    static func assigned(_ matching: [String: [String]] = [:], states: [Suggestion.State] = []) -> Figure.Selection {
        Figure.Selection(suggestions, by: Suggestion.Key.assignedOn.rawValue, matching: matching, states: states.map(\.rawValue))
    }
    static let kind = Suggestion.Key.kind.rawValue, satisfaction = Suggestion.Key.satisfaction.rawValue

    /// 制约监督's figures: the suggestions' and the litigation's (`Module.oversight`, and the rates
    /// its benchmarks may be entered for).
    static let moduleFigures = figures + Litigation.figures

    public static let figures: [Figure] = [
        Figure("oversight.npc_suggestions", "办理人大代表建议", unit: "件", definition: "按交办日期计的市、区两级人大代表建议数",
               .count(assigned([kind: [SuggestionKind.npc.rawValue]]))),
        Figure("oversight.cppcc_proposals", "办理政协委员提案", unit: "件", definition: "按交办日期计的市、区两级政协委员提案数",
               .count(assigned([kind: [SuggestionKind.cppcc.rawValue]]))),
        Figure("oversight.answered_rate", "建议提案办复率", unit: "%", definition: "按交办日期计，已答复（含待反馈、重新办理、已办结）的建议提案占交办总数的比例",
               .rate(part: assigned(states: [.replied, .rehandling, .closed]), whole: assigned())),
        Figure("oversight.satisfied_rate", "建议提案满意率", unit: "%",
               definition: "按交办日期计，代表（委员）已反馈意见的建议提案中，最终意见为满意或基本满意的比例",
               .rate(part: assigned([satisfaction: [Satisfaction.satisfied.rawValue, Satisfaction.basically.rawValue]]),
                     whole: assigned([satisfaction: Satisfaction.allCases.map(\.rawValue)]))),
        Figure("oversight.on_time_rate", "建议提案按期答复率", unit: "%", definition: "按答复日期计，在法定期限（含经批准的延期）内首次答复的比例",
               .onTime(Figure.Selection(suggestions, by: Suggestion.Key.repliedOn.rawValue), clock: Suggestion.Key.replyDueOn.rawValue)),
    ]
}

extension Permission {
    public static let oversightRead = Permission("oversight.read", "查看建议提案办理", .business)
    public static let oversightManage = Permission("oversight.manage", "办理建议提案", .business)
}

extension Module {
    /// 行政权力制约监督 (seed 五.一): deputies' suggestions and members' proposals, administrative
    /// litigation and the heads' court appearance, and the benchmarks the report compares with.
    public static let oversight = Module(
        code: "oversight", name: "制约监督",
        registers: [Suggestion.declaration.type, LitigationCase.declaration.type, CourtHearing.declaration.type, Benchmark.declaration.type],
        permissions: [.oversightRead, .oversightManage, .litigationRead, .litigationManage, .benchmarksManage],
        grants: [.districtOffice: [.oversightRead, .oversightManage, .litigationRead, .litigationManage, .benchmarksManage],
                 .departmentClerk: [.oversightRead, .oversightManage, .litigationRead, .litigationManage],
                 .townClerk: [.oversightRead, .oversightManage, .litigationRead, .litigationManage], .unitHead: [.oversightRead, .litigationRead]],
        figures: Oversight.moduleFigures,
        rules: ["deputies.reply", "proposals.reply", "suggestions.co_opinion", "suggestions.rehandle", "litigation.answer"],
        report: ["work.5": [
            "坚决落实人大及其常委会决议、决定和审议意见，{year}年共办理市、区两级人大代表建议{oversight.npc_suggestions}件、政协委员提案{oversight.cppcc_proposals}件，办复率{oversight.answered_rate}%，满意率{oversight.satisfied_rate}%，按期答复率{oversight.on_time_rate}%。",
        ] + Litigation.report])
}
