import FazhiCore
import Fluent
import Foundation

/// 政务公开's demo: applications for government information, 80 in 2023 (seed 五), each
/// registered with its channel and receipt day, numbered, and worked through the register's
/// workflow: some asked to correct (and most corrected, a few dropped), some with a third party
/// consulted, a few extended, then answered on a day within the clock's due date with an outcome
/// of the national table. This year's last applications are still being handled.
enum DemoDisclosure {
    /// Applications a year: 2023's is the seed's; 2022's is the demo's own.
    static let applications = (y2022: 66, y2023: 80)

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2025, now: now) { w, district, _ in
            let type = DisclosureApplication.declaration.type
            let offices = [place.unit(nil)] + ["D01", "D03", "D05", "D07", "D08", "D09"].map { place.unit($0) } + (1...14).map { place.town($0) }
            let asks = ["本区2023年城市绿化管理办法的起草说明及征求意见情况", "某小区旧城改造项目的征收补偿方案", "某路段道路拓宽工程的规划许可文件",
                        "本镇村庄规划调整的批复文件", "某企业环境影响评价文件的审批意见", "本区年度财政预算执行情况", "某学校新建项目的立项批复",
                        "某地块土地出让合同及出让金缴纳情况", "本区行政事业性收费项目清单", "某行政处罚决定书"]
            let surnames = ["张", "王", "李", "刘", "陈", "杨", "赵", "黄"]
            // (outcome, weight in 100)
            let outcomes: [(DisclosureOutcome, Int)] = [
                (.disclosed, 52), (.partly, 10), (.withheldThirdParty, 3), (.withheldProcess, 3), (.withheldEnforcementFile, 2),
                (.unavailableNotHeld, 14), (.unavailableNeedsMaking, 4), (.notHandledPetition, 4), (.notHandledRepeat, 3),
                (.notHandledPublication, 2), (.other, 3),
            ]
            let channels: [(IntakeChannel, Int)] = [(.online, 50), (.inPerson, 25), (.post, 20), (.fax, 5)]
            func pick<T>(_ table: [(T, Int)], _ year: Int) -> T {
                var n = w.dice.next(table.reduce(0) { $0 + $1.1 }, year: year), i = 0
                while n >= table[i].1 { n -= table[i].1; i += 1 }
                return table[i].0
            }
            for year in DemoRecords.years(through: w.today) {
                let count = DemoRecords.volume(applications.y2022, applications.y2023, year: year, today: w.today) * scale
                for i in 0..<count {
                    let office = offices[i % offices.count] ?? district
                    let received = w.day(year, i, of: count)
                    let person = w.dice.next(100, year: year) < 85
                    var values: RecordValues = [
                        "office": .uuid(office), "channel": .text(pick(channels, year).rawValue), "received_on": .date(received),
                        "applicant_kind": .text((person ? ApplicantKind.person : .organisation).rawValue),
                        "phone": .text("139" + String(format: "%08d", 10_000_000 + year * 1000 + i)),
                        "content": .text(asks[w.dice.next(asks.count, year: year)]),
                        "delivery": .text([DeliveryMethod.online, .post, .pickup][w.dice.next(3, year: year)].rawValue),
                    ]
                    if person {
                        values["applicant_name"] = .text(surnames[w.dice.next(surnames.count, year: year)] + "某某")
                        values["id_number"] = IdentityCodes.idNumber(String(format: "371502%04d%02d%02d%03d", 1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000))
                            .map(RecordValue.text)
                    } else {
                        values["applicant_name"] = .text("聊城某\(["商贸", "律师事务所", "研究院", "公益协会"][i % 4])\(i + 1)")
                        values["credit_code"] = IdentityCodes.creditCode(String(format: "91371502MA%07d", year * 1000 + i)).map(RecordValue.text)
                        values["organisation_type"] = .text([OrganisationType.business, .legalService, .research, .charity][i % 4].rawValue)
                    }
                    let row = try await w.add(type, values, at: received)
                    try await work(w, type, row, year: year, index: i, outcome: pick(outcomes, year))
                }
            }
        }
    }

    /// Works one application through its workflow, every move on a day no later than today.
    static func work(_ w: DemoRecords.Writer, _ type: RecordType, _ row: RecordRow, year: Int, index i: Int, outcome: DisclosureOutcome) async throws {
        guard var day = row.values["received_on"]?.date else { return }
        func next(_ days: Int) -> LocalDate? {
            var d = day.adding(days: days)
            while d.isWeekend { d = d.adding(days: 1) }
            return d < w.today ? d : nil
        }
        var current = row
        let roll = w.dice.next(100, year: year)
        if roll < 15 {
            // Asked to correct within the 7 working days of Art.30; most correct within a fortnight.
            guard let asked = next(2 + i % 4) else { return }
            try await w.move(type, row.id, "ask_correction", ["correction_asked_on": .date(asked),
                                                              "correction_request": .text("请补充所需政府信息的文号、形成时间等特征性描述")], on: asked)
            day = asked
            if roll < 2 {
                guard let dropped = next(20) else { return }
                try await w.move(type, row.id, "drop", ["outcome": .text(DisclosureOutcome.otherNotCorrected.rawValue), "replied_on": .date(dropped)], on: dropped)
                return
            }
            guard let corrected = next(3 + i % 8) else { return }
            current = try await w.move(type, row.id, "corrected", ["corrected_on": .date(corrected)], on: corrected)
            day = corrected
        } else if roll < 25 {
            guard let sent = next(3) else { return }
            try await w.move(type, row.id, "consult", ["consulted_on": .date(sent)], on: sent)
            day = sent
            guard let ended = next(5 + i % 9) else { return }
            current = try await w.move(type, row.id, "consulted", ["consultation_ended_on": .date(ended)], on: ended)
            day = ended
        }
        if roll >= 25 && roll < 30, let noticed = next(12) {
            current = try await w.move(type, row.id, "extend", ["extension_approver": .text("政府信息公开工作机构负责人"),
                                                                "extension_notice_on": .date(noticed)], on: noticed)
            day = noticed
        }
        // Answered within the clock's due date, a few days before it at most 18 days on.
        guard let due = current.values["reply_due_on"]?.date, var replied = next(4 + (i * 7) % 15) else { return }
        if replied > due { replied = due }
        guard replied < w.today else { return }
        try await w.move(type, row.id, "reply", ["outcome": .text(outcome.rawValue), "replied_on": .date(replied),
                                                 "reply_text": .text("经审查，现将办理结果告知如下：\(outcome.label)。")], on: replied)
    }

    /// Items published a year: 2023's is the seed's; 2022's the demo's own.
    static let proactiveItems = (y2022: 6_210, y2023: 6_846)
    /// 人民网 messages answered a year, and those from the other boards.
    static let peopleDaily = (y2022: 57, y2023: 64), otherMessages = (y2022: 110, y2023: 126)
    /// Disclosure columns improved in 2022 and in 2023 (seed: 30).
    static let columnsImproved = (y2022: 12, y2023: 30)

    /// The proactive disclosures, the messages and the columns of a district.
    static func generateOpenness(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let published = try await importProactive(scale: scale, in: place, on: db, calculator: calculator, now: now)
        return published + (try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2041, now: now) { w, district, office in
            let units = ["D01", "D02", "D03", "D05", "D07", "D08", "D09"].map { place.unit($0) } + (1...14).map { place.town($0) }
            let subjects = ["小区供暖不达标问题", "道路积水影响出行", "农村公路维修", "学校周边交通秩序", "占道经营扰民", "养老保险转移接续", "企业开办手续咨询",
                            "小区物业管理纠纷", "噪声扰民问题", "公交线路调整建议"]
            let type = PublicMessage.declaration.type
            for year in DemoRecords.years(through: w.today) {
                let boards = [(MessageBoard.peopleDaily, DemoRecords.volume(peopleDaily.y2022, peopleDaily.y2023, year: year, today: w.today) * scale),
                              (.mailbox, DemoRecords.volume(otherMessages.y2022, otherMessages.y2023, year: year, today: w.today) * scale)]
                for (board, count) in boards {
                    for i in 0..<count {
                        // Answered on a working day of the year, received some days before.
                        let replied = w.day(year, i, of: count)
                        var received = replied.adding(days: -(4 + i % 9))
                        while received.isWeekend { received = received.adding(days: -1) }
                        let row = try await w.add(type, [
                            "board": .text(board.rawValue), "message_number": .text("\(place.code)-\(board == .peopleDaily ? "RMW" : "QZXX")-\(year)-\(i + 1)"),
                            "received_on": .date(received), "subject": .text("关于\(subjects[(i + year) % subjects.count])的留言"),
                            "content": .text("反映\(subjects[(i + year) % subjects.count])，希望有关部门尽快解决。"), "author": .text("网民"),
                            "unit": .uuid(units[(i * 3 + year) % units.count] ?? district),
                        ], at: received)
                        try await w.move(type, row.id, "reply", ["replied_on": .date(replied), "reply_text": .text("您好，您反映的问题已转相关单位核实处理，现答复如下。")],
                                         on: replied)
                    }
                }
            }
            // This week's messages are still being handled.
            for i in 0..<(2 * scale) {
                var received = w.today.adding(days: -(1 + 2 * i))
                while received.isWeekend { received = received.adding(days: -1) }
                _ = try await w.add(type, [
                    "board": .text(MessageBoard.peopleDaily.rawValue), "message_number": .text("\(place.code)-RMW-\(w.today.year)-9\(i + 1)"),
                    "received_on": .date(received), "subject": .text("关于\(subjects[i % subjects.count])的留言"),
                    "content": .text("反映\(subjects[i % subjects.count])。"), "unit": .uuid(units[i % units.count] ?? district),
                ], at: received)
            }
            // Each agency's annual report: published by its day for the years behind, the current year's being drafted.
            let reports = DisclosureAnnualReportFiling.declaration.type
            let agencies = [(district, ReportingAgency.government)] + ["D01", "D02", "D03", "D05", "D07", "D08", "D09"].compactMap { place.unit($0) }.map { ($0, .department) }
            for year in 2021...w.today.year {
                for (n, (unit, agency)) in agencies.enumerated() {
                    let end = LocalDate(year: year, month: 12, day: 31)!
                    guard end.adding(days: -300) < w.today else { continue }
                    let row = try await w.add(reports, ["unit": .uuid(unit), "agency": .text(agency.rawValue), "year_end": .date(end)],
                                              at: min(end.adding(days: -30), w.today.adding(days: -1)))
                    guard let due = row.values["due_on"]?.date else { continue }
                    var published = due.adding(days: -(3 + n % 10))
                    while published.isWeekend { published = published.adding(days: -1) }
                    guard published < w.today else { continue }
                    try await w.move(reports, row.id, "publish", ["published_on": .date(published),
                                                                   "link": .text("https://www.example.gov.cn/\(place.code)/zwgk/ndbg/\(year)/\(n + 1).html")], on: published)
                }
            }
            // The columns of the government's portal and of each department's site, improved in 2022 and 2023.
            let names = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "政策文件", "政策解读", "重大行政决策", "规划信息",
                         "财政预决算", "政府采购", "行政执法公示", "双随机一公开", "政府常务会议", "建议提案办理", "人事信息", "统计信息",
                         "重点领域信息公开", "乡村振兴", "教育信息", "医疗卫生", "社会救助", "就业创业", "生态环境", "安全生产", "食品药品",
                         "征地拆迁", "保障性住房", "公共资源配置", "政务服务", "互动交流", "政策问答", "智能问答", "办事指南", "依申请公开", "信息公开目录",
                         "意见征集", "新闻发布会", "应急管理", "审计信息", "营商环境", "公共法律服务", "民生实事"]
            for (i, name) in names.enumerated() {
                let year = i < columnsImproved.y2023 * scale ? 2023 : (i < (columnsImproved.y2023 + columnsImproved.y2022) * scale ? 2022 : nil)
                let day = year.map { w.day($0, i, of: names.count) }
                _ = try await w.add(DisclosureColumn.declaration.type, [
                    "name": .text(name), "site": .text("\(place.name)人民政府门户网站"), "unit": .uuid(office),
                    "address": .text("https://www.example.gov.cn/\(place.code)/zwgk/\(i + 1)/"), "improved_on": day.map(RecordValue.date),
                    "improvement": year.map { _ in .text("统一栏目设置和页面样式，增加政策问答、智能机器人等个性化功能") },
                ].compactMapValues { $0 }, at: day ?? LocalDate(year: 2022, month: 1, day: 10)!)
            }
        })
    }

    /// The proactive disclosures, exported from the websites' publishing system and loaded by
    /// import, as a district moving onto the platform would: each formed some days before it was
    /// published, within Art.26's term; this week's items are registered and not yet published.
    static func importProactive(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        let type = ProactiveDisclosure.declaration.type
        let today = LocalDate(now)
        let units = [place.code] + ["D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09"].map { "\(place.code)-\($0)" }
            + (1...14).map { String(format: "\(place.code)-T%02d", $0) }
        // (category, column, title, weight in 100)
        let kinds: [(ProactiveCategory, String, String, Int)] = [
            (.normative, "政策文件", "关于印发实施方案的通知", 6), (.interpretation, "政策解读", "政策解读", 8), (.plan, "规划信息", "年度工作计划", 4),
            (.licensing, "行政执法公示", "行政许可决定公示", 22), (.penalty, "行政执法公示", "行政处罚决定公示", 18), (.compulsion, "行政执法公示", "行政强制决定公示", 2),
            (.budget, "财政预决算", "部门预算公开", 3), (.procurement, "政府采购", "政府采购项目公告", 7), (.personnel, "人事信息", "公开招聘公告", 5),
            (.statistics, "统计信息", "统计数据发布", 5), (.fees, "法定主动公开内容", "行政事业性收费项目公示", 1), (.other, "重点领域信息公开", "工作动态", 19),
        ]
        var rows: [[String: String]] = []
        for year in DemoRecords.years(through: today) {
            let count = DemoRecords.volume(proactiveItems.y2022, proactiveItems.y2023, year: year, today: today) * scale
            let start = LocalDate(year: year, month: 1, day: 3)!
            let span = year == today.year ? max(1, today.dayNumber - start.dayNumber - 1) : 360
            // Two executive meetings a month, published in the week after.
            let meetings = max(1, count * 24 / proactiveItems.y2023)
            for i in 0..<count {
                var published = start.adding(days: i * span / max(count, 1))
                while published.isWeekend { published = published.adding(days: 1) }
                var formed = published.adding(days: -(1 + i % 12))
                while formed.isWeekend { formed = formed.adding(days: -1) }
                let unit = units[i % units.count]
                if i % max(1, count / meetings) == 0 && i / max(1, count / meetings) < meetings {
                    rows.append(["title": "\(place.name)人民政府\(year)年第\(i / max(1, count / meetings) + 1)次常务会议", "unit": place.code,
                         "category": ProactiveCategory.executiveMeeting.rawValue, "section": "政府常务会议", "formed_on": formed.description,
                         "published_on": published.description, "body": "会议研究了有关事项。"])
                    continue
                }
                var pick = (i * 37) % 100, k = 0
                while pick >= kinds[k].3 { pick -= kinds[k].3; k += 1 }
                let (category, column, title, _) = kinds[k]
                rows.append(["title": "\(title)（\(year)-\(i + 1)）", "unit": unit, "category": category.rawValue, "section": column,
                     "doc_number": category == .normative ? "\(place.name.prefix(3))政发〔\(year)〕\(i % 90 + 1)号" : "",
                     "formed_on": formed.description, "published_on": published.description,
                     "amount": category == .fees ? "\(20_000 + (i % 50) * 1_000).00" : "",
                     "link": "https://www.example.gov.cn/\(place.code)/zwgk/\(year)/\(i + 1).html"])
            }
        }
        // Formed this week, not yet published: their clocks run.
        for i in 0..<(3 * scale) {
            var formed = today.adding(days: -(1 + i))
            while formed.isWeekend { formed = formed.adding(days: -1) }
            rows.append(["title": "工作动态（待公开 \(i + 1)）", "unit": units[i % units.count], "category": ProactiveCategory.other.rawValue, "section": "重点领域信息公开",
                 "formed_on": formed.description])
        }
        return try await DemoRecords.importFile(type, rows: rows, source: "网站主动公开信息导入", on: db, calculator: calculator, now: now)
    }
}
