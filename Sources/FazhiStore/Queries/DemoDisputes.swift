import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 矛盾纠纷化解's demo (seed 六). Each town has its committee and two village committees; the
/// district set up its road-traffic committee and six rooms in police stations in 2023, and 新区街道's
/// committee holds the national honour. Every month the committees' ledgers of visits and disputes
/// are loaded by import, as a 司法所 keeps them, and each dispute is then worked through the
/// register's moves on its day: agreed (written or oral), some applied for judicial confirmation, a
/// few failed. 2023 has the seed's figures: 3,360 visitors (「3300余」), 4,416 disputes settled of
/// 4,454 concluded (99.15%, 「99%以上」) involving some 70.2 million yuan (「7000余万」). 行政复议
/// follows (`DemoReconsideration`), then public legal services (`legalServices`): 16,110 lawyers on
/// the platform at the end of 2023 and 8,586 consultations, every rated one satisfied. 3,052 of
/// 2023's settled disputes were the court's pre-filing referrals (「3000余」); the towns' civil
/// intake, the judicial suggestions and legal aid are `DemoLegalAid`'s.
enum DemoDisputes {
    /// A year's visits, disputes settled and disputes failed; 2022's are the demo's own.
    static let visits = (y2022: 1_010, y2023: 1_120), settled = (y2022: 4_020, y2023: 4_416), failed = (y2022: 45, y2023: 38)
    /// Of the disputes settled, those the court referred before filing (seed: 分流化解案件3000余件).
    static let diverted = (y2022: 2_760, y2023: 3_052)

    struct Committee {
        let name: String
        let kind: CommitteeKind
        let unit: String
        let setUp: LocalDate
        var host: String? = nil
        var honours: String? = nil
    }

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        struct Named: Decodable { var code: String; var name: String }
        let names = Dictionary(try await db.sql.raw("SELECT code, name FROM units WHERE code LIKE \(bind: place.code + "-%")").all(decoding: Named.self)
            .map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let committees = self.committees(place, names: names)
        // The demo's town clerk of 新区街道 mediates there, so the window's reminders reach an account.
        struct Account: Decodable { var username: String }
        let mediatorAccount = place.code == "371502"
            ? try await db.sql.raw("SELECT username FROM users WHERE username = \(bind: "xinqu")").first(decoding: Account.self)?.username : nil
        var made = try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2046, now: now) { w, _, _ in
            for (i, c) in committees.enumerated() {
                guard let unit = place.units[c.unit] else { continue }
                var values: RecordValues = ["name": .text(c.name), "kind": .text(c.kind.rawValue), "unit": .uuid(unit), "set_up_on": .date(c.setUp)]
                if let host = c.host { values["host"] = .text(host) }
                if let honours = c.honours { values["honours"] = .text(honours) }
                let committee = try await w.add(MediationCommittee.declaration.type, values, at: c.setUp)
                for k in 0..<2 {
                    let appointed = max(c.setUp, LocalDate(year: 2021, month: 1 + (i + k) % 12, day: 8)!)
                    _ = try await w.add(Mediator.declaration.type, [
                        "name": .text(["王", "李", "张", "刘", "陈", "杨"][(i + k) % 6] + ["建国", "秀英", "卫东", "桂兰", "志强", "玉梅"][(i * 2 + k) % 6]),
                        "committee": .uuid(committee.id), "unit": .uuid(unit), "post": .text((k == 0 ? MediatorPost.fullTime : .partTime).rawValue),
                        "appointed_on": .date(appointed),
                    ], at: appointed)
                }
            }
        }
        made += try await ledgers(scale: scale, in: place, committees: committees, mediatorAccount: mediatorAccount, on: db, calculator: calculator, now: now)
        made += try await DemoReconsideration.generate(scale: scale, in: place, on: db, calculator: calculator, now: now)
        made += try await DemoLegalAid.litigationSource(scale: scale, in: place, on: db, calculator: calculator, now: now)
        made += try await legalServices(scale: scale, in: place, on: db, calculator: calculator, now: now)
        made += try await DemoLegalAid.legalAid(scale: scale, in: place, on: db, calculator: calculator, now: now)
        return made
    }

    /// Lawyers who joined the platform before 2023 and in each year from it; consultations a year.
    static let lawyersBefore2023 = 14_320, lawyersJoining = (y2022: 1_650, y2023: 1_790), consultations = (y2022: 7_902, y2023: 8_586)

    /// 公共法律服务: forty firms, their lawyers loaded as the platform's roll (14,320 before 2023,
    /// 1,790 joining in 2023: 16,110 at its end), a few leaving each later year; each year's
    /// consultations loaded as its ledger, every rated one satisfied or basically satisfied.
    static func legalServices(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let today = LocalDate(now), bureau = place.code + "-D01"
        let firms = (1...40).map { i in "\(place.name)\(["正义", "明德", "信达", "东昌", "水城", "凤凰", "光岳", "运河"][i % 8])律师事务所" + (i > 8 ? "（第\(i / 8 + 1)分所）" : "") }
        var made = try await DemoRecords.importRecords(LawFirm.declaration.type, rows: firms.enumerated().map { i, name in [
            "name": name, "credit_code": IdentityCodes.creditCode("31" + place.code.prefix(6) + "MA" + String(format: "%07d", i + 1)) ?? "",
            "unit": bureau, "joined_on": LocalDate(year: 2019, month: 6, day: 3 + i % 20)!.description,
        ] }, source: "律师事务所入驻名册", on: db, calculator: calculator, now: DemoRecords.instant(LocalDate(year: 2022, month: 1, day: 10)!)).count
        // The roll: every lawyer with the year they joined, and for later years a few leaving.
        var joined: [(year: Int, day: LocalDate)] = []
        for i in 0..<(lawyersBefore2023 * scale) { joined.append((2022, LocalDate(year: 2020 + i % 3, month: 1 + i % 12, day: 1 + i % 28)!)) }
        for year in DemoRecords.years(through: today) where year >= 2023 {
            let count = DemoRecords.volume(lawyersJoining.y2022, lawyersJoining.y2023, year: year, today: today) * scale
            let days = year == today.year ? max(1, today.dayNumber - LocalDate(year: year, month: 1, day: 1)!.dayNumber) : 365
            for i in 0..<count { joined.append((year, LocalDate(year: year, month: 1, day: 1)!.adding(days: i * days / max(1, count)))) }
        }
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"), given = Array("建华明军丽静强伟芳敏磊洋艳勇杰娟涛超")
        for year in Set(joined.map(\.year)).sorted() {
            let rows = joined.enumerated().filter { $0.element.year == year }.map { i, lawyer -> [String: String] in
                var row = [
                    "name": "\(surnames[i % surnames.count])\(given[i % given.count])\(given[(i / 7) % given.count])", "licence": "1" + String(format: "%016d", i + 1),
                    "firm": firms[i % firms.count], "unit": bureau, "joined_on": lawyer.day.description,
                    "fields": ["婚姻家庭", "劳动争议", "合同纠纷", "刑事辩护", "行政诉讼"][i % 5],
                ]
                // One in a hundred of those there before 2023 left in a later year.
                if lawyer.year == 2022, i % 100 == 7, case let left = LocalDate(year: 2024 + i % 3, month: 3, day: 15)!, left < today {
                    row["left_on"] = left.description
                }
                return row
            }
            let loaded = year == 2022 ? LocalDate(year: 2022, month: 1, day: 10)! : LocalDate(year: year, month: 1, day: 5)!
            made += try await DemoRecords.importRecords(Lawyer.declaration.type, rows: rows, source: "\(year)年入驻律师名册", on: db, calculator: calculator,
                                                        now: DemoRecords.instant(loaded)).count
        }
        let writer = DemoRecords.Writer(db, actor: .system("演示数据"), calculator: calculator, dice: .init(2048), today: today)
        let questions = ["离婚财产分割", "拖欠工资如何维权", "借款合同逾期", "物业费纠纷", "交通事故赔偿", "行政处罚能否申请复议", "继承遗产份额", "工伤认定"]
        for year in DemoRecords.years(through: today) {
            let count = DemoRecords.volume(consultations.y2022, consultations.y2023, year: year, today: today) * scale
            let rows = (0..<count).map { i -> [String: String] in
                let channel: ConsultationChannel = [.platform, .platform, .hotline, .walkIn][i % 4]
                let unit = channel == .walkIn && i % 3 != 0 ? place.code + String(format: "-T%02d-01", 1 + i % 14) : bureau
                var row = [
                    "asked_on": writer.day(year, i, of: count).description, "channel": channel.label, "topic": ConsultationTopic.allCases[i % 8].label,
                    "unit": unit, "question": questions[i % questions.count], "answer": "已依据相关法律规定作出解答，并告知维权途径",
                    "answered_by": "值班律师",
                ]
                // Two in three rate the answer, all of them satisfied or basically satisfied.
                if i % 3 != 2 { row["rating"] = (i % 10 == 1 ? Satisfaction.basically : .satisfied).label }
                return row
            }
            made += try await DemoRecords.importRecords(LegalConsultation.declaration.type, rows: rows, source: "\(year)年法律咨询台账", on: db,
                                                        calculator: calculator, now: DemoRecords.instant(LocalDate(year: year, month: 1, day: 5)!)).count
        }
        return made
    }

    /// The district's mediation organisations: each town's, two villages' per town, the road-traffic
    /// committee and the rooms in six police stations (both of 2023).
    static func committees(_ place: DemoRecords.Place, names: [String: String]) -> [Committee] {
        var out: [Committee] = []
        for t in 1...14 {
            let town = place.code + String(format: "-T%02d", t)
            let name = names[town] ?? "第\(t)镇街"
            out.append(Committee(name: name + "人民调解委员会", kind: .town, unit: town, setUp: LocalDate(year: 2011, month: 3, day: t)!,
                                 honours: t == 3 ? "司法部 全国模范人民调解委员会 2023" : nil))
            for v in 1...2 {
                let village = town + "-V\(v)"
                out.append(Committee(name: (names[village] ?? "\(name)\(v)村") + "人民调解委员会", kind: .village, unit: village,
                                     setUp: LocalDate(year: 2012, month: v + 2, day: t)!))
            }
        }
        out.append(Committee(name: "\(place.name)道路交通事故人民调解委员会", kind: .trade, unit: place.code + "-D01",
                             setUp: LocalDate(year: 2023, month: 3, day: 15)!, host: "\(place.name)交警大队"))
        for t in 1...6 {
            let office = place.code + String(format: "-T%02d-01", t)
            let town = names[place.code + String(format: "-T%02d", t)] ?? "第\(t)镇街"
            out.append(Committee(name: "\(town)派出所派驻人民调解工作室", kind: .policeRoom, unit: office,
                                 setUp: LocalDate(year: 2023, month: 4 + t / 3, day: 10 + t)!, host: "\(place.name)公安分局\(town)派出所"))
        }
        return out
    }

    static let categories: [DisputeCategory] = [.neighbour, .family, .damages, .contract, .housing, .labour, .property, .neighbour, .family, .land, .medical, .other]
    /// The sources of the disputes the court did not refer.
    static let sources: [DisputeSource] = [.walkIn, .walkIn, .joint, .walkIn, .patrol, .joint]

    /// Each month's ledgers of visits and disputes, imported, then each dispute's moves on its day.
    static func ledgers(scale: Int, in place: DemoRecords.Place, committees: [Committee], mediatorAccount: String?, on db: any Database,
                        calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let today = LocalDate(now), type = Dispute.declaration.type
        let writer = DemoRecords.Writer(db, actor: .system("演示数据"), calculator: calculator, dice: .init(2047), today: today)
        var made = 0
        for year in DemoRecords.years(through: today) {
            let volume = { (pair: (y2022: Int, y2023: Int)) in DemoRecords.volume(pair.y2022, pair.y2023, year: year, today: today) * scale }
            let visitCount = volume(visits), settledCount = volume(settled), failedCount = volume(failed), divertedCount = volume(diverted)
            // Committees at work on a day: those set up by then (the police rooms from 2023); the
            // court refers its cases to the others.
            func committee(_ i: Int, on day: LocalDate, court: Bool) -> Committee {
                let open = committees.filter { $0.setUp <= day && !(court && $0.kind == .policeRoom) }
                return open[(i * 13) % open.count]
            }
            var visitRows: [Int: [[String: String]]] = [:]
            for i in 0..<visitCount {
                let day = writer.day(year, i, of: visitCount), c = committee(i, on: day, court: false)
                visitRows[day.components.month, default: []].append([
                    "received_on": day.description, "committee": c.name, "unit": c.unit, "visitors": String(1 + i * 7 % 5),
                    "matter": ["邻里通行纠纷", "家庭赡养问题", "工资拖欠", "宅基地界址", "物业费争议"][i % 5], "handling": [VisitHandling.registered, .advised, .referred][i % 3].label,
                ])
            }
            // Disputes by the month their mediation ended (a month's ledger), the last few of this
            // year still being mediated.
            struct Case { let row: [String: String]; let concluded: LocalDate; let outcome: Outcome }
            enum Outcome { case written, oral, failed, open }
            var cases: [Int: [Case]] = [:]
            let total = settledCount + failedCount
            let stillOpen = year == today.year ? 3 * scale : 0
            var settledSoFar = 0
            for i in 0..<(total + stillOpen) {
                let opening = i >= total
                let concluded = opening ? today : writer.day(year, i, of: total)
                var received = concluded.adding(days: -(opening ? i - total : 2 + i % 12))
                while received.isWeekend { received = received.adding(days: -1) }
                // The failures spread evenly over the year: exactly `failedCount` of them; and the
                // court's referrals evenly over the settled: exactly `divertedCount`.
                let failing = !opening && (i + 1) * failedCount / total > i * failedCount / total
                var court = false
                if !opening && !failing {
                    court = (settledSoFar + 1) * divertedCount / settledCount > settledSoFar * divertedCount / settledCount
                    settledSoFar += 1
                }
                let c = committee(i, on: received, court: court)
                let outcome: Outcome = opening ? .open : failing ? .failed : (i % 10 < 7 ? .written : .oral)
                let category: DisputeCategory = c.kind == .trade ? .traffic : categories[i % categories.count]
                var row = [
                    "number": "（\(year)）调字第\(String(format: "%05d", i + 1))号",
                    "summary": "\(category.label)：\(["双方因", "当事人之间因", "两户因"][i % 3])\(["赔偿数额", "费用分担", "界址权属", "履行期限"][i % 4])发生争议",
                    "category": category.label, "source": (court ? DisputeSource.court : c.kind == .policeRoom ? .police : sources[i % sources.count]).label,
                    "parties": ["张", "王", "李", "刘", "陈"][i % 5] + "某某与" + ["赵", "孙", "周", "吴", "郑"][i % 5] + "某某", "party_count": String(2 + i % 3),
                    "amount": String(2_000 + (i * 7_919) % 27_800), "committee": c.name, "unit": c.unit, "received_on": received.description,
                ]
                if c.kind == .town, c.unit.hasSuffix("-T03"), let account = mediatorAccount { row["mediator"] = account }
                cases[concluded.components.month, default: []].append(Case(row: row, concluded: concluded, outcome: outcome))
            }
            let months = year == today.year ? today.components.month : 12
            for month in 1...months {
                let first = LocalDate(year: year, month: month, day: 1)!
                let visitsOfMonth = visitRows[month] ?? []
                if !visitsOfMonth.isEmpty {
                    made += try await DemoRecords.importRecords(MediationVisit.declaration.type, rows: visitsOfMonth, source: "\(year)年\(month)月来访接待台账",
                                                                on: db, calculator: calculator, now: DemoRecords.instant(first)).count
                }
                let monthCases = cases[month] ?? []
                guard !monthCases.isEmpty else { continue }
                let ids = try await DemoRecords.importRecords(type, rows: monthCases.map(\.row), source: "\(year)年\(month)月矛盾纠纷调解台账", on: db,
                                                              calculator: calculator, now: DemoRecords.instant(first))
                made += ids.count
                // Each day's agreements and failures as one move of that day's records.
                var byDay: [LocalDate: [(UUID, Case)]] = [:]
                for (id, c) in zip(ids, monthCases) where c.outcome != .open { byDay[c.concluded, default: []].append((id, c)) }
                for (day, list) in byDay.sorted(by: { $0.key < $1.key }) {
                    let agreed = list.filter { $0.1.outcome != .failed }, failures = list.filter { $0.1.outcome == .failed }
                    try await writer.move(type, agreed.map { ($0.0, ["concluded_on": .date(day),
                                                                     "agreement": .text(($0.1.outcome == .written ? AgreementForm.written : .oral).rawValue)]) },
                                          "agree", on: day)
                    try await writer.move(type, failures.map { ($0.0, ["concluded_on": .date(day), "failure_reason": .text("双方分歧较大，已告知当事人依法向人民法院起诉")]) },
                                          "fail", on: day)
                    // One written agreement in twenty-five goes to the court for confirmation.
                    let confirming = agreed.enumerated().filter { $0.element.1.outcome == .written && ($0.offset + day.dayNumber) % 25 == 0 }.map(\.element.0)
                    let applied = DemoLitigation.weekday(day.adding(days: 9)), decided = DemoLitigation.weekday(day.adding(days: 24))
                    guard !confirming.isEmpty, applied < today else { continue }
                    try await writer.move(type, confirming.map { ($0, ["confirmation_applied_on": .date(applied)]) }, "apply_confirmation", on: applied)
                    guard decided < today else { continue }
                    try await writer.move(type, confirming.map { ($0, ["confirmation_result": .text("人民法院裁定确认调解协议有效")]) }, "record_confirmation", on: decided)
                }
            }
        }
        return made
    }
}
