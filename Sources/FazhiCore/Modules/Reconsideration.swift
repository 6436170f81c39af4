import Foundation

/// 行政复议 (seed 六.二): applications taken on the portal, at the towns' contact points (基层联络点
/// at the 司法所) and the enterprises' service points, or registered by staff; checked against the
/// application window when registered; reviewed for acceptance within five working days, deemed
/// accepted by the platform when the review lapses with no refusal; corrected (补正); sent to the
/// respondent for its answer; heard, suspended, extended once; and ended by a decision of its
/// type, by mediation or settlement, or by withdrawal. The applicant is told of each step and
/// follows the case on the portal. Cases received before 2024 run under the 2017 law, the rule
/// versions in force on each clock's start day.

/// Where the towns' contact points and the enterprises' service points stand.
public enum ReconsiderationPointKind: String, RecordChoice {
    case contact, enterprise
    public var label: String { self == .contact ? "基层联络点（司法所）" : "企业行政复议服务点" }
}

public enum ReconsiderationPoint {
    public enum Key: String, RecordKey {
        case name, kind, unit, host, hostCode = "host_code", address, phone, setUpOn = "set_up_on", closedOn = "closed_on"
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "reconsideration-points", table: "rec_reconsideration_points", label: "行政复议联络点和服务点",
        read: .disputesRead, write: .reconsiderationManage,
        fields: [
            RecordField(.name, "名称", .text(maxLength: 100), required: true),
            RecordField(.kind, "类别", .choices(ReconsiderationPointKind.self), required: true),
            RecordField(.unit, "所属单位", .unit, required: true, help: "联络点所在的司法所，或服务点的指导单位"),
            RecordField(.host, "依托单位", .text(maxLength: 100), required: true, help: "司法所，或挂牌的企业"),
            RecordField(.hostCode, "依托企业统一社会信用代码", .creditCode, help: "企业服务点填写"),
            RecordField(.address, "地址", .text(maxLength: 200)),
            RecordField(.phone, "联系电话", .phone),
            RecordField(.setUpOn, "设立（挂牌）日期", .date, required: true),
            RecordField(.closedOn, "撤销日期", .date),
        ],
        owner: .unit, title: .name, naturalKey: [.name], initial: .recorded,
        columns: [.name, .kind, .host, .setUpOn, .closedOn, .unit], filters: [.kind, .unit, .setUpOn, .closedOn],
        search: [.name, .host], sort: .setUpOn,
        related: [("经此受理的申请", "reconsiderations", "point", nil)],
        check: { v in
            if v.text(.kind) == ReconsiderationPointKind.enterprise.rawValue, v.text(.hostCode) == nil {
                return (.hostCode, "企业服务点须填写挂牌企业的统一社会信用代码")
            }
            if let start = v.date(.setUpOn), let end = v.date(.closedOn), end < start { return (.closedOn, "撤销日期不能早于设立日期") }
            return nil
        })
}

/// The administrative act an application is about.
public enum ReconsideredAct: String, RecordChoice {
    case penalty, compulsion, licensing, expropriation, registration, confirmation, disclosure, inaction, other
    public var label: String {
        switch self {
        case .penalty: "行政处罚"
        case .compulsion: "行政强制"
        case .licensing: "行政许可"
        case .expropriation: "征收征用及补偿"
        case .registration: "行政登记"
        case .confirmation: "行政确认（含确权）"
        case .disclosure: "政府信息公开"
        case .inaction: "不履行法定职责"
        case .other: "其他"
        }
    }
}

public enum ReconsiderationProcedure: String, RecordChoice {
    case general, simplified
    public var label: String { self == .general ? "普通程序" : "简易程序" }
}

/// A reconsideration decision's type (行政复议法 2023 Art.63–72). The first five correct the act.
public enum ReconsiderationDecision: String, RecordChoice {
    case change, revoke, confirmIllegal = "confirm_illegal", confirmVoid = "confirm_void", orderPerformance = "order_performance"
    case uphold, dismiss, compensation
    public var label: String {
        switch self {
        case .change: "变更"
        case .revoke: "撤销或者部分撤销"
        case .confirmIllegal: "确认违法"
        case .confirmVoid: "确认无效"
        case .orderPerformance: "责令履行"
        case .uphold: "维持"
        case .dismiss: "驳回行政复议请求"
        case .compensation: "行政赔偿"
        }
    }
    /// The decisions that correct the act: the numerator of the correction rate.
    public static let correcting: [ReconsiderationDecision] = [.change, .revoke, .confirmIllegal, .confirmVoid, .orderPerformance]
}

public enum Reconsideration {
    public enum Key: String, RecordKey {
        case receiptNumber = "receipt_number", office, channel, point, receivedOn = "received_on", acceptanceDueOn = "acceptance_due_on"
        case applicantKind = "applicant_kind", applicantName = "applicant_name", idNumber = "id_number", creditCode = "credit_code"
        case phone, email, address
        case respondent, act, actDescription = "act_description", actOn = "act_on", knewOn = "knew_on", told, realProperty = "real_property"
        case delayReason = "delay_reason", request, reasons, files
        case correctionAskedOn = "correction_asked_on", correctionRequest = "correction_request", correctionDueOn = "correction_due_on"
        case correctedOn = "corrected_on"
        case acceptedOn = "accepted_on", procedure, refusalReason = "refusal_reason"
        case copySentOn = "copy_sent_on", copyDueOn = "copy_due_on", copyServedOn = "copy_served_on", answerDueOn = "answer_due_on"
        case answeredOn = "answered_on", hearingOn = "hearing_on", hearingNotes = "hearing_notes"
        case decisionDueOn = "decision_due_on", suspendedOn = "suspended_on", suspensionReason = "suspension_reason", resumedOn = "resumed_on"
        case extensionDays = "extension_days", extensionApprover = "extension_approver", extensionNoticeOn = "extension_notice_on"
        case decision, concludedOn = "concluded_on", conclusion, decisionFiles = "decision_files"
    }

    public enum State: String, RecordChoice {
        case received, correcting, accepted, answering, reviewing, suspended, decided, mediated, settled, withdrawn, refused, dropped
        public var label: String {
            switch self {
            case .received: "受理审查中"
            case .correcting: "待补正"
            case .accepted: "已受理，待发送申请书副本"
            case .answering: "待被申请人答复"
            case .reviewing: "审理中"
            case .suspended: "中止审理"
            case .decided: "已作出行政复议决定"
            case .mediated: "调解结案"
            case .settled: "和解结案"
            case .withdrawn: "申请人撤回，终止"
            case .refused: "不予受理"
            case .dropped: "逾期不补正，视为放弃申请"
            }
        }
    }

    static let hearingStates: [State] = [.answering, .reviewing]

    /// The application window (2023 Art.20–21; 2017 Art.9): sixty days from knowing of the act, a
    /// year when the applicant was never told of the right, at most five years from the act (twenty
    /// for real property), counted from those days under the law in force when the application is
    /// received (the 2017 law has no year and no limit). A delay for force majeure or another good
    /// reason, stated, leaves the sixty days to the office's judgement (Art.20 ¶2), not the limit.
    static func window(_ v: TypedValues<Key>) -> (Key, String)? {
        guard let received = v.date(.receivedOn), let knew = v.date(.knewOn) else { return nil }
        if knew > received { return (.knewOn, "知道该行政行为的日期不能晚于收到申请日期") }
        if let act = v.date(.actOn), act > knew { return (.actOn, "行政行为作出日期不能晚于知道该行政行为的日期") }
        // The holiday notices the platform is built with: an end counted past them by weekends only
        // may yet move later, so it refuses nothing.
        let calculator = DeadlineCalculator(calendar: .builtIn)
        func end(_ id: String, from day: LocalDate) -> (StatutoryRule, LocalDate)? {
            guard let rule = StatutoryRules.rule(id, on: received), let due = try? rule.due(from: day, calculator: calculator), !due.provisional else {
                return nil
            }
            return (rule, due.due)
        }
        let property = v.text(.realProperty) == YesNo.yes.rawValue
        if let act = v.date(.actOn),
           let (rule, due) = end(property ? "reconsideration.application_limit_property" : "reconsideration.application_limit", from: act), received > due {
            return (.receivedOn, "申请已超过\(rule.name)：自\(rule.starts)（\(act)）起\(rule.period.description)，至 \(due) 届满（\(rule.article)）")
        }
        // A delay for good reason stops the sixty days, not the limit above.
        guard v.text(.delayReason) == nil else { return nil }
        let untold = v.text(.told) == YesNo.no.rawValue
        if let (rule, due) = end(untold ? "reconsideration.application_untold" : "reconsideration.application", from: knew)
            ?? end("reconsideration.application", from: knew), received > due {
            return (.receivedOn, "申请已超过\(rule.name)：自\(rule.starts)（\(knew)）起\(rule.period.description)，至 \(due) 届满（\(rule.article)）。"
                        + "因不可抗力或者其他正当理由耽误的，请在「耽误申请期限的理由」中说明")
        }
        return nil
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "reconsiderations", table: "rec_reconsiderations", label: "行政复议案件",
        read: .disputesRead, write: .reconsiderationManage,
        fields: [
            RecordField(.receiptNumber, "受理编号", .text(maxLength: 40), assigned: true),
            RecordField(.office, "行政复议机关", .unit, required: true, help: "县级以上地方各级人民政府（由其行政复议机构办理）"),
            RecordField(.channel, "申请渠道", .choices(IntakeChannel.self), required: true),
            RecordField(.point, "受理点", .record(register: ReconsiderationPoint.declaration.type.slug),
                        help: "经镇街基层联络点或企业服务点提交的，选择该点"),
            RecordField(.receivedOn, "收到申请日期", .date, required: true),
            RecordField(.acceptanceDueOn, "受理审查期限", .date, assigned: true),
            RecordField(.applicantKind, "申请人类型", .choices(ApplicantKind.self), required: true),
            RecordField(.applicantName, "申请人姓名或名称", .text(maxLength: 100), required: true, personal: true),
            RecordField(.idNumber, "身份证号", .idNumber, help: "申请人为公民的填写"),
            RecordField(.creditCode, "统一社会信用代码", .creditCode, help: "申请人为法人或者其他组织的填写"),
            RecordField(.phone, "联系电话", .phone, required: true, personal: true),
            RecordField(.email, "电子邮箱", .email, personal: true),
            RecordField(.address, "通信地址", .text(maxLength: 200), personal: true),
            RecordField(.respondent, "被申请人", .text(maxLength: 100), required: true, help: "作出行政行为的行政机关"),
            RecordField(.act, "行政行为类别", .choices(ReconsideredAct.self), required: true),
            RecordField(.actDescription, "申请复议的行政行为", .text(maxLength: 200), required: true, help: "行政行为的名称、文号"),
            RecordField(.actOn, "行政行为作出日期", .date),
            RecordField(.knewOn, "知道该行政行为的日期", .date, required: true, help: "申请期限自此日起计算"),
            RecordField(.told, "行政机关是否告知了申请行政复议的权利和期限", .choices(YesNo.self), required: true),
            RecordField(.realProperty, "是否涉及不动产", .choices(YesNo.self), required: true),
            RecordField(.delayReason, "耽误申请期限的理由", .longText, help: "因不可抗力或者其他正当理由耽误法定申请期限的，说明理由和障碍消除的日期"),
            RecordField(.request, "行政复议请求", .longText, required: true),
            RecordField(.reasons, "主要事实和理由", .longText, required: true),
            RecordField(.files, "申请材料", .attachments),
            RecordField(.correctionAskedOn, "补正通知日期", .date),
            RecordField(.correctionRequest, "补正事项", .longText),
            RecordField(.correctionDueOn, "申请人补正期限", .date, assigned: true),
            RecordField(.correctedOn, "收到补正材料日期", .date),
            RecordField(.acceptedOn, "受理日期", .date),
            RecordField(.procedure, "审理程序", .choices(ReconsiderationProcedure.self), help: "视为受理的，适用普通程序"),
            RecordField(.refusalReason, "不予受理的理由", .longText),
            RecordField(.copySentOn, "发送申请书副本日期", .date),
            RecordField(.copyDueOn, "发送申请书副本期限", .date, assigned: true),
            RecordField(.copyServedOn, "被申请人收到副本日期", .date),
            RecordField(.answerDueOn, "被申请人答复期限", .date, assigned: true),
            RecordField(.answeredOn, "被申请人答复日期", .date),
            RecordField(.hearingOn, "听证日期", .date),
            RecordField(.hearingNotes, "听证情况", .longText),
            RecordField(.decisionDueOn, "审理期限", .date, assigned: true),
            RecordField(.suspendedOn, "中止日期", .date),
            RecordField(.suspensionReason, "中止的理由", .longText),
            RecordField(.resumedOn, "恢复审理日期", .date),
            RecordField(.extensionDays, "延长日数", .count,
                        help: StatutoryRules.latest("reconsideration.decision")?.allowedExtension.map { "最多不得超过\($0.period.description)" }),
            RecordField(.extensionApprover, "批准延长的负责人", .text(maxLength: 50)),
            RecordField(.extensionNoticeOn, "书面通知延期日期", .date),
            RecordField(.decision, "决定类型", .choices(ReconsiderationDecision.self)),
            RecordField(.concludedOn, "结案日期", .date, help: "决定书、调解书送达或者终止之日"),
            RecordField(.conclusion, "结案情况", .longText, help: "决定、调解或和解的主要内容"),
            RecordField(.decisionFiles, "行政复议决定书（调解书）", .attachments),
        ],
        owner: .office, title: .receiptNumber, initial: .received,
        transitions: [
            .init("ask_correction", "通知补正", from: [.received], to: .correcting, permission: .reconsiderationManage,
                  requires: [.correctionAskedOn, .correctionRequest], clock: [.pause(.acceptanceDueOn, on: .correctionAskedOn, because: "补正")],
                  tells: "需要补正：请在补正期限内提交补正材料，无正当理由逾期不补正的，视为放弃行政复议申请",
                  check: { v, today in
                      if let asked = v.date(.correctionAskedOn), let due = v.date(.acceptanceDueOn), asked > due {
                          return "补正通知应在受理审查期限（\(due)）内发出"
                      }
                      return v.dates([.correctionAskedOn], notBefore: .receivedOn, named: "收到申请日期", today: today)
                  }),
            .init("corrected", "收到补正材料", from: [.correcting], to: .received, permission: .reconsiderationManage, requires: [.correctedOn],
                  clock: [.restart(.acceptanceDueOn, on: .correctedOn, because: "补正")], tells: "的补正材料已收到，受理审查期限重新计算",
                  check: { v, today in v.dates([.correctedOn], notBefore: .correctionAskedOn, named: "补正通知日期", today: today) }),
            .init("drop", "逾期不补正，视为放弃", from: [.correcting], to: .dropped, permission: .reconsiderationManage, requires: [.concludedOn],
                  tells: "因无正当理由逾期不补正，视为放弃行政复议申请",
                  check: { v, today in
                      if let due = v.date(.correctionDueOn), let day = v.date(.concludedOn), day <= due { return "补正期限（\(due)）届满后才能视为放弃申请" }
                      return v.dates([.concludedOn], notBefore: .correctionAskedOn, named: "补正通知日期", today: today)
                  }),
            .init("accept", "受理", from: [.received], to: .accepted, permission: .reconsiderationManage, requires: [.acceptedOn, .procedure],
                  tells: "已受理",
                  check: { v, today in
                      if v.text(.procedure) == ReconsiderationProcedure.simplified.rawValue, let day = v.date(.acceptedOn),
                         StatutoryRules.rule("reconsideration.decision_simplified", on: day) == nil {
                          return "受理之日施行的行政复议法没有简易程序，请选择普通程序"
                      }
                      return v.dates([.acceptedOn], notBefore: .receivedOn, named: "收到申请日期", today: today)
                  }),
            .init("deem_accept", "受理审查期限届满，视为受理", from: [.received], to: .accepted, permission: .reconsiderationManage,
                  requires: [.acceptedOn], tells: "受理审查期限届满，依法视为受理",
                  check: { v, today in
                      guard let due = v.date(.acceptanceDueOn), due < today else { return "受理审查期限届满后才能视为受理" }
                      // The day the law deems it accepted: the review's last day (2023), or the
                      // (corrected) application's receipt (2017).
                      if let received = v.date(.receivedOn), let lapse = StatutoryRules.rule("reconsideration.acceptance", on: received)?.lapse {
                          let lawful = lapse.day == .end ? due : v.date(.correctedOn) ?? received
                          if v.date(.acceptedOn) != lawful { return "视为受理的日期依法为 \(lawful)" }
                      }
                      return v.dates([.acceptedOn], notBefore: .receivedOn, named: "收到申请日期", today: today)
                  }),
            // A refusal is decided within the review; one made on paper in time and entered after
            // the platform deemed the application accepted is still entered, dated in time.
            .init("refuse", "不予受理", from: [.received, .accepted], to: .refused, permission: .reconsiderationManage,
                  requires: [.concludedOn, .refusalReason], tells: "不予受理，理由见不予受理决定书",
                  check: { v, today in
                      if let day = v.date(.concludedOn), let due = v.date(.acceptanceDueOn), day > due {
                          return "不予受理决定应在受理审查期限（\(due)）内作出；期限届满未作出的，依法视为受理"
                      }
                      return v.dates([.concludedOn], notBefore: .receivedOn, named: "收到申请日期", today: today)
                  }),
            .init("send_copy", "发送申请书副本", from: [.accepted], to: .answering, permission: .reconsiderationManage,
                  requires: [.copySentOn, .copyServedOn],
                  check: { v, today in
                      v.dates([.copySentOn], notBefore: .acceptedOn, named: "受理日期", today: today)
                          ?? v.dates([.copyServedOn], notBefore: .copySentOn, named: "发送申请书副本日期", today: today)
                  }),
            .init("record_answer", "收到被申请人答复", from: [.answering], to: .reviewing, permission: .reconsiderationManage, requires: [.answeredOn],
                  check: { v, today in v.dates([.answeredOn], notBefore: .copyServedOn, named: "被申请人收到副本日期", today: today) }),
            .init("suspend", "中止审理", from: [.reviewing], to: .suspended, permission: .reconsiderationManage,
                  requires: [.suspendedOn, .suspensionReason], clock: [.pause(.decisionDueOn, on: .suspendedOn, because: "中止")],
                  tells: "中止审理，中止的原因消除后恢复",
                  check: { v, today in v.dates([.suspendedOn], notBefore: .acceptedOn, named: "受理日期", today: today) }),
            .init("resume", "恢复审理", from: [.suspended], to: .reviewing, permission: .reconsiderationManage, requires: [.resumedOn],
                  clock: [.resume(.decisionDueOn, on: .resumedOn)], tells: "恢复审理",
                  check: { v, today in v.dates([.resumedOn], notBefore: .suspendedOn, named: "中止日期", today: today) }),
            .init("extend", "延长审理期限", from: [.reviewing], to: .reviewing, permission: .reconsiderationManage,
                  requires: [.extensionDays, .extensionApprover, .extensionNoticeOn],
                  clock: [.extend(.decisionDueOn, approvedBy: .extensionApprover, notice: .extensionNoticeOn, days: .extensionDays)],
                  tells: "情况复杂，审理期限经批准延长",
                  check: { v, today in
                      if let notice = v.date(.extensionNoticeOn), let due = v.date(.decisionDueOn), notice > due {
                          return "延长审理期限应在审理期限（\(due)）届满前书面通知"
                      }
                      return v.dates([.extensionNoticeOn], notBefore: .acceptedOn, named: "受理日期", today: today)
                  }),
            .init("decide", "作出行政复议决定", from: hearingStates, to: .decided, permission: .reconsiderationManage,
                  requires: [.decision, .concludedOn, .conclusion], tells: "已作出行政复议决定",
                  check: { v, today in v.dates([.concludedOn], notBefore: .acceptedOn, named: "受理日期", today: today) }),
            .init("mediate", "调解结案", from: hearingStates, to: .mediated, permission: .reconsiderationManage, requires: [.concludedOn, .conclusion],
                  tells: "经调解达成协议，行政复议调解书已制作",
                  check: { v, today in v.dates([.concludedOn], notBefore: .acceptedOn, named: "受理日期", today: today) }),
            .init("settle", "和解后撤回，终止", from: [.accepted, .suspended] + hearingStates, to: .settled, permission: .reconsiderationManage,
                  requires: [.concludedOn, .conclusion], tells: "当事人达成和解，申请人撤回申请，行政复议终止",
                  check: { v, today in v.dates([.concludedOn], notBefore: .acceptedOn, named: "受理日期", today: today) }),
            // The applicant may withdraw at any time before the decision (Art.74).
            .init("withdraw", "申请人撤回，终止", from: [.received, .correcting, .accepted, .suspended] + hearingStates, to: .withdrawn, permission: .reconsiderationManage,
                  requires: [.concludedOn], tells: "申请人撤回申请，行政复议终止",
                  check: { v, today in v.dates([.concludedOn], notBefore: .receivedOn, named: "收到申请日期", today: today) }),
        ],
        deadlines: [
            .clock(.acceptanceDueOn, rule: "reconsideration.acceptance", startsOn: .receivedOn, doneOn: .acceptedOn, openIn: [.received],
                   ask: "请在期限内决定是否受理；期限届满未作出不予受理决定的，平台将依法记为视为受理", lapses: ("deem_accept", on: .acceptedOn)),
            .window(.correctionDueOn, rule: "reconsideration.correction_window", startsOn: .correctionAskedOn, doneOn: .correctedOn,
                    openIn: [.correcting], ask: "申请人的补正期限将届满：收到补正材料的请登记，逾期未补正的视为放弃申请"),
            .clock(.copyDueOn, rules: [ReconsiderationProcedure.general: "reconsideration.copy", .simplified: "reconsideration.copy_simplified"],
                   by: .procedure, otherwise: .general, startsOn: .acceptedOn, doneOn: .copySentOn, openIn: [.accepted],
                   ask: "请将行政复议申请书副本发送被申请人"),
            .clock(.answerDueOn, rules: [ReconsiderationProcedure.general: "reconsideration.answer", .simplified: "reconsideration.answer_simplified"],
                   by: .procedure, otherwise: .general, startsOn: .copyServedOn, doneOn: .answeredOn, openIn: [.answering],
                   ask: "请督促被申请人提出书面答复并提交作出行政行为的证据、依据"),
            .clock(.decisionDueOn, rules: [ReconsiderationProcedure.general: "reconsideration.decision", .simplified: "reconsideration.decision_simplified"],
                   by: .procedure, otherwise: .general, startsOn: .acceptedOn, doneOn: .concludedOn, openIn: [.accepted, .answering, .reviewing]),
        ],
        columns: [.receiptNumber, .applicantName, .respondent, .act, .receivedOn, .acceptanceDueOn, .decisionDueOn, .decision],
        filters: [.office, .channel, .point, .act, .receivedOn, .acceptedOn, .concludedOn, .procedure, .decision, .applicantKind],
        search: [.receiptNumber, .respondent, .actDescription], sort: .receivedOn,
        intake: .init("reconsideration", "行政复议申请",
                      intro: "公民、法人或者其他组织认为行政行为侵犯其合法权益的，可以自知道该行政行为之日起"
                          + (StatutoryRules.latest("reconsideration.application")?.period.description ?? "") + "内提出行政复议申请（《中华人民共和国行政复议法》第二十条）。"
                          + "提交后即获得受理编号；凭受理编号和联系方式收到的验证码，可随时查看受理、审理情况和期限，下载行政复议决定书。",
                      office: .office, officeKinds: ["district"], channel: .channel, receivedOn: .receivedOn,
                      receipt: .receiptNumber, receiptPrefix: "FY", applicantKind: .applicantKind, name: .applicantName, idNumber: .idNumber,
                      creditCode: .creditCode, phone: .phone, email: .email,
                      fields: [.address, .respondent, .act, .actDescription, .actOn, .knewOn, .told, .realProperty, .delayReason, .request, .reasons],
                      files: .files, sent: .decisionFiles,
                      follow: [.acceptedOn, .correctionAskedOn, .correctionRequest, .correctionDueOn, .refusalReason, .extensionNoticeOn,
                               .decisionDueOn, .decision, .concludedOn, .conclusion],
                      officesOnly: true),
        notify: .applicant(name: .applicantName, phone: .phone, email: .email),
        check: { v in window(v) })
}

/// The figures of 行政复议.
public enum ReconsiderationFigures {
    static let cases = Reconsideration.declaration.type.slug
    typealias R = Reconsideration.Key
    static func concluded(_ states: [Reconsideration.State], decisions: [ReconsiderationDecision] = []) -> Figure.Selection {
        Figure.Selection(cases, by: R.concludedOn.rawValue, matching: decisions.isEmpty ? [:] : [R.decision.rawValue: decisions.map(\.rawValue)],
                         states: states.map(\.rawValue))
    }
    static func points(_ kind: ReconsiderationPointKind) -> Figure.Selection {
        Figure.Selection(ReconsiderationPoint.declaration.type.slug, by: ReconsiderationPoint.Key.setUpOn.rawValue,
                         until: ReconsiderationPoint.Key.closedOn.rawValue, matching: [ReconsiderationPoint.Key.kind.rawValue: [kind.rawValue]])
    }

    public static let figures: [Figure] = [
        Figure("reconsideration.cases", "办理行政复议案件", unit: "件", definition: "按受理日期计（含视为受理），受理的行政复议案件数",
               .count(Figure.Selection(cases, by: R.acceptedOn.rawValue))),
        Figure("reconsideration.change", "行政复议案件同比变化", unit: "%", definition: "受理的行政复议案件数比上年同期的增减",
               .change(figure: "reconsideration.cases")),
        Figure("reconsideration.settled", "和解调解结案", unit: "件", definition: "按结案日期计，经调解或者和解结案的行政复议案件数",
               .count(concluded([.mediated, .settled]))),
        Figure("reconsideration.correction_rate", "行政复议纠错率", unit: "%",
               definition: "按结案日期计，变更、撤销、确认违法、确认无效和责令履行的决定占作出行政复议决定的案件的比例",
               .rate(part: concluded([.decided], decisions: ReconsiderationDecision.correcting), whole: concluded([.decided]))),
        Figure("reconsideration.contact_points", "行政复议基层联络点", unit: "个", definition: "期末已设立且未撤销的镇街司法所行政复议申请基层联络点数",
               .count(points(.contact))),
        Figure("reconsideration.service_points", "企业行政复议服务点", unit: "家", definition: "期末已挂牌且未撤销的企业行政复议服务点数",
               .count(points(.enterprise))),
    ]

    static let report = [
        "二是扎实推进行政复议改革。依托镇街司法所设立行政复议申请基层联络点{reconsideration.contact_points}个，在{reconsideration.service_points}家中小企业挂牌行政复议服务点，形成全覆盖的网络体系。{year}年共办理行政复议案件{reconsideration.cases}件，数量比上年{reconsideration.change|增减}，其中和解调解{reconsideration.settled}件，纠错率为{reconsideration.correction_rate}%。",
    ]
}

extension Permission {
    public static let reconsiderationManage = Permission("reconsideration.manage", "办理行政复议案件、登记联络点和服务点", .business)
}
