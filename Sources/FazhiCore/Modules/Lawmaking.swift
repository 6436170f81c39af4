/// 依法行政制度体系 (seed 一.三, `../shared/docs/rules.md` §2–3): administrative normative documents
/// under 三统一, major administrative decisions with their five procedures, the legality reviews
/// that both need, and the legal advisers who help with them.

/// A legality-review opinion (合法性审查意见).
public enum ReviewOpinion: String, RecordChoice {
    case lawful, lawfulAfterChanges = "lawful_after_changes", unlawful, returned
    public var label: String {
        switch self {
        case .lawful: return "合法"
        case .lawfulAfterChanges: return "修改后合法"
        case .unlawful: return "不合法"
        case .returned: return "退回补充"
        }
    }
    /// An opinion that lets a draft go on.
    public var clears: Bool { self == .lawful || self == .lawfulAfterChanges }
}

public enum YesNo: String, RecordChoice {
    case yes, no
    public var label: String { self == .yes ? "是" : "否" }
}

public enum NormativeDocument {
    public enum Key: String, RecordKey {
        case title, docNumber = "doc_number", issuer, validity, body, draftedOn = "drafted_on"
        case reviewOpinion = "review_opinion", changesConfirmed = "changes_confirmed", reviewedOn = "reviewed_on"
        case deliberatedOn = "deliberated_on", registrationNumber = "registration_number", registeredOn = "registered_on"
        case publishedOn = "published_on", effectiveFrom = "effective_from", expiresOn = "expires_on"
        case filingDueOn = "filing_due_on", filedOn = "filed_on", filingAuthority = "filing_authority"
        case evaluatedOn = "evaluated_on", endedOn = "ended_on", files
    }

    /// The validity a document is issued with: 5 or 3 years, 试行/暂行 2 or 1.
    public enum Validity: String, RecordChoice {
        case fiveYears = "five_years", threeYears = "three_years", trialTwo = "trial_two", trialOne = "trial_one"
        public var label: String {
            switch self {
            case .fiveYears: return "5年"
            case .threeYears: return "3年"
            case .trialTwo: return "试行/暂行 2年"
            case .trialOne: return "试行/暂行 1年"
            }
        }
        public var years: Int {
            switch self {
            case .fiveYears: return 5
            case .threeYears: return 3
            case .trialTwo: return 2
            case .trialOne: return 1
            }
        }
    }

    public enum State: String, RecordChoice {
        case draft, review, deliberation, registered, published, inForce = "in_force", amended, repealed, lapsed
        public var label: String {
            switch self {
            case .draft: return "起草"
            case .review: return "合法性审查"
            case .deliberation: return "集体审议"
            case .registered: return "已登记"
            case .published: return "已公布（待备案）"
            case .inForce: return "现行有效"
            case .amended: return "已修改"
            case .repealed: return "已废止"
            case .lapsed: return "已失效"
            }
        }
        /// States the public sees (a document is published in them).
        public static let onThePortal: [State] = [.published, .inForce, .amended, .repealed, .lapsed]
        /// What the portal says of a state.
        public var publicLabel: String {
            switch self {
            case .published, .inForce: return "现行有效"
            case .amended: return "已修改"
            case .repealed: return "已废止"
            default: return "已失效"
            }
        }
    }

    /// What the portal says of a document: its state's public label, except that one past its
    /// validity is 已失效 whatever its state says.
    public static func publicStatus(state: String, expiresOn: LocalDate?, today: LocalDate) -> String {
        let label = State(rawValue: state)?.publicLabel ?? ""
        if label == State.inForce.publicLabel, let end = expiresOn, end < today { return State.lapsed.publicLabel }
        return label
    }

    /// Publication needs a registration number and a clearing review opinion, with the changes
    /// made when the opinion asked for them; the validity must fit the document's kind.
    static func publicationProblem(_ v: TypedValues<Key>, _ today: LocalDate) -> String? {
        guard let number = v.text(.registrationNumber), !number.isEmpty else { return "没有登记号的规范性文件不得公布（须先经集体审议并统一登记）" }
        guard let opinion = v.text(.reviewOpinion).flatMap(ReviewOpinion.init(rawValue:)) else { return "没有合法性审查意见的规范性文件不得公布" }
        guard opinion.clears else { return "合法性审查意见为「\(opinion.label)」，不得公布" }
        if opinion == .lawfulAfterChanges && v.text(.changesConfirmed) != YesNo.yes.rawValue {
            return "合法性审查意见为「修改后合法」，须先确认已按审查意见修改（「已按审查意见修改」选“是”）"
        }
        guard let from = v.date(.effectiveFrom), let to = v.date(.expiresOn) else { return nil }
        if to <= from { return "有效期至须晚于施行日期" }
        if let validity = v.text(.validity).flatMap(Validity.init(rawValue:)), to > from.adding(months: validity.years * 12) {
            return "有效期不能超过\(validity.label.replacingOccurrences(of: "试行/暂行 ", with: ""))（\(validity.label)）"
        }
        if let published = v.date(.publishedOn), published > today { return "公布日期不能晚于今天" }
        return nil
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "normative-documents", table: "rec_normative_documents", label: "行政规范性文件",
        read: .lawmakingRead, write: .lawmakingManage,
        fields: [
            RecordField(.title, "标题", .text(maxLength: 200), required: true),
            RecordField(.docNumber, "文号", .text(maxLength: 60), help: "如：东政发〔2023〕5号"),
            RecordField(.issuer, "制定机关", .unit, required: true),
            RecordField(.validity, "有效期类别", .choices(Validity.self), required: true, help: "一般 5 年或 3 年；试行、暂行 1 年或 2 年"),
            RecordField(.body, "正文", .longText),
            RecordField(.draftedOn, "起草日期", .date),
            RecordField(.reviewOpinion, "合法性审查意见", .choices(ReviewOpinion.self)),
            RecordField(.changesConfirmed, "已按审查意见修改", .choices(YesNo.self)),
            RecordField(.reviewedOn, "审查日期", .date),
            RecordField(.deliberatedOn, "集体审议日期", .date),
            RecordField(.registrationNumber, "登记号", .text(maxLength: 40), assigned: true),
            RecordField(.registeredOn, "登记日期", .date),
            RecordField(.publishedOn, "公布日期", .date),
            RecordField(.effectiveFrom, "施行日期", .date),
            RecordField(.expiresOn, "有效期至", .date),
            RecordField(.filingDueOn, "报送备案期限", .date),
            RecordField(.filedOn, "备案日期", .date),
            RecordField(.filingAuthority, "备案机关", .text(maxLength: 60)),
            RecordField(.evaluatedOn, "评估日期", .date),
            RecordField(.endedOn, "废止或失效日期", .date),
            RecordField(.files, "文件材料", .attachments),
        ],
        owner: .issuer, title: .title, initial: .draft,
        transitions: [
            .init("submit", "提交合法性审查", from: [.draft], to: .review, permission: .lawmakingManage, requires: [.body]),
            .init("review", "录入审查意见", from: [.review], to: .deliberation, permission: .reviewPerform, requires: [.reviewOpinion, .reviewedOn],
                  check: { v, today in
                      guard let o = v.text(.reviewOpinion).flatMap(ReviewOpinion.init(rawValue:)) else { return nil }
                      if !o.clears { return "审查意见为「\(o.label)」，不能提交集体审议；请退回起草单位修改后重新提交" }
                      if let d = v.date(.reviewedOn), d > today { return "审查日期不能晚于今天" }
                      return nil
                  }),
            .init("send_back", "退回修改", from: [.review, .deliberation], to: .draft, permission: .lawmakingManage),
            .init("register", "集体审议通过并登记", from: [.deliberation], to: .registered, permission: .lawmakingManage,
                  requires: [.deliberatedOn, .registeredOn, .changesConfirmed], numbers: .registrationNumber, yearOf: .registeredOn,
                  check: { v, today in
                      if let d = v.date(.deliberatedOn), let r = v.date(.registeredOn), r < d { return "登记日期不能早于集体审议日期" }
                      if let r = v.date(.registeredOn), r > today { return "登记日期不能晚于今天" }
                      return nil
                  }),
            .init("publish", "统一公布", from: [.registered], to: .published, permission: .lawmakingManage,
                  requires: [.publishedOn, .effectiveFrom, .expiresOn], check: publicationProblem),
            .init("file", "报送备案", from: [.published], to: .inForce, permission: .lawmakingManage, requires: [.filedOn, .filingAuthority],
                  check: { v, today in
                      guard let filed = v.date(.filedOn) else { return nil }
                      if filed > today { return "备案日期不能晚于今天" }
                      if let p = v.date(.publishedOn), filed < p { return "备案日期不能早于公布日期" }
                      return nil
                  }),
            .init("continue", "评估后继续有效（重新登记、编号、公布）", from: [.inForce], to: .published, permission: .lawmakingManage,
                  requires: [.evaluatedOn, .publishedOn, .effectiveFrom, .expiresOn, .filingDueOn], numbers: .registrationNumber, yearOf: .publishedOn,
                  check: publicationProblem),
            .init("amend", "评估后修改（由修订后的文件替代）", from: [.inForce], to: .amended, permission: .lawmakingManage, requires: [.evaluatedOn, .endedOn]),
            .init("repeal", "废止", from: [.inForce, .published], to: .repealed, permission: .lawmakingManage, requires: [.endedOn]),
            .init("lapse", "有效期届满失效", from: [.inForce, .published], to: .lapsed, permission: .lawmakingManage, requires: [.endedOn],
                  check: { v, _ in
                      guard let end = v.date(.endedOn), let expiry = v.date(.expiresOn) else { return nil }
                      return end < expiry ? "有效期至\(expiry)，届满前不能按失效处理（可废止）" : nil
                  }),
        ],
        deadlines: [
            .init(.filingDueOn, from: .publishedOn, rule: "normative.filing", openIn: [.published]),
            // Evaluated within the six months before expiry (rules.md §3), so reminded when that window
            // opens; past its validity while still marked in force must never happen.
            .init(.expiresOn, openIn: [.published, .inForce], lead: .ahead(of: "normative.evaluation"), ask: "请在有效期届满前组织评估，决定继续有效、修改或废止"),
        ],
        columns: [.title, .registrationNumber, .docNumber, .issuer, .publishedOn, .expiresOn],
        filters: [.issuer, .publishedOn, .expiresOn, .endedOn, .validity],
        search: [.title, .docNumber, .registrationNumber, .body], sort: .publishedOn,
        // 统一公布: public from publication, with its registration number, validity and status.
        publish: .init("documents", "行政规范性文件", summary: "统一登记、统一编号、统一公布", in: State.onThePortal, from: .publishedOn,
                       fields: [.title, .registrationNumber, .docNumber, .issuer, .publishedOn, .effectiveFrom, .expiresOn, .body],
                       columns: [.title, .registrationNumber, .docNumber, .issuer, .publishedOn, .expiresOn], searchable: true,
                       status: ("状态", { state, v, today in publicStatus(state: state?.rawValue ?? "", expiresOn: v.date(.expiresOn), today: today) })))
}

public enum LegalityReview {
    public enum Key: String, RecordKey {
        case subject, kind, requester, receivedOn = "received_on", dueOn = "due_on", reviewer, counsel, adviser
        case opinion, opinionText = "opinion_text", completedOn = "completed_on", reviewedItem = "reviewed_item", files
    }

    public enum Kind: String, RecordChoice {
        case normativeDocument = "normative_document", majorDecision = "major_decision", contract
        case landTransfer = "land_transfer", landContractTermination = "land_contract_termination", planning, other
        public var label: String {
            switch self {
            case .normativeDocument: return "行政规范性文件"
            case .majorDecision: return "重大行政决策"
            case .contract: return "行政协议（合同）"
            case .landTransfer: return "土地流转"
            case .landContractTermination: return "土地承包经营权解除协议"
            case .planning: return "规划"
            case .other: return "其他"
            }
        }
    }

    public enum State: String, RecordChoice {
        case received, reviewing, done, returned
        public var label: String {
            switch self {
            case .received: return "待审查"
            case .reviewing: return "审查中"
            case .done: return "已出具意见"
            case .returned: return "退回补充"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "legality-reviews", table: "rec_legality_reviews", label: "合法性审查",
        read: .reviewRead, write: .reviewManage,
        fields: [
            RecordField(.subject, "审查事项", .text(maxLength: 200), required: true),
            RecordField(.kind, "事项类别", .choices(Kind.self), required: true),
            RecordField(.requester, "提请单位", .unit, required: true),
            RecordField(.receivedOn, "收件日期", .date, required: true),
            RecordField(.dueOn, "审查期限", .date, assigned: true),
            RecordField(.reviewer, "审查人员", .person),
            RecordField(.counsel, "参与的法律顾问或公职律师", .record(register: LegalAdviser.declaration.type.slug),
                        help: "在「法律顾问与公职律师」中登记的人员"),
            RecordField(.adviser, "其他参与人员", .text(maxLength: 100), help: "未在「法律顾问与公职律师」中登记的，填写姓名"),
            RecordField(.opinion, "审查意见", .choices(ReviewOpinion.self)),
            RecordField(.opinionText, "意见内容", .longText),
            RecordField(.completedOn, "出具意见日期", .date),
            RecordField(.reviewedItem, "被审查的记录", .text(maxLength: 200), help: "被审查文件或决策在本平台的地址，如 /records/normative-documents/…"),
            RecordField(.files, "送审材料", .attachments),
        ],
        owner: .requester, title: .subject, initial: .received,
        transitions: [
            .init("start", "开始审查", from: [.received], to: .reviewing, permission: .reviewPerform, requires: [.reviewer]),
            .init("conclude", "出具审查意见", from: [.reviewing], to: .done, permission: .reviewPerform, requires: [.opinion, .opinionText, .completedOn],
                  check: { v, today in
                      if v.text(.opinion) == ReviewOpinion.returned.rawValue { return "材料不全请用「退回补充」" }
                      guard let done = v.date(.completedOn) else { return nil }
                      if done > today { return "出具意见日期不能晚于今天" }
                      if let r = v.date(.receivedOn), done < r { return "出具意见日期不能早于收件日期" }
                      return nil
                  }),
            .init("return", "退回补充", from: [.received, .reviewing], to: .returned, permission: .reviewPerform, requires: [.opinionText],
                  clock: [.pause(.dueOn, because: "退回补充材料")]),
            .init("resubmit", "补充后重新提请", from: [.returned], to: .received, permission: .reviewManage,
                  clock: [.restart(.dueOn, because: "退回补充材料")]),
        ],
        deadlines: [.clock(.dueOn, rule: "review.due", startsOn: .receivedOn, doneOn: .completedOn, openIn: [.received, .reviewing])],
        columns: [.subject, .kind, .requester, .receivedOn, .dueOn, .opinion],
        filters: [.kind, .requester, .receivedOn, .opinion, .counsel],
        search: [.subject, .opinionText, .adviser], sort: .receivedOn)
}

public enum MajorDecision {
    public enum Key: String, RecordKey {
        case title, organiser, catalogueYear = "catalogue_year", needsParticipation = "needs_participation", needsExpert = "needs_expert"
        case needsRisk = "needs_risk", catalogueApprovedOn = "catalogue_approved_on", cataloguePublishedOn = "catalogue_published_on"
        case commentFrom = "comment_from", commentTo = "comment_to", shortCommentReason = "short_comment_reason"
        case hearingOn = "hearing_on", hearingMaterialsOn = "hearing_materials_on", expertOn = "expert_on", riskOn = "risk_on"
        case reviewSubmittedOn = "review_submitted_on", reviewDueOn = "review_due_on", reviewOpinion = "review_opinion"
        case discussedOn = "discussed_on", decidedOn = "decided_on", publishedOn = "published_on", archivedOn = "archived_on"
        case evaluatedOn = "evaluated_on", files
    }

    public enum State: String, RecordChoice {
        case catalogued, drafting, review, discussion, decided, published, archived, evaluated
        public var label: String {
            switch self {
            case .catalogued: return "列入目录"
            case .drafting: return "起草论证"
            case .review: return "合法性审查"
            case .discussion: return "集体讨论"
            case .decided: return "已决定"
            case .published: return "已公布"
            case .archived: return "已归档"
            case .evaluated: return "已评估"
            }
        }
        /// How far a catalogued decision has come, as the published catalogue says it.
        public var publicProgress: String {
            switch self {
            case .published, .archived, .evaluated: return "已决策并公布"
            case .decided: return "已决策"
            default: return "推进中"
            }
        }
    }

    /// What the catalogue entry requires, and whether each was done as the regulation says
    /// (重大行政决策程序暂行条例 Art.15–16, 25–28).
    /// The least time a reviewer is given, as the form explains it.
    static let minimumReview = StatutoryRules.latest("decision.review_minimum")?.period.description ?? ""

    static func proceduresProblem(_ v: TypedValues<Key>) -> String? {
        if v.text(.needsParticipation) == YesNo.yes.rawValue {
            guard let from = v.date(.commentFrom), let to = v.date(.commentTo) else { return "目录要求公众参与：请填写征求意见起止日期" }
            if let rule = StatutoryRules.rule("decision.public_comment", on: from), case .days(let least) = rule.period,
               to.dayNumber - from.dayNumber + 1 < least, (v.text(.shortCommentReason) ?? "").isEmpty {
                return "征求意见期限不少于\(rule.period.description)；少于此期限须说明理由"
            }
        }
        if let hearing = v.date(.hearingOn) {
            guard let materials = v.date(.hearingMaterialsOn) else { return "举行听证的，须填写向参加人送达材料的日期" }
            if let rule = StatutoryRules.rule("decision.hearing_notice", on: hearing),
               let latest = try? rule.due(from: hearing, calculator: DeadlineCalculator(calendar: .builtIn)).due, materials > latest {
                return "听证材料应于听证\(rule.period.description)前送达参加人（最迟 \(latest)）"
            }
        }
        if v.text(.needsExpert) == YesNo.yes.rawValue, v.date(.expertOn) == nil { return "目录要求专家论证：请填写论证日期" }
        if v.text(.needsRisk) == YesNo.yes.rawValue, v.date(.riskOn) == nil { return "目录要求风险评估：请填写评估日期" }
        return nil
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "major-decisions", table: "rec_major_decisions", label: "重大行政决策",
        read: .lawmakingRead, write: .lawmakingManage,
        fields: [
            RecordField(.title, "决策事项", .text(maxLength: 200), required: true),
            RecordField(.organiser, "承办单位", .unit, required: true),
            RecordField(.catalogueYear, "目录年度", .count, required: true),
            RecordField(.needsParticipation, "须公众参与", .choices(YesNo.self), required: true),
            RecordField(.needsExpert, "须专家论证", .choices(YesNo.self), required: true),
            RecordField(.needsRisk, "须风险评估", .choices(YesNo.self), required: true),
            RecordField(.catalogueApprovedOn, "目录批准日期", .date),
            RecordField(.cataloguePublishedOn, "目录公布日期", .date),
            RecordField(.commentFrom, "征求意见开始", .date),
            RecordField(.commentTo, "征求意见截止", .date),
            RecordField(.shortCommentReason, "征求意见期限不足的理由", .text(maxLength: 300)),
            RecordField(.hearingOn, "听证日期", .date),
            RecordField(.hearingMaterialsOn, "听证材料送达日期", .date),
            RecordField(.expertOn, "专家论证日期", .date),
            RecordField(.riskOn, "风险评估日期", .date),
            RecordField(.reviewSubmittedOn, "送交合法性审查日期", .date),
            RecordField(.reviewDueOn, "合法性审查期限", .date, help: "不填则为送交合法性审查日期后审查时间的下限（" + minimumReview + "）；审查时间不得少于此"),
            RecordField(.reviewOpinion, "合法性审查意见", .choices(ReviewOpinion.self)),
            RecordField(.discussedOn, "集体讨论日期", .date),
            RecordField(.decidedOn, "决定日期", .date),
            RecordField(.publishedOn, "公布日期", .date),
            RecordField(.archivedOn, "归档日期", .date),
            RecordField(.evaluatedOn, "决策后评估日期", .date),
            RecordField(.files, "决策材料", .attachments),
        ],
        owner: .organiser, title: .title, initial: .catalogued,
        transitions: [
            .init("start", "目录公布后启动", from: [.catalogued], to: .drafting, permission: .lawmakingManage,
                  requires: [.catalogueApprovedOn, .cataloguePublishedOn], check: { v, _ in
                      guard let a = v.date(.catalogueApprovedOn), let p = v.date(.cataloguePublishedOn) else { return nil }
                      return p < a ? "目录须经批准后公布" : nil
                  }),
            .init("submit_review", "送交合法性审查", from: [.drafting], to: .review, permission: .lawmakingManage,
                  requires: [.reviewSubmittedOn, .reviewDueOn], check: { v, _ in
                      guard let sent = v.date(.reviewSubmittedOn), let due = v.date(.reviewDueOn) else { return nil }
                      guard let rule = StatutoryRules.rule("decision.review_minimum", on: sent),
                            let least = try? rule.due(from: sent, calculator: DeadlineCalculator(calendar: .builtIn)).due else { return nil }
                      return due < least ? "应给予审查人员不少于\(rule.period.description)（至少到 \(least)）" : nil
                  }),
            .init("to_discussion", "提交集体讨论", from: [.review], to: .discussion, permission: .lawmakingManage, requires: [.reviewOpinion],
                  check: { v, _ in
                      guard let o = v.text(.reviewOpinion).flatMap(ReviewOpinion.init(rawValue:)) else { return "未经合法性审查的，不得提交集体讨论" }
                      return o.clears ? nil : "合法性审查意见为「\(o.label)」，不得提交集体讨论"
                  }),
            .init("decide", "集体讨论决定", from: [.discussion], to: .decided, permission: .lawmakingManage, requires: [.discussedOn, .decidedOn],
                  check: { v, today in
                      if let p = proceduresProblem(v) { return p }
                      if let d = v.date(.decidedOn), d > today { return "决定日期不能晚于今天" }
                      return nil
                  }),
            .init("publish", "公布", from: [.decided], to: .published, permission: .lawmakingManage, requires: [.publishedOn]),
            .init("archive", "归档", from: [.published], to: .archived, permission: .lawmakingManage, requires: [.archivedOn]),
            .init("evaluate", "决策后评估", from: [.archived], to: .evaluated, permission: .lawmakingManage, requires: [.evaluatedOn]),
        ],
        deadlines: [.init(.reviewDueOn, from: .reviewSubmittedOn, rule: "decision.review_minimum", openIn: [.review])],
        columns: [.title, .organiser, .catalogueYear, .decidedOn],
        filters: [.organiser, .cataloguePublishedOn, .decidedOn],
        search: [.title], sort: .cataloguePublishedOn,
        // An entry is public once its catalogue is published (Art.10), with how far it has come.
        publish: .init("decisions", "重大行政决策事项目录", summary: "年度目录及决策进展", from: .cataloguePublishedOn,
                       fields: [.title, .organiser, .catalogueYear, .cataloguePublishedOn, .decidedOn, .publishedOn],
                       columns: [.title, .organiser, .decidedOn, .publishedOn], searchable: true, group: (.catalogueYear, "{} 年度目录"),
                       status: ("进展", { state, _, _ in state?.publicProgress ?? "" })))
}

public enum LegalAdviser {
    public enum Key: String, RecordKey {
        case name, kind, unit, employer, licenceNumber = "licence_number", phone, termFrom = "term_from", termTo = "term_to", expertise
    }

    public enum Kind: String, RecordChoice {
        case adviser, publicLawyer = "public_lawyer", villageAdviser = "village_adviser"
        public var label: String {
            switch self {
            case .adviser: return "法律顾问"
            case .publicLawyer: return "公职律师"
            case .villageAdviser: return "村居法律顾问"
            }
        }
    }

    public enum State: String, RecordChoice {
        case serving, ended
        public var label: String { self == .serving ? "在聘" : "已解聘或期满" }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "legal-advisers", table: "rec_legal_advisers", label: "法律顾问与公职律师",
        read: .reviewRead, write: .reviewManage,
        fields: [
            RecordField(.name, "姓名", .text(maxLength: 50), required: true),
            RecordField(.kind, "类别", .choices(Kind.self), required: true),
            RecordField(.unit, "服务单位", .unit, required: true),
            RecordField(.employer, "执业机构或所在单位", .text(maxLength: 100)),
            RecordField(.licenceNumber, "执业证号", .text(maxLength: 40)),
            RecordField(.phone, "联系电话", .phone, personal: true),
            RecordField(.termFrom, "聘期开始", .date, required: true),
            RecordField(.termTo, "聘期届满", .date, required: true),
            RecordField(.expertise, "专业领域", .text(maxLength: 200)),
        ],
        owner: .unit, title: .name, naturalKey: [.name, .unit, .termFrom], initial: .serving,
        transitions: [.init("end", "解聘或期满", from: [.serving], to: .ended, permission: .reviewManage)],
        deadlines: [.init(.termTo, openIn: [.serving])],
        columns: [.name, .kind, .unit, .employer, .termTo], filters: [.kind, .unit, .termTo],
        search: [.name, .employer, .expertise], sort: .termTo, descending: false,
        related: [("参与的合法性审查", "legality-reviews", LegalityReview.Key.counsel.rawValue, nil)])
}

/// The figures of 依法行政 (seed 一.三).
public enum Lawmaking {
    static let documents = NormativeDocument.declaration.type.slug
    static let published = NormativeDocument.State.onThePortal.map(\.rawValue)
    static let filed = [NormativeDocument.State.inForce, .amended, .repealed, .lapsed].map(\.rawValue)
    static let reviews = LegalityReview.declaration.type.slug
    static var byPublication: Figure.Selection { Figure.Selection(documents, by: NormativeDocument.Key.publishedOn.rawValue, states: published) }
    static var received: Figure.Selection { Figure.Selection(reviews, by: LegalityReview.Key.receivedOn.rawValue) }
    static var concluded: Figure.Selection {
        Figure.Selection(reviews, by: LegalityReview.Key.completedOn.rawValue, states: [LegalityReview.State.done.rawValue])
    }

    public static let figures: [Figure] = [
        Figure("lawmaking.documents_published", "公布行政规范性文件", unit: "件",
               definition: "按公布日期计、已统一登记并公布的行政规范性文件数（含其后备案、修改、废止、失效的）", .count(byPublication)),
        Figure("lawmaking.filing_rate", "行政规范性文件备案率", unit: "%",
               definition: "按公布日期计，已公布的行政规范性文件中已报送备案的比例", .rate(
                   part: Figure.Selection(documents, by: NormativeDocument.Key.publishedOn.rawValue, states: filed), whole: byPublication)),
        Figure("lawmaking.review_rate", "行政规范性文件审查率", unit: "%",
               definition: "按公布日期计，已公布的行政规范性文件中经合法性审查（意见为合法或修改后合法）的比例", .rate(
                   part: Figure.Selection(documents, by: NormativeDocument.Key.publishedOn.rawValue,
                                          matching: [NormativeDocument.Key.reviewOpinion.rawValue: [ReviewOpinion.lawful.rawValue, ReviewOpinion.lawfulAfterChanges.rawValue]],
                                          states: published), whole: byPublication)),
        Figure("lawmaking.due_for_evaluation", "有效期届满需评估的规范性文件", unit: "件",
               definition: "有效期至落在该期间、仍为现行有效的行政规范性文件数（应在届满前"
                   + (StatutoryRules.latest("normative.evaluation")?.period.description ?? "") + "内评估）",
               .count(Figure.Selection(documents, by: NormativeDocument.Key.expiresOn.rawValue,
                                       states: [NormativeDocument.State.published.rawValue, NormativeDocument.State.inForce.rawValue]))),
        Figure("decisions.catalogued", "列入目录的重大行政决策", unit: "项",
               definition: "按目录公布日期计，列入年度重大行政决策事项目录的决策数",
               .count(Figure.Selection(MajorDecision.declaration.type.slug, by: MajorDecision.Key.cataloguePublishedOn.rawValue))),
        Figure("review.items", "合法性审查事项", unit: "项", definition: "按收件日期计的合法性审查事项数", .count(received)),
        Figure("review.town_items", "镇街合法性审查事项", unit: "项",
               definition: "按收件日期计，由镇街提请的合法性审查事项数", .count(Figure.Selection(reviews, by: LegalityReview.Key.receivedOn.rawValue, ownerKind: "town"))),
        Figure("review.major_decisions", "重大行政决策合法性审查", unit: "项",
               definition: "按收件日期计，类别为重大行政决策的合法性审查事项数",
               .count(Figure.Selection(reviews, by: LegalityReview.Key.receivedOn.rawValue,
                                       matching: [LegalityReview.Key.kind.rawValue: [LegalityReview.Kind.majorDecision.rawValue]]))),
        Figure("review.average_days", "合法性审查平均用时", unit: "天",
               definition: "按出具意见日期计，已出具意见的审查事项从收件到出具意见的平均自然日数（四舍五入）",
               .days(concluded, from: LegalityReview.Key.receivedOn.rawValue, to: LegalityReview.Key.completedOn.rawValue, longest: false)),
        Figure("review.longest_days", "合法性审查最长用时", unit: "天",
               definition: "按出具意见日期计，已出具意见的审查事项从收件到出具意见的最长自然日数",
               .days(concluded, from: LegalityReview.Key.receivedOn.rawValue, to: LegalityReview.Key.completedOn.rawValue, longest: true)),
        Figure("review.on_time_rate", "合法性审查按期办结率", unit: "%",
               definition: "按出具意见日期计，已出具意见的审查事项中在审查期限内（扣除退回补充的时间）出具意见的比例",
               .onTime(concluded, clock: LegalityReview.Key.dueOn.rawValue)),
    ]
}

extension Permission {
    public static let lawmakingRead = Permission("lawmaking.read", "查看规范性文件与重大行政决策", .business)
    public static let lawmakingManage = Permission("lawmaking.manage", "办理规范性文件与重大行政决策", .business)
    public static let reviewRead = Permission("review.read", "查看合法性审查与法律顾问", .business)
    public static let reviewManage = Permission("review.manage", "提请合法性审查、登记法律顾问", .business)
    public static let reviewPerform = Permission("review.perform", "出具合法性审查意见", .business)
}

extension Module {
    /// 依法行政 (seed 一.三): normative documents, major decisions, legality reviews and advisers.
    public static let lawmaking = Module(
        code: "lawmaking", name: "依法行政",
        registers: [NormativeDocument.declaration.type, MajorDecision.declaration.type, LegalityReview.declaration.type,
                    ReviewStaff.declaration.type, LegalAdviser.declaration.type],
        permissions: [.lawmakingRead, .lawmakingManage, .reviewRead, .reviewManage, .reviewPerform],
        grants: [.districtOffice: [.lawmakingRead, .lawmakingManage, .reviewRead, .reviewManage, .reviewPerform],
                 .departmentClerk: [.lawmakingRead, .lawmakingManage, .reviewRead, .reviewManage],
                 .townClerk: [.lawmakingRead, .reviewRead, .reviewManage], .unitHead: [.lawmakingRead, .reviewRead],
                 .reviewer: [.lawmakingRead, .reviewRead, .reviewPerform]],
        figures: Lawmaking.figures + ReviewStaff.figures,
        rules: ["normative.filing", "normative.evaluation", "review.due", "decision.public_comment", "decision.hearing_notice",
                "decision.review_minimum"],
        report: ["work.3": [
            "认真落实行政规范性文件“三统一”制度，实行统一登记、统一编制登记号、统一公布，{year}年公布行政规范性文件{lawmaking.documents_published}件，备案率{lawmaking.filing_rate}%、审查率{lawmaking.review_rate}%，有效期届满需评估的{lawmaking.due_for_evaluation}件。",
            "{year}年列入重大行政决策事项目录{decisions.catalogued}项，对{review.major_decisions}项重大行政决策进行合法性审查。截至年底，全区乡镇政府合法性审查人员共{review.town_reviewers}人，{review.towns_organised}个镇街已建立合法性审查工作组织架构，各镇街审查涉及土地流转、土地承包经营权解除协议、规划等事项{review.town_items}项，全年合法性审查事项{review.items}项，平均用时{review.average_days}天、最长{review.longest_days}天，按期办结率{review.on_time_rate}%。",
        ]])
}
