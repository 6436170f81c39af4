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
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.code, $0.id!) })
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            #expect(try await FigureStore.defaultYear(today: today, on: db) == 2025, "nothing recorded: last year")
            func lecture(_ day: String, _ unit: String) async throws {
                _ = try await RecordStore.create(StudyActivity.declaration.type, ["kind": .text("lecture"), "title": .text("讲座\(day)\(unit)"),
                                                 "held_on": .date(LocalDate(iso: day)!), "organiser": .uuid(units[unit]!)],
                                                 actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now)
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
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
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
                _ = try await RecordStore.create(study, values, actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now)
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
                                                               "started_on": .date(LocalDate(iso: day)!)], actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now)
            }
            #expect(try await value("inspection.towns_inspected", 2023, on: db) == 2)
            #expect(try await value("inspection.departments_inspected", 2023, on: db) == 1)
            #expect(try await value("inspection.rectification_closed_rate", 2023, on: db) == nil)
        }
    }
}
