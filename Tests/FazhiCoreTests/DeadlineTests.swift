import FazhiCore
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }
private let calc = DeadlineCalculator(calendar: .builtIn)
private func due(_ from: String, _ rule: DeadlineRule) throws -> String { try calc.due(from: d(from), rule).due.description }

@Suite("Working-day calendar")
struct CalendarTests {
    @Test func datesRoundTripAndWeekdays() {
        #expect(d("2024-02-09").weekday == 5)
        #expect(d("2026-02-15").weekday == 7)
        #expect(d("2023-10-07").weekday == 6)
        #expect(d("2024-02-29").description == "2024-02-29")
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "2023-2-1") == nil)
        #expect(d("2024-01-31").adding(months: 1).description == "2024-02-29")
        #expect(d("2023-11-30").adding(months: 3).description == "2024-02-29")
        // Midnight in Beijing is 16:00 UTC the day before.
        #expect(LocalDate(Date(timeIntervalSince1970: 1_706_716_800)).description == "2024-02-01")
        #expect(LocalDate(Date(timeIntervalSince1970: 1_706_716_799)).description == "2024-01-31")
    }

    @Test func holidaysAndMakeUpDays() {
        let c = WorkCalendar.builtIn
        #expect(c.isWorkingDay(d("2024-02-09")), "除夕 2024 was a working day")
        #expect(!c.isWorkingDay(d("2024-02-12")))
        #expect(c.isWorkingDay(d("2024-02-18")), "Sunday make-up day")
        #expect(c.isWorkingDay(d("2026-02-14")) && c.isWorkingDay(d("2026-02-28")))
        #expect(!c.isWorkingDay(d("2026-02-23")), "Monday inside the 2026 Spring Festival")
        #expect(!c.isWorkingDay(d("2023-10-02")) && c.isWorkingDay(d("2023-10-07")) && c.isWorkingDay(d("2023-10-08")))
        #expect(!c.isWorkingDay(d("2022-12-31")), "the 2023 notice reaches into 2022")
        #expect(c.knownYears == [2023, 2024, 2025, 2026])
    }

    @Test func holidayNoticeImport() throws {
        let json = #"{"year":2027,"papers":["test"],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"调休","date":"2027-01-02","isOffDay":false}]}"#
        let notice = try HolidayNotice.parse(Data(json.utf8))
        var c = WorkCalendar.builtIn
        #expect(!c.isKnown(d("2027-01-04")))
        c.load(notice)
        #expect(c.isKnown(d("2027-01-04")))
        #expect(!c.isWorkingDay(d("2027-01-01")) && c.isWorkingDay(d("2027-01-02")))
    }

    @Test(arguments: [
        (#"{"year":2027}"#, "有效的节假日安排"),
        (#"{"year":1900,"papers":[],"days":[]}"#, "超出范围"),
        (#"{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-13-01","isOffDay":true}]}"#, "有效的节假日安排"),
        (#"{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true},{"name":"b","date":"2027-01-01","isOffDay":false}]}"#, "重复"),
        (#"{"year":2027,"papers":[],"days":[{"name":"a","date":"2030-01-01","isOffDay":true}]}"#, "不属于"),
    ])
    func badNoticesAreRefused(json: String, message: String) {
        #expect {
            _ = try HolidayNotice.parse(Data(json.utf8))
        } throws: { error in
            (error as? CoreError)?.message.contains(message) == true
        }
    }
}

import Foundation

/// Every rule of rules.md §2, across Spring Festival 2024 and 2026 and National Day 2023.
@Suite("Statutory deadlines")
struct DeadlineTests {
    @Test func disclosureReplyAndExtension() throws {
        // 政府信息公开条例 Art.33: 20 working days; one extension of 20.
        #expect(try due("2024-02-08", .workingDays(20)) == "2024-03-13")
        var clock = StatutoryClock(start: d("2024-02-08"), rule: .workingDays(20))
        try clock.extend(by: .workingDays(20))
        #expect(try clock.deadline(calc)?.due.description == "2024-04-11")
        #expect(throws: CoreError.self) { try clock.extend(by: .workingDays(5)) }
    }

    @Test func disclosureCorrectionNoticeAndRestart() throws {
        // Art.30: correction notice within 7 working days; the clock restarts at the corrected application.
        #expect(try due("2026-02-12", .workingDays(7)) == "2026-02-28")
        var clock = StatutoryClock(start: d("2026-02-12"), rule: .workingDays(20))
        try clock.restart(on: d("2026-03-02"))
        let expected = try due("2026-03-02", .workingDays(20))
        #expect(try clock.deadline(calc)?.due.description == expected)
    }

    @Test func consultationTimeIsExcluded() throws {
        // Art.32/34: consultation 15 working days; the time it takes does not count.
        #expect(try due("2023-09-25", .workingDays(15)) == "2023-10-20")
        #expect(try due("2023-09-20", .workingDays(20)) == "2023-10-24")
        var clock = StatutoryClock(start: d("2023-09-20"), rule: .workingDays(20))
        try clock.pause(on: d("2023-09-25"))
        #expect(try clock.deadline(calc) == nil, "no due date while paused")
        try clock.resume(on: d("2023-10-10"))
        #expect(try clock.deadline(calc)?.due.description == "2023-11-02")
        #expect(throws: CoreError.self) { try clock.resume(on: d("2023-10-11")) }
    }

    @Test func proactiveDisclosure() throws {
        // Art.26: 20 working days from forming the information.
        #expect(try due("2023-09-28", .workingDays(20)) == "2023-11-01")
    }

    @Test func reconsiderationClocks() throws {
        // 行政复议法 Art.20: 60 days, rolled past National Day 2023 to the make-up Saturday.
        #expect(try due("2023-08-01", .days(60)) == "2023-10-07")
        // One-year cap ending on National Day 2024.
        #expect(try due("2023-10-01", .months(12)) == "2024-10-08")
        // Art.30: acceptance review 5 working days across Spring Festival 2024.
        #expect(try due("2024-02-07", .workingDays(5)) == "2024-02-20")
        // Art.31: the applicant's 10 working days to correct, across Spring Festival 2026.
        #expect(try due("2026-02-10", .workingDays(10)) == "2026-03-02")
        // Art.48/54: copy in 7, answer in 10 (simplified 3 and 5) working days.
        #expect(try due("2023-09-27", .workingDays(7)) == "2023-10-12")
        #expect(try due("2023-09-27", .workingDays(10)) == "2023-10-17")
        #expect(try due("2023-09-27", .workingDays(3)) == "2023-10-08")
        #expect(try due("2023-09-27", .workingDays(5)) == "2023-10-10")
        // Art.62: 60 days, extended once by 30 days (ending on Qingming 2024, rolled to the make-up Sunday).
        var decision = StatutoryClock(start: d("2024-01-05"), rule: .days(60))
        #expect(try decision.deadline(calc)?.due.description == "2024-03-05")
        try decision.extend(by: .days(30))
        #expect(try decision.deadline(calc)?.due.description == "2024-04-07")
        // Simplified procedure: 30 days, ending inside Spring Festival 2024.
        #expect(try due("2024-01-12", .days(30)) == "2024-02-18")
    }

    @Test func litigationAnswer() throws {
        // 行政诉讼法 Art.67: 15 days.
        #expect(try due("2023-09-20", .days(15)) == "2023-10-07")
    }

    @Test func deputySuggestionsInMonths() throws {
        // 代表法 Art.51: 3 months, at most 6.
        #expect(try due("2023-07-06", .months(3)) == "2023-10-07")
        #expect(try due("2023-08-31", .months(6)) == "2024-02-29")
        #expect(try due("2025-11-17", .months(3)) == "2026-02-24")
    }

    @Test func majorDecisionLegalityReview() throws {
        // 重大行政决策程序暂行条例 Art.26: at least 7 working days for the reviewer.
        #expect(try due("2026-02-11", .workingDays(7)) == "2026-02-27")
    }

    @Test func legalAidAndMediation() throws {
        // 法律援助法 Art.43: decide in 7 days; assign a lawyer within 3.
        #expect(try due("2023-09-25", .days(7)) == "2023-10-07")
        #expect(try due("2024-02-07", .days(3)) == "2024-02-18")
        // 人民调解法 Art.33: judicial confirmation within 30 days.
        #expect(try due("2026-01-16", .days(30)) == "2026-02-24")
    }

    @Test func administrativePenalty() throws {
        // 行政处罚法 Art.60: 90 days.
        #expect(try due("2023-07-06", .days(90)) == "2023-10-07")
    }

    @Test func unknownYearsMakeDeadlinesProvisional() throws {
        #expect(try calc.due(from: d("2026-12-20"), .workingDays(20)).provisional)
        #expect(try calc.due(from: d("2022-12-20"), .workingDays(5)).provisional)
        #expect(try !calc.due(from: d("2025-12-01"), .workingDays(20)).provisional)
        #expect(try calc.due(from: d("2026-12-20"), .days(20)).provisional)
    }

    @Test func absurdInputIsRefused() {
        #expect(throws: CoreError.self) { _ = try calc.due(from: d("2024-01-01"), .workingDays(-1)) }
        #expect(throws: CoreError.self) { _ = try calc.due(from: d("2024-01-01"), .months(10_000)) }
    }
}

@Suite("Reminder steps")
struct ReminderStepTests {
    /// Planning every day with only the day's steps reaches each licence at each step exactly
    /// once, as the catching-up windows do when the planner runs every day.
    @Test func todaysStepsOnEveryDayMeetEachStepOnce() {
        let plan = ReminderPlan(kind: .businessLicence)
        let start = LocalDate(year: 2023, month: 1, day: 1)!
        var met: [Int: [LocalDate]] = [:]
        for d in 0..<400 {
            let today = start.adding(days: d)
            for w in plan.todaysSteps(today: today) {
                #expect(w.upTo == today.adding(days: w.offset) && w.after == w.upTo.adding(days: -1))
                met[w.offset, default: []].append(w.upTo)
            }
        }
        for offset in plan.offsets {
            #expect(met[offset]?.count == 400 && Set(met[offset] ?? []).count == 400)
        }
        // The catching-up windows span the days between one step and the next.
        let windows = plan.windows(today: start)
        #expect(windows.map(\.offset) == plan.offsets.sorted(by: >))
        #expect(windows.first.map { $0.upTo.dayNumber - $0.after.dayNumber } == plan.offsets.sorted(by: >).first! - plan.offsets.sorted(by: >).dropFirst().first!)
    }
}

@Suite("Statutory rules")
struct StatutoryRuleTests {
    let calculator = DeadlineCalculator(calendar: .builtIn)

    /// Every clock the next modules name is in the table, each version with its source, and the
    /// versions of one rule never overlap.
    @Test func theTableHoldsEveryClockWithItsSource() {
        let named = ["disclosure.reply", "disclosure.correction_notice", "reconsideration.acceptance", "reconsideration.decision",
                     "reconsideration.answer", "litigation.answer", "deputies.reply", "legal_aid.decision", "legal_aid.assignment",
                     "mediation.confirmation_window", "penalty.decision", "decision.review_minimum", "normative.filing", "rectification.due"]
        #expect(Set(named).isSubset(of: StatutoryRules.ids), "\(Set(named).subtracting(StatutoryRules.ids))")
        #expect(StatutoryRules.ids.count >= 25)
        for rule in StatutoryRules.all {
            #expect(!rule.name.isEmpty && !rule.statute.isEmpty && !rule.article.isEmpty && !rule.starts.isEmpty, "\(rule.id)")
            #expect(rule.period.amount > 0 && (rule.allowedExtension?.times ?? 1) == 1, "\(rule.id)")
        }
        for id in StatutoryRules.ids {
            let versions = StatutoryRules.versions(id)
            for (older, newer) in zip(versions, versions.dropFirst()) {
                #expect(older.effectiveTo != nil && newer.effectiveFrom.map { $0 > older.effectiveTo! } == true, "\(id) versions overlap")
            }
        }
        // The review's 7 working days are the least a reviewer is given, not a maximum.
        #expect(StatutoryRules.rule("decision.review_minimum", on: LocalDate(year: 2024, month: 1, day: 2)!)?.bound == .atLeast)
    }

    /// A case keeps the law in force on its start day.
    @Test func aCaseKeepsTheVersionInForceWhenItStarted() throws {
        let old = try #require(StatutoryRules.rule("reconsideration.answer", on: LocalDate(year: 2023, month: 12, day: 29)!))
        let new = try #require(StatutoryRules.rule("reconsideration.answer", on: LocalDate(year: 2024, month: 1, day: 2)!))
        #expect(old.period == .days(10) && new.period == .workingDays(10) && old.statute != new.statute)
        #expect(StatutoryRules.rule("disclosure.reply", on: LocalDate(year: 2019, month: 5, day: 14)!)?.period == .workingDays(15))
        #expect(StatutoryRules.rule("disclosure.reply", on: LocalDate(year: 2005, month: 1, day: 4)!) == nil)
    }

    /// How a statute defines the 日 of its periods. They are natural days unless its own text says
    /// otherwise: a clause naming the amounts that are working days (行政复议法 2017 Art.40), or
    /// 工作日 written in the articles that mean them (政府信息公开条例).
    enum DayDefinition: Sendable {
        /// No working-day clause: every 日 is a natural day.
        case natural
        /// A clause makes these amounts working days and leaves every other amount natural.
        case workingAmounts(Set<Int>)
        /// The text writes 工作日 in these articles; its other 日 are natural days.
        case workingArticles(Set<String>)
        /// A local rule or platform default: the district sets amount and unit.
        case districtSetting

        /// Whether `amount` days cited from `article` ("第三十二条、第三十四条") are working days.
        func workingDays(_ amount: Int, in article: String) -> Bool {
            switch self {
            case .natural, .districtSetting: false
            case .workingAmounts(let amounts): amounts.contains(amount)
            case .workingArticles(let articles): article.split(separator: "、").allSatisfy { articles.contains(String($0)) }
            }
        }
    }

    /// Each statute the table cites, by the name its rules declare, read for its definition of days.
    static let dayDefinitions: [String: DayDefinition] = [
        "中华人民共和国行政复议法": .workingAmounts([3, 5, 7, 10]),            // 2023 Art.88 ¶2
        "中华人民共和国行政复议法（2017年）": .workingAmounts([5, 7]),         // Art.40 ¶2
        "中华人民共和国行政处罚法": .workingAmounts([2, 3, 5, 7]),             // 2021 Art.85
        "中华人民共和国政府信息公开条例": .workingArticles(["第二十六条", "第三十条", "第三十二条", "第三十三条", "第三十四条"]),
        "中华人民共和国政府信息公开条例（2007年）": .workingArticles(["第十八条", "第二十四条"]),
        "重大行政决策程序暂行条例": .workingArticles(["第二十六条"]),
        // No working-day clause (行政诉讼法 Art.101 applies the 民事诉讼法 rule on 期间).
        "中华人民共和国行政诉讼法": .natural,
        "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法": .natural,
        "中华人民共和国法律援助法": .natural,
        "中华人民共和国人民调解法": .natural,
        // Months only; the text is to be checked locally (the rule says so).
        "山东省行政规范性文件制定和监督管理办法": .natural,
        "山东省规章和行政规范性文件备案规定": .districtSetting,
        "地方政协提案工作条例": .districtSetting,
        "地方人大代表建议、政协提案办理办法": .districtSetting,
        "地方网民留言办理工作规定": .districtSetting,
        "本区合法性审查工作规则（平台默认）": .districtSetting,
        "本区法治督察工作规则（平台默认）": .districtSetting,
    ]

    /// Every version, the ones in force before 2024 included, counts its days and its extension's
    /// as its own statute defines them. A version citing a statute missing from the table fails, so
    /// a new rule's statute is read before the rule lands.
    @Test func everyVersionCountsDaysAsItsStatuteDefinesThem() {
        let the2023Law = LocalDate(year: 2024, month: 1, day: 1)!
        #expect(StatutoryRules.all.contains { rule in rule.effectiveTo.map { $0 < the2023Law } == true }, "the versions before 2024 are checked too")
        for rule in StatutoryRules.all {
            guard let definition = Self.dayDefinitions[rule.statute] else {
                Issue.record("\(rule.id): 「\(rule.statute)」 has no definition of days in the test's table; read its text and add it")
                continue
            }
            if case .districtSetting = definition {
                #expect(rule.configurable, "\(rule.id): 「\(rule.statute)」 is a local text, so its amount must be a district setting")
                continue
            }
            for period in [rule.period] + [rule.allowedExtension?.period].compactMap({ $0 }) {
                let working = !period.isMonths && definition.workingDays(period.amount, in: rule.article)
                #expect(period.isWorkingDays == working,
                        "\(rule.id) (\(rule.statute) \(rule.article)): \(period) should be counted in \(working ? "working days" : "natural days")")
            }
        }
    }

    /// The 2017 law's 五日 and 七日 are working days (Art.40): an application received on Wednesday
    /// 2023-02-15, after Spring Festival (01-21..01-27), is reviewed by Wednesday 02-22, not 02-20.
    @Test func the2017ReconsiderationLawCountsFiveAndSevenInWorkingDays() throws {
        let received = LocalDate(year: 2023, month: 2, day: 15)!
        let acceptance = try #require(StatutoryRules.rule("reconsideration.acceptance", on: received))
        #expect(acceptance.article == "第十七条" && acceptance.period == .workingDays(5))
        #expect(try acceptance.due(from: received, calculator: calculator).due == LocalDate(year: 2023, month: 2, day: 22)!)
        // Copy to the respondent within 7 working days of acceptance (Art.23), across National Day 2023.
        let accepted = LocalDate(year: 2023, month: 9, day: 27)!
        let copy = try #require(StatutoryRules.rule("reconsideration.copy", on: accepted))
        #expect(copy.article == "第二十三条" && copy.period == .workingDays(7) && copy.effectiveTo == LocalDate(year: 2023, month: 12, day: 31)!)
        #expect(try copy.due(from: accepted, calculator: calculator).due == LocalDate(year: 2023, month: 10, day: 12)!)
        #expect(StatutoryRules.rule("reconsideration.copy", on: LocalDate(year: 2024, month: 1, day: 2)!)?.article == "第四十八条")
    }

    /// The due dates of every working-day and day rule, on many start days, with pauses and the
    /// extension, against a count made here day by day on the calendar.
    @Test func dueDatesAgreeWithACountByHand() throws {
        let calendar = WorkCalendar.builtIn
        func count(_ rule: DeadlineRule, from start: LocalDate, skipping pauses: [ClockPause]) -> LocalDate {
            func paused(_ d: LocalDate) -> Bool { pauses.contains { d > $0.pausedOn && d <= $0.resumedOn } }
            var day = start, left = rule.amount
            switch rule {
            case .workingDays:
                while left > 0 { day = day.adding(days: 1); if calendar.isWorkingDay(day) && !paused(day) { left -= 1 } }
            case .days:
                while left > 0 { day = day.adding(days: 1); if !paused(day) { left -= 1 } }
                while !calendar.isWorkingDay(day) { day = day.adding(days: 1) }
            case .months:
                day = start.adding(months: left)
                while !calendar.isWorkingDay(day) { day = day.adding(days: 1) }
            }
            return day
        }
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for rule in StatutoryRules.all where rule.bound != .before {
            for _ in 0..<40 {
                let lower = max(rule.effectiveFrom?.dayNumber ?? 0, LocalDate(year: 2023, month: 1, day: 1)!.dayNumber)
                let upper = min(rule.effectiveTo?.dayNumber ?? .max, LocalDate(year: 2026, month: 9, day: 30)!.dayNumber)
                guard lower < upper else { break }
                let start = LocalDate(dayNumber: lower + next(upper - lower))
                let pause = next(2) == 0 ? [] : [ClockPause(pausedOn: start.adding(days: 1 + next(5)), resumedOn: start.adding(days: 6 + next(10)))]
                let extend = rule.allowedExtension != nil && next(2) == 0
                let due = try rule.due(from: start, pauses: rule.period.isMonths ? [] : pause, extended: extend, calculator: calculator).due
                var expected = count(rule.period, from: start, skipping: rule.period.isMonths ? [] : pause)
                if extend, let ext = rule.allowedExtension { expected = count(ext.period, from: expected, skipping: []) }
                #expect(due == expected, "\(rule.id) from \(start) pause \(pause) extend \(extend)")
            }
        }
        // Before an event: the latest day to act.
        let hearing = try #require(StatutoryRules.rule("decision.hearing_notice", on: LocalDate(year: 2024, month: 5, day: 10)!))
        #expect(try hearing.due(from: LocalDate(year: 2024, month: 5, day: 10)!, calculator: calculator).due == LocalDate(year: 2024, month: 5, day: 3)!)
        #expect(throws: CoreError.self) { try hearing.due(from: LocalDate(year: 2024, month: 5, day: 10)!, extended: true, calculator: calculator) }
    }
}

/// No statutory number is written in a module: periods come from `StatutoryRules` by id.
@Suite("Modules name their rules")
struct ModuleRuleLiteralTests {
    static let patterns = [#"\.(workingDays|days|months)\(\d"#, #"\d+\s*(个工作日|工作日|日|天|个月)"#]

    @Test func noStatutoryNumberInAModule() throws {
        let modules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/FazhiCore/Modules")
        let files = try FileManager.default.contentsOfDirectory(at: modules, includingPropertiesForKeys: nil).filter { $0.pathExtension == "swift" }
        #expect(files.count >= 5)
        let rules = try Self.patterns.map { try Regex($0) }
        var found: [String] = []
        for file in files {
            for (n, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where rules.contains(where: { line.contains($0) }) {
                found.append("\(file.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "statutory numbers written in modules:\n\(found.joined(separator: "\n"))")
        // The patterns find what they are for.
        for sample in [".init(.dueOn, from: .foundOn, .workingDays(30), openIn: [])", #"help: "不填则为收件后 7 个工作日""#, "少于30日须说明理由"] {
            #expect(rules.contains { sample.contains($0) }, "\(sample)")
        }
    }
}

private extension DeadlineRule {
    var isMonths: Bool { if case .months = self { true } else { false } }
    var isWorkingDays: Bool { if case .workingDays = self { true } else { false } }
}
