import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// 驾驶舱: the year's key figures with the change on last year, each register's records by month,
/// the towns compared, and what is overdue now. Every bar links to the records behind it. The
/// district office sees the district; a unit's staff see their own unit and the units below it.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dashboard", use: page).require(.reportRead)
    }

    struct Chart: Encodable { let title: String; let svg: String; let bars: [SVGChart.Bar] }
    /// `shown`: the count, or 「10000+」 past `RecordStore.countBound`.
    struct Overdue: Encodable { let label: String; let count: Int; let shown: String; let href: String }
    struct PageData: Encodable {
        let year: Int; let unitName: String; let figures: [FiguresController.Row]; let trends: [Chart]; let towns: Chart?; let overdue: [Overdue]
        /// Licences that expired in the year without any reminder sent: must be none, and the page says which.
        let unreminded: String
        let allReminded: Bool
        /// Normative documents past their validity still marked in force: must be none.
        let expiredInForce: Int
    }

    func page(req: Request) async throws -> View {
        let view = try await req.figureUnit()
        let (unit, district) = (view.unit, view.district)
        let figures = try await FiguresController.rows(req, for: view)
        let year = figures.year
        var trends: [Chart] = []
        for type in Registers.all {
            guard let field = type.listColumns.first(where: { type.column($0)?.kind == .date }) else { continue }
            let months = try await FigureStore.monthly(type, dateField: field, year: year, unit: unit, on: req.db)
            let bars = months.enumerated().map { i, n -> SVGChart.Bar in
                let first = LocalDate(year: year, month: i + 1, day: 1)!
                let last = first.adding(months: 1).adding(days: -1)
                return SVGChart.Bar(label: "\(i + 1)月", value: n, href: "/records/\(type.slug)?\(field).from=\(first)&\(field).to=\(last)")
            }
            let title = "\(year) 年\(type.label)（按\(type.column(field)?.label ?? field)分月）"
            trends.append(Chart(title: title, svg: SVGChart.columns(id: "trend-\(type.slug)", title: title, bars: bars), bars: bars))
        }
        var towns: Chart?
        if unit == nil || unit == district.id {
            let type = Rectification.declaration.type
            let counts = try await FigureStore.byUnit(type, dateField: Rectification.Key.foundOn.rawValue, year: year, kind: "town", in: district.id, on: req.db)
            let bars = counts.map { SVGChart.Bar(label: $0.name, value: $0.count, href: "/records/\(type.slug)?\(type.ownerField)=\($0.unit)&found_on.from=\(year)-01-01&found_on.to=\(year)-12-31") }
            let title = "\(year) 年各镇街整改事项数"
            towns = Chart(title: title, svg: SVGChart.rows(id: "towns", title: title, bars: bars), bars: bars)
        }
        var overdue: [Overdue] = []
        for type in Registers.all where type.deadlines.contains(where: \.canBeOverdue) {
            let n = try await FigureStore.overdue(type, today: req.today, unit: unit, on: req.db)
            overdue.append(Overdue(label: type.label, count: n, shown: n > RecordStore.countBound ? "\(RecordStore.countBound)+" : String(n),
                                   href: "/records/\(type.slug)?overdue=1"))
        }
        let unreminded = figures.items.first { $0.name == "reminders.expired_unreminded" }?.value ?? "0"
        let expiredInForce = try await FigureStore.overdue(NormativeDocument.declaration.type, today: req.today,
                                                           field: NormativeDocument.Key.expiresOn.rawValue, unit: unit, on: req.db)
        return try await Page.render("dashboard", title: "驾驶舱", req: req, context: PageData(
            year: year, unitName: figures.unitName, figures: figures.items, trends: trends, towns: towns, overdue: overdue,
            unreminded: unreminded, allReminded: unreminded == "0", expiredInForce: expiredInForce),
            breadcrumbs: [("驾驶舱", nil)])
    }
}
