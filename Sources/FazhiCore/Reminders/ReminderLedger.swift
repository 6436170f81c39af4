/// The reminders sent, as figures count them: the outbox (`reminders`) read like a register by
/// the day each reminder became due and the day it was sent, its category (a licence kind or a
/// register), its channel and the unit it concerns. It has no pages or forms of its own; the
/// platform writes it (`ReminderOutbox`).
public enum ReminderLedger {
    public enum Key: String, RecordKey {
        case dueOn = "due_on", sentOn = "sent_on", category, channel, unit = "unit_id", subject
    }

    public enum State: String, RecordChoice {
        case pending, sending, sent, dead
        public var label: String { ReminderState(rawValue: rawValue)?.label ?? rawValue }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "reminders", table: "reminders", label: "到期提醒",
        read: .reminderManage, write: .reminderManage,
        fields: [
            RecordField(.dueOn, "应发日期", .date, required: true),
            RecordField(.sentOn, "发送日期", .date),
            RecordField(.category, "类别", .text(maxLength: 64), required: true),
            RecordField(.channel, "渠道", .text(maxLength: 16), required: true),
            RecordField(.unit, "相关单位", .unit),
            RecordField(.subject, "标题", .text, required: true),
        ],
        owner: .unit, title: .subject, initial: .pending,
        columns: [.subject, .channel, .sentOn], sort: .dueOn)

    static var licenceKinds: [String] { Licence.Kind.allCases.map(\.rawValue) }
    static var toHolders: Figure.Selection {
        Figure.Selection(declaration.type.slug, by: Key.sentOn.rawValue,
                         matching: [Key.category.rawValue: licenceKinds, Key.channel.rawValue: [ReminderChannel.sms.rawValue, ReminderChannel.email.rawValue]],
                         states: [State.sent.rawValue])
    }
    static func due(_ states: [State]) -> Figure.Selection {
        Figure.Selection(declaration.type.slug, by: Key.dueOn.rawValue, states: states.map(\.rawValue))
    }

    public static let figures: [Figure] = [
        Figure("reminders.licence_sent", "发送证照到期提醒", unit: "次",
               definition: "向持证主体（短信或其选择的电子邮件）发送成功的证照到期提醒条数，按发送日期计", .count(toHolders)),
        Figure("reminders.delivery_rate", "提醒送达率", unit: "%",
               definition: "按应发日期计、已有结果的提醒（已发送或多次失败后停止重试）中已发送的比例，含站内信、短信、邮件和工作群",
               .rate(part: due([.sent]), whole: due([.sent, .dead]))),
        Figure("reminders.expired_unreminded", "到期前未获提醒的证照", unit: "件",
               definition: "有效期截止于该期间、到期时仍有效或已延续换发，却没有任何一条提醒发送成功的证照数；应为 0",
               .without(Figure.Selection(Licence.declaration.type.slug, by: Licence.Key.expiresOn.rawValue,
                                         states: [Licence.State.valid.rawValue, Licence.State.renewed.rawValue]),
                        source: declaration.type.slug, column: "record_id", states: [State.sent.rawValue])),
    ]
}

extension Permission {
    public static let reminderManage = Permission("reminder.manage", "管理到期提醒与发送", .business)
}

extension Module {
    /// 到期提醒 (seed 一.二 “整点报时”): the reminders sent, counted like a register.
    public static let reminders = Module(
        code: "reminders", name: "到期提醒", ledgers: [ReminderLedger.declaration.type],
        permissions: [.reminderManage], grants: [.districtOffice: [.reminderManage]],
        figures: ReminderLedger.figures,
        pages: [ModulePage("到期提醒", path: "/reminders", permission: .reminderManage, place: .settings)],
        commands: ["remind"],
        report: ["work.2": [
            "率先打造政务服务“整点报时”模式，上线证照到期自动提醒系统，{year}年发送证照到期提醒{reminders.licence_sent}次，提醒送达率{reminders.delivery_rate}%，到期前未获提醒的证照{reminders.expired_unreminded}件。",
        ]])
}
