/// 证照 (seed 二.三): market entities and their licences and certificates, the records the
/// licence-expiry reminders work from. A licence names its holder by 统一社会信用代码, as the
/// issuing systems' exports do.
public enum MarketEntity {
    public enum Key: String, RecordKey {
        case name, creditCode = "credit_code", legalRepresentative = "legal_representative", contactPhone = "contact_phone"
        case town, address, registeredOn = "registered_on"
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "market-entities", table: "rec_market_entities", label: "市场主体",
        read: .licenceRead, write: .licenceManage,
        fields: [
            RecordField(.name, "名称", .text, required: true),
            RecordField(.creditCode, "统一社会信用代码", .creditCode, required: true),
            RecordField(.legalRepresentative, "法定代表人", .text(maxLength: 50), personal: true),
            RecordField(.contactPhone, "联系电话", .phone, personal: true),
            RecordField(.town, "所属镇街", .unit, required: true),
            RecordField(.address, "住所", .text),
            RecordField(.registeredOn, "成立日期", .date),
        ],
        // A credit code names one holder nationwide: the holders' portal and the planner find it
        // by the code alone, whichever district keeps it.
        owner: .town, title: .name, naturalKey: [.creditCode], naturalKeyScope: .platform, initial: .recorded,
        columns: [.name, .creditCode, .town, .legalRepresentative, .contactPhone], filters: [.town, .registeredOn],
        search: [.name, .creditCode, .address], sort: .name, descending: false)
}

public enum Licence {
    public enum Key: String, RecordKey {
        case kind, number, holder, creditCode = "credit_code", issuer, issuedOn = "issued_on", expiresOn = "expires_on", files
    }

    public enum Kind: String, RecordChoice {
        case businessLicence = "business_licence", foodBusiness = "food_business", publicHealth = "public_health"
        case drugBusiness = "drug_business", clinicFiling = "clinic_filing"
        public var label: String {
            switch self {
            case .businessLicence: return "营业执照"
            case .foodBusiness: return "食品经营许可证"
            case .publicHealth: return "公共场所卫生许可证"
            case .drugBusiness: return "药品经营许可证"
            case .clinicFiling: return "诊所执业备案"
            }
        }
    }

    public enum State: String, RecordChoice {
        case valid, renewed, cancelled, revoked
        public var label: String {
            switch self {
            case .valid: return "有效"
            case .renewed: return "已延续换发"
            case .cancelled: return "已注销"
            case .revoked: return "已吊销"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "licences", table: "rec_licences", label: "证照",
        read: .licenceRead, write: .licenceManage,
        fields: [
            RecordField(.kind, "证照类型", .choices(Kind.self), required: true),
            RecordField(.number, "证照编号", .text(maxLength: 64), required: true),
            RecordField(.holder, "持证主体", .text, required: true),
            RecordField(.creditCode, "统一社会信用代码", .creditCode, required: true),
            RecordField(.issuer, "发证单位", .unit, required: true),
            RecordField(.issuedOn, "发证日期", .date, required: true),
            RecordField(.expiresOn, "有效期至", .date, required: true),
            RecordField(.files, "证照扫描件", .attachments),
        ],
        // A licence's number is the issuing authority's, unique nationwide; a holder's licences are
        // listed on the portal across districts.
        owner: .issuer, title: .holder, naturalKey: [.kind, .number], naturalKeyScope: .platform, initial: .valid,
        transitions: [
            .init("renew", "延续换发（已核发新证）", from: [.valid], to: .renewed, permission: .licenceManage),
            .init("cancel", "注销", from: [.valid], to: .cancelled, permission: .licenceManage),
            .init("revoke", "吊销", from: [.valid], to: .revoked, permission: .licenceManage),
        ],
        // A licence past its expiry date while still marked valid shows as overdue.
        deadlines: [.init(.expiresOn, openIn: [.valid])],
        columns: [.holder, .kind, .number, .creditCode, .expiresOn], filters: [.kind, .issuer, .expiresOn],
        search: [.holder, .number, .creditCode], sort: .expiresOn, descending: false,
        // The holder hears of the expiry on the channel it chose on the portal, else by SMS to the
        // phone its market-entity record keeps, at the steps of its district's plan for the kind.
        notify: .holder("持证主体", name: .holder, identity: .creditCode, phoneIn: MarketEntity.declaration, identityField: .creditCode,
                        phoneField: .contactPhone, before: .expiresOn, planBy: .kind, source: "licence"))
}

extension Permission {
    public static let licenceRead = Permission("licence.read", "查看市场主体与证照", .business)
    public static let licenceManage = Permission("licence.manage", "登记市场主体与证照", .business)
}

extension Module {
    /// 证照管理 (seed 一.二): the records the licence-expiry reminders work from.
    public static let licences = Module(
        code: "licences", name: "证照管理", registers: [MarketEntity.declaration.type, Licence.declaration.type],
        permissions: [.licenceRead, .licenceManage],
        grants: [.districtOffice: [.licenceRead, .licenceManage], .departmentClerk: [.licenceRead, .licenceManage], .unitHead: [.licenceRead]],
        portal: [PortalEntry("证照到期提醒", path: "/portal/licences", summary: "企业查询证照、设置提醒方式")])
}
