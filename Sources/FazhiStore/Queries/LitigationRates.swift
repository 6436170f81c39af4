import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 万人成讼率 by town (诉源治理): each town of a district with its population and civil intake of a
/// year and the year before (`CivilIntake`), the rate per 10,000 people in each and its change.
/// A town without a year's row has no rate for it. The district's line sums the towns that have
/// this year's row, and compares with the same towns last year (none when one of them has no row).
public enum LitigationRates {
    public struct Line: Sendable, Equatable {
        public let unit: UUID?
        public let name: String
        public let population: Int64?
        public let cases: Int64?
        /// Cases per 10,000 people, in hundredths (12.34 is 1234).
        public let rate: Int64?
        public let previousRate: Int64?
        /// The rate's change on last year, in hundredths of a case per 10,000 people.
        public var change: Int64? { rate.flatMap { now in previousRate.map { now - $0 } } }
    }

    /// The district's towns in their order, then the district's line (`unit` nil).
    public static func byTown(year: Int, in district: UUID, on db: any Database) async throws -> [Line] {
        struct Row: Decodable { var id: UUID; var name: String; var period: String?; var population: Int64?; var civil_cases: Int64? }
        let now = "\(year)-12-31", before = "\(year - 1)-12-31"
        let table = CivilIntake.declaration.type.table, K = CivilIntake.Key.self
        let rows = try await db.sql.raw("""
            SELECT u.id, u.name, t.\(unsafeRaw: K.period.rawValue) AS period, t.\(unsafeRaw: K.population.rawValue) AS population,
                   t.\(unsafeRaw: K.civilCases.rawValue) AS civil_cases
            FROM units u LEFT JOIN \(unsafeRaw: table) t ON t.\(unsafeRaw: K.unit.rawValue) = u.id
              AND t.\(unsafeRaw: K.period.rawValue) IN (\(bind: now), \(bind: before))
            WHERE u.kind = \(bind: UnitKind.town.rawValue) AND u.parent_id = \(bind: district)
            ORDER BY u.sort_order, u.code
            """).all(decoding: Row.self)
        var order: [UUID] = [], names: [UUID: String] = [:]
        var years: [UUID: [String: (population: Int64, cases: Int64)]] = [:]
        for row in rows {
            if names[row.id] == nil { order.append(row.id); names[row.id] = row.name }
            if let period = row.period, let population = row.population, let cases = row.civil_cases {
                years[row.id, default: [:]][period] = (population, cases)
            }
        }
        func rate(_ pair: (population: Int64, cases: Int64)?) -> Int64? {
            pair.flatMap { LitigationSource.ratePer10k(cases: $0.cases, population: $0.population) }
        }
        var lines = order.map { id in
            let this = years[id]?[now]
            return Line(unit: id, name: names[id] ?? "", population: this?.population, cases: this?.cases, rate: rate(this),
                        previousRate: rate(years[id]?[before]))
        }
        let counted = order.filter { years[$0]?[now] != nil }
        func total(_ period: String) -> (population: Int64, cases: Int64)? {
            let known = counted.compactMap { years[$0]?[period] }
            guard !known.isEmpty, known.count == counted.count else { return nil }
            return (known.reduce(0) { $0 + $1.population }, known.reduce(0) { $0 + $1.cases })
        }
        let all = total(now)
        lines.append(Line(unit: nil, name: "全区", population: all?.population, cases: all?.cases, rate: rate(all), previousRate: rate(total(before))))
        return lines
    }
}
