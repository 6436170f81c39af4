/// 公共法律服务 (seed 六.三): the law firms and lawyers on the district's public legal service
/// platform, and the consultations people bring by the platform, the 12348 hotline or in person,
/// each answered and rated. From them: lawyers on the platform, consultations and satisfaction.

public enum LawFirm {
    public enum Key: String, RecordKey {
        case name, creditCode = "credit_code", unit, joinedOn = "joined_on", leftOn = "left_on", address, phone
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "law-firms", table: "rec_law_firms", label: "入驻律师事务所",
        read: .disputesRead, write: .legalServicesManage,
        fields: [
            RecordField(.name, "名称", .text(maxLength: 100), required: true),
            RecordField(.creditCode, "统一社会信用代码", .creditCode, required: true),
            RecordField(.unit, "登记单位", .unit, required: true, help: "登记入驻的司法行政机关"),
            RecordField(.joinedOn, "入驻日期", .date, required: true),
            RecordField(.leftOn, "退出日期", .date),
            RecordField(.address, "地址", .text(maxLength: 200)),
            RecordField(.phone, "联系电话", .phone),
        ],
        owner: .unit, title: .name, naturalKey: [.creditCode], naturalKeyScope: .platform, initial: .recorded,
        columns: [.name, .creditCode, .joinedOn, .leftOn, .unit], filters: [.unit, .joinedOn, .leftOn],
        search: [.name, .creditCode], sort: .joinedOn,
        related: [("入驻律师", "lawyers", Lawyer.Key.firm.rawValue, nil)],
        check: { v in
            if let start = v.date(.joinedOn), let end = v.date(.leftOn), end < start { return (.leftOn, "退出日期不能早于入驻日期") }
            return nil
        })
}

public enum Lawyer {
    public enum Key: String, RecordKey {
        case name, licence, firm, unit, joinedOn = "joined_on", leftOn = "left_on", phone, fields
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "lawyers", table: "rec_lawyers", label: "入驻律师",
        read: .disputesRead, write: .legalServicesManage,
        fields: [
            RecordField(.name, "姓名", .text(maxLength: 50), required: true),
            RecordField(.licence, "执业证号", .text(maxLength: 20), required: true, help: "17 位律师执业证号"),
            RecordField(.firm, "执业机构", .record(register: LawFirm.declaration.type.slug), required: true),
            RecordField(.unit, "登记单位", .unit, required: true),
            RecordField(.joinedOn, "入驻日期", .date, required: true),
            RecordField(.leftOn, "退出日期", .date),
            RecordField(.phone, "联系电话", .phone, personal: true),
            RecordField(.fields, "擅长领域", .text(maxLength: 200)),
        ],
        owner: .unit, title: .name, naturalKey: [.licence], initial: .recorded,
        columns: [.name, .licence, .firm, .joinedOn, .leftOn], filters: [.firm, .unit, .joinedOn, .leftOn],
        search: [.name, .licence, .fields], sort: .joinedOn,
        check: { v in
            if let licence = v.text(.licence), licence.count != 17 || !licence.allSatisfy(\.isASCII) || !licence.allSatisfy(\.isNumber) {
                return (.licence, "执业证号应为 17 位数字")
            }
            if let start = v.date(.joinedOn), let end = v.date(.leftOn), end < start { return (.leftOn, "退出日期不能早于入驻日期") }
            return nil
        })
}

/// How a consultation came in.
public enum ConsultationChannel: String, RecordChoice {
    case platform, hotline, walkIn = "walk_in"
    public var label: String {
        switch self {
        case .platform: "掌上公共法律服务平台"
        case .hotline: "12348 公共法律服务热线"
        case .walkIn: "公共法律服务中心（站、室）现场"
        }
    }
}

public enum ConsultationTopic: String, RecordChoice {
    case family, labour, contract, property, damages, administrative, criminal, other
    public var label: String {
        switch self {
        case .family: "婚姻家庭继承"
        case .labour: "劳动用工"
        case .contract: "合同债务"
        case .property: "房产物业"
        case .damages: "侵权损害赔偿"
        case .administrative: "行政事务"
        case .criminal: "刑事"
        case .other: "其他"
        }
    }
}

public enum LegalConsultation {
    public enum Key: String, RecordKey {
        case askedOn = "asked_on", channel, topic, unit, question, answer, answeredBy = "answered_by", rating
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "legal-consultations", table: "rec_legal_consultations", label: "法律咨询",
        read: .disputesRead, write: .legalServicesManage,
        fields: [
            RecordField(.askedOn, "咨询日期", .date, required: true),
            RecordField(.channel, "渠道", .choices(ConsultationChannel.self), required: true),
            RecordField(.topic, "咨询类别", .choices(ConsultationTopic.self), required: true),
            RecordField(.unit, "解答单位", .unit, required: true),
            RecordField(.question, "咨询事项", .text(maxLength: 200), required: true),
            RecordField(.answer, "解答意见", .longText),
            RecordField(.answeredBy, "解答人", .text(maxLength: 50)),
            RecordField(.rating, "群众评价", .choices(Satisfaction.self), help: "群众未评价的留空"),
        ],
        owner: .unit, title: .question, initial: .recorded,
        columns: [.askedOn, .channel, .topic, .question, .answeredBy, .rating], filters: [.askedOn, .channel, .topic, .unit, .rating],
        search: [.question, .answeredBy], sort: .askedOn)
}

/// The figures of 公共法律服务.
public enum LegalServices {
    static let consultations = LegalConsultation.declaration.type.slug
    static func asked(_ ratings: [Satisfaction]) -> Figure.Selection {
        Figure.Selection(consultations, by: LegalConsultation.Key.askedOn.rawValue, matching: [LegalConsultation.Key.rating.rawValue: ratings.map(\.rawValue)])
    }

    public static let figures: [Figure] = [
        Figure("legal_services.lawyers", "公共法律服务平台入驻律师", unit: "名", definition: "期末已入驻且未退出的律师数",
               .count(Figure.Selection(Lawyer.declaration.type.slug, by: Lawyer.Key.joinedOn.rawValue, until: Lawyer.Key.leftOn.rawValue))),
        Figure("legal_services.consultations", "接受群众法律咨询", unit: "件", definition: "按咨询日期计，平台、12348 热线和现场接受的法律咨询数",
               .count(Figure.Selection(consultations, by: LegalConsultation.Key.askedOn.rawValue))),
        Figure("legal_services.satisfaction", "法律咨询群众满意率", unit: "%", definition: "按咨询日期计，群众已评价的咨询中评价为满意或基本满意的比例",
               .rate(part: asked([.satisfied, .basically]), whole: asked(Satisfaction.allCases))),
    ]

    static let report =
        "三是着力提高公共法律服务质量。公共法律服务平台入驻律师{legal_services.lawyers}名，{year}年共接受群众法律咨询{legal_services.consultations}件，群众满意率达到{legal_services.satisfaction|以上}。"
}

extension Permission {
    public static let legalServicesManage = Permission("legal_services.manage", "登记入驻律师、律所和法律咨询", .business)
}
