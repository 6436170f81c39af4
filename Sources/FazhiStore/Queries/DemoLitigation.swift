import FazhiCore
import Fluent
import Foundation

/// 行政应诉's demo (seed 五.一). From 2022 each case is registered when served, answered within
/// its clock, heard and concluded through the register's workflow, and each hearing is recorded
/// with who appeared. In 2023, 169 cases are heard in open court, 97 of them with the principal
/// head, a head appears at every hearing, and 7 of the 200 cases concluded are lost (3.50%).
/// The hearings of 2019 to 2021 are loaded the way a district loads its history, by importing a
/// file: one hearing in June 2019 had only entrusted staff, so the heads' unbroken run reaches 54
/// months at the end of 2023. The city's averages are entered as benchmarks with their source.
enum DemoLitigation {
    /// Cases a year by how they go: heard in open court, heard in closed court, ended without a
    /// hearing (withdrawn, dismissed). 2023's are the seed's; 2022's the demo's own.
    static let openHeard = (y2022: 151, y2023: 169), closedHeard = (y2022: 1, y2023: 2), unheard = (y2022: 24, y2023: 29)
    /// The city's averages the demo enters for 2022 and 2023, in hundredths of a percent.
    static let cityPrincipalShare = [2022: 4_150, 2023: 4_330], cityLossRate = [2022: 712, 2023: 680]

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let history = try await importHistory(scale: scale, in: place, on: db, calculator: calculator, now: now)
        return history + (try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2037, now: now) { w, district, office in
            let units = ["D02", "D04", "D05", "D06", "D07", "D08", "D09"].map { place.unit($0) } + (1...14).map { place.town($0) }
            for year in DemoRecords.years(through: w.today) {
                let volume = { (pair: (y2022: Int, y2023: Int)) in DemoRecords.volume(pair.y2022, pair.y2023, year: year, today: w.today) * scale }
                let open = volume(openHeard), closed = volume(closedHeard), none = volume(unheard)
                // The principal head at 97 of 2023's 169, the same share other years, spread
                // over the year (97 is prime, so i * 97 runs through every remainder once).
                let principals = (open * 97 + 84) / 169
                for i in 0..<(open + closed) {
                    let unit = units[(i * 5 + year) % units.count] ?? district
                    try await heardCase(w, year: year, index: i, of: open + closed, open: i < open,
                                        principal: i < open && (i * 97) % max(open, 1) < principals, lost: i % 24 == 5,
                                        unit: unit, district: place.name)
                }
                for i in 0..<none {
                    try await unheardCase(w, year: year, index: i, of: none, unit: units[(i * 3 + year) % units.count] ?? district, district: place.name)
                }
                if let share = cityPrincipalShare[year], let loss = cityLossRate[year], LocalDate(year: year + 1, month: 1, day: 22)! < w.today {
                    for (figure, value) in [("litigation.principal_share", share), ("litigation.loss_rate", loss)] {
                        _ = try await w.add(Benchmark.declaration.type, [
                            "figure": .text(figure), "scope": .text(BenchmarkScope.city.rawValue),
                            "period": .date(LocalDate(year: year, month: 12, day: 31)!), "value": .integer(Int64(value)),
                            "source": .text("（演示数据）聊城市司法局关于\(year)年度全市行政应诉工作情况的通报"),
                            "published_on": .date(LocalDate(year: year + 1, month: 1, day: 20)!), "unit": .uuid(office),
                        ], at: LocalDate(year: year + 1, month: 1, day: 22)!)
                    }
                }
            }
            // The latest cases are still in their answer period.
            for i in 0..<(2 * scale) {
                var served = w.today.adding(days: -(3 + 4 * i))
                while served.isWeekend { served = served.adding(days: -1) }
                _ = try await w.add(LitigationCase.declaration.type, caseValues(year: w.today.year, number: 900 + i, served: served,
                                                                                unit: units[i % units.count] ?? district, district: place.name), at: served)
            }
        })
    }

    static let causes: [LitigationCause] = [.penalty, .penalty, .expropriation, .inaction, .registration, .licensing, .disclosure, .compulsion, .other]

    static func caseValues(year: Int, number: Int, served: LocalDate, unit: UUID, district: String) -> RecordValues {
        let court = number % 6 == 0 ? "聊城市中级人民法院" : "\(district)人民法院"
        return [
            "case_number": .text("（\(year)）鲁15\(number % 6 == 0 ? "" : "02")行\(number % 6 == 0 ? "终" : "初")\(number + 1)号"), "court": .text(court),
            "instance": .text((number % 6 == 0 ? CourtInstance.second : .first).rawValue), "cause": .text(causes[number % causes.count].rawValue),
            "reconsidered": .text((number % 5 == 2 ? YesNo.yes : .no).rawValue),
            "plaintiff": .text(["张", "王", "李", "刘", "陈"][number % 5] + "某某"), "defendant": .uuid(unit), "served_on": .date(served),
        ]
    }

    /// A weekday on or after `day`.
    static func weekday(_ day: LocalDate) -> LocalDate {
        var d = day
        while d.isWeekend { d = d.adding(days: 1) }
        return d
    }

    /// A case heard in `year` (served some weeks before, which may be the year before): answered,
    /// heard once or twice, and concluded before the year ends, every step on a day before today.
    static func heardCase(_ w: DemoRecords.Writer, year: Int, index i: Int, of count: Int, open: Bool, principal: Bool, lost: Bool,
                          unit: UUID, district: String) async throws {
        let type = LitigationCase.declaration.type
        let heard = w.day(year, i, of: count), served = weekday(heard.adding(days: -42))
        let row = try await w.add(type, caseValues(year: served.year, number: i + (year % 10) * 1000, served: served, unit: unit, district: district), at: served)
        let answered = weekday(served.adding(days: 6 + i % 7))
        try await w.move(type, row.id, "answer", ["answered_on": .date(answered)], on: answered)
        guard let number = row.values["case_number"]?.text, let court = row.values["court"]?.text else { return }
        func hearing(on day: LocalDate, _ appearance: Appearance) async throws {
            var values: RecordValues = [
                "case_number": .text(number), "court": .text(court), "unit": .uuid(unit), "held_on": .date(day),
                "mode": .text((open ? HearingMode.open : .closed).rawValue), "appearance": .text(appearance.rawValue),
                "head_name": .text(appearance == .principal ? "主要负责人" : "分管负责人"),
                "head_post": .text(appearance == .principal ? "局长（主任）" : "副局长（副主任）"), "staff": .text("法制机构工作人员、代理律师"),
            ]
            if appearance == .staff { values["reason"] = .text("负责人因公出差，已向人民法院提交书面说明") }
            _ = try await w.add(CourtHearing.declaration.type, values, at: day)
        }
        try await hearing(on: heard, principal ? .principal : .deputy)
        var last = heard
        // Every tenth case needs a second session, when the year still has room for it.
        if i % 10 == 3, case let again = weekday(heard.adding(days: 14)), again < w.today, again.year == year {
            try await hearing(on: again, .deputy)
            last = again
        }
        let end = LocalDate(year: year, month: 12, day: 29)!
        var concluded = weekday(last.adding(days: 20 + i % 10))
        if concluded > end { concluded = last }
        guard concluded < w.today else { return }
        let outcome: LitigationOutcome = lost ? [.revoked, .declaredIllegal, .performanceOrdered][i % 3] : [.claimRejected, .claimRejected, .suitDismissed][i % 3]
        try await w.move(type, row.id, "conclude", ["concluded_on": .date(concluded), "outcome": .text(outcome.rawValue)], on: concluded)
    }

    /// A case that ends without a hearing: withdrawn or dismissed within the year it was served.
    static func unheardCase(_ w: DemoRecords.Writer, year: Int, index i: Int, of count: Int, unit: UUID, district: String) async throws {
        let type = LitigationCase.declaration.type
        let served = w.day(year, i, of: count)
        let row = try await w.add(type, caseValues(year: year, number: 500 + i, served: served, unit: unit, district: district), at: served)
        let ended = min(weekday(served.adding(days: 10 + i % 9)), max(served, LocalDate(year: year, month: 12, day: 29)!))
        guard ended < w.today else { return }
        if i % 2 == 0 {
            let answered = weekday(served.adding(days: 5))
            try await w.move(type, row.id, "answer", ["answered_on": .date(answered)], on: answered)
        }
        try await w.move(type, row.id, "conclude", ["concluded_on": .date(ended), "outcome": .text((i % 3 == 0 ? LitigationOutcome.suitDismissed : .withdrawn).rawValue)],
                         on: ended)
    }

    /// The hearings of 2019 to 2021 as a district would load its history: a file in the import
    /// template's columns, checked and stored by the import. A head appeared at each from July 2019.
    static func importHistory(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        var rows: [[String: String]] = []
        let units = ["D02", "D04", "D06", "D08"].map { "\(place.code)-\($0)" }
        for year in 2019...2021 {
            let count = (60 + (year - 2019) * 30) * scale
            for i in 0..<count {
                let month = 1 + i * 12 / count
                let day = weekday(LocalDate(year: year, month: month, day: 5 + i % 20)!)
                let staffOnly = year == 2019 && month == 6 && i % 5 == 0
                let appearance: Appearance = staffOnly ? .staff : (i % 2 == 0 ? .principal : .deputy)
                rows.append([
                    "case_number": "（\(year)）鲁1502行初\(i + 1)号", "court": "\(place.name)人民法院", "unit": units[i % units.count],
                    "held_on": day.description, "mode": HearingMode.open.label, "appearance": appearance.label,
                    "head_name": staffOnly ? "" : "负责人", "staff": "法制机构工作人员",
                    "reason": staffOnly ? "负责人参加全市防汛紧急会议，已向人民法院提交书面说明" : "",
                ])
            }
        }
        return try await DemoRecords.importFile(CourtHearing.declaration.type, rows: rows, source: "历史出庭记录导入", on: db, calculator: calculator,
                                                now: DemoRecords.instant(LocalDate(year: 2022, month: 1, day: 10)!))
    }
}
