import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Records for the demo district's registers from 2022 up to today, shaped so that the 2023 figures
/// are the seed's (`../shared/seed/`, chapter 一): 7 meetings that studied rule-of-law work, 2 + 2
/// law studies before meetings, 5 lectures, 2 seminars, 17 committee meetings, 14 towns and 6
/// departments inspected; and 证照 with the 17,035 expiry reminders of 2023 (`DemoLicences`). The
/// years after 2023 have volumes near 2023's (`volume`), and the current year's latest work is
/// still open: rectification items due this week or overdue, legality reviews under way. The
/// numbers below are how many records to make; the figures are counted from them by the same
/// queries as for real data. `scale` multiplies every volume.
public enum DemoRecords {
    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String)
        case noGenerator(String)
        public var description: String {
            switch self {
            case .notEmpty(let label): return "登记簿「\(label)」已有记录：演示数据不会覆盖或混入已有数据"
            case .noGenerator(let module): return "模块「\(module)」没有演示数据生成器（DemoRecords.generators）"
            }
        }
    }

    /// A small deterministic generator, so every demo district is the same.
    struct Dice {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
    }

    static let registers = Modules.all.flatMap { $0.registers + $0.ledgers }

    /// The demo's years: 2022, the seed's 2023, and each year after it up to today's.
    static func years(through today: LocalDate) -> [Int] { Array(2022...max(2023, today.year)) }

    /// How many of something a year has: 2022's and 2023's as given; a later year differs from
    /// 2023 by up to a tenth either way, and today's year has the share of it already lived.
    static func volume(_ y2022: Int, _ y2023: Int, year: Int, today: LocalDate) -> Int {
        guard year > 2023 else { return year == 2023 ? y2023 : y2022 }
        let full = max(1, (y2023 * (91 + (year * 37) % 20) + 50) / 100)
        guard year == today.year else { return full }
        return (full * (today.dayNumber - LocalDate(year: year, month: 1, day: 1)!.dayNumber) + 182) / 365
    }

    /// The dice of a year: 2022 and 2023 roll the sequence the seed's figures were set with; the
    /// later years roll their own, so adding a year leaves the seed's years as they were.
    struct YearDice {
        var seed: Dice, later: Dice
        init(_ state: UInt64) { seed = Dice(state: state); later = Dice(state: state &+ 2_024) }
        mutating func next(_ n: Int, year: Int) -> Int { year > 2023 ? later.next(n) : seed.next(n) }
    }

    /// One module's share of a demo district: makes its records in `place` and says how many.
    typealias Generator = @Sendable (_ scale: Int, _ place: Place, _ db: any Database, _ calculator: DeadlineCalculator, _ now: Date) async throws -> Int

    /// Each module's generator by the module's code, run in the order of `Modules.all`. Every
    /// module has one (a test fails, and `generate` refuses, for a module without).
    static let generators: [String: Generator] = [
        Module.leadership.code: { scale, place, db, calculator, now in try await leadership(scale: scale, in: place, on: db, calculator: calculator, now: now) },
        Module.inspection.code: { scale, place, db, calculator, now in try await inspection(scale: scale, in: place, on: db, calculator: calculator, now: now) },
        Module.licences.code: { scale, place, db, _, now in try await DemoLicences.generate(scale: scale, in: place, on: db, now: now) },
        Module.lawmaking.code: { scale, place, db, calculator, now in
            try await DemoLawmaking.generate(scale: scale, in: place, on: db, calculator: calculator, now: now)
        },
        Module.oversight.code: { scale, place, db, calculator, now in
            try await DemoOversight.generate(scale: scale, in: place, on: db, calculator: calculator, now: now)
                + DemoLitigation.generate(scale: scale, in: place, on: db, calculator: calculator, now: now)
        },
        Module.disputes.code: { scale, place, db, calculator, now in
            try await DemoDisputes.generate(scale: scale, in: place, on: db, calculator: calculator, now: now)
        },
        Module.disclosure.code: { scale, place, db, calculator, now in
            try await DemoDisclosure.generate(scale: scale, in: place, on: db, calculator: calculator, now: now)
                + DemoDisclosure.generateOpenness(scale: scale, in: place, on: db, calculator: calculator, now: now)
        },
        // The reminders' ledger fills as the demo's history is lived, day by day, after every
        // district's records (`DemoHistory`, with the web target's dispatcher).
        Module.reminders.code: { _, _, _, _, _ in 0 },
    ]

    /// One demo district being generated: its code and name, and every unit by code.
    struct Place {
        let code: String
        let name: String
        let units: [String: UUID]
        /// A unit of the district by the code's tail (`D01`, `T03`), or the district itself.
        func unit(_ tail: String?) -> UUID? { units[tail.map { "\(code)-\($0)" } ?? code] }
        func town(_ n: Int) -> UUID? { unit(String(format: "T%02d", n)) }
        /// A title naming the district: 区委常委会会议 becomes 东昌府区委常委会会议.
        func named(_ title: String) -> String { name + (title.hasPrefix("区") ? title.dropFirst() : Substring(title)) }
    }

    /// The records of `districts` demo districts (their organisation is added when missing). A
    /// district whose registers already hold records is left as it is, unless they are a demo
    /// begun and not finished (`DemoSteps`), which goes on from its first module not made; when
    /// that leaves nothing to generate, nothing is written and the answer says why. `hash` hashes
    /// the passwords of the accounts a new district gets. `now`: the clock's time, which the
    /// licences expiring soon are placed around. `step` is told after each module made.
    /// `resuming`: a demo requested before, whose districts already made are passed over.
    public static func generate(scale: Int = 1, districts: Int = 1, on db: any Database, calculator: DeadlineCalculator, now: Date,
                                hash: @escaping @Sendable (String) throws -> String, resuming: Bool = false,
                                step: @Sendable () async throws -> Void = {}) async throws -> (records: Int, districts: [String]) {
        var made = 0, names: [String] = [], refusal: Failure?
        for node in DemoOrganisation.districts(districts) {
            let units = try await Bootstrap.addDemoDistrict(node, hash: hash, on: db).compactMapValues(\.id)
            guard let id = units[node.code] else { continue }
            let done = try await DemoSteps.done(prefix: DemoSteps.records(node.code, ""), on: db)
            let whole = done.count == Modules.all.count + 1
            if whole && resuming {
                names.append(node.name)
                continue
            }
            if whole || done.isEmpty, let label = try await registerWithRecords(in: id, on: db) {
                refusal = refusal ?? .notEmpty(districts == 1 ? label : "\(node.name) \(label)")
                continue
            }
            made += try await generate(scale: scale, in: Place(code: node.code, name: node.name, units: units), skipping: done, on: db,
                                       calculator: calculator, now: now, step: step)
            names.append(node.name)
        }
        if names.isEmpty, let refusal { throw refusal }
        try await PlannerStatistics.refresh(on: db)
        // Readers would otherwise look up pages in the gigabytes of log the load left behind.
        if db.isSQLite { try await db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        return (made, names)
    }

    /// The label of the first register holding a record of a unit in the district, if any.
    static func registerWithRecords(in district: UUID, on db: any Database) async throws -> String? {
        for type in registers {
            var parts: [SQLQueryString] = []
            let prefix = FigureStore.below(district, type: type, alias: "", into: &parts)
            let rows = try await db.sql.raw("\(prefix)SELECT 1 AS found FROM \(unsafeRaw: type.table) WHERE \(parts.joined(separator: " AND ")) LIMIT 1").all()
            if !rows.isEmpty { return type.label }
        }
        return nil
    }

    /// Every module's records of one district, but those in `skipping` (made before): each
    /// module in one transaction that records it as a step done (`DemoSteps`), then the report's
    /// texts. A module's transaction that another instance already committed does nothing.
    static func generate(scale: Int, in place: Place, skipping done: Set<String> = [], on db: any Database, calculator: DeadlineCalculator,
                         now: Date, step: @Sendable () async throws -> Void = {}) async throws -> Int {
        var made = 0
        for module in Modules.all {
            guard let generator = generators[module.code] else { throw Failure.noGenerator(module.name) }
            let name = DemoSteps.records(place.code, module.code)
            guard !done.contains(name) else { continue }
            made += try await DemoSteps.perform(name, none: 0, now: now, on: db) { tx in
                try await AuditLog.gathering(on: tx) { try await generator(scale, place, tx, calculator, now) }
            }
            try await step()
        }
        let texts = DemoSteps.records(place.code, "texts")
        if !done.contains(texts) {
            _ = try await DemoSteps.perform(texts, none: 0, now: now, on: db) { tx in try await DemoReportTexts.write(in: place, on: tx) }
            try await step()
        }
        return made
    }

    /// 党的领导: the meetings, studies, lectures, seminars and committee meetings of each year.
    static func leadership(scale: Int, in place: Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        try await write(place, on: db, calculator: calculator, seed: 2023, now: now) { w, district, office in
            // (kind, body, title, 2022 count, 2023 count)
            let study: [(StudyActivity.Kind, StudyActivity.Body?, String, Int, Int)] = [
                (.meetingStudy, .partyStanding, "区委常委会会议研究法治建设工作", 3, 3),
                (.meetingStudy, .governmentExecutive, "区政府常务会议研究法治政府建设工作", 3, 4),
                (.preMeetingStudy, .theoryGroup, "区委理论学习中心组会前学法", 1, 2),
                (.preMeetingStudy, .governmentExecutive, "区政府常务会会前学法", 2, 2),
                (.lecture, nil, "习近平法治思想专题讲座", 4, 5),
                (.seminar, nil, "习近平法治思想专题研讨班", 1, 2),
                (.committeeMeeting, .lawCommittee, "区委全面依法治区委员会会议", 2, 3),
                (.committeeMeeting, .coordinationGroup, "区委法治委协调小组会议", 10, 14),
            ]
            let venues = ["区委常委会议室", "区政府第一会议室", "区行政中心报告厅", "西北政法大学", "西南政法大学"]
            for year in years(through: w.today) {
                for (kind, body, title, c2022, c2023) in study {
                    let count = volume(c2022, c2023, year: year, today: w.today) * scale
                    for i in 0..<count {
                        let held = w.day(year, i, of: count)
                        var values: RecordValues = [
                            "kind": .text(kind.rawValue), "title": .text("\(place.named(title))（\(year)年第\(i + 1)次）"), "held_on": .date(held),
                            "organiser": .uuid(kind == .committeeMeeting ? office : district),
                            "attendees": .integer(Int64(20 + w.dice.next(kind == .lecture ? 200 : 40, year: year))),
                            "venue": .text(kind == .seminar ? venues[3 + i % 2] : venues[w.dice.next(3, year: year)]),
                            "summary": .text("学习贯彻习近平法治思想，研究部署\(year)年法治建设重点工作。"),
                        ]
                        if let body { values["body"] = .text(body.rawValue) }
                        if kind == .lecture || kind == .seminar { values["speaker"] = .text(["王教授", "李教授", "张教授"][w.dice.next(3, year: year)]) }
                        _ = try await w.add(StudyActivity.declaration.type, values, at: held)
                    }
                }
            }
        }
    }

    /// 法治督察: the year's inspection batch over towns and key enforcement departments, each
    /// finding rectification items worked to closure (a few still open). This year's batch ended a
    /// few weeks ago: most of its items are still being rectified, some due this week, some late.
    static func inspection(scale: Int, in place: Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        try await write(place, on: db, calculator: calculator, seed: 2024, now: now) { w, district, office in
            var batches = [(2022, "2022年度法治政府建设督察", 8, 4), (2023, "2023年法治建设专项督察暨“八五”普法规划中期评估", 14, 6)]
            for year in years(through: w.today) where year > 2023 {
                batches.append((year, year % 2 == 0 ? "\(year)年度法治政府建设督察" : "\(year)年法治建设专项督察", 10 + year % 5, 4 + year % 3))
            }
            let departments = ["D03", "D04", "D05", "D07", "D08", "D09"]
            let findings = ["行政执法公示信息更新不及时", "合法性审查台账不完整", "重大执法决定法制审核记录缺失", "执法案卷文书制作不规范",
                            "村居法律顾问服务记录不全", "“谁执法谁普法”责任清单未及时更新", "行政规范性文件未按时报备", "执法人员培训学时不足"]
            let inspections = Inspection.declaration.type, items = Rectification.declaration.type
            for (year, batch, towns, depts) in batches {
                let targets = (1...towns).map { String(format: "T%02d", $0) } + departments.prefix(depts)
                let current = year == w.today.year
                for round in 0..<scale {
                    for (i, code) in targets.enumerated() {
                        guard let target = place.unit(code) else { continue }
                        // This year's inspections ended 33 to 48 days ago, so their items' 30 working
                        // days run out from a week ago to next week.
                        let started = current ? w.today.adding(days: -50 + i * 15 / targets.count) : w.day(year, 3 + i % 4, of: 12)
                        let ended = started.adding(days: 2)
                        let count = 2 + w.dice.next(3, year: year)
                        let name = scale == 1 ? batch : "\(batch)（第\(round + 1)批）"
                        let inspection = try await w.add(inspections, [
                            "batch": .text(name), "kind": .text(Inspection.Kind.special.rawValue), "target": .uuid(target), "organiser": .uuid(office),
                            "started_on": .date(started), "leader": .text("督察组组长"), "finding_count": .integer(Int64(count)),
                        ], at: started.adding(days: -7))
                        try await w.move(inspections, inspection.id, "start", [:], on: started)
                        try await w.move(inspections, inspection.id, "report", [
                            "ended_on": .date(ended), "findings": .text((0..<count).map { findings[(i + $0) % findings.count] }.joined(separator: "；")),
                        ], on: ended)
                        if ended.adding(days: 14) < w.today { try await w.move(inspections, inspection.id, "finish", [:], on: ended.adding(days: 14)) }
                        for k in 0..<count {
                            let item = try await w.add(items, [
                                "finding": .text(findings[(i + k) % findings.count]), "source": .text(name), "unit": .uuid(target),
                                "responsible": .text(["王", "李", "张", "刘", "陈"][w.dice.next(5, year: year)] + "某"), "found_on": .date(ended),
                            ], at: ended)
                            // Most are closed after rectification; the last of some stays open, and
                            // this year's are mostly still being worked on.
                            guard !(year == 2023 && k == count - 1 && i % 5 == 0) else { continue }
                            let done = ended.adding(days: 10 + w.dice.next(20, year: year))
                            if current && (k % 3 != 0 || done.adding(days: 5) >= w.today) {
                                if k % 3 == 1 { try await w.move(items, item.id, "start", [:], on: ended.adding(days: 3)) }
                                continue
                            }
                            try await w.move(items, item.id, "complete", [
                                "measures": .text("已制定整改方案并逐项整改，建立长效机制"), "completed_on": .date(done),
                            ], on: done)
                            try await w.move(items, item.id, "close", ["verified_on": .date(done.adding(days: 5))], on: done.adding(days: 5))
                        }
                    }
                }
            }
        }
    }

    /// One module's records of a district in one transaction, through a `Writer` seeded with
    /// `seed`, given the district and its office; says how many were made.
    static func write(_ place: Place, on db: any Database, calculator: DeadlineCalculator, seed: UInt64, now: Date,
                      _ body: @escaping @Sendable (Writer, _ district: UUID, _ office: UUID) async throws -> Void) async throws -> Int {
        guard let district = place.unit(nil) else { return 0 }
        let office = place.unit("D01") ?? district
        return try await db.write { tx in
            let w = Writer(tx, actor: .system("演示数据"), calculator: calculator, dice: YearDice(seed), today: LocalDate(now))
            try await body(w, district, office)
            return w.made
        }
    }

    /// Writes one module's demo records in its transaction, through the store, and counts them.
    final class Writer {
        let tx: any Database
        let actor: AuditActor
        let calculator: DeadlineCalculator
        var dice: YearDice
        /// The clock's day: nothing is dated after it.
        let today: LocalDate
        private(set) var made = 0

        init(_ tx: any Database, actor: AuditActor, calculator: DeadlineCalculator, dice: YearDice, today: LocalDate) {
            self.tx = tx; self.actor = actor; self.calculator = calculator; self.dice = dice; self.today = today
        }

        func add(_ type: RecordType, _ values: RecordValues, at day: LocalDate) async throws -> RecordRow {
            made += 1
            return try await RecordStore.insert(type, values, actor: actor, scope: .everything, calculator: calculator, on: tx, now: instant(day))
        }

        /// A workflow move on `day`, as the people who may make it would.
        @discardableResult
        func move(_ type: RecordType, _ id: UUID, _ action: String, _ changes: RecordValues, on day: LocalDate) async throws -> RecordRow {
            try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: Set(Permission.allCases), today: day,
                                                 actor: actor, scope: .everything, calculator: calculator, within: tx, now: instant(day))
        }

        /// One move of many records on `day`, each with the values its move saves.
        func move(_ type: RecordType, _ batch: [(id: UUID, changes: RecordValues)], _ action: String, on day: LocalDate) async throws {
            _ = try await RecordStore.transition(type, moves: batch, action: action, permissions: Set(Permission.allCases), today: day, actor: actor,
                                                 scope: .everything, calculator: calculator, within: tx, now: instant(day))
        }

        /// A working day of `year`, the `index`th of `count` spread over its working months (this
        /// year's, over the days up to yesterday).
        func day(_ year: Int, _ index: Int, of count: Int) -> LocalDate {
            let start = LocalDate(year: year, month: 1, day: 10)!
            let span = year == today.year ? max(1, min(340, today.dayNumber - start.dayNumber - 10)) : 340
            var d = start.adding(days: count <= 1 ? min(150, span) : index * span / count + dice.next(7, year: year))
            while d.isWeekend { d = d.adding(days: 1) }
            return d
        }
    }

    /// Records a district would load from a file it already keeps (its history, a website's
    /// export): written as a CSV in the import template's columns and loaded by `RecordImport.run`,
    /// with the checks and clocks of an upload. Each row names its cells by field name.
    static func importFile(_ type: RecordType, rows: [[String: String]], source: String, on db: any Database, calculator: DeadlineCalculator,
                           now: Date) async throws -> Int {
        try await importRecords(type, rows: rows, source: source, on: db, calculator: calculator, now: now).count
    }

    /// `importFile`, giving the ids of the records made, in the rows' order.
    static func importRecords(_ type: RecordType, rows: [[String: String]], source: String, on db: any Database, calculator: DeadlineCalculator,
                              now: Date) async throws -> [UUID] {
        let lines = [RecordImport.templateHeader(type)] + rows.map { row in type.inputColumns.map { row[$0.name] ?? "" } }
        let csv = lines.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }.joined(separator: "\r\n")
        let outcome = try await RecordImport.run(type, data: Data(csv.utf8), scope: .everything, calculator: calculator, onlyValid: false,
                                                 actor: .system("演示数据（\(source)）"), on: db, now: now)
        if let refusal = outcome.refusal {
            throw CoreError.state("演示数据的\(source)未能导入：\(refusal)；" + outcome.plan.problems.prefix(3).map(\.message).joined(separator: "；"))
        }
        guard outcome.ids.count == rows.count else { throw CoreError.state("演示数据的\(source)只导入了 \(outcome.ids.count)/\(rows.count) 行") }
        return outcome.ids
    }

    /// Noon of a day, China Standard Time.
    static func instant(_ day: LocalDate) -> Date {
        day.instant(atHour: 12)
    }
}
