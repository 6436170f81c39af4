import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Figures computed from records")
struct FigureTests {
    let calculator = DeadlineCalculator(calendar: .builtIn)
    let everything = DataScope.everything

    func value(_ name: String, _ year: Int, unit: UUID? = nil, on db: any Database) async throws -> Int64? {
        let f = try #require(FigureCatalogue.figure(name))
        return try await FigureStore.value(f, from: LocalDate(year: year, month: 1, day: 1)!, to: LocalDate(year: year, month: 12, day: 31)!,
                                           unit: unit, on: db).value
    }

    /// The report and the dashboard open on last year when it has records; on a platform whose
    /// records start this year, on this year; in a town, on the town's own latest year.
    @Test(arguments: TestBackend.available)
    func theDefaultYearIsTheLatestWithRecords(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            _ = try await Bootstrap.run(on: db, demo: true) { $0 }
            let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.code, $0.id!) })
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            #expect(try await FigureStore.defaultYear(today: today, on: db) == 2025, "nothing recorded: last year")
            func lecture(_ day: String, _ unit: String) async throws {
                _ = try await RecordStore.create(StudyActivity.declaration.type, ["kind": .text("lecture"), "title": .text("讲座\(day)\(unit)"),
                                                 "held_on": .date(LocalDate(iso: day)!), "organiser": .uuid(units[unit]!)],
                                                 actor: .system(), scope: everything, calculator: calculator, on: db, now: Date())
            }
            try await lecture("2026-02-10", "371502")
            try await lecture("2027-01-05", "371502")
            #expect(try await FigureStore.latestYear(upTo: 2026, on: db) == 2026, "a later record does not count")
            #expect(try await FigureStore.defaultYear(today: today, on: db) == 2026, "only this year has records")
            try await lecture("2024-06-01", "371502-T01")
            #expect(try await FigureStore.defaultYear(today: today, on: db) == 2026)
            #expect(try await FigureStore.defaultYear(today: today, unit: units["371502-T01"], on: db) == 2024, "the town's own latest year")
            try await lecture("2025-11-11", "371502")
            #expect(try await FigureStore.defaultYear(today: today, on: db) == 2025, "last year has records")
        }
    }

    /// A small hand-built set, each figure checked against a count made here.
    @Test(arguments: TestBackend.available)
    func figuresCountWhatTheyDefine(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            _ = try await Bootstrap.run(on: db, demo: true) { $0 }
            let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.code, $0.id!) })
            let study = StudyActivity.declaration.type
            let entries: [(String, String?, String, String)] = [
                ("lecture", nil, "2023-03-01", "371502"), ("lecture", nil, "2023-12-31", "371502-T01"), ("lecture", nil, "2024-01-01", "371502"),
                ("pre_meeting_study", "theory_group", "2023-05-05", "371502"), ("pre_meeting_study", "government_executive", "2023-06-06", "371502"),
                ("committee_meeting", "law_committee", "2022-12-31", "371502"),
            ]
            for (i, e) in entries.enumerated() {
                var values: RecordValues = ["kind": .text(e.0), "title": .text("记录\(i)"), "held_on": .date(LocalDate(iso: e.2)!), "organiser": .uuid(units[e.3]!)]
                if let body = e.1 { values["body"] = .text(body) }
                _ = try await RecordStore.create(study, values, actor: .system(), scope: everything, calculator: calculator, on: db, now: Date())
            }
            let lectures2023 = entries.filter { $0.0 == "lecture" && $0.2.hasPrefix("2023") }.count
            #expect(try await value("leadership.lectures", 2023, on: db) == Int64(lectures2023))
            #expect(try await value("leadership.lectures", 2023, unit: units["371502-T01"], on: db) == 1, "a town sees its own")
            #expect(try await value("leadership.pre_meeting_studies.theory_group", 2023, on: db) == 1)
            #expect(try await value("leadership.pre_meeting_studies.government", 2023, on: db) == 1)
            #expect(try await value("leadership.committee_meetings", 2023, on: db) == 0)
            #expect(try await value("leadership.committee_meetings", 2022, on: db) == 1)

            // Distinct units by kind, and a rate with nothing to divide by.
            let inspections = Inspection.declaration.type
            for (code, day) in [("371502-T01", "2023-04-01"), ("371502-T01", "2023-09-01"), ("371502-T02", "2023-04-02"), ("371502-D03", "2023-04-03")] {
                _ = try await RecordStore.create(inspections, ["batch": .text("督察\(day)"), "kind": .text("special"), "target": .uuid(units[code]!),
                                                               "started_on": .date(LocalDate(iso: day)!)], actor: .system(), scope: everything, calculator: calculator, on: db, now: Date())
            }
            #expect(try await value("inspection.towns_inspected", 2023, on: db) == 2)
            #expect(try await value("inspection.departments_inspected", 2023, on: db) == 1)
            #expect(try await value("inspection.rectification_closed_rate", 2023, on: db) == nil)
        }
    }

    /// The demo district's 2023 records give the seed's figures (chapter 一) that records hold.
    @Test(arguments: TestBackend.available)
    func demoDistrictReproducesTheSeed(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            _ = try await Bootstrap.run(on: db, demo: true) { $0 }
            // The demo lives up to its clock's day: here the middle of 2026.
            let today = LocalDate(year: 2026, month: 6, day: 15)!, now = today.instant(atHour: 12)
            #expect(try await DemoRecords.generate(on: db, calculator: calculator, now: now, hash: { $0 }).districts == ["东昌府区"])
            let seed: [(String, Int64)] = [
                ("leadership.meeting_studies", 7), ("leadership.pre_meeting_studies.theory_group", 2), ("leadership.pre_meeting_studies.government", 2),
                ("leadership.lectures", 5), ("leadership.seminars", 2), ("leadership.committee_meetings", 17),
                ("inspection.towns_inspected", 14), ("inspection.departments_inspected", 6),
                ("review.town_items", 1_369), ("review.major_decisions", 7), ("lawmaking.filing_rate", 10_000), ("lawmaking.review_rate", 10_000),
                ("decisions.catalogued", 7), ("review.town_reviewers", 142), ("review.towns_organised", 14),
                ("disclosure.applications", 80), ("oversight.npc_suggestions", 108), ("oversight.cppcc_proposals", 304),
                ("oversight.answered_rate", 10_000), ("oversight.satisfied_rate", 9_900),
                // 169 heard in open court, 97 with the principal head: 57.40%, 14.10 points above the
                // city's 43.30%; a head at every hearing for 54 months; 7 of 200 concluded lost.
                ("litigation.cases_heard", 169), ("litigation.principal_cases", 97), ("litigation.principal_share", 5_740),
                ("litigation.principal_share_vs_city", 1_410), ("litigation.head_rate", 10_000), ("litigation.head_streak", 54),
                ("litigation.loss_rate", 350), ("litigation.loss_rate_vs_city", -330),
                ("disclosure.columns_improved", 30), ("disclosure.proactive_items", 6_846), ("disclosure.people_daily_messages", 64),
                ("disclosure.proactive_rate", 10_000), ("disclosure.executive_meetings_rate", 10_000),
            ]
            let figures = try await FigureStore.year(2023, on: db)
            for (name, expected) in seed {
                #expect(figures.first { $0.name == name }?.value == expected, "\(name)")
            }
            let previous = try await FigureStore.year(2022, on: db)
            // The reminders are the history's (`DemoHistory`, in the web tests), not the records'.
            // A loss rate below the city's is a negative difference.
            let mayBeZero: Set<String> = ["reminders.licence_sent", "reminders.delivery_rate", "reminders.expired_unreminded", "lawmaking.due_for_evaluation",
                                          "litigation.loss_rate_vs_city"]
            #expect(previous.filter { !mayBeZero.contains($0.name) }.allSatisfy { ($0.value ?? 0) > 0 }, "2022 has values for the year-on-year change")
            // In post at the end of 2022: those appointed by then, including the 8 who left in 2023.
            #expect(previous.first { $0.name == "review.town_reviewers" }?.value == 138)

            // The years after 2023 have their own records, near 2023's and not the same; this
            // year's are up to yesterday, and the latest work is still open.
            let busy = ["leadership.lectures", "leadership.committee_meetings", "review.town_items", "inspection.towns_inspected"]
            func values(_ year: Int) async throws -> [Int64] {
                let all = try await FigureStore.year(year, on: db)
                return busy.map { name in all.first { $0.name == name }?.value ?? 0 }
            }
            let y2023 = try await values(2023), y2024 = try await values(2024), y2025 = try await values(2025), y2026 = try await values(2026)
            for later in [y2024, y2025] {
                #expect(zip(later, y2023).allSatisfy { $0 > $1 / 2 && $0 < $1 * 2 } && later != y2023, "\(later) against \(y2023)")
            }
            #expect(y2026[2] > 0 && y2026[2] < y2025[2] * 2 / 3, "half a year of reviews: \(y2026[2])")
            struct N: Decodable { var n: Int }
            func count(_ sql: SQLQueryString) async throws -> Int { try await db.sql.raw(sql).first(decoding: N.self)?.n ?? 0 }
            let day = today.description, week = today.adding(days: 7).description
            for (table, field) in [("rec_study_activities", "held_on"), ("rec_legality_reviews", "received_on"), ("rec_rectifications", "found_on")] {
                #expect(try await count("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: field) >= \(bind: day)") == 0, "\(table) after today")
            }
            let open = "SELECT COUNT(*) AS n FROM rec_rectifications WHERE state IN ('pending', 'in_progress') AND due_on"
            #expect(try await count("\(unsafeRaw: open) < \(bind: day)") > 0, "rectification items overdue")
            #expect(try await count("\(unsafeRaw: open) >= \(bind: day) AND due_on <= \(bind: week)") > 0, "rectification items due this week")
            #expect(try await count("SELECT COUNT(*) AS n FROM rec_legality_reviews WHERE state <> 'done'") > 0, "reviews under way")
            #expect(try await FigureStore.defaultYear(today: today, on: db) == 2025)

            await #expect(throws: DemoRecords.Failure.self) { _ = try await DemoRecords.generate(on: db, calculator: self.calculator, now: now, hash: { $0 }) }

            // A second district is added beside the first, which is left as it was; each reproduces the seed.
            #expect(try await DemoRecords.generate(districts: 2, on: db, calculator: calculator, now: now, hash: { $0 }).districts == ["茌平区"])
            let districts = try await Districts.all(on: db)
            #expect(districts.map(\.name) == ["东昌府区", "茌平区"])
            for district in districts {
                let figures = try await FigureStore.year(2023, unit: district.id, on: db)
                for (name, expected) in seed {
                    #expect(figures.first { $0.name == name }?.value == expected, "\(district.name) \(name)")
                }
            }
            #expect(try await value("review.town_items", 2023, on: db) == 2 * 1_369, "the platform holds both")
            #expect(try await AuditLog.verify(on: db).isIntact)
        }
    }
}
