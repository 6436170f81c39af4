/// Telling a party outside the platform about its record: who the party is, how it is reached and
/// on which step of the record's life (`notify:` in a declaration). The store and the reminder
/// planner read the declaration and write the notices into the outbox every reminder goes through;
/// a notice carries the record's number and what happened, never the party's personal data.
public struct NoticeSpec: Sendable {
    /// How the party is reached.
    public enum Contact: Sendable, Equatable {
        /// The record's own phone and e-mail fields: each one filled is told (an applicant).
        case fields(phone: String, email: String)
        /// The channel the party chose on the portal (`holder_subscriptions`, by the identity
        /// field's value), else SMS to the phone the register `phoneIn` keeps in `phoneField` for
        /// the same identity (its field `identityField`): a licence holder.
        case chosen(identity: String, phoneIn: String, identityField: String, phoneField: String)
    }

    /// When the party is told.
    public enum Step: Sendable, Equatable {
        /// On each workflow move that has words for the party (`tells:`), keyed by the record's version.
        case moves
        /// Before the date field `date`, at the days the district's plan for the record's kind (the
        /// field `planBy`) gives, SMS within its hours (证照到期提醒).
        case before(date: String, planBy: String)
    }

    /// The party as the platform's pages name it ("申请人", "持证主体").
    public let party: String
    /// The field with the party's name.
    public let name: String
    public let contact: Contact
    public let step: Step
    /// The outbox's source for these notices, as reminder lists and figures count them.
    public let source: String

    /// The channels and addresses a party is told on: the record's filled phone and e-mail, or
    /// the one the party chose (SMS to the phone on file when it chose nothing).
    public static func addresses(_ contact: Contact, phone: String?, email: String?, chosen: HolderChannel?) -> [(channel: ReminderChannel, address: String)] {
        let filled = [(ReminderChannel.sms, phone), (.email, email)].compactMap { c, a in a.flatMap { $0.isEmpty ? nil : (c, $0) } }
        switch contact {
        case .fields: return filled
        case .chosen:
            switch chosen ?? .sms {
            case .sms: return filled.filter { $0.0 == .sms }
            case .email: return filled.filter { $0.0 == .email }
            case .none: return []
            }
        }
    }

    func check(_ type: RecordType) throws(CoreError) {
        func fail(_ m: String) -> CoreError { .invalid(field: "notify", "\(type.slug)：\(m)") }
        guard type.field(name) != nil else { throw fail("没有当事人名称字段 \(name)") }
        switch contact {
        case .fields(let phone, let email):
            guard type.field(phone)?.kind == .phone, type.field(email)?.kind == .email else { throw fail("通知当事人的电话、邮箱字段类型不符") }
        case .chosen(let identity, _, _, _):
            guard type.field(identity)?.kind == .creditCode || type.field(identity)?.kind == .idNumber else { throw fail("当事人身份字段须为统一社会信用代码或身份证号") }
        }
        switch step {
        case .moves:
            guard type.transitions.contains(where: { $0.notice != nil }) else { throw fail("没有告知当事人的状态变更") }
        case .before(let date, let planBy):
            guard type.field(date)?.kind == .date, type.field(planBy) != nil else { throw fail("到期提醒的日期或类型字段不符") }
            guard type.transitions.allSatisfy({ $0.notice == nil }) else { throw fail("到期提醒的登记簿不在状态变更时告知当事人") }
        }
    }
}
