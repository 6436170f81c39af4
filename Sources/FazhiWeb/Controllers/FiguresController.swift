import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// The catalogue of figures: every figure's name, label and definition, with its value for a
/// year and the year before, for the district — or, for staff whose scope is their own unit, for
/// that unit and the units below it.
struct FiguresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("figures", use: page).require(.reportRead)
        routes.get("api", "v1", "figures", use: api).require(.reportRead)
            .document(APIDoc("指标目录及某年度的值（含上年）", tag: "指标与报告", response: "FigureList", query: ["year"]))
    }

    struct Row: Content { let name: String; let label: String; let definition: String; let unit: String; let value: String; let previous: String; let change: String }
    struct FigureList: Content { let year: Int; let unitName: String; let items: [Row] }

    /// The catalogue for the year the request asks for, in the caller's view (district or own unit).
    static func rows(_ req: Request) async throws -> FigureList {
        try await rows(req, for: try await req.figureUnit())
    }

    /// The same for a view already resolved (the dashboard's).
    static func rows(_ req: Request, for view: (unit: UUID?, name: String, district: District)) async throws -> FigureList {
        let year = QueryParams(req).int("year") ?? LocalDate(Date()).year - 1
        guard (2000...2100).contains(year) else { throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间") }
        let (unit, unitName) = (view.unit, view.name)
        let current = try await FigureStore.year(year, unit: unit, on: req.db), previous = try await FigureStore.year(year - 1, unit: unit, on: req.db)
        let items = zip(FigureCatalogue.all, zip(current, previous)).map { f, v in
            Row(name: f.name, label: f.label, definition: f.definition, unit: f.unit, value: v.0.text, previous: v.1.text,
                change: YearOnYear.text(current: v.0.value, previous: v.1.value, isRate: f.unit == "%"))
        }
        return FigureList(year: year, unitName: unitName, items: items)
    }

    func api(req: Request) async throws -> FigureList { try await Self.rows(req) }

    func page(req: Request) async throws -> View {
        let list = try await Self.rows(req)
        return try await Page.render("figures", title: "指标目录", req: req, context: list, breadcrumbs: [("指标目录", nil)])
    }
}
