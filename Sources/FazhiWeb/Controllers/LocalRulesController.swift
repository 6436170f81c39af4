import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// 系统设置 › 本区期限: a district's own amounts for the rules the table lets districts set (local
/// practice, rules.md §3), each in force from a day, with the page and the API.
struct LocalRulesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("settings", "rules", "local", use: page).require(.settingsManage)
        routes.post("settings", "rules", "local", use: save).require(.settingsManage)
        let api = routes.grouped("api", "v1", "rules", "local")
        api.get(use: list).require(.settingsManage)
            .document(APIDoc("本区设置的地方期限（可由区县调整的规则）", tag: "日历", response: "LocalRuleList"))
        api.post(use: create).require(.settingsManage)
            .document(APIDoc("设置本区的地方期限（自某日起施行，不早于今天）", tag: "日历", request: "LocalRuleWrite", response: "LocalRule", status: 201))
    }

    /// The rules a district may set.
    static var configurable: [StatutoryRule] { StatutoryRules.ids.compactMap(StatutoryRules.latest).filter(\.configurable) }

    struct LocalRuleDTO: Content {
        let rule: String; let name: String; let amount: Int; let unit: String; let effectiveFrom: String; let basis: String
        let setBy: String; let setAt: String
        init(_ e: LocalRuleStore.Entry, name: String) {
            rule = e.setting.rule; self.name = name; amount = e.setting.period.amount; unit = e.setting.period.unitCode
            effectiveFrom = e.setting.from.description; basis = e.setting.basis; setBy = e.setBy; setAt = Format.dateTime(e.setAt)
        }
    }
    struct LocalRuleList: Content { let district: String; let items: [LocalRuleDTO] }

    func list(req: Request) async throws -> LocalRuleList {
        let district = try await req.settingsDistrict()
        let names = Dictionary(Self.configurable.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return LocalRuleList(district: district.name, items: try await LocalRuleStore.entries(district: district.id, on: req.db).map {
            LocalRuleDTO($0, name: names[$0.setting.rule] ?? $0.setting.rule)
        })
    }

    /// What the page and the API take; the amount is read into its bounds by `LocalRuleSetting.check`.
    struct LocalRuleWrite: Content { var rule: String?; var amount: Int?; var unit: String?; var effectiveFrom: String?; var basis: String? }

    func setting(_ w: LocalRuleWrite, district: District) throws -> LocalRuleSetting {
        guard let rule = w.rule, StatutoryRules.latest(rule) != nil else { throw CoreError.invalid(field: "rule", "请选择期限规则") }
        guard let amount = w.amount else { throw CoreError.invalid(field: "amount", "请填写期限") }
        guard let period = DeadlineRule(amount: amount, unitCode: w.unit ?? "") else {
            throw CoreError.invalid(field: "unit", "期限单位应为 working_days（工作日）、days（自然日）或 months（月）")
        }
        guard let from = w.effectiveFrom.flatMap(QueryParams.date) else { throw CoreError.invalid(field: "effectiveFrom", "请填写施行日期（YYYY-MM-DD）") }
        return LocalRuleSetting(rule: rule, district: district.id, period: period, from: from, basis: w.basis ?? "")
    }

    func create(req: Request) async throws -> Response {
        let district = try await req.settingsDistrict()
        let s = try setting(try req.decodeClosed(LocalRuleWrite.self), district: district)
        try await LocalRuleStore.set(s, today: req.today, actor: req.auditActor, now: req.now, on: req.db)
        req.application.fazhi.invalidateCalculator()
        let entry = try await LocalRuleStore.entries(district: district.id, on: req.db).first { $0.setting.rule == s.rule && $0.setting.from == s.from }
        guard let entry else { throw AppError.notFound }
        return try await LocalRuleDTO(entry, name: StatutoryRules.latest(s.rule)?.name ?? s.rule).encodeResponse(status: .created, for: req)
    }

    struct Setting: Encodable { let amount: String; let from: String; let basis: String; let setBy: String; let setAt: String; let current: Bool }
    struct Rule: Encodable {
        let id: String; let name: String; let standard: String; let source: String; let settings: [Setting]
        let amount: String; let unit: String; let from: String; let basis: String; let error: String?; let errorField: String?
    }
    struct PageData: Encodable { let district: String; let units: [Choice]; let rules: [Rule] }
    struct Choice: Encodable { let value: String; let label: String }

    func render(_ req: Request, typed: (form: PageForm, error: CoreError)? = nil) async throws -> Response {
        let district = try await req.settingsDistrict()
        let entries = try await LocalRuleStore.entries(district: district.id, on: req.db)
        let today = req.today
        let rules = Self.configurable.map { r in
            let own = entries.filter { $0.setting.rule == r.id }
            let current = own.first { $0.setting.from <= today }?.setting.from
            let mine = typed?.form.rule == r.id ? typed : nil
            return Rule(id: r.id, name: r.name, standard: RulesController.period(r), source: "《\(r.statute)》",
                        settings: own.map { e in
                            Setting(amount: e.setting.period.description, from: e.setting.from.description, basis: e.setting.basis, setBy: e.setBy,
                                    setAt: Format.dateTime(e.setAt), current: e.setting.from == current)
                        },
                        amount: mine?.form.amount ?? "", unit: mine?.form.unit ?? r.period.unitCode, from: mine?.form.effectiveFrom ?? today.adding(days: 1).description,
                        basis: mine?.form.basis ?? "", error: mine?.error.message, errorField: mine?.error.field)
        }
        let data = PageData(district: district.name, units: [.init(value: "working_days", label: "工作日"), .init(value: "days", label: "自然日"),
                                                             .init(value: "months", label: "月")], rules: rules)
        return try await Page.render("local-rules", title: "本区期限", req: req, context: data, breadcrumbs: [("法定期限", "/settings/rules"), ("本区期限", nil)])
            .encodeResponse(status: typed == nil ? .ok : .unprocessableEntity, for: req)
    }

    func page(req: Request) async throws -> Response { try await render(req) }

    /// The page's form: every value as typed, so a refused one is shown again as it was.
    struct PageForm: Content { var rule: String?; var amount: String?; var unit: String?; var effectiveFrom: String?; var basis: String? }

    func save(req: Request) async throws -> Response {
        let form = try req.content.decode(PageForm.self)
        do {
            let district = try await req.settingsDistrict()
            let amount = try form.amount.flatMap { raw -> Int? in
                let t = raw.trimmingCharacters(in: .whitespaces)
                guard !t.isEmpty else { return nil }
                guard t.utf8.count <= 6, let n = Int(t) else { throw CoreError.invalid(field: "amount", "期限应为整数") }
                return n
            }
            let s = try setting(LocalRuleWrite(rule: form.rule, amount: amount, unit: form.unit, effectiveFrom: form.effectiveFrom, basis: form.basis),
                                district: district)
            try await LocalRuleStore.set(s, today: req.today, actor: req.auditActor, now: req.now, on: req.db)
            req.application.fazhi.invalidateCalculator()
            return req.redirect(to: "/settings/rules/local?notice=saved")
        } catch let e as CoreError {
            return try await render(req, typed: (form, e))
        }
    }
}
