/// 政务公开 (seed 五): information disclosed proactively within 20 working days of being formed
/// (政府信息公开条例 Art.26) and published on the portal; applications for government information
/// (依申请公开), taken on the portal or registered by staff, answered on the reply clock of Art.33
/// (补正 restarts it, Art.30; a consultation pauses it, Art.32; one extension, Art.33); messages
/// from the public on 人民网's board and others, with their replies; and the disclosure columns of
/// the government's websites.

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
        filters: [.office, .channel, .receivedOn, .repliedOn, .outcome, .applicantKind, .organisationType],
        search: [.receiptNumber, .content], sort: .receivedOn,
        intake: .init("disclosure", "政府信息公开申请",
                      intro: "公民、法人或者其他组织可以向行政机关申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。"
                          + "提交后即获得受理编号；凭受理编号和联系方式收到的验证码，可随时查看办理状态、答复期限和答复文书。",
                      office: .office, officeKinds: ["district", "department", "town"], channel: .channel, receivedOn: .receivedOn,
                      receipt: .receiptNumber, receiptPrefix: "YSQ", applicantKind: .applicantKind, name: .applicantName, idNumber: .idNumber,
                      creditCode: .creditCode, phone: .phone, email: .email,
                      fields: [.organisationType, .address, .content, .purpose, .delivery], organisation: [.organisationType], files: .files,
                      sent: .replyFiles,
                      follow: [.correctionAskedOn, .correctionRequest, .extensionNoticeOn, .outcome, .repliedOn, .replyText]),
        notify: .applicant(name: .applicantName, phone: .phone, email: .email),
        // The annual report counts organisations by their type.
        check: { v in
            v.text(.applicantKind) == ApplicantKind.organisation.rawValue && v.text(.organisationType) == nil
                ? (.organisationType, "申请人为法人或者其他组织的，请选择组织类型") : nil
        })
}

/// What a proactively disclosed item is, by 条例 Art.20's items and the categories the annual
/// report and the portal group them in.
public enum ProactiveCategory: String, RecordChoice {
    case regulation, normative, plan, licensing, penalty, compulsion, fees, budget, procurement, executiveMeeting = "executive_meeting"
    case interpretation, personnel, statistics, other
    public var label: String {
        switch self {
        case .regulation: "规章"
        case .normative: "行政规范性文件"
        case .plan: "规划计划"
        case .licensing: "行政许可"
        case .penalty: "行政处罚"
        case .compulsion: "行政强制"
        case .fees: "行政事业性收费"
        case .budget: "财政预决算"
        case .procurement: "政府采购"
        case .executiveMeeting: "政府常务会议"
        case .interpretation: "政策解读"
        case .personnel: "人事信息"
        case .statistics: "统计信息"
        case .other: "其他"
        }
    }
}

/// An item of government information disclosed on the agency's own initiative: formed (or
/// changed) on a day, due on the portal within Art.26's 20 working days, published.
public enum ProactiveDisclosure {
    public enum Key: String, RecordKey {
        case title, docNumber = "doc_number", unit, category, section, formedOn = "formed_on", publishDueOn = "publish_due_on"
        case publishedOn = "published_on", amount, link, body, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "proactive-disclosures", table: "rec_proactive_disclosures", label: "主动公开信息",
        read: .disclosureRead, write: .disclosureManage,
        fields: [
            RecordField(.title, "信息名称", .text(maxLength: 200), required: true),
            RecordField(.docNumber, "文号", .text(maxLength: 60)),
            RecordField(.unit, "公开主体", .unit, required: true),
            RecordField(.category, "公开类别", .choices(ProactiveCategory.self), required: true),
            RecordField(.section, "所属栏目", .text(maxLength: 60), required: true),
            RecordField(.formedOn, "信息形成（变更）日期", .date, required: true),
            RecordField(.publishDueOn, "公开期限", .date, assigned: true),
            RecordField(.publishedOn, "公开日期", .date, help: "尚未公开的先登记，公开后填写"),
            RecordField(.amount, "收费金额（元）", .money, help: "行政事业性收费类信息填写本年收费金额"),
            RecordField(.link, "网站链接", .text(maxLength: 300)),
            RecordField(.body, "内容摘要", .longText),
            RecordField(.files, "附件", .attachments),
        ],
        owner: .unit, title: .title, naturalKey: [.title, .unit, .formedOn], initial: .recorded,
        deadlines: [
            .clock(.publishDueOn, rule: "disclosure.proactive", startsOn: .formedOn, doneOn: .publishedOn, openIn: [.recorded],
                   ask: "请在法定期限内通过政府网站等途径公开（条例第二十六条）"),
        ],
        columns: [.title, .docNumber, .unit, .category, .formedOn, .publishDueOn, .publishedOn],
        filters: [.unit, .category, .section, .formedOn, .publishedOn],
        search: [.title, .docNumber, .section], sort: .formedOn,
        publish: .init("proactive", "主动公开政府信息", summary: "按类别和栏目公开的政府信息", from: .publishedOn,
                       fields: [.title, .docNumber, .category, .section, .publishedOn, .link, .body],
                       columns: [.title, .docNumber, .category, .publishedOn], searchable: true),
        check: { v in
            if let formed = v.date(.formedOn), let published = v.date(.publishedOn), published < formed {
                return (.publishedOn, "公开日期不能早于信息形成日期")
            }
            return nil
        })
}

/// Where a message from the public came in.
public enum MessageBoard: String, RecordChoice {
    case peopleDaily = "people_daily", hotline, mailbox, other
    public var label: String {
        switch self {
        case .peopleDaily: "人民网“领导留言板”"
        case .hotline: "12345政务服务便民热线"
        case .mailbox: "区长信箱"
        case .other: "其他网络平台"
        }
    }
}

/// A message left by a member of the public on 人民网's board (or another), assigned to the unit
/// that handles it and answered within the district's term.
public enum PublicMessage {
    public enum Key: String, RecordKey {
        case board, messageNumber = "message_number", receivedOn = "received_on", subject, content, author, unit
        case replyDueOn = "reply_due_on", repliedOn = "replied_on", replyText = "reply_text"
    }

    public enum State: String, RecordChoice {
        case received, replied
        public var label: String { self == .received ? "办理中" : "已答复" }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "public-messages", table: "rec_public_messages", label: "网民留言",
        read: .disclosureRead, write: .disclosureManage,
        fields: [
            RecordField(.board, "留言平台", .choices(MessageBoard.self), required: true),
            RecordField(.messageNumber, "留言编号", .text(maxLength: 40), required: true),
            RecordField(.receivedOn, "交办日期", .date, required: true),
            RecordField(.subject, "留言标题", .text(maxLength: 200), required: true),
            RecordField(.content, "留言内容", .longText, required: true),
            RecordField(.author, "留言人", .text(maxLength: 50), personal: true),
            RecordField(.unit, "承办单位", .unit, required: true),
            RecordField(.replyDueOn, "答复期限", .date, assigned: true),
            RecordField(.repliedOn, "答复日期", .date),
            RecordField(.replyText, "答复内容", .longText),
        ],
        owner: .unit, title: .subject, naturalKey: [.board, .messageNumber], initial: .received,
        transitions: [
            .init("reply", "答复", from: [.received], to: .replied, permission: .disclosureManage, requires: [.repliedOn, .replyText],
                  check: { v, today in v.dates([.repliedOn], notBefore: .receivedOn, named: "交办日期", today: today) }),
        ],
        deadlines: [.clock(.replyDueOn, rule: "messages.reply", startsOn: .receivedOn, doneOn: .repliedOn, openIn: [.received], ask: "请按期答复网民留言")],
        columns: [.board, .messageNumber, .subject, .unit, .receivedOn, .replyDueOn, .repliedOn],
        filters: [.board, .unit, .receivedOn, .repliedOn],
        search: [.messageNumber, .subject], sort: .receivedOn)
}

/// A disclosure column (政务公开专栏) of a government website, and when it was last improved.
public enum DisclosureColumn {
    public enum Key: String, RecordKey {
        case name, site, unit, address, improvedOn = "improved_on", improvement
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "disclosure-columns", table: "rec_disclosure_columns", label: "政务公开专栏",
        read: .disclosureRead, write: .disclosureManage,
        fields: [
            RecordField(.name, "栏目名称", .text(maxLength: 60), required: true),
            RecordField(.site, "所在网站", .text(maxLength: 100), required: true),
            RecordField(.unit, "维护单位", .unit, required: true),
            RecordField(.address, "栏目地址", .text(maxLength: 300)),
            RecordField(.improvedOn, "优化升级日期", .date),
            RecordField(.improvement, "优化升级内容", .longText),
        ],
        owner: .unit, title: .name, naturalKey: [.name, .site], initial: .recorded,
        columns: [.name, .site, .unit, .improvedOn],
        filters: [.unit, .improvedOn],
        search: [.name, .site], sort: .improvedOn)
}

/// The figures of 政务公开.
public enum Disclosure {
    static let applications = DisclosureApplication.declaration.type.slug
    static var received: Figure.Selection { Figure.Selection(applications, by: DisclosureApplication.Key.receivedOn.rawValue) }
    typealias P = ProactiveDisclosure.Key
    static let proactive = ProactiveDisclosure.declaration.type.slug
    static func formed(_ categories: [ProactiveCategory] = [], published: Bool = false) -> Figure.Selection {
        Figure.Selection(proactive, by: P.formedOn.rawValue, matching: categories.isEmpty ? [:] : [P.category.rawValue: categories.map(\.rawValue)],
                         filled: published ? [P.publishedOn.rawValue] : [])
    }
    static let messages = PublicMessage.declaration.type.slug

    public static let figures: [Figure] = [
        Figure("disclosure.proactive_items", "主动公开政府信息", unit: "条", definition: "按公开日期计，通过政府网站等途径主动公开的政府信息条数",
               .count(Figure.Selection(proactive, by: P.publishedOn.rawValue))),
        Figure("disclosure.proactive_rate", "主动公开率", unit: "%", definition: "按信息形成日期计，登记的应主动公开政府信息中已公开的比例",
               .rate(part: formed(published: true), whole: formed())),
        Figure("disclosure.proactive_on_time_rate", "主动公开及时率", unit: "%",
               definition: "按公开日期计，在信息形成或者变更之日起法定期限内公开的比例（条例第二十六条）",
               .onTime(Figure.Selection(proactive, by: P.publishedOn.rawValue), clock: P.publishDueOn.rawValue)),
        Figure("disclosure.executive_meetings_rate", "政府常务会议公开率", unit: "%", definition: "按会议信息形成日期计，政府常务会议信息中已公开的比例",
               .rate(part: formed([.executiveMeeting], published: true), whole: formed([.executiveMeeting]))),
        Figure("disclosure.applications", "依申请公开申请", unit: "件", definition: "按收到申请日期计的政府信息公开申请数（各渠道）", .count(received)),
        Figure("disclosure.on_time_rate", "依申请公开按期答复率", unit: "%",
               definition: "按答复日期计，已答复的申请中在法定答复期限内（扣除征求意见时间、补正后重新计算、含延长）答复的比例",
               .onTime(Figure.Selection(applications, by: DisclosureApplication.Key.repliedOn.rawValue), clock: DisclosureApplication.Key.replyDueOn.rawValue)),
        Figure("disclosure.people_daily_messages", "办理人民网留言", unit: "件", definition: "按答复日期计，已答复的人民网“领导留言板”留言数",
               .count(Figure.Selection(messages, by: PublicMessage.Key.repliedOn.rawValue, matching: [PublicMessage.Key.board.rawValue: [MessageBoard.peopleDaily.rawValue]],
                                       states: [PublicMessage.State.replied.rawValue]))),
        Figure("disclosure.messages_on_time_rate", "网民留言按期答复率", unit: "%", definition: "按答复日期计，在本区规定期限内答复的网民留言比例",
               .onTime(Figure.Selection(messages, by: PublicMessage.Key.repliedOn.rawValue), clock: PublicMessage.Key.replyDueOn.rawValue)),
        Figure("disclosure.columns_improved", "优化政务公开专栏", unit: "个", definition: "按优化升级日期计，优化升级的政务公开专栏数",
               .count(Figure.Selection(DisclosureColumn.declaration.type.slug, by: DisclosureColumn.Key.improvedOn.rawValue))),
    ]
}

extension Permission {
    public static let disclosureRead = Permission("disclosure.read", "查看政务公开", .business)
    public static let disclosureManage = Permission("disclosure.manage", "办理政府信息公开申请", .business)
}

extension Module {
    /// 政务公开 (seed 五): proactive disclosure, applications, messages and columns.
    public static let disclosure = Module(
        code: "disclosure", name: "政务公开",
        registers: [ProactiveDisclosure.declaration.type, DisclosureApplication.declaration.type, PublicMessage.declaration.type,
                    DisclosureColumn.declaration.type, DisclosureAnnualReportFiling.declaration.type],
        permissions: [.disclosureRead, .disclosureManage],
        grants: [.districtOffice: [.disclosureRead, .disclosureManage], .departmentClerk: [.disclosureRead, .disclosureManage],
                 .townClerk: [.disclosureRead, .disclosureManage], .unitHead: [.disclosureRead]],
        figures: Disclosure.figures,
        rules: ["disclosure.reply", "disclosure.consultation", "disclosure.correction_notice", "disclosure.proactive", "messages.reply",
                "disclosure.annual_report.department", "disclosure.annual_report.government"],
        pages: [ModulePage("信息公开年报", path: "/disclosure-reports", permission: .disclosureRead, place: .reports)],
        commands: ["disclosure-report"],
        report: ["work.5": [
            "政务公开全面推进。{year}年优化政务公开专栏{disclosure.columns_improved}个，全区主动公开政府信息{disclosure.proactive_items}条，处理政府信息依申请公开{disclosure.applications}件，办理人民网留言{disclosure.people_daily_messages}件。区政府主动公开率{disclosure.proactive_rate}%，政府常务会议公开率{disclosure.executive_meetings_rate}%。",
        ]])
}

/// Which deadline of 条例 Art.49 an agency's annual report runs under.
public enum ReportingAgency: String, RecordChoice {
    case department, government
    public var label: String { self == .government ? "本级人民政府" : "政府部门" }
}

/// The publication of an agency's 政府信息公开工作年度报告: one record per agency and year, due
/// by 31 January for a department and 31 March for the government (条例 Art.49), reminded like any
/// clock until it is published.
public enum DisclosureAnnualReportFiling {
    public enum Key: String, RecordKey {
        case unit, agency, yearEnd = "year_end", dueOn = "due_on", publishedOn = "published_on", link, files
    }

    public enum State: String, RecordChoice {
        case drafting, published
        public var label: String { self == .drafting ? "编制中" : "已公布" }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "disclosure-annual-reports", table: "rec_disclosure_annual_reports", label: "信息公开年报公布",
        read: .disclosureRead, write: .disclosureManage,
        fields: [
            RecordField(.unit, "公开主体", .unit, required: true),
            RecordField(.agency, "主体类别", .choices(ReportingAgency.self), required: true),
            RecordField(.yearEnd, "报告年度末", .date, required: true, help: "报告年度的年末日期（如 2023-12-31）"),
            RecordField(.dueOn, "公布期限", .date, assigned: true),
            RecordField(.publishedOn, "公布日期", .date),
            RecordField(.link, "公布网址", .text(maxLength: 300)),
            RecordField(.files, "年度报告文本", .attachments),
        ],
        owner: .unit, title: .yearEnd, naturalKey: [.unit, .yearEnd], initial: .drafting,
        transitions: [
            .init("publish", "公布", from: [.drafting], to: .published, permission: .disclosureManage, requires: [.publishedOn, .link],
                  check: { v, today in v.dates([.publishedOn], notBefore: .yearEnd, named: "报告年度末", today: today) }),
        ],
        deadlines: [
            .clock(.dueOn, rules: [ReportingAgency.department: "disclosure.annual_report.department", .government: "disclosure.annual_report.government"],
                   by: .agency, startsOn: .yearEnd, doneOn: .publishedOn, openIn: [.drafting], ask: "请按期公布政府信息公开工作年度报告"),
        ],
        columns: [.unit, .agency, .yearEnd, .dueOn, .publishedOn],
        filters: [.unit, .agency, .yearEnd, .publishedOn],
        search: [.link], sort: .yearEnd,
        check: { v in
            guard let end = v.date(.yearEnd) else { return nil }
            return end.adding(days: 1).components.day == 1 && end.adding(days: 1).components.month == 1 ? nil : (.yearEnd, "报告年度末应填写该年度的年末日期")
        })
}
