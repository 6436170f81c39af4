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

    func rows(_ req: Request) async throws -> FigureList {
        let p = try req.requirePrincipal()
        let year = QueryParams(req).int("year") ?? LocalDate(Date()).year - 1
        guard (2000...2100).contains(year) else { throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间") }
        // The whole district for those who see everything; otherwise the person's own unit and below.
        let unit = p.scope.allUnits ? nil : p.primaryUnitID
        if !p.scope.allUnits && unit == nil { throw AppError.forbidden }
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let unitName = unit.flatMap { names[$0.uuidString]?.name } ?? "全区"
        let current = try await FigureStore.year(year, unit: unit, on: req.db), previous = try await FigureStore.year(year - 1, unit: unit, on: req.db)
        let items = zip(FigureCatalogue.all, zip(current, previous)).map { f, v in
            Row(name: f.name, label: f.label, definition: f.definition, unit: f.unit, value: v.0.text, previous: v.1.text, change: change(v.0, v.1))
        }
        return FigureList(year: year, unitName: unitName, items: items)
    }

    /// Year on year: a percentage for counts, percentage points for rates.
    func change(_ now: FigureValue, _ before: FigureValue) -> String {
        guard let a = now.value, let b = before.value else { return "—" }
        if now.unit == "%" { return (a >= b ? "+" : "") + FieldInput.hundredths(a - b) + " 个百分点" }
        guard b != 0 else { return a == 0 ? "持平" : "新增" }
        let hundredths = ((a - b) * 10_000 + (a >= b ? b / 2 : -b / 2)) / b
        return (hundredths >= 0 ? "+" : "") + FieldInput.hundredths(hundredths) + "%"
    }

    func api(req: Request) async throws -> FigureList { try await rows(req) }

    func page(req: Request) async throws -> View {
        let list = try await rows(req)
        return try await Page.render("figures", title: "指标目录", req: req, context: list, breadcrumbs: [("指标目录", nil)])
    }
}
