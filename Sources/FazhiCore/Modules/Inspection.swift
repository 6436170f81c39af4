/// 法治督察 (seed 一.四): inspections of units, what they found, and the rectification of each
/// finding to closure (待整改 → 整改中 → 已整改 → 已销号).
public enum Inspection {
    public enum Key: String, RecordKey {
        case batch, kind, target, organiser, startedOn = "started_on", endedOn = "ended_on", leader, findings, findingCount = "finding_count", files
    }

    public enum Kind: String, RecordChoice {
        case special, annual, routine, joint
        public var label: String {
            switch self {
            case .special: return "专项督察"
            case .annual: return "年度督察"
            case .routine: return "日常督察"
            case .joint: return "与纪检监察协作督察"
            }
        }
    }

    public enum State: String, RecordChoice {
        case planned, underway, reported, finished
        public var label: String {
            switch self {
            case .planned: return "计划中"
            case .underway: return "督察中"
            case .reported: return "已反馈"
            case .finished: return "已办结"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "inspections", table: "rec_inspections", label: "督察任务",
        read: .inspectionRead, write: .inspectionManage,
        fields: [
            RecordField(.batch, "督察批次", .text, required: true, help: "如：2023年法治建设专项督察暨“八五”普法中期评估"),
            RecordField(.kind, "督察类别", .choices(Kind.self), required: true),
            RecordField(.target, "被督察单位", .unit, required: true),
            RecordField(.organiser, "组织单位", .unit),
            RecordField(.startedOn, "开始日期", .date, required: true),
            RecordField(.endedOn, "结束日期", .date),
            RecordField(.leader, "督察组组长", .text(maxLength: 50)),
            RecordField(.findings, "发现问题", .longText),
            RecordField(.findingCount, "问题数", .count),
            RecordField(.files, "督察材料", .attachments),
        ],
        owner: .target, title: .batch, naturalKey: [.batch, .target], initial: .planned,
        transitions: [
            .init("start", "开始督察", from: [.planned], to: .underway, permission: .inspectionManage),
            .init("report", "反馈意见", from: [.underway], to: .reported, permission: .inspectionManage, requires: [.findings, .endedOn],
                  check: { v, _ in
                      guard let s = v.date(.startedOn), let e = v.date(.endedOn) else { return nil }
                      return e < s ? "结束日期不能早于开始日期" : nil
                  }),
            .init("finish", "办结", from: [.reported], to: .finished, permission: .inspectionManage),
        ],
        columns: [.batch, .target, .kind, .startedOn, .findingCount], filters: [.kind, .target, .startedOn],
        search: [.batch, .findings, .leader], sort: .startedOn)
}

public enum Rectification {
    public enum Key: String, RecordKey {
        case finding, source, unit, responsible, contactPhone = "contact_phone", foundOn = "found_on", dueOn = "due_on", measures, completedOn = "completed_on"
        case verifiedOn = "verified_on", verifier, files
    }

    public enum State: String, RecordChoice {
        case pending, inProgress = "in_progress", rectified, closed
        public var label: String {
            switch self {
            case .pending: return "待整改"
            case .inProgress: return "整改中"
            case .rectified: return "已整改"
            case .closed: return "已销号"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "rectifications", table: "rec_rectifications", label: "整改事项",
        read: .inspectionRead, write: .inspectionManage,
        fields: [
            RecordField(.finding, "问题", .text(maxLength: 300), required: true),
            RecordField(.source, "来源（督察批次）", .text),
            RecordField(.unit, "责任单位", .unit, required: true),
            RecordField(.responsible, "责任人", .text(maxLength: 50)),
            RecordField(.contactPhone, "联系电话", .phone, personal: true),
            RecordField(.foundOn, "发现日期", .date, required: true),
            RecordField(.dueOn, "整改期限", .date),
            RecordField(.measures, "整改措施", .longText),
            RecordField(.completedOn, "完成日期", .date),
            RecordField(.verifiedOn, "验收日期", .date),
            RecordField(.verifier, "验收人", .person),
            RecordField(.files, "整改材料", .attachments),
        ],
        owner: .unit, title: .finding, initial: .pending,
        transitions: [
            .init("start", "开始整改", from: [.pending], to: .inProgress, permission: .rectificationReport),
            .init("complete", "报告整改完成", from: [.pending, .inProgress], to: .rectified, permission: .rectificationReport,
                  requires: [.measures, .completedOn], check: { v, today in
                      guard let done = v.date(.completedOn) else { return nil }
                      if done > today { return "完成日期不能晚于今天" }
                      if let found = v.date(.foundOn), done < found { return "完成日期不能早于发现日期" }
                      return nil
                  }),
            .init("reopen", "退回重新整改", from: [.rectified], to: .inProgress, permission: .inspectionManage),
            .init("close", "验收销号", from: [.rectified], to: .closed, permission: .inspectionManage, requires: [.verifiedOn],
                  check: { v, today in
                      guard let verified = v.date(.verifiedOn) else { return nil }
                      if verified > today { return "验收日期不能晚于今天" }
                      if let done = v.date(.completedOn), verified < done { return "验收日期不能早于完成日期" }
                      return nil
                  }),
        ],
        deadlines: [.init(.dueOn, from: .foundOn, rule: "rectification.due", openIn: [.pending, .inProgress])],
        columns: [.finding, .unit, .foundOn, .dueOn], filters: [.unit, .dueOn, .foundOn],
        search: [.finding, .source, .measures], sort: .foundOn)
}

extension Inspection {
    static var inspections: Figure.Selection { Figure.Selection(declaration.type.slug, by: Key.startedOn.rawValue) }
    static var items: Figure.Selection { Figure.Selection(Rectification.declaration.type.slug, by: Rectification.Key.foundOn.rawValue) }
    static var closedItems: Figure.Selection {
        Figure.Selection(Rectification.declaration.type.slug, by: Rectification.Key.foundOn.rawValue, states: [Rectification.State.closed.rawValue])
    }

    public static let figures: [Figure] = [
        Figure("inspection.towns_inspected", "开展法治督察的镇街数", unit: "个",
               definition: "督察任务中被督察单位为镇街的不同单位数，按开始日期计", .distinctUnits(inspections, field: Key.target.rawValue, kind: "town")),
        Figure("inspection.departments_inspected", "开展法治督察的执法部门数", unit: "个",
               definition: "督察任务中被督察单位为部门的不同单位数，按开始日期计", .distinctUnits(inspections, field: Key.target.rawValue, kind: "department")),
        Figure("inspection.rectification_items", "督察发现问题（整改事项）数", unit: "项",
               definition: "整改事项的记录数，按发现日期计", .count(items)),
        Figure("inspection.rectification_closed_rate", "整改销号率", unit: "%",
               definition: "按发现日期计的整改事项中，已验收销号的比例", .rate(part: closedItems, whole: items)),
    ]
}

extension Permission {
    public static let inspectionRead = Permission("inspection.read", "查看法治督察与整改", .business)
    public static let inspectionManage = Permission("inspection.manage", "组织法治督察、整改验收销号", .business)
    public static let rectificationReport = Permission("rectification.report", "办理本单位整改", .business)
}

extension Module {
    /// 法治督察 (seed 一.一 四是): inspections and the rectification items they find.
    public static let inspection = Module(
        code: "inspection", name: "法治督察", registers: [Inspection.declaration.type, Rectification.declaration.type],
        permissions: [.inspectionRead, .inspectionManage, .rectificationReport],
        grants: [.districtOffice: [.inspectionRead, .inspectionManage, .rectificationReport], .departmentClerk: [.inspectionRead, .rectificationReport],
                 .townClerk: [.inspectionRead, .rectificationReport], .unitHead: [.inspectionRead]],
        figures: Inspection.figures,
        rules: ["rectification.due"],
        report: ["work.1": [
            "强化督导检查，对{inspection.towns_inspected}个镇街和{inspection.departments_inspected}个重点执法部门开展法治督察，发现问题{inspection.rectification_items}项，整改销号率{inspection.rectification_closed_rate}%。",
        ]])
}
