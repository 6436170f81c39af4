import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 诉源治理's and 法律援助's demo (seed 六.一, 六.三).
///
/// Litigation at source: each January the district office loads last year's table of the towns'
/// populations and the court's civil intake from them, an XLSX as the court and the statistics
/// office send it (2021 on, so 2022 has a change too), 12,000 civil cases in 2022 and 11,767 in
/// 2023 (下降1.94%); the court's judicial suggestions, 27 in 2023. The cases diverted to mediation
/// before filing are the disputes the court referred (`DemoDisputes`).
///
/// Legal aid: the centre, a workstation in each town and two contact points in villages (43); each
/// month's applications registered from the centre's ledger, as it keeps them, then each worked
/// through the register's moves on its day: a few asked for materials (some never supplied, so
/// withdrawn), a few refused, most granted within the 7 days and assigned a lawyer in the 3 (a few
/// late, as the reminders show), closed months later with a quality review, a few terminated; a
/// few closed cases are selected for a library, recorded on their own.
/// 2023 has the seed's figures: 1,980 granted, 1,343 closed, 2 selected for the ministry's library.
enum DemoLegalAid {
    /// Civil cases filed in the district a year (the court's intake from the towns).
    static let civilCases = [2021: 12_400, 2022: 12_000, 2023: 11_767, 2024: 11_520, 2025: 11_310]
    /// The towns' resident populations in 2021; each grows a little a year.
    static let populations = [68_400, 95_200, 120_600, 54_300, 88_100, 102_500, 47_800, 76_200, 63_900, 58_700, 81_300, 45_600, 39_800, 52_400]
    static let suggestions = (y2022: 21, y2023: 27)
    /// Applications granted a year, and cases closed in 2023 (seed: 受理1980件，结案1343件).
    static let granted = (y2022: 1_760, y2023: 1_980), closed2023 = 1_343

    static func litigationSource(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let today = LocalDate(now), type = CivilIntake.declaration.type
        var made = 0
        for (year, total) in civilCases.sorted(by: { $0.key < $1.key }) {
            let loaded = LocalDate(year: year + 1, month: 1, day: 20)!
            guard loaded < today else { continue }
            // Each town's share follows its population, some towns more litigious than others.
            let people = populations.enumerated().map { t, p in p + p * (year - 2021) * (3 + t % 4) / 400 }
            let weights = people.enumerated().map { t, p in p * (90 + (t * 17 + year) % 25) }
            let cases = DemoLegalAid.shares(of: total * scale, by: weights)
            let rows: [[XLSXCell]] = (1...populations.count).map { t in
                let values = ["unit": "\(place.code)-T\(String(format: "%02d", t))", "period": "\(year)-12-31", "population": String(people[t - 1]),
                              "civil_cases": String(cases[t - 1]), "population_source": "区统计局《\(year)年国民经济和社会发展统计公报》",
                              "cases_source": "区人民法院《\(year)年各镇街民事案件收案情况》"]
                return type.inputColumns.map { .text(values[$0.name] ?? "") }
            }
            let data = try XLSXWriter.workbook(sheet: type.label, header: RecordImport.templateHeader(type), rows: rows)
            let outcome = try await RecordImport.run(type, data: data, scope: .everything, calculator: calculator, onlyValid: false,
                                                     actor: .system("演示数据（\(year)年镇街人口和民事收案.xlsx）"), on: db, now: DemoRecords.instant(loaded))
            if let refusal = outcome.refusal { throw CoreError.state("演示数据的\(year)年镇街人口和民事收案未能导入：\(refusal)") }
            made += outcome.ids.count
        }
        made += try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2053, now: now) { w, _, _ in
            let fields: [SuggestionField] = [.enforcement, .governance, .regulation, .enterprise, .governance, .enforcement, .other]
            let problems = ["规范行政执法程序，完善送达和告知环节", "加强村（居）矛盾纠纷排查，前移调解关口", "加强物业服务企业监管，减少物业纠纷",
                            "完善劳动用工合同管理，预防欠薪纠纷", "规范农村土地承包合同管理", "加强道路交通事故损害赔偿的前端调解", "完善民间借贷风险提示"]
            for year in DemoRecords.years(through: w.today) {
                let count = DemoRecords.volume(suggestions.y2022, suggestions.y2023, year: year, today: w.today) * scale
                for i in 0..<count {
                    let day = w.day(year, i, of: count)
                    guard day < w.today, let unit = place.unit(String(format: "T%02d", 1 + (i * 5) % 14)) else { continue }
                    var values: RecordValues = [
                        "number": .text("（\(year)）鲁\(place.code.suffix(4))司建\(i + 1)号"), "court": .text(place.named("区人民法院")),
                        "issued_on": .date(day), "addressee": .text(place.named(["区综合行政执法局", "区住房和城乡建设局", "区人力资源和社会保障局"][i % 3])),
                        "unit": .uuid(unit), "field": .text(fields[i % fields.count].rawValue), "problem": .text(problems[i % problems.count]),
                    ]
                    let replied = DemoLitigation.weekday(day.adding(days: 30 + i % 20))
                    if replied < w.today {
                        values["replied_on"] = .date(replied)
                        values["reply"] = .text("已研究制定整改措施，并在全区范围内开展专项治理。")
                    }
                    _ = try await w.add(JudicialSuggestion.declaration.type, values, at: day)
                }
            }
        }
        return made
    }

    /// `total` split in proportion to `weights`, by largest remainder: the parts sum to it exactly.
    static func shares(of total: Int, by weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        var parts = weights.map { $0 * total / sum }
        let order = weights.indices.sorted { a, b in
            let (ra, rb) = (weights[a] * total % sum, weights[b] * total % sum)
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(total - parts.reduce(0, +)) { parts[i] += 1 }
        return parts
    }

    /// One application as it will go: each step's day.
    struct Plan {
        var row: [String: String]
        var matter: LegalAidMatter
        var received: LocalDate
        var supplement: (asked: LocalDate, supplied: LocalDate?)?
        var decided: LocalDate?
        var refused = false
        var assigned: LocalDate?
        var closed: LocalDate?
        var terminated = false
        var selected: (library: CaseLibrary, on: LocalDate)?
    }

    /// The moves of a case in the order it goes through them: a day's are made in this order.
    static let moveOrder = ["ask_supplement", "supplemented", "grant", "refuse", "withdraw", "assign", "close", "terminate"]

    static func legalAid(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let today = LocalDate(now), type = LegalAidCase.declaration.type
        var made = 0
        // The network: the centre, each town's workstation, two villages' contact points.
        var network: [(name: String, level: LegalAidStationLevel, unit: UUID, setUp: LocalDate)] = []
        if let office = place.unit("D01") { network.append((place.named("区法律援助中心"), .centre, office, LocalDate(year: 2019, month: 5, day: 6)!)) }
        for t in 1...14 {
            guard let justice = place.unit(String(format: "T%02d-01", t)) else { continue }
            network.append(("\(place.name)第\(t)镇街法律援助工作站", .town, justice, LocalDate(year: 2021, month: 6, day: t)!))
            for v in 1...2 {
                guard let village = place.unit(String(format: "T%02d-V%d", t, v)) else { continue }
                network.append(("\(place.name)第\(t)镇街第\(v)村（社区）法律援助联系点", .village, village, LocalDate(year: 2022, month: 3, day: t + v)!))
            }
        }
        let stations = network.map { (name: $0.name, level: $0.level) }
        made += try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2054, now: now) { [network] w, _, _ in
            for s in network {
                _ = try await w.add(LegalAidStation.declaration.type, ["name": .text(s.name), "level": .text(s.level.rawValue), "unit": .uuid(s.unit),
                                                                      "set_up_on": .date(s.setUp)], at: s.setUp)
            }
        }
        struct Id: Decodable { var id: UUID }
        let lawyers = try await db.sql.raw("""
            SELECT l.id FROM \(unsafeRaw: Lawyer.declaration.type.table) l JOIN units u ON u.id = l.unit
            WHERE u.code LIKE \(bind: place.code + "%") AND l.joined_on < \(bind: "2022-01-01") ORDER BY l.licence LIMIT 120
            """).all(decoding: Id.self).map(\.id)
        guard !lawyers.isEmpty, !stations.isEmpty else { return made }

        let writer = DemoRecords.Writer(db, actor: .system("演示数据"), calculator: calculator, dice: .init(2055), today: today)
        var plans: [Plan] = []
        for year in DemoRecords.years(through: today) {
            plans += try self.plans(year: year, scale: scale, place: place, stations: stations, writer)
        }
        try settleClosings(&plans, today: today, scale: scale)
        // Each month's applications from the centre's ledger, then the moves day by day.
        var moves: [LocalDate: [(action: String, id: UUID, values: RecordValues)]] = [:]
        var selections: [(id: UUID, library: CaseLibrary, on: LocalDate, title: String)] = []
        let byMonth = Dictionary(grouping: plans) { $0.received.year * 12 + $0.received.components.month }
        for key in byMonth.keys.sorted() {
            let month = byMonth[key]!
            let first = LocalDate(year: key / 12, month: key % 12 == 0 ? 12 : key % 12, day: 1)!
            let ids = try await DemoRecords.importRecords(type, rows: month.map(\.row), source: "\(first.year)年\(first.components.month)月法律援助申请登记台账",
                                                          on: db, calculator: calculator, now: DemoRecords.instant(first))
            made += ids.count
            for (n, (id, plan)) in zip(ids, month).enumerated() {
                func add(_ action: String, _ day: LocalDate?, _ values: RecordValues) {
                    guard let day, day < today else { return }
                    moves[day, default: []].append((action, id, values))
                }
                if let s = plan.supplement {
                    add("ask_supplement", s.asked, ["supplement_asked_on": .date(s.asked), "supplement_request": .text("请补充经济困难状况说明表及相关证明材料")])
                    if let supplied = s.supplied {
                        add("supplemented", supplied, ["supplemented_on": .date(supplied)])
                    } else {
                        let gone = s.asked.adding(days: 30)
                        add("withdraw", gone, ["closed_on": .date(gone), "closure": .text("申请人未按要求补充材料，视为撤回申请")])
                        continue
                    }
                }
                if plan.refused {
                    add("refuse", plan.decided, ["decided_on": .date(plan.decided!),
                                                    "refusal_reason": .text("经审查，申请人经济状况不符合本省法律援助经济困难标准")])
                    continue
                }
                let form: LegalAidForm = switch plan.matter {
                case .criminal: .defence
                case .labour: .arbitration
                default: n % 9 == 0 ? .nonLitigation : .litigation
                }
                add("grant", plan.decided, ["decided_on": .date(plan.decided!), "form": .text(form.rawValue)])
                add("assign", plan.assigned, ["assigned_on": .date(plan.assigned!), "lawyer": .uuid(lawyers[n % lawyers.count])])
                if plan.terminated {
                    add("terminate", plan.closed, ["closed_on": .date(plan.closed!), "closure": .text("受援人自行委托律师，终止法律援助")])
                    continue
                }
                let quality: CaseQuality = n % 10 == 0 ? .excellent : n % 97 == 5 ? .poor : n % 2 == 0 ? .good : .adequate
                add("close", plan.closed, ["closed_on": .date(plan.closed!), "quality": .text(quality.rawValue),
                                              "closure": .text(["经调解结案，受援人获赔", "人民法院判决支持受援人主要诉讼请求", "经仲裁裁决，用人单位支付拖欠工资", "依法出庭辩护，辩护意见部分被采纳"][n % 4])])
                if let s = plan.selected, s.on < today {
                    selections.append((id, s.library, s.on, "\(plan.row["facts"] ?? "")：法律援助维护受援人合法权益"))
                }
            }
        }
        // A day's moves, one batch an action, in the order a case goes through them.
        for day in moves.keys.sorted() {
            let byAction = Dictionary(grouping: moves[day]!, by: \.action)
            for action in moveOrder {
                guard let batch = byAction[action] else { continue }
                try await writer.move(type, batch.map { ($0.id, $0.values) }, action, on: day)
            }
        }
        guard let office = place.unit("D01") else { return made }
        for s in selections {
            _ = try await writer.add(LegalAidSelection.declaration.type, [
                "title": .text(s.title), "legal_aid_case": .uuid(s.id), "library": .text(s.library.rawValue), "selected_on": .date(s.on),
                "notice": .text(s.library.label + "入选案例通知"), "unit": .uuid(office),
            ], at: s.on)
            made += 1
        }
        return made
    }

    /// A year's applications: `granted` of them granted within the year, some refused, some asked
    /// for materials of which a few never came.
    static func plans(year: Int, scale: Int, place: DemoRecords.Place, stations: [(name: String, level: LegalAidStationLevel)],
                      _ w: DemoRecords.Writer) throws -> [Plan] {
        let grants = DemoRecords.volume(granted.y2022, granted.y2023, year: year, today: w.today) * scale
        let refused = grants * 3 / 100, withdrawn = max(1, grants / 100), total = grants + refused + withdrawn
        let matters: [LegalAidMatter] = [.civil, .labour, .criminal, .civil, .labour, .civil, .criminal, .administrative, .civil, .compensation]
        var out: [Plan] = [], kept = 0
        for i in 0..<total {
            // Spread to mid-December so each is decided within its year.
            let received = w.day(year, i, of: total)
            guard received < w.today else { continue }
            let matter = matters[i % matters.count]
            let via = w.dice.next(100, year: year)
            let channel: IntakeChannel = via < 20 ? .online : via < 85 ? .inPerson : .post
            var row = [
                "centre": place.code, "channel": channel.label, "received_on": received.description,
                "name": ["张", "王", "李", "刘", "陈", "杨", "赵", "孙"][i % 8] + ["某", "某某"][i % 2],
                "id_number": IdentityCodes.idNumber(String(format: "371502%04d%02d%02d%03d", 1950 + i % 50, 1 + i % 12, 1 + i % 28, i % 1000)) ?? "",
                "phone": "139" + String(format: "%08d", 30_000_000 + year * 1000 + i % 1000),
                "matter": matter.label,
                "eligibility": (matter == .labour ? LegalAidEligibility.exempt : .hardship).label,
                "opponent": matter == .labour ? "聊城某建筑劳务有限公司" : matter == .criminal ? "" : "王某某",
                "facts": matter == .labour ? "申请人在工地务工，被拖欠工资，申请代理劳动争议仲裁" : matter == .criminal ? "申请人之子涉嫌犯罪，家庭经济困难无力委托辩护人"
                    : "申请人因\(["赡养", "离婚", "交通事故赔偿", "房屋租赁"][i % 4])纠纷，经济困难无力委托律师，申请诉讼代理",
            ]
            if channel == .inPerson {
                let roll = w.dice.next(100, year: year)
                let level: LegalAidStationLevel = roll < 40 ? .centre : roll < 85 ? .town : .village
                let pool = stations.filter { $0.level == level }
                if !pool.isEmpty { row["station"] = pool[i % pool.count].name }
            }
            var plan = Plan(row: row, matter: matter, received: received)
            var start = received
            // Asked for materials: one in fifteen, the withdrawn ones among them; none in December,
            // so the decision falls in the year.
            let withdrawing = (i + 1) * withdrawn / total > i * withdrawn / total
            if withdrawing || (i % 15 == 4 && received.components.month < 12) {
                let asked = received.adding(days: 1 + w.dice.next(2, year: year))
                if withdrawing {
                    plan.supplement = (asked, nil)
                    out.append(plan); continue
                }
                let supplied = asked.adding(days: 3 + w.dice.next(5, year: year))
                plan.supplement = (asked, supplied)
                start = supplied
            }
            // Decided within the 7 days (the days waiting for materials not counted), one in sixty
            // a day or three late, not in December: every decision falls in its year.
            let late = w.dice.next(60, year: year) == 0 && received.components.month < 12
            plan.decided = DemoLitigation.weekday(start.adding(days: late ? 8 : 1 + w.dice.next(plan.supplement == nil ? 5 : 3, year: year)))
            // Which of the others are refused: spread evenly over them.
            let refusing = (kept + 1) * refused / (total - withdrawn) > kept * refused / (total - withdrawn)
            kept += 1
            if refusing {
                plan.refused = true
                out.append(plan); continue
            }
            // Assigned within the 3 days, one in forty late.
            let decided = plan.decided!
            plan.assigned = decided.adding(days: w.dice.next(40, year: year) == 0 ? 4 + w.dice.next(3, year: year) : w.dice.next(3, year: year))
            plan.terminated = w.dice.next(100, year: year) == 0
            plan.closed = DemoLitigation.weekday(plan.assigned!.adding(days: 45 + w.dice.next(300, year: year)))
            out.append(plan)
        }
        return out
    }

    /// 2023 closes exactly `closed2023` cases: the latest of any more are closed the next spring.
    /// Then notable closed cases are selected: two of 2023's for the ministry's library, one of
    /// 2022's, and some for the province's and the city's each year.
    static func settleClosings(_ plans: inout [Plan], today: LocalDate, scale: Int) throws {
        let closing2023 = plans.indices.filter { plans[$0].closed?.year == 2023 && !plans[$0].terminated }
            .sorted { (plans[$0].closed!, $0) < (plans[$1].closed!, $1) }
        let target = closed2023 * scale
        if today.year > 2023 {
            guard closing2023.count >= target else { throw CoreError.state("演示数据：2023 年可结案的法律援助案件只有 \(closing2023.count) 件") }
            for index in closing2023.dropFirst(target) { plans[index].closed = DemoLitigation.weekday(plans[index].closed!.adding(days: 100)) }
        }
        for year in DemoRecords.years(through: today) {
            let closed = plans.indices.filter { plans[$0].closed?.year == year && !plans[$0].terminated && plans[$0].closed! < today.adding(days: -30) }
            let ministry = year == 2023 ? 2 : year == 2022 ? 1 : 0
            for (k, index) in closed.enumerated() where k % 150 == 75 || k < ministry {
                let library: CaseLibrary = k < ministry ? .ministry : k % 300 == 75 ? .province : .city
                let on = DemoLitigation.weekday(LocalDate(year: year, month: 12, day: 5)!)
                guard plans[index].closed! <= on, on < today else { continue }
                plans[index].selected = (library, on)
            }
        }
    }
}
