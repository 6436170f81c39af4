import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// 我的待办 and 站内信 for everyone signed in; reminder plans, the outbox, dead letters and the
/// delivery log for those who manage reminders.
struct RemindersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("todo", use: toDoPage).require(.signedIn)
        routes.get("inbox", use: inboxPage).require(.signedIn)
        routes.post("inbox", "read", use: markRead).require(.signedIn)
        routes.get("reminders", use: outboxPage).require(.reminderManage)
        routes.post("reminders", "plans", use: savePlan).require(.settingsManage)
        routes.get("reminders", ":id", use: detailPage).require(.reminderManage)
        routes.post("reminders", ":id", "retry", use: retry).require(.reminderManage)
        let api = routes.grouped("api", "v1")
        api.get("todo", use: toDoAPI).require(.signedIn)
            .document(APIDoc("我的待办：即将到期和已逾期的事项", tag: "到期提醒", response: "ToDoList"))
        api.get("reminders", use: outboxAPI).require(.reminderManage)
            .document(APIDoc("提醒发件箱（新到旧）", tag: "到期提醒", response: "ReminderList", query: [QueryParam("state", "状态", .choice(ReminderState.allCases.map(\.rawValue))), .page(maxPer: 200), .per(max: 200), .before]))
    }

    // MARK: 我的待办

    struct ToDoRow: Content {
        let register: String; let title: String; let unit: String; let field: String; let due: String
        let daysLeft: Int; let overdue: Bool; let href: String
        /// Days past the due date, for the page.
        let lateDays: Int
    }
    struct ToDoList: Content { let today: String; let items: [ToDoRow] }

    static func toDo(_ req: Request) async throws -> ToDoList {
        let p = try req.requirePrincipal()
        let today = req.today
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let items = try await ReminderQueries.toDo(for: p, today: today, on: req.db).map {
            ToDoRow(register: $0.register, title: $0.title, unit: names[$0.unitID.uuidString]?.name ?? "", field: $0.field, due: $0.due.description,
                    daysLeft: $0.daysLeft, overdue: $0.overdue, href: "/records/\($0.slug)/\($0.id.uuidString)", lateDays: -$0.daysLeft)
        }
        return ToDoList(today: today.description, items: items)
    }

    func toDoAPI(req: Request) async throws -> ToDoList { try await Self.toDo(req) }

    struct ToDoPage: Encodable { let list: ToDoList; let unread: Int }

    func toDoPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        let page = ToDoPage(list: try await Self.toDo(req), unread: try await ReminderQueries.unread(user: p.userID, on: req.db))
        return try await Page.render("todo", title: "我的待办", req: req, context: page, breadcrumbs: [("我的待办", nil)])
    }

    // MARK: 站内信

    struct Message: Encodable { let subject: String; let body: String; let link: String?; let at: String; let unread: Bool }

    func inboxPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        let messages = try await ReminderQueries.inbox(user: p.userID, on: req.db).map {
            Message(subject: $0.subject, body: $0.body, link: $0.link, at: Format.dateTime(Self.date($0.created_at)), unread: $0.read_at == nil)
        }
        return try await Page.render("inbox", title: "站内信", req: req, context: messages, breadcrumbs: [("站内信", nil)])
    }

    func markRead(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        try await ReminderQueries.markRead(user: p.userID, actor: req.auditActor, now: req.now, on: req.db)
        return req.redirect(to: "/inbox?notice=saved")
    }

    // MARK: Plans and the outbox

    struct PlanRow: Encodable {
        let kind: String; let label: String; let offsets: String; let holder: Bool; let issuer: Bool; let webhook: Bool
        let quietFrom: Int; let quietUntil: Int; let error: String?
    }
    struct OutboxRow: Content {
        let id: Int64; let subject: String; let channel: String; let recipient: String; let state: String; let stateLabel: String
        let attempts: Int; let next: String; let sent: String?; let error: String?
    }
    struct OutboxPage: Encodable {
        let counts: [Count]; let plans: [PlanRow]; let rows: [OutboxRow]; let state: String?; let pager: Pager; let channels: [Channel]
        let year: Int; let sentByKind: [SentRow]; let sentByUnit: [SentRow]
    }
    struct SentRow: Encodable { let label: String; let channel: String; let n: Int }
    /// `n`: 「123」 or 「10000+」 past the count's bound.
    struct Count: Encodable { let state: String; let label: String; let n: String }
    struct Channel: Encodable { let label: String; let configured: Bool; let setting: String }
    /// `total` is exact up to `RecordStore.countBound` (`totalExact`); `next` is the next page's
    /// address (by `before`) while there may be more.
    struct ReminderList: Content { let total: Int; let totalExact: Bool; let page: Int?; let next: String?; let items: [OutboxRow] }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// A row as the outbox shows it. A party outside the platform (an applicant, a holder, told
    /// by SMS or e-mail) is named and addressed masked unless the reader holds
    /// 「查看完整个人信息」; a person of the platform (站内信) by their name, as everywhere else.
    static func row(_ r: ReminderRow, seesPersonal: Bool) -> OutboxRow {
        let recipient: String
        let name = r.recipient_name.map { (seesPersonal ? $0 : Masking.text($0)) + " " } ?? ""
        switch ReminderChannel(rawValue: r.channel) {
        case .sms?: recipient = name + (seesPersonal ? r.recipient : Masking.phone(r.recipient))
        case .email?: recipient = name + (seesPersonal ? r.recipient : Masking.text(r.recipient))
        case .inbox?: recipient = r.recipient_name ?? "用户"
        default: recipient = "工作群"
        }
        return OutboxRow(id: r.id, subject: r.subject, channel: ReminderChannel(rawValue: r.channel)?.label ?? r.channel, recipient: recipient,
                         state: r.state, stateLabel: ReminderState(rawValue: r.state)?.label ?? r.state, attempts: r.attempts,
                         next: Format.dateTime(date(r.next_attempt_at)), sent: r.sent_at.map { Format.dateTime(date($0)) }, error: r.last_error)
    }

    static func listQuery(_ req: Request) throws -> (state: String?, paging: Paging, position: KeyedPosition) {
        let q = QueryParams(req)
        let state = q.string("state").flatMap { $0.isEmpty ? nil : $0 }
        if let state, ReminderState(rawValue: state) == nil { throw CoreError.invalid(field: "state", "状态「\(state)」不存在") }
        let paging = try q.paging(per: 50, maxPer: 200)
        return (state, paging, try q.keyedPosition(paging))
    }

    func outboxAPI(req: Request) async throws -> ReminderList {
        let p = try req.requirePrincipal()
        let (state, paging, position) = try Self.listQuery(req)
        let list = try await ReminderQueries.list(state: state, scope: p.scope, limit: paging.per, at: position, on: req.db)
        return ReminderList(total: list.total, totalExact: list.exact, page: position.before == nil ? paging.page : nil,
                            next: list.next.map { Pager.address(req, "before=\($0)") },
                            items: list.rows.map { Self.row($0, seesPersonal: p.has(.personalDataView)) })
    }

    func outboxPage(req: Request) async throws -> View {
        try await outbox(req)
    }

    func outbox(_ req: Request, typed: PlanRow? = nil) async throws -> View {
        let p = try req.requirePrincipal()
        let (state, paging, position) = try Self.listQuery(req)
        let list = try await ReminderQueries.list(state: state, scope: p.scope, limit: paging.per, at: position, on: req.db)
        let counts = try await ReminderQueries.counts(scope: p.scope, on: req.db)
        let plans = try await ReminderPlans.all(district: try await req.district().id, on: req.db)
        let config = req.application.fazhi.config.reminders
        let year = try QueryParams(req).year(default: req.today.year)
        let sent = try await ReminderQueries.sent(year: year, scope: p.scope, on: req.db)
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        func category(_ code: String) -> String {
            Licence.Kind(rawValue: code)?.label ?? Registers.type(slug: code)?.label ?? (code == "verification" ? "公众端验证码" : code)
        }
        let data = OutboxPage(
            counts: ReminderState.allCases.map { state in
                let c = counts[state.rawValue] ?? (0, true)
                return Count(state: state.rawValue, label: state.label, n: c.exact ? String(c.n) : "\(c.n)+")
            },
            plans: Licence.Kind.allCases.compactMap { kind in
                if let typed, typed.kind == kind.rawValue { return typed }
                guard let plan = plans[kind] else { return nil }
                return PlanRow(kind: kind.rawValue, label: kind.label, offsets: plan.offsets.map(String.init).joined(separator: ","), holder: plan.remindHolder,
                               issuer: plan.remindIssuer, webhook: plan.webhook, quietFrom: plan.quietFrom, quietUntil: plan.quietUntil, error: nil)
            },
            rows: list.rows.map { Self.row($0, seesPersonal: p.has(.personalDataView)) }, state: state,
            pager: Pager(req, paging: paging, total: list.total, exact: list.exact, continued: position.before != nil,
                         cursor: list.next.map { ("before", String($0)) }),
            channels: [
                Channel(label: ReminderChannel.inbox.label, configured: true, setting: "平台内置"),
                Channel(label: ReminderChannel.sms.label, configured: config.smsURL != nil, setting: "FAZHI_SMS_URL"),
                Channel(label: ReminderChannel.email.label, configured: config.smtpHost != nil, setting: "FAZHI_SMTP"),
                Channel(label: ReminderChannel.webhook.label, configured: config.webhookURL != nil, setting: "FAZHI_WEBHOOK_URL"),
            ],
            year: year,
            sentByKind: sent.byKind.map { SentRow(label: category($0.category), channel: ReminderChannel(rawValue: $0.channel)?.label ?? $0.channel, n: $0.n) },
            sentByUnit: sent.byUnit.map { SentRow(label: $0.unit.flatMap { names[$0.uuidString]?.name } ?? "（无单位）", channel: "", n: $0.n) })
        return try await Page.render("reminders", title: "到期提醒", req: req, context: data, breadcrumbs: [("到期提醒", nil)])
    }

    struct PlanForm: Content {
        var kind: String; var offsets: String?; var holder: String?; var issuer: String?; var webhook: String?
        var quietFrom: String?; var quietUntil: String?
    }

    func savePlan(req: Request) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        guard let kind = Licence.Kind(rawValue: form.kind) else { throw AppError.invalid("kind", "证照类型「\(form.kind)」不存在") }
        do {
            let plan = try ReminderPlan.parse(kind: kind, offsets: form.offsets ?? "", remindHolder: form.holder != nil, remindIssuer: form.issuer != nil,
                                              webhook: form.webhook != nil, quietFrom: form.quietFrom ?? "", quietUntil: form.quietUntil ?? "")
            try await ReminderPlans.save(plan, district: try await req.settingsDistrict().id, actor: req.auditActor, now: req.now, on: req.db)
            return req.redirect(to: "/reminders?notice=saved#plan-\(kind.rawValue)")
        } catch let e as CoreError {
            let typed = PlanRow(kind: kind.rawValue, label: kind.label, offsets: form.offsets ?? "", holder: form.holder != nil, issuer: form.issuer != nil,
                                webhook: form.webhook != nil, quietFrom: Int(form.quietFrom ?? "") ?? 20, quietUntil: Int(form.quietUntil ?? "") ?? 8,
                                error: e.message)
            return try await outbox(req, typed: typed).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    struct Attempt: Encodable { let attempt: Int; let at: String; let instance: String; let ok: Bool; let detail: String }
    struct Detail: Encodable { let row: OutboxRow; let body: String; let key: String; let record: String?; let attempts: [Attempt]; let canRetry: Bool }

    func detailPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        guard let id = req.parameters.get("id").flatMap(Int64.init), let (row, attempts) = try await ReminderQueries.find(id, scope: p.scope, on: req.db) else {
            throw AppError.notFound
        }
        let record = row.register.flatMap { register in row.record_id.map { "/records/\(register)/\($0.uuidString)" } }
        let detail = Detail(row: Self.row(row, seesPersonal: p.has(.personalDataView)), body: row.body, key: row.key, record: record,
                            attempts: attempts.map { Attempt(attempt: $0.attempt, at: Format.dateTime(Self.date($0.at)), instance: $0.instance, ok: $0.ok != 0, detail: $0.detail) },
                            canRetry: row.state == ReminderState.dead.rawValue)
        return try await Page.render("reminder-detail", title: "提醒 #\(id)", req: req, context: detail,
                                     breadcrumbs: [("到期提醒", "/reminders"), ("提醒 #\(id)", nil)])
    }

    func retry(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(Int64.init) else { throw AppError.notFound }
        try await ReminderOutbox.retry(id, scope: try req.scope(), actor: req.auditActor, now: req.now, on: req.db)
        return req.redirect(to: "/reminders/\(id)?notice=saved")
    }
}
