/// 政务公开 (seed 五): applications for government information (依申请公开) under
/// 政府信息公开条例, taken on the portal or registered by staff, answered on the reply clock of
/// Art.33 (补正 restarts it, Art.30; a consultation pauses it, Art.32; one extension, Art.33).

/// How an application was answered: the rows of the national annual report's table
/// (国办公开办函〔2021〕30号, `rules.md` §5), each with the group it is counted in.
public enum DisclosureOutcome: String, RecordChoice {
    case disclosed
    case partly
    case withheldSecret = "withheld_secret", withheldByLaw = "withheld_by_law", withheldSafety = "withheld_safety"
    case withheldThirdParty = "withheld_third_party", withheldInternal = "withheld_internal", withheldProcess = "withheld_process"
    case withheldEnforcementFile = "withheld_enforcement_file", withheldQuery = "withheld_query"
    case unavailableNotHeld = "unavailable_not_held", unavailableNeedsMaking = "unavailable_needs_making", unavailableUnclear = "unavailable_unclear"
    case notHandledPetition = "not_handled_petition", notHandledRepeat = "not_handled_repeat", notHandledPublication = "not_handled_publication"
    case notHandledMassive = "not_handled_massive", notHandledConfirmation = "not_handled_confirmation"
    case otherNotCorrected = "other_not_corrected", otherNotPaid = "other_not_paid", other

    public var label: String {
        switch self {
        case .disclosed: "予以公开"
        case .partly: "部分公开"
        case .withheldSecret: "不予公开：属于国家秘密"
        case .withheldByLaw: "不予公开：其他法律行政法规禁止公开"
        case .withheldSafety: "不予公开：危及“三安全一稳定”"
        case .withheldThirdParty: "不予公开：保护第三方合法权益"
        case .withheldInternal: "不予公开：属于三类内部事务信息"
        case .withheldProcess: "不予公开：属于四类过程性信息"
        case .withheldEnforcementFile: "不予公开：属于行政执法案卷"
        case .withheldQuery: "不予公开：属于行政查询事项"
        case .unavailableNotHeld: "无法提供：本机关不掌握相关政府信息"
        case .unavailableNeedsMaking: "无法提供：没有现成信息需要另行制作"
        case .unavailableUnclear: "无法提供：补正后申请内容仍不明确"
        case .notHandledPetition: "不予处理：信访举报投诉类申请"
        case .notHandledRepeat: "不予处理：重复申请"
        case .notHandledPublication: "不予处理：要求提供公开出版物"
        case .notHandledMassive: "不予处理：无正当理由大量反复申请"
        case .notHandledConfirmation: "不予处理：要求行政机关确认或重新出具已获取信息"
        case .otherNotCorrected: "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        case .otherNotPaid: "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        case .other: "其他处理：其他"
        }
    }
}

/// 法人或者其他组织 as the annual report's applicant columns split them.
public enum OrganisationType: String, RecordChoice {
    case business, research, charity, legalService = "legal_service", other
    public var label: String {
        switch self {
        case .business: "商业企业"
        case .research: "科研机构"
        case .charity: "社会公益组织"
        case .legalService: "法律服务机构"
        case .other: "其他"
        }
    }
}

/// How the applicant asks to receive the information (条例 Art.29).
public enum DeliveryMethod: String, RecordChoice {
    case online, post, pickup
    public var label: String {
        switch self {
        case .online: "网上查看（政务公开平台）"
        case .post: "邮寄"
        case .pickup: "当面领取"
        }
    }
}

public enum DisclosureApplication {
    public enum Key: String, RecordKey {
        case receiptNumber = "receipt_number", office, channel, receivedOn = "received_on", replyDueOn = "reply_due_on"
        case applicantKind = "applicant_kind", applicantName = "applicant_name", idNumber = "id_number", creditCode = "credit_code"
        case organisationType = "organisation_type", phone, email, address
        case content, purpose, delivery, files
        case correctionAskedOn = "correction_asked_on", correctionRequest = "correction_request", correctedOn = "corrected_on"
        case consultedOn = "consulted_on", consultationEndedOn = "consultation_ended_on"
        case extensionApprover = "extension_approver", extensionNoticeOn = "extension_notice_on"
        case outcome, repliedOn = "replied_on", replyText = "reply_text", replyFiles = "reply_files"
    }

    public enum State: String, RecordChoice {
        case received, correcting, consulting, replied, closed
        public var label: String {
            switch self {
            case .received: "办理中"
            case .correcting: "待补正"
            case .consulting: "征求第三方意见"
            case .replied: "已答复"
            case .closed: "不再处理"
            }
        }
    }

    static func notAfterToday(_ v: TypedValues<Key>, _ today: LocalDate, _ keys: [Key]) -> String? {
        v.dates(keys, notBefore: .receivedOn, named: "收到申请日期", today: today)
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "disclosure-applications", table: "rec_disclosure_applications", label: "依申请公开",
        read: .disclosureRead, write: .disclosureManage,
        fields: [
            RecordField(.receiptNumber, "受理编号", .text(maxLength: 40), assigned: true),
            RecordField(.office, "受理机关", .unit, required: true, help: "向掌握所需政府信息的行政机关提出申请"),
            RecordField(.channel, "申请渠道", .choices(IntakeChannel.self), required: true),
            RecordField(.receivedOn, "收到申请日期", .date, required: true,
                        help: "当面提交的为提交之日；信函为签收之日；网络、传真为双方确认之日（条例第三十一条）"),
            RecordField(.replyDueOn, "答复期限", .date, assigned: true),
            RecordField(.applicantKind, "申请人类型", .choices(ApplicantKind.self), required: true),
            RecordField(.applicantName, "申请人姓名或名称", .text(maxLength: 100), required: true, personal: true),
            RecordField(.idNumber, "身份证号", .idNumber, help: "申请人为公民的填写"),
            RecordField(.creditCode, "统一社会信用代码", .creditCode, help: "申请人为法人或者其他组织的填写"),
            RecordField(.organisationType, "组织类型", .choices(OrganisationType.self), help: "申请人为法人或者其他组织的填写"),
            RecordField(.phone, "联系电话", .phone, required: true, personal: true),
            RecordField(.email, "电子邮箱", .email, personal: true),
            RecordField(.address, "通信地址", .text(maxLength: 200), personal: true),
            RecordField(.content, "所需政府信息的名称、文号或者便于查询的其他特征性描述", .longText, required: true),
            RecordField(.purpose, "用途说明", .text(maxLength: 200)),
            RecordField(.delivery, "获取信息的方式", .choices(DeliveryMethod.self), required: true),
            RecordField(.files, "申请材料", .attachments),
            RecordField(.correctionAskedOn, "补正告知日期", .date),
            RecordField(.correctionRequest, "补正要求", .longText),
            RecordField(.correctedOn, "收到补正日期", .date),
            RecordField(.consultedOn, "征求意见日期", .date),
            RecordField(.consultationEndedOn, "征求意见结束日期", .date),
            RecordField(.extensionApprover, "批准延长的负责人", .text(maxLength: 50)),
            RecordField(.extensionNoticeOn, "延期告知日期", .date),
            RecordField(.outcome, "办理结果", .choices(DisclosureOutcome.self)),
            RecordField(.repliedOn, "答复日期", .date),
            RecordField(.replyText, "答复内容", .longText),
            RecordField(.replyFiles, "答复文书及所提供的信息", .attachments),
        ],
        owner: .office, title: .receiptNumber, initial: .received,
        transitions: [
            .init("ask_correction", "告知补正", from: [.received], to: .correcting, permission: .disclosureManage,
                  requires: [.correctionAskedOn, .correctionRequest], clock: [.pause(.replyDueOn, on: .correctionAskedOn, because: "补正")],
                  tells: "需要补正，答复期限自收到补正之日起重新计算",
                  check: { v, today in notAfterToday(v, today, [.correctionAskedOn]) }),
            .init("corrected", "收到补正", from: [.correcting], to: .received, permission: .disclosureManage, requires: [.correctedOn],
                  clock: [.restart(.replyDueOn, on: .correctedOn, because: "补正")], tells: "的补正已收到，答复期限重新计算",
                  check: { v, today in notAfterToday(v, today, [.correctedOn]) }),
            .init("consult", "征求第三方意见", from: [.received], to: .consulting, permission: .disclosureManage, requires: [.consultedOn],
                  clock: [.pause(.replyDueOn, on: .consultedOn, because: "征求第三方意见")],
                  check: { v, today in notAfterToday(v, today, [.consultedOn]) }),
            .init("consulted", "征求意见结束", from: [.consulting], to: .received, permission: .disclosureManage, requires: [.consultationEndedOn],
                  clock: [.resume(.replyDueOn, on: .consultationEndedOn)],
                  check: { v, today in
                      if let a = v.date(.consultedOn), let b = v.date(.consultationEndedOn), b < a { return "征求意见结束日期不能早于开始日期" }
                      return notAfterToday(v, today, [.consultationEndedOn])
                  }),
            .init("extend", "延长答复期限", from: [.received], to: .received, permission: .disclosureManage,
                  requires: [.extensionApprover, .extensionNoticeOn], clock: [.extend(.replyDueOn, approvedBy: .extensionApprover, notice: .extensionNoticeOn)],
                  tells: "的答复期限经批准延长",
                  check: { v, today in notAfterToday(v, today, [.extensionNoticeOn]) }),
            .init("reply", "答复", from: [.received], to: .replied, permission: .disclosureManage, requires: [.outcome, .repliedOn, .replyText],
                  tells: "已答复",
                  check: { v, today in
                      if v.text(.outcome) == DisclosureOutcome.otherNotCorrected.rawValue { return "申请人逾期不补正的，请用「不再处理」" }
                      return notAfterToday(v, today, [.repliedOn])
                  }),
            .init("drop", "逾期未补正，不再处理", from: [.correcting], to: .closed, permission: .disclosureManage, requires: [.outcome, .repliedOn],
                  tells: "因逾期未补正，不再处理",
                  check: { v, today in
                      if v.text(.outcome) != DisclosureOutcome.otherNotCorrected.rawValue { return "办理结果应为「申请人无正当理由逾期不补正」" }
                      return notAfterToday(v, today, [.repliedOn])
                  }),
        ],
        deadlines: [.clock(.replyDueOn, rule: "disclosure.reply", startsOn: .receivedOn, doneOn: .repliedOn, openIn: [.received, .consulting])],
        columns: [.receiptNumber, .office, .channel, .receivedOn, .replyDueOn, .outcome],
        filters: [.office, .channel, .receivedOn, .outcome, .applicantKind],
        search: [.receiptNumber, .content], sort: .receivedOn,
        intake: .init("disclosure", "政府信息公开申请",
                      intro: "公民、法人或者其他组织可以向行政机关申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。"
                          + "提交后即获得受理编号；凭受理编号和联系方式收到的验证码，可随时查看办理状态、答复期限和答复文书。",
                      office: .office, officeKinds: ["district", "department", "town"], channel: .channel, receivedOn: .receivedOn,
                      receipt: .receiptNumber, receiptPrefix: "YSQ", applicantKind: .applicantKind, name: .applicantName, idNumber: .idNumber,
                      creditCode: .creditCode, phone: .phone, email: .email,
                      fields: [.organisationType, .address, .content, .purpose, .delivery], files: .files, sent: .replyFiles,
                      follow: [.correctionAskedOn, .correctionRequest, .extensionNoticeOn, .outcome, .repliedOn, .replyText]),
        notify: .applicant(name: .applicantName, phone: .phone, email: .email))
}

/// The figures of 政务公开 so far: applications received and answered on time.
public enum Disclosure {
    static let applications = DisclosureApplication.declaration.type.slug
    static var received: Figure.Selection { Figure.Selection(applications, by: DisclosureApplication.Key.receivedOn.rawValue) }

    public static let figures: [Figure] = [
        Figure("disclosure.applications", "依申请公开申请", unit: "件", definition: "按收到申请日期计的政府信息公开申请数（各渠道）", .count(received)),
        Figure("disclosure.on_time_rate", "依申请公开按期答复率", unit: "%",
               definition: "按答复日期计，已答复的申请中在法定答复期限内（扣除征求意见时间、补正后重新计算、含延长）答复的比例",
               .onTime(Figure.Selection(applications, by: DisclosureApplication.Key.repliedOn.rawValue), clock: DisclosureApplication.Key.replyDueOn.rawValue)),
    ]
}

extension Permission {
    public static let disclosureRead = Permission("disclosure.read", "查看政务公开", .business)
    public static let disclosureManage = Permission("disclosure.manage", "办理政府信息公开申请", .business)
}

extension Module {
    /// 政务公开 (seed 五): applications for government information.
    public static let disclosure = Module(
        code: "disclosure", name: "政务公开",
        registers: [DisclosureApplication.declaration.type],
        permissions: [.disclosureRead, .disclosureManage],
        grants: [.districtOffice: [.disclosureRead, .disclosureManage], .departmentClerk: [.disclosureRead, .disclosureManage],
                 .townClerk: [.disclosureRead, .disclosureManage], .unitHead: [.disclosureRead]],
        figures: Disclosure.figures)
}
