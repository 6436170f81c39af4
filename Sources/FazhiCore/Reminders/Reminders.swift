import Foundation

/// How a reminder reaches its receiver.
public enum ReminderChannel: String, CaseIterable, Codable, Sendable {
    /// 站内信: a message in a user's inbox in the platform.
    case inbox
    case email
    case sms
    /// A JSON POST to a configured address, e.g. a WeCom or DingTalk group robot.
    case webhook

    public var label: String {
        switch self {
        case .inbox: return "站内信"
        case .email: return "电子邮件"
        case .sms: return "短信"
        case .webhook: return "工作群机器人"
        }
    }
}

/// Where a reminder is in its life. `sending` is a claim with a lease: a dispatcher that dies
/// leaves it to be claimed again when the lease runs out.
public enum ReminderState: String, CaseIterable, Codable, Sendable {
    case pending, sending, sent, dead

    public var label: String {
        switch self {
        case .pending: return "待发送"
        case .sending: return "发送中"
        case .sent: return "已发送"
        case .dead: return "发送失败（已停止重试）"
        }
    }
}

/// 持证主体 chooses how it is reminded on the portal; without a choice it is the phone on file.
public enum HolderChannel: String, CaseIterable, Codable, Sendable {
    case sms, email, none

    public var label: String {
        switch self {
        case .sms: return "短信（登记的联系电话）"
        case .email: return "电子邮件"
        case .none: return "不接收提醒"
        }
    }
}

/// When and whom a licence kind's expiry is reminded (证照到期提醒).
public struct ReminderPlan: Sendable, Equatable {
    public var kind: Licence.Kind
    /// Days before expiry, largest first; 0 is the day itself.
    public var offsets: [Int]
    /// The holder, by SMS to the phone on file or the channel it chose on the portal.
    public var remindHolder: Bool
    /// The issuing unit's clerks (those who manage licences there), in their inbox.
    public var remindIssuer: Bool
    /// The configured group robot.
    public var webhook: Bool
    /// SMS is not sent from `quietFrom` o'clock until `quietUntil` o'clock (China Standard Time).
    public var quietFrom: Int
    public var quietUntil: Int

    public init(kind: Licence.Kind, offsets: [Int] = [90, 30, 7, 0], remindHolder: Bool = true, remindIssuer: Bool = true,
                webhook: Bool = false, quietFrom: Int = 20, quietUntil: Int = 8) {
        self.kind = kind; self.offsets = offsets; self.remindHolder = remindHolder; self.remindIssuer = remindIssuer
        self.webhook = webhook; self.quietFrom = quietFrom; self.quietUntil = quietUntil
    }

    public static var defaults: [ReminderPlan] { Licence.Kind.allCases.map { ReminderPlan(kind: $0) } }

    /// Checks what a person typed for a plan; the messages name the field in Chinese.
    public static func parse(kind: Licence.Kind, offsets text: String, remindHolder: Bool, remindIssuer: Bool, webhook: Bool,
                             quietFrom: String, quietUntil: String) throws(CoreError) -> ReminderPlan {
        var offsets: [Int] = []
        for part in text.split(whereSeparator: { ",，、 ".contains($0) }) {
            guard let n = Int(part), (0...365).contains(n) else {
                throw CoreError.invalid(field: "offsets", "提醒时间：「\(part)」不是 0 到 365 之间的天数")
            }
            if !offsets.contains(n) { offsets.append(n) }
        }
        guard !offsets.isEmpty else { throw CoreError.invalid(field: "offsets", "提醒时间：至少填写一个提前天数，如 90,30,7,0") }
        guard remindHolder || remindIssuer || webhook else {
            throw CoreError.invalid(field: "recipients", "提醒对象：至少选择一个")
        }
        func hour(_ s: String, _ field: String, _ label: String) throws(CoreError) -> Int {
            guard let h = Int(s.trimmingCharacters(in: .whitespaces)), (0...23).contains(h) else {
                throw CoreError.invalid(field: field, "\(label)：请填写 0 到 23 之间的整点")
            }
            return h
        }
        return ReminderPlan(kind: kind, offsets: offsets.sorted(by: >), remindHolder: remindHolder, remindIssuer: remindIssuer, webhook: webhook,
                            quietFrom: try hour(quietFrom, "quiet_from", "免打扰开始"), quietUntil: try hour(quietUntil, "quiet_until", "免打扰结束"))
    }

    /// For each step, the expiry dates that make it the step due today: a licence expiring in
    /// (today + next step, today + this step] is at this step. The last step (usually the day
    /// itself) still catches up for `catchUpDays` after expiry, so a scheduler that was down on
    /// the day does not miss it.
    public func windows(today: LocalDate, catchUpDays: Int = 30) -> [(offset: Int, after: LocalDate, upTo: LocalDate)] {
        let steps = offsets.sorted(by: >)
        return steps.enumerated().map { i, offset in
            let next = i + 1 < steps.count ? steps[i + 1] : -(catchUpDays + 1)
            return (offset, today.adding(days: next), today.adding(days: offset))
        }
    }

    /// For each step, only the expiry date whose step falls on `today` (today + step): enough for
    /// a caller that plans on every day a step falls on, as the demo's history does, where the
    /// catching-up windows would re-read every licence already reminded in them.
    public func todaysSteps(today: LocalDate) -> [(offset: Int, after: LocalDate, upTo: LocalDate)] {
        offsets.sorted(by: >).map { ($0, today.adding(days: $0 - 1), today.adding(days: $0)) }
    }

    /// The first moment at or after `instant` when an SMS may be sent.
    public func smsAllowed(at instant: Date) -> Date {
        QuietHours(from: quietFrom, until: quietUntil).next(after: instant)
    }
}

/// Hours of the day (China Standard Time) when nothing is sent to a phone.
public struct QuietHours: Sendable {
    public let from: Int
    public let until: Int

    public init(from: Int, until: Int) { self.from = from; self.until = until }

    public func contains(hour: Int) -> Bool {
        if from == until { return false }
        return from < until ? (hour >= from && hour < until) : (hour >= from || hour < until)
    }

    /// `instant` itself when it is outside the quiet hours, otherwise the next `until` o'clock.
    public func next(after instant: Date) -> Date {
        guard contains(hour: LocalDate.hour(at: instant)) else { return instant }
        let day = LocalDate(instant), end = day.instant(atHour: until)
        return end > instant ? end : day.adding(days: 1).instant(atHour: until)
    }
}

/// Retries: the wait doubles from one minute after each failure; after `maxAttempts` failures
/// the reminder is dead-lettered and shown to administrators.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var firstWait: TimeInterval

    public init(maxAttempts: Int = 6, firstWait: TimeInterval = 60) { self.maxAttempts = maxAttempts; self.firstWait = firstWait }

    /// The wait after the `attempt`-th failed attempt (1-based), or nil when it was the last.
    public func wait(afterAttempt attempt: Int) -> TimeInterval? {
        guard attempt < maxAttempts else { return nil }
        return firstWait * pow(2, Double(min(attempt - 1, 16)))
    }
}

/// The words of a reminder. The SMS text carries the district's signature (短信签名, the name of the
/// district that sends it) as gateways require.
public enum ReminderText {
    public static func licence(signature: String, kind: String, number: String, holder: String, expiresOn: LocalDate, offset: Int) -> (subject: String, body: String) {
        let when = offset == 0 ? "已于\(expiresOn.chinese)到期" : "将于\(expiresOn.chinese)到期（还有\(offset)天）"
        return ("证照到期提醒：\(holder)的\(kind)",
                "【\(signature)】\(holder)：您的\(kind)（编号\(number)）\(when)，请及时办理延续或换证手续。")
    }

    /// What an applicant is told of a move on their application: the receipt number, what
    /// happened, and where to read more (no other personal data goes into an SMS).
    public static func applicant(signature: String, label: String, receipt: String, words: String) -> (subject: String, body: String) {
        ("\(label)办理通知：\(receipt)", "【\(signature)】您的\(label)（受理编号\(receipt)）\(words)。详情请凭受理编号在政务公开平台查询。")
    }

    public static func deadline(register: String, title: String, field: String, due: LocalDate, daysLeft: Int, ask: String? = nil) -> (subject: String, body: String) {
        ("\(register)即将到期：\(title)", "「\(title)」的\(field)为\(due.chinese)，还有\(daysLeft)天，\(ask ?? "请按期办理")。")
    }

    public static func overdue(register: String, title: String, unit: String, field: String, due: LocalDate) -> (subject: String, body: String) {
        ("\(register)已逾期：\(title)", "\(unit)的「\(title)」\(field)为\(due.chinese)，已逾期未办结，请督促办理。")
    }

    /// Where the code goes in a verification SMS. The outbox keeps the text with this mark: the
    /// code itself is kept only as a hash and filled in by the one send that knows it.
    public static let codeMark = "{验证码}"

    /// "【东昌府区】您正在查询证照到期提醒设置，验证码{验证码}，10分钟内有效。如非本人操作请忽略。"
    public static func verification(signature: String, purpose: String) -> String {
        "【\(signature)】您正在\(purpose)，验证码\(codeMark)，10分钟内有效。如非本人操作请忽略。"
    }
}

extension LocalDate {
    /// 2023年5月1日
    public var chinese: String {
        let c = components
        return "\(c.year)年\(c.month)月\(c.day)日"
    }
}
