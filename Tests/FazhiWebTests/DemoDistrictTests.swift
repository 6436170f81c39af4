@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("The demo districts")
struct DemoDistrictTests {
    /// The seed's figures (chapter 一 and those of 政务公开, 制约监督, 行政应诉 and 人民调解) that the 2023
    /// records of each demo district give.
    static let seed: [(String, Int64)] = [
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
        ("reminders.licence_sent", 17_035), ("reminders.delivery_rate", 10_000), ("reminders.expired_unreminded", 0),
        // People's mediation: 3,360 visitors (「3300余」), 4,416 settled of 4,454 concluded (99.15%,
        // 「99%以上」), 70,243,362 yuan involved (「7000余万」).
        ("mediation.visitors", 3_360), ("mediation.settled", 4_416), ("mediation.resolution_rate", 9_915), ("mediation.amount", 7_024_336_200),
        // 行政复议: 201 cases accepted against 2022's 140 (增加43.57%, the seed's 「近43.5%」), 62 concluded
        // by mediation or settlement, a contact point in each town and 49 enterprises' service points.
        ("reconsideration.cases", 201), ("reconsideration.change", 4_357), ("reconsideration.settled", 62),
        ("reconsideration.contact_points", 14), ("reconsideration.service_points", 49),
        // Public legal services: 16,110 lawyers on the platform, 8,586 consultations, all rated ones satisfied.
        ("legal_services.lawyers", 16_110), ("legal_services.consultations", 8_586), ("legal_services.satisfaction", 10_000),
        // Litigation at source: 27 judicial suggestions, 3,052 disputes the court referred and settled
        // (「3000余」), 11,767 civil cases against 2022's 12,000 (下降1.94%).
        ("litigation_source.suggestions", 27), ("litigation_source.diverted", 3_052), ("litigation_source.civil_cases", 11_767),
        ("litigation_source.civil_cases_change", -194),
        // Legal aid: 1,980 granted, 1,343 closed, 2 selected for the ministry's case library.
        ("legal_aid.accepted", 1_980), ("legal_aid.closed", 1_343), ("legal_aid.selected", 2),
    ]

    /// The second district was added beside the first (`TestApp.demoDistricts`), which was left as
    /// it was: each reproduces the seed, and the platform holds both. The years after 2023 have
    /// records of their own, near 2023's and not the same, up to the suite's yesterday, and the
    /// latest work is still open.
    @Test(arguments: TestBackend.available)
    func eachDemoDistrictReproducesTheSeed(_ backend: TestBackend) async throws {
        try await TestApp.withDemoDistricts(backend) { t in
            let db = t.db, today = TestClock.today
            let districts = try await Districts.all(on: db)
            #expect(districts.map(\.name) == ["东昌府区", "茌平区"])
            for district in districts {
                let figures = try await FigureStore.year(2023, unit: district.id, on: db)
                for (name, expected) in Self.seed {
                    #expect(figures.first { $0.name == name }?.value == expected, "\(district.name) \(name)")
                }
            }
            let whole = try await FigureStore.year(2023, on: db).first { $0.name == "review.town_items" }?.value, both: Int64 = 2 * 1_369
            #expect(whole == both, "the platform holds both")

            let home = districts[0]
            let previous = try await FigureStore.year(2022, unit: home.id, on: db)
            // A loss rate below the city's is a negative difference, and so is a fall in civil cases;
            // 2022's change on 2021 has no 2021 to compare with, and the enterprises put up their
            // service points from 2023.
            let mayBeZero: Set<String> = ["reminders.expired_unreminded", "lawmaking.due_for_evaluation", "litigation.loss_rate_vs_city",
                                          "reconsideration.change", "reconsideration.service_points", "litigation_source.civil_cases_change"]
            #expect(previous.filter { !mayBeZero.contains($0.name) }.allSatisfy { ($0.value ?? 0) > 0 }, "2022 has values for the year-on-year change")
            // In post at the end of 2022: those appointed by then, including the 8 who left in 2023.
            #expect(previous.first { $0.name == "review.town_reviewers" }?.value == 138)

            // The licences expiring after 2023 had their reminders too, near 2023's number.
            let busy = ["leadership.lectures", "leadership.committee_meetings", "review.town_items", "inspection.towns_inspected", "reminders.licence_sent"]
            func values(_ year: Int) async throws -> [Int64] {
                let all = try await FigureStore.year(year, unit: home.id, on: db)
                return busy.map { name in all.first { $0.name == name }?.value ?? 0 }
            }
            let y2023 = try await values(2023)
            for year in 2024..<today.components.year {
                let later = try await values(year)
                #expect(zip(later, y2023).allSatisfy { $0 > $1 / 2 && $0 < $1 * 2 } && later != y2023, "\(year): \(later) against \(y2023)")
            }
            let thisYear = try await values(today.components.year)
            let dayOfYear = today.dayNumber - LocalDate(year: today.components.year, month: 1, day: 1)!.dayNumber
            if dayOfYear > 31 { #expect(thisYear[2] > 0, "this year's reviews up to yesterday") }
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
            #expect(try await FigureStore.defaultYear(today: today, on: db) == today.components.year - 1)

            // Asking again for districts that are there adds nothing.
            await #expect(throws: DemoRecords.Failure.self) {
                _ = try await DemoRecords.generate(districts: 2, on: db, calculator: DeadlineCalculator(calendar: .builtIn), now: t.now, hash: { $0 })
            }
            #expect(try await AuditLog.verify(on: db).isIntact)
        }
    }

    /// A demo stopped between two steps holds those steps whole and nothing of the next: the
    /// first two modules' records, no licence, and its request pending, which the pages and the
    /// readiness probe tell while it is being made.
    @Test(arguments: TestBackend.available)
    func aStoppedDemoHoldsWholeStepsOnly(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let db = t.db, made = DemoStop.Counter()
            await #expect(throws: DemoStop.Stopped.self) {
                _ = try await DemoHistory.generate(on: db, config: t.app.fazhi.config.reminders, calculator: DeadlineCalculator(calendar: .builtIn),
                                                   now: t.now, hash: { $0 }, step: { if made.next() == 2 { throw DemoStop.Stopped() } })
            }
            #expect(try await DemoSteps.pending(on: db) == DemoSteps.Request(scale: 1, districts: 1))
            let progress = try #require(try await DemoSteps.progress(on: db))
            #expect(progress.modules == 2 && progress.moduleTotal == Modules.all.count + 1 && progress.days == 0 && !progress.complete)
            struct N: Decodable { var n: Int }
            func count(_ table: String) async throws -> Int { try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: N.self)?.n ?? 0 }
            let studies = try await count(StudyActivity.declaration.type.table), inspections = try await count(Inspection.declaration.type.table)
            let licences = try await count(Licence.declaration.type.table), reminders = try await count("reminders")
            #expect(studies > 0 && inspections > 0 && licences == 0 && reminders == 0)

            t.app.fazhi.demoProgress.withLockedValue { $0 = progress }
            #expect(try await t.send(.GET, "/readyz").status == .serviceUnavailable)
            let login = try await t.send(.GET, "/login")
            #expect(login.status == .ok && login.body.string.contains("演示数据正在后台生成（约 \(progress.percent)%：登记簿记录 2/\(progress.moduleTotal) 项"))
            t.app.fazhi.demoProgress.withLockedValue { $0 = nil }
            #expect(try await t.send(.GET, "/readyz").status == .ok)
        }
    }
}
