import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing

@Suite("Administrative litigation and the heads in court")
struct LitigationTests {
    let cases = LitigationCase.declaration.type, hearings = CourtHearing.declaration.type

    /// A case is answered within 15 days of service and heard twice; the hearings' figures count
    /// it once. A hearing without a head breaks the unbroken run of months, which starts again the
    /// month after; the difference from the city's average needs exactly one benchmark.
    @Test(arguments: TestBackend.available)
    func aHearingWithoutTheHeadBreaksTheStreak(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let district = d.district, unit = d.department
            let bureau = try await unit("D-A"), other = try await unit("D-B")
            let actor = AuditActor.system("行政应诉"), all = Set(Permission.allCases)
            let calculator = d.calculator
            func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            func value(_ name: String, to end: String, from start: String = "2024-01-01") async throws -> FigureValue {
                try await FigureStore.value(try #require(FigureCatalogue.figure(name)), from: day(start), to: day(end), unit: district.id, on: db)
            }
            func count(_ type: RecordType) async throws -> Int { try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: type.table)").first()!.decode(column: "n", as: Int.self) }

            // Served on Monday 4 March 2024: the answer is due 15 days later (行政诉讼法 Art.67).
            let served = try await RecordStore.create(cases, [
                "case_number": .text("（2024）鲁1502行初7号"), "court": .text("东昌府区人民法院"), "instance": .text("first"), "cause": .text("penalty"), "reconsidered": .text("no"),
                "plaintiff": .text("张某某"), "defendant": .uuid(bureau), "served_on": .date(day("2024-03-04")),
            ], actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            #expect(served.values["answer_due_on"] == .date(day("2024-03-19")))
            _ = try await RecordStore.transition(cases, id: served.id, action: "answer", changes: ["answered_on": .date(day("2024-03-15"))], permissions: all,
                                                 today: day("2024-03-15"), actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)

            func hear(_ number: String, on date: String, _ appearance: Appearance, unit: UUID? = nil, reason: String? = nil) async throws {
                var values: RecordValues = ["case_number": .text(number), "court": .text("东昌府区人民法院"), "unit": .uuid(unit ?? bureau),
                                            "held_on": .date(day(date)), "mode": .text("open"), "appearance": .text(appearance.rawValue)]
                if appearance != .staff { values["head_name"] = .text("李某") }
                values["reason"] = reason.map(RecordValue.text)
                _ = try await RecordStore.create(hearings, values, actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            // Two sessions of the one case: the principal head at the first, a deputy at the second.
            try await hear("（2024）鲁1502行初7号", on: "2024-04-10", .principal)
            try await hear("（2024）鲁1502行初7号", on: "2024-05-15", .deputy)
            try await hear("（2024）鲁1502行初9号", on: "2024-06-12", .deputy, unit: other)
            #expect(try await value("litigation.cases_heard", to: "2024-12-31").value == 2, "a case heard twice counts once")
            #expect(try await value("litigation.principal_cases", to: "2024-12-31").value == 1)
            #expect(try await value("litigation.principal_share", to: "2024-12-31").value == 5_000)
            #expect(try await value("litigation.head_rate", to: "2024-12-31").value == 10_000)
            // April to June, and the months after without hearings do not break it.
            #expect(try await value("litigation.head_streak", to: "2024-06-30").value == 3)
            #expect(try await value("litigation.head_streak", to: "2024-09-30").value == 6)

            // Only entrusted staff, without a reason: refused, nothing written.
            let before = try await count(hearings)
            await #expect(throws: CoreError.self) { try await hear("（2024）鲁1502行初11号", on: "2024-07-09", .staff) }
            #expect(try await count(hearings) == before)
            try await hear("（2024）鲁1502行初11号", on: "2024-07-09", .staff, unit: other, reason: "负责人参加防汛紧急会议")
            #expect(try await value("litigation.head_rate", to: "2024-12-31").value == 7_500)
            #expect(try await value("litigation.head_streak", to: "2024-07-31").value == 0, "broken in July")
            #expect(try await value("litigation.head_streak", to: "2024-09-30").value == 2, "August and September")
            #expect(try await value("litigation.head_streak", to: "2024-06-30").value == 3, "June's run is as it was")
            // The staff-only session was in open court: the case is heard, without the principal head.
            #expect(try await value("litigation.principal_share", to: "2024-12-31").value == 3_333)

            // The city's average: none yet, then one, then two that disagree.
            let versus = try await value("litigation.principal_share_vs_city", to: "2024-12-31")
            #expect(versus.value == nil && versus.text == "暂无全市平均水平数据")
            func benchmark(_ percent: Int64, unit: UUID) async throws {
                _ = try await RecordStore.create(Benchmark.declaration.type, [
                    "figure": .text("litigation.principal_share"), "scope": .text("city"), "period": .date(day("2024-12-31")),
                    "value": .integer(percent), "source": .text("聊城市司法局通报"), "unit": .uuid(unit),
                ], actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            try await benchmark(4_000, unit: district.id)
            let above = try await value("litigation.principal_share_vs_city", to: "2024-12-31")
            #expect(above.value == -667 && above.text == "低于全市平均水平6.67个百分点")
            try await benchmark(4_100, unit: bureau)
            #expect(try await value("litigation.principal_share_vs_city", to: "2024-12-31").value == nil, "two values for one period")

            // Concluded: lost, and the loss rate.
            _ = try await RecordStore.transition(cases, id: served.id, action: "conclude",
                                                 changes: ["concluded_on": .date(day("2024-08-20")), "outcome": .text(LitigationOutcome.revoked.rawValue)],
                                                 permissions: all, today: day("2024-08-20"), actor: actor, scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            #expect(try await value("litigation.loss_rate", to: "2024-12-31").value == 10_000)
            #expect(try await value("litigation.answer_on_time_rate", to: "2024-12-31").value == 10_000)
        }
    }

    /// Earlier years' hearings load by import, and an import row with only staff and no reason is
    /// refused like a form.
    @Test(arguments: TestBackend.available)
    func historyLoadsByImport(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let calculator = d.calculator
            let district = d.district
            _ = try await OrganisationStore.createUnit(UnitInput(code: "D-A", name: "区某局", kind: .department, parentID: district.id), actor: .system(), on: db)
            let header = RecordImport.templateHeader(hearings).joined(separator: ",")
            let labels = hearings.inputColumns.map(\.name)
            func line(_ cells: [String: String]) -> String { labels.map { cells[$0] ?? "" }.joined(separator: ",") }
            let good = ["case_number": "（2019）鲁1502行初1号", "court": "东昌府区人民法院", "unit": "D-A", "held_on": "2019-05-08", "mode": "公开开庭",
                        "appearance": "主要负责人出庭", "head_name": "王某"]
            var bad = good
            bad["case_number"] = "（2019）鲁1502行初2号"
            bad["appearance"] = "仅委托工作人员出庭"
            let file = [header, line(good), line(bad)].joined(separator: "\n")
            let refused = try await RecordImport.run(hearings, data: Data(file.utf8), scope: .everything, calculator: calculator, onlyValid: false,
                                                     actor: .system("导入"), on: db, now: TestClock.now)
            #expect(refused.ids.isEmpty && refused.plan.problems.map(\.row) == [3])
            #expect(refused.plan.problems.first?.message.contains("理由") == true)
            var fixed = bad
            fixed["reason"] = "负责人因公出差"
            let loaded = try await RecordImport.run(hearings, data: Data([header, line(good), line(fixed)].joined(separator: "\n").utf8), scope: .everything,
                                                    calculator: calculator, onlyValid: false, actor: .system("导入"), on: db, now: TestClock.now)
            #expect(loaded.ids.count == 2)
            let streak = try await FigureStore.value(try #require(FigureCatalogue.figure("litigation.head_streak")), from: LocalDate(iso: "2023-01-01")!,
                                                     to: LocalDate(iso: "2023-12-31")!, on: db)
            #expect(streak.value == 55, "June 2019 to December 2023 without a miss after May's")
        }
    }
}
