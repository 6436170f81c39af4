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
    /// One town's 万人成讼率 line, as printed.
    struct RateLine: Encodable { let name: String; let population: String; let cases: String; let rate: String; let previous: String; let change: String; let href: String? }
    struct Rates: Encodable { let chart: Chart; let lines: [RateLine] }
    struct PageData: Encodable {
        let year: Int; let unitName: String; let figures: [FiguresController.Row]; let trends: [Chart]; let towns: Chart?; let overdue: [Overdue]
        /// The towns' litigation rates, when the district's towns have a population on file for the year.
        let rates: Rates?
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
        var towns: Chart?, rates: Rates?
        if unit == nil || unit == district.id {
            let type = Rectification.declaration.type
            let counts = try await FigureStore.byUnit(type, dateField: Rectification.Key.foundOn.rawValue, year: year, kind: "town", in: district.id, on: req.db)
            let bars = counts.map { SVGChart.Bar(label: $0.name, value: $0.count, href: "/records/\(type.slug)?\(type.ownerField)=\($0.unit)&found_on.from=\(year)-01-01&found_on.to=\(year)-12-31") }
            let title = "\(year) 年各镇街整改事项数"
            towns = Chart(title: title, svg: SVGChart.rows(id: "towns", title: title, bars: bars), bars: bars)
            rates = try await litigationRates(year: year, district: district.id, on: req.db)
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
            year: year, unitName: figures.unitName, figures: figures.items, trends: trends, towns: towns, overdue: overdue, rates: rates,
            unreminded: unreminded, allReminded: unreminded == "0", expiredInForce: expiredInForce),
            breadcrumbs: [("驾驶舱", nil)])
    }

    /// 万人成讼率 by town with the change on last year (诉源治理), each town linking to its rows.
    func litigationRates(year: Int, district: UUID, on db: any Database) async throws -> Rates? {
        let lines = try await LitigationRates.byTown(year: year, in: district, on: db)
        guard lines.contains(where: { $0.rate != nil }) else { return nil }
        func hundredths(_ v: Int64?) -> String { v.map(FieldInput.hundredths) ?? "—" }
        func change(_ v: Int64?) -> String {
            guard let v else { return "—" }
            return v == 0 ? "持平" : (v > 0 ? "上升" : "下降") + FieldInput.hundredths(abs(v))
        }
        let slug = CivilIntake.declaration.type.slug, owner = CivilIntake.declaration.type.ownerField
        let printed = lines.map { line in
            RateLine(name: line.name, population: line.population.map(String.init) ?? "—", cases: line.cases.map(String.init) ?? "—",
                     rate: hundredths(line.rate), previous: hundredths(line.previousRate), change: change(line.change),
                     href: line.unit.map { "/records/\(slug)?\(owner)=\($0)" })
        }
        let bars = zip(lines, printed).filter { $0.0.unit != nil }.map { line, shown in
            SVGChart.Bar(label: line.name, value: Int(line.rate ?? 0), href: shown.href, shown: shown.rate)
        }
        let title = "\(year) 年各镇街万人成讼率（件/万人）"
        return Rates(chart: Chart(title: title, svg: SVGChart.rows(id: "rates", title: title, bars: bars), bars: bars), lines: printed)
    }
}
