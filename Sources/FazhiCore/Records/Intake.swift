/// Applications from the public (`intake:` in a declaration): a form on the portal that anyone
/// fills in, which registers a record at once, gives its receipt number and starts its clock on
/// the receipt date its channel's rule gives; staff register applications received in person, by
/// post or by fax on the register's own form. The applicant follows the record on the portal with
/// the receipt number and a code sent to the contact they gave.

/// How an application reached the office, and which day counts as its receipt
/// (政府信息公开条例 Art.31).
public enum IntakeChannel: String, RecordChoice {
    case online, inPerson = "in_person", post, fax

    public var label: String {
        switch self {
        case .online: "网络（政务公开平台）"
        case .inPerson: "当面提交"
        case .post: "信函"
        case .fax: "传真"
        }
    }

    /// Which day is the receipt day, as the staff form explains it.
    public var receiptRule: String {
        switch self {
        case .online: "以双方确认之日为收到申请之日：平台即时确认，提交当日即为收到申请之日（第三十一条第三项）"
        case .inPerson: "以提交之日为收到申请之日（第三十一条第一项）"
        case .post: "以签收之日为收到申请之日；平常信函等无需签收的，以双方确认之日为收到申请之日（第三十一条第二项）"
        case .fax: "以双方确认之日为收到申请之日（第三十一条第三项）"
        }
    }
}

/// Whether the applicant is a person or an organisation: which identity the form asks for.
public enum ApplicantKind: String, RecordChoice {
    case person, organisation
    public var label: String { self == .person ? "公民" : "法人或者其他组织" }
}

/// The fields of a register that hold the applicant and the application's receipt, and what the
/// applicant fills in on the portal.
public struct IntakeSpec: Sendable {
    /// The portal's path for the form: `/portal/apply/<path>`.
    public let path: String
    public let label: String
    /// What the form says first: what may be asked, and what the office does with it.
    public let intro: String
    /// The unit that receives the application, chosen by the applicant among the district's units of these kinds.
    public let office: String
    public let officeKinds: [String]
    public let channel: String
    public let receivedOn: String
    /// The assigned field with the receipt number, and the prefix of its numbering rule by default.
    public let receipt: String
    public let receiptPrefix: String
    /// The choice between a person and an organisation, and the organisation's 统一社会信用代码;
    /// both nil where only a person may apply (法律援助), who then always gives a 身份证号.
    public let applicantKind: String?
    public let name: String
    public let idNumber: String
    public let creditCode: String?
    public let phone: String
    public let email: String
    /// Further fields the applicant fills in (what is asked, the purpose, how to be answered).
    public let fields: [String]
    /// The attachments field the applicant may add to, when there is one.
    public let files: String?
    /// The attachments field of documents sent to the applicant (the reply), which the follow-up page offers.
    public let sent: String?
    /// What the follow-up page shows the applicant besides the state and the due date (what to
    /// correct, the outcome, the reply), when filled.
    public let follow: [String]
    /// Further fields asked of an organisation only (its type), besides its 统一社会信用代码.
    public let organisationFields: [String]
    /// Whether staff too register applications only with an office of `officeKinds` (a 行政复议
    /// case is the district government's), or may with a unit below one (a disclosure request
    /// handled by a department's section).
    public let officesOnly: Bool

    /// Fields the applicant fills in, in the form's order.
    public var applicantFields: [String] { [applicantKind, name, idNumber, creditCode, phone, email].compactMap { $0 } + fields }

    /// Whether only a person may apply: no choice of applicant, a 身份证号 always.
    public var personsOnly: Bool { applicantKind == nil }

    /// The kind of applicant a field is asked of, when it is asked of one kind only: a person's
    /// 身份证号, an organisation's 统一社会信用代码 and its further fields.
    public func applicant(of field: String) -> ApplicantKind? {
        guard !personsOnly else { return nil }
        if field == idNumber { return .person }
        return field == creditCode || organisationFields.contains(field) ? .organisation : nil
    }

    /// A person gives their 身份证号, an organisation its 统一社会信用代码 (the proof of identity
    /// of 条例 Art.29), and not the other's. Where only a person applies, the 身份证号 is a required
    /// field (`check`).
    func checkApplicant(_ type: RecordType, _ values: RecordValues) throws(CoreError) {
        guard let applicantKind, let creditCode else { return }
        guard let kind = values[applicantKind]?.text.flatMap(ApplicantKind.init(rawValue:)) else { return }
        let (needed, other) = kind == .person ? (idNumber, creditCode) : (creditCode, idNumber)
        if values[needed] == nil {
            throw .invalid(field: needed, "申请人为\(kind.label)的，须填写「\(type.field(needed)?.label ?? needed)」")
        }
        if values[other] != nil {
            throw .invalid(field: other, "申请人为\(kind.label)的，不填写「\(type.field(other)?.label ?? other)」")
        }
    }

    /// On the portal's form, which asks a person none of an organisation's further fields: one sent
    /// anyway is refused by name. (Staff forms keep what earlier applications hold.)
    public func checkAskedOf(_ type: RecordType, _ values: RecordValues) throws(CoreError) {
        guard let applicantKind, values[applicantKind]?.text == ApplicantKind.person.rawValue else { return }
        if let field = organisationFields.first(where: { values[$0] != nil }) {
            throw .invalid(field: field, "申请人为\(ApplicantKind.person.label)的，不填写「\(type.field(field)?.label ?? field)」")
        }
    }

    func check(_ type: RecordType) throws(CoreError) {
        func fail(_ m: String) -> CoreError { .invalid(field: type.slug, "登记簿「\(type.label)」的申请声明有误：\(m)") }
        guard path.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }), !path.isEmpty else { throw fail("路径只能含小写字母和连字符") }
        do { try RegistrationNumber.check(prefix: receiptPrefix, pattern: RegistrationNumber.defaultPattern) } catch { throw fail(error.message) }
        guard type.field(office)?.kind == .unit, office == type.ownerField else { throw fail("受理机关须是记录的所属单位字段") }
        guard type.field(channel)?.kind == .choices(IntakeChannel.self) else { throw fail("渠道字段须以 IntakeChannel 为选项") }
        guard (applicantKind == nil) == (creditCode == nil) else { throw fail("申请人类型和统一社会信用代码字段须同时声明，仅限公民申请的都不声明") }
        if let applicantKind, type.field(applicantKind)?.kind != .choices(ApplicantKind.self) { throw fail("申请人类型字段须以 ApplicantKind 为选项") }
        if personsOnly, !organisationFields.isEmpty { throw fail("仅限公民申请的，没有仅向组织询问的字段") }
        if personsOnly, type.field(idNumber)?.required != true { throw fail("仅限公民申请的，身份证号须为必填") }
        guard type.field(receivedOn)?.kind == .date, type.field(receivedOn)?.required == true else { throw fail("收到申请日期须是必填的日期") }
        guard let r = type.field(receipt), r.assigned, r.kind.storage == .text else { throw fail("受理编号须是系统赋值的文字字段") }
        guard type.field(idNumber)?.kind == .idNumber, creditCode.map({ type.field($0)?.kind == .creditCode }) ?? true, type.field(phone)?.kind == .phone else {
            throw fail("身份证号、统一社会信用代码和联系电话字段的类型不对")
        }
        for name in [name, phone, email] + fields { guard let f = type.field(name), f.kind.hasColumn, !f.assigned else { throw fail("没有可填写的字段 \(name)") } }
        for name in [name, phone, email] where type.field(name)?.personal != true { throw fail("申请人的「\(type.field(name)?.label ?? name)」须标为个人信息") }
        for name in [files, sent].compactMap({ $0 }) where type.field(name)?.kind != .attachments { throw fail("\(name) 须是附件字段") }
        for name in follow where type.column(name) == nil { throw fail("没有字段 \(name)") }
        for name in organisationFields where !fields.contains(name) || type.field(name)?.required == true {
            throw fail("仅向组织询问的 \(name) 须是申请人填写的非必填字段")
        }
    }
}
