import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// The catalogue of figures: every figure's name, label and definition, with its value for a
/// year and the year before, for the district — or, for staff whose scope is their own unit, for
/// that unit and the units below it. A person whose scope covers several districts (a province's
/// supervisor) also compares them side by side.
struct FiguresController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("figures", use: page).require(.reportRead)
        routes.get("api", "v1", "figures", use: api).require(.reportRead)
            .document(APIDoc("指标目录及某年度的值（含上年）", tag: "指标与报告", response: "FigureList", query: [.year]))
        routes.get("figures", "districts", use: comparisonPage).require(.reportRead)
        routes.get("api", "v1", "figures", "districts", use: comparisonAPI).require(.reportRead)
            .document(APIDoc("各区县某年度指标对比（数据范围覆盖的区县）", tag: "指标与报告", response: "DistrictComparison", query: [.year]))
    }

    struct Row: Content { let name: String; let label: String; let definition: String; let unit: String; let value: String; let previous: String; let change: String }
    struct FigureList: Content { let year: Int; let unitName: String; let items: [Row] }

    /// The catalogue for the year the request asks for, in the caller's view (district or own unit).
    static func rows(_ req: Request) async throws -> FigureList {
        try await rows(req, for: try await req.figureUnit())
    }

    /// The same for a view already resolved (the dashboard's).
    static func rows(_ req: Request, for view: (unit: UUID?, name: String, district: District)) async throws -> FigureList {
        let (unit, unitName) = (view.unit, view.name)
        let year = try await QueryParams(req).reportYear(unit: unit, req: req)
        let current = try await FigureStore.year(year, unit: unit, on: req.db), previous = try await FigureStore.year(year - 1, unit: unit, on: req.db)
        let items = zip(FigureCatalogue.all, zip(current, previous)).map { f, v in
            Row(name: f.name, label: f.label, definition: f.definition, unit: f.unit, value: v.0.text, previous: v.1.text,
                change: YearOnYear.text(current: v.0.value, previous: v.1.value, isRate: f.unit == "%"))
        }
        return FigureList(year: year, unitName: unitName, items: items)
    }


    func api(req: Request) async throws -> FigureList { try await Self.rows(req) }

    struct Compared: Content { let name: String; let label: String; let unit: String; let values: [String] }
    struct DistrictComparison: Content { let year: Int; let districts: [String]; let items: [Compared] }

    /// Every figure of the year for each district the person's scope covers, in the tree's order.
    /// Each district is counted as its own report counts it.
    static func comparison(_ req: Request) async throws -> DistrictComparison {
        let districts = try await Districts.covered(by: try req.requirePrincipal().scope, on: req.db)
        guard !districts.isEmpty else { throw AppError.forbidden }
        let year = try await QueryParams(req).reportYear(unit: nil, req: req)
        var columns: [[FigureValue]] = []
        for d in districts { columns.append(try await FigureStore.year(year, unit: try await Districts.figureUnit(d, on: req.db), on: req.db)) }
        let items = FigureCatalogue.all.enumerated().map { i, f in
            Compared(name: f.name, label: f.label, unit: f.unit, values: columns.map { $0[i].text })
        }
        return DistrictComparison(year: year, districts: districts.map(\.name), items: items)
    }

    func comparisonAPI(req: Request) async throws -> DistrictComparison { try await Self.comparison(req) }

    func comparisonPage(req: Request) async throws -> View {
        let comparison = try await Self.comparison(req)
        return try await Page.render("figures-districts", title: "各区县指标对比", req: req, context: comparison,
                                     breadcrumbs: [("指标目录", "/figures"), ("各区县对比", nil)])
    }

    struct CataloguePage: Encodable { let list: FigureList; let compares: Bool }

    func page(req: Request) async throws -> View {
        let list = try await Self.rows(req)
        let covered = try await Districts.covered(by: try req.requirePrincipal().scope, on: req.db)
        return try await Page.render("figures", title: "指标目录", req: req, context: CataloguePage(list: list, compares: covered.count > 1),
                                     breadcrumbs: [("指标目录", nil)])
    }
}
