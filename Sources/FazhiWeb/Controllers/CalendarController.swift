import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// Working-day calendar: the loaded years, loading a new year's notice, and deadline arithmetic.
struct CalendarController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("settings", "calendar", use: page).require(.calendarManage)
        routes.post("settings", "calendar", use: importPage).require(.calendarManage)
        let api = routes.grouped("api", "v1", "calendar")
        api.get("deadline", use: deadline).require(.signedIn)
            .document(APIDoc("计算期限（工作日、自然日顺延、月）", tag: "日历", response: "DeadlineResult",
                             query: [QueryParam("from", "起算日", .date, required: true), QueryParam("amount", "期限数量", .integer(Self.amounts), required: true),
                                     QueryParam("unit", "期限单位", .choice(Self.units))]))
        api.get("years", use: years).require(.signedIn).document(APIDoc("已载入的节假日安排年份", tag: "日历", response: "CalendarYears"))
        api.post("years", use: importYear).require(.calendarManage)
            .document(APIDoc("载入一年的节假日安排（holiday-cn JSON）", tag: "日历", request: "HolidayNotice", response: "CalendarYears", status: 201))
    }

    struct DeadlineResult: Content { let from: String; let rule: String; let due: String; let provisional: Bool; let note: String? }

    static let amounts = DeadlineRule.amounts
    /// How a period is counted: working days, calendar days (the end moved past a holiday), months.
    static let units = ["workingDays", "days", "months"]

    /// The period `amount` `unit` (working days when no unit is given), both read into their bounds.
    static func rule(_ query: QueryParams) throws -> DeadlineRule? {
        guard let n = try query.int("amount", in: amounts, label: "期限") else { return nil }
        switch query.string("unit") ?? "" {
        case "", "workingDays": return .workingDays(n)
        case "days": return .days(n)
        case "months": return .months(n)
        default: throw AppError.invalid("unit", "期限单位应为 workingDays（工作日）、days（自然日）或 months（月）")
        }
    }

    static func compute(from: LocalDate, rule: DeadlineRule, calendar: WorkCalendar) throws -> DeadlineResult {
        let d = try DeadlineCalculator(calendar: calendar).due(from: from, rule)
        return DeadlineResult(from: from.description, rule: rule.description, due: d.due.description, provisional: d.provisional,
                              note: d.provisional ? "计算涉及尚未载入节假日安排的年份，结果为暂定，请载入该年安排后复核" : nil)
    }

    func deadline(req: Request) async throws -> DeadlineResult {
        let query = QueryParams(req)
        guard let raw = query.string("from"), let from = QueryParams.date(raw) else {
            throw AppError.invalid("from", "起算日期 from 必填，格式 YYYY-MM-DD")
        }
        guard let rule = try Self.rule(query) else { throw AppError.invalid("amount", "期限 amount 必填") }
        return try Self.compute(from: from, rule: rule, calendar: try await req.application.fazhi.calendar(on: req.db))
    }

    struct YearDTO: Content { let year: Int; let papers: [String]; let offDays: Int; let workDays: Int; let loadedAt: String; let loadedBy: String }
    struct CalendarYears: Content { let items: [YearDTO] }

    func yearDTOs(_ db: any Database) async throws -> [YearDTO] {
        try await CalendarStore.years(on: db).map {
            YearDTO(year: $0.year, papers: $0.papers, offDays: $0.offDays, workDays: $0.workDays, loadedAt: Format.dateTime($0.loadedAt), loadedBy: $0.loadedBy)
        }
    }

    func years(req: Request) async throws -> CalendarYears { CalendarYears(items: try await yearDTOs(req.db)) }

    /// Loads the notice; returns how many records' due dates were computed again.
    func load(_ data: Data, req: Request) async throws -> Int {
        let notice = try HolidayNotice.parse(data)
        let recomputed = try await CalendarStore.load(notice, actor: req.auditActor, now: req.now, on: req.db)
        req.application.fazhi.invalidateCalculator()
        return recomputed
    }

    func importYear(req: Request) async throws -> Response {
        guard let body = req.body.data else { throw AppError.invalid("file", "请求体为空") }
        _ = try await load(Data(buffer: body), req: req)
        return try await CalendarYears(items: try await yearDTOs(req.db)).encodeResponse(status: .created, for: req)
    }

    struct PageData: Encodable {
        let years: [YearDTO]; let error: String?; let result: DeadlineResult?
        let from: String; let amount: String; let unit: String
    }
    struct ImportForm: Content { var file: File? }

    func page(req: Request) async throws -> View {
        var result: DeadlineResult?, error: String?
        let query = QueryParams(req)
        let from = query.string("from") ?? "", amount = query.string("amount") ?? "", unit = query.string("unit") ?? "workingDays"
        if !from.isEmpty {
            do {
                guard let start = QueryParams.date(from), let rule = try Self.rule(query) else {
                    throw AppError.invalid("from", "请填写正确的起算日期（YYYY-MM-DD）和期限")
                }
                result = try Self.compute(from: start, rule: rule, calendar: try await req.application.fazhi.calendar(on: req.db))
            } catch let e as CoreError {
                error = e.message
            } catch let e as AppError {
                error = e.message
            }
        }
        // After a load: how many records' due dates the new year's calendar changed.
        let recomputed = (try? query.int("recomputed", in: 0...100_000_000, label: "重新计算")).flatMap { $0 }
        return try await render(req, error: error, result: result, from: from, amount: amount, unit: unit,
                                notice: recomputed.map { "已导入；\($0) 条记录的法定期限已按新载入的安排重新计算" })
    }

    func render(_ req: Request, error: String?, result: DeadlineResult? = nil, from: String = "", amount: String = "", unit: String = "workingDays",
                notice: String? = nil) async throws -> View {
        try await Page.render("calendar", title: "工作日历", req: req,
                              context: PageData(years: try await yearDTOs(req.db), error: error, result: result, from: from, amount: amount, unit: unit),
                              breadcrumbs: [("工作日历", nil)], notice: notice)
    }

    func importPage(req: Request) async throws -> Response {
        let form = try req.content.decode(ImportForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await render(req, error: "请选择要载入的 JSON 文件").encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            let recomputed = try await load(Data(buffer: file.data), req: req)
            return req.redirect(to: "/settings/calendar?notice=imported&recomputed=\(recomputed)")
        } catch let e as CoreError {
            return try await render(req, error: e.message).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}
