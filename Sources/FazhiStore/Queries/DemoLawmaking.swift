import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 依法行政 for the demo district (seed 一.三): normative documents walked through 三统一 (each
/// reviewed, registered with a real registration number, published and filed, so the filing and
/// review rates are 100%), the year's major decisions with their five procedures and 7 legality
/// reviews in 2023, the towns' 1,369 legality reviews of 2023 (land transfer, termination of land
/// contracts, planning, …) by the 142 town reviewers, and the legal advisers. The years after 2023
/// have volumes near 2023's (`DemoRecords.volume`); this year's latest work is still under way (a
/// reviews received in the last days, a few of them late). `scale`
/// multiplies the volumes.
enum DemoLawmaking {
    static let townReviews = (y2022: 1_187, y2023: 1_369)
    static let documents = (y2022: 10, y2023: 12)
    static let decisions = (y2022: 5, y2023: 7)

    static let documentTitles = [
        "关于进一步规范行政执法公示工作的实施办法", "东昌府区政府投资项目管理办法", "东昌府区住宅小区物业服务管理规定",
        "关于优化营商环境推行包容审慎监管的意见", "东昌府区农村集体资产管理办法", "东昌府区城市道路占用挖掘管理规定",
        "关于加强城乡环境卫生管理的通知", "东昌府区政府购买服务管理办法", "东昌府区重大行政决策程序规定",
        "东昌府区行政规范性文件管理办法", "关于进一步加强农村宅基地管理的意见", "东昌府区扶持小微企业发展若干措施",
    ]
    static let decisionTitles = [
        "东昌府区城区老旧小区改造三年行动方案", "东昌府区城乡供水一体化建设方案", "东昌府区农村生活污水治理实施方案",
        "东昌府区中心城区停车设施建设规划", "东昌府区教育资源布局调整方案", "东昌府区生活垃圾分类实施方案", "东昌府区公立医院改革实施方案",
    ]

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        guard let district = place.unit(nil) else { return 0 }
        // Titles name the district; document numbers start with its first character (东政发).
        func named(_ title: String) -> String { title.replacingOccurrences(of: "东昌府区", with: place.name) }
        let initial = String(place.name.prefix(1))
        let actor = AuditActor.system("演示数据")
        let all = Set(Permission.allCases)
        var dice = DemoRecords.YearDice(1_369)
        var made = 0
        let today = LocalDate(now), years = DemoRecords.years(through: today)
        func instant(_ day: LocalDate) -> Date { DemoRecords.instant(day) }
        /// A workflow move on its day; false, and nothing done, when the day is still to come.
        @discardableResult
        func move(_ type: RecordType, _ id: UUID, _ action: String, _ changes: RecordValues, on day: LocalDate) async throws -> Bool {
            guard day < today else { return false }
            _ = try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: all, today: day, actor: actor,
                                                 scope: .everything, calculator: calculator, on: db, now: instant(day))
            return true
        }
        func create(_ type: RecordType, _ values: RecordValues, on day: LocalDate) async throws -> UUID {
            made += 1
            return try await RecordStore.create(type, values, actor: actor, scope: .everything, calculator: calculator, on: db, now: instant(day)).id
        }
        var reviewRows: [RecordValues] = []
        let reviewers = try await reviewersByTown(on: db)

        // 行政规范性文件: drafted, reviewed, deliberated, registered (numbered), published, filed.
        let issuers: [String?] = [nil, "D02", "D03", "D04", "D07"]
        let docType = NormativeDocument.declaration.type
        for year in years {
            let count = DemoRecords.volume(documents.y2022, documents.y2023, year: year, today: today)
            // This year's are drafted by two months ago, so that they have been through the whole way.
            let months = year == today.year ? max(1, min(10, today.components.month - 2)) : 10
            for i in 0..<count * scale {
                let code = issuers[i % issuers.count], issuer = place.unit(code) ?? district
                let drafted = LocalDate(year: year, month: 1 + i % months, day: 3 + dice.next(8, year: year))!
                let submitted = drafted.adding(days: 7), reviewed = submitted.adding(days: 5 + dice.next(4, year: year))
                let deliberated = reviewed.adding(days: 6), published = deliberated.adding(days: 3)
                let opinion: ReviewOpinion = i % 4 == 1 ? .lawfulAfterChanges : .lawful
                let title = named(documentTitles[i % documentTitles.count]) + (scale > 1 ? "（\(i / documentTitles.count + 1)）" : "")
                let prefix = initial + (code == nil ? "政发" : ["政办发", "市监发", "综执发", "自然资发", "住建发"][i % 5])
                let id = try await create(docType, [
                    "title": .text(title), "doc_number": .text("\(prefix)〔\(year)〕\(i + 1)号"), "issuer": .uuid(issuer),
                    "validity": .text(NormativeDocument.Validity.fiveYears.rawValue), "drafted_on": .date(drafted),
                    "body": .text("为\(title.replacingOccurrences(of: place.name, with: ""))，根据有关法律、法规和规章，结合本区实际，制定本文件。第一条 …… 第二条 …… 本文件自公布之日起三十日后施行，有效期五年。"),
                ], on: drafted)
                try await move(docType, id, "submit", [:], on: submitted)
                reviewRows.append(review(subject: "《\(title)》合法性审查", kind: .normativeDocument, requester: issuer, received: submitted, done: reviewed,
                                         opinion: opinion, reviewer: nil, item: "/records/\(docType.slug)/\(id.uuidString)"))
                try await move(docType, id, "review", ["review_opinion": .text(opinion.rawValue), "reviewed_on": .date(reviewed)], on: reviewed)
                try await move(docType, id, "register", ["deliberated_on": .date(deliberated), "registered_on": .date(deliberated),
                                                         "changes_confirmed": .text(YesNo.yes.rawValue)], on: deliberated)
                let effective = published.adding(days: 30)
                try await move(docType, id, "publish", ["published_on": .date(published), "effective_from": .date(effective),
                                                        "expires_on": .date(effective.adding(months: 60).adding(days: -1))], on: published)
                let filed = published.adding(days: 10 + dice.next(15, year: year))
                try await move(docType, id, "file", ["filed_on": .date(filed), "filing_authority": .text(code == nil ? "聊城市人民政府、\(place.name)人大常委会" : "\(place.name)人民政府")],
                               on: filed)
            }
        }

        // 重大行政决策: the year's catalogue, its procedures, review, collective discussion, decision.
        let decisionType = MajorDecision.declaration.type
        for year in years {
            let count = DemoRecords.volume(decisions.y2022, decisions.y2023, year: year, today: today)
            let approved = LocalDate(year: year, month: 2, day: 20)!, listed = approved.adding(days: 5)
            guard listed < today else { continue }
            for i in 0..<count * scale {
                let organiser = place.unit(["D08", "D08", "D07", "D08", "D10", "D04", "D05"][i % 7]) ?? district
                let commentFrom = LocalDate(year: year, month: 3 + i % 6, day: 1)!, commentTo = commentFrom.adding(days: 30 + dice.next(5, year: year))
                let expert = commentTo.adding(days: 3), risk = expert.adding(days: 4), sent = risk.adding(days: 3)
                let due = try calculator.due(from: sent, .workingDays(10)).due
                let reviewed = sent.adding(days: 8 + dice.next(4, year: year)), discussed = reviewed.adding(days: 7), published = discussed.adding(days: 5)
                let title = named(decisionTitles[i % decisionTitles.count]) + "（\(year)年）" + (scale > 1 ? "第\(i / decisionTitles.count + 1)项" : "")
                let id = try await create(decisionType, [
                    "title": .text(title), "organiser": .uuid(organiser), "catalogue_year": .integer(Int64(year)),
                    "needs_participation": .text(YesNo.yes.rawValue), "needs_expert": .text(YesNo.yes.rawValue), "needs_risk": .text(YesNo.yes.rawValue),
                    "comment_from": .date(commentFrom), "comment_to": .date(commentTo), "expert_on": .date(expert), "risk_on": .date(risk),
                ], on: listed)
                // A decision of this year may still be on its way: each step only once its day has come.
                guard try await move(decisionType, id, "start", ["catalogue_approved_on": .date(approved), "catalogue_published_on": .date(listed)], on: listed),
                      try await move(decisionType, id, "submit_review", ["review_submitted_on": .date(sent), "review_due_on": .date(due)], on: sent)
                else { continue }
                reviewRows.append(review(subject: "《\(title)》合法性审查", kind: .majorDecision, requester: district, received: sent, done: reviewed,
                                         opinion: .lawful, reviewer: nil, item: "/records/\(decisionType.slug)/\(id.uuidString)"))
                guard try await move(decisionType, id, "to_discussion", ["review_opinion": .text(ReviewOpinion.lawful.rawValue)], on: reviewed),
                      try await move(decisionType, id, "decide", ["discussed_on": .date(discussed), "decided_on": .date(discussed)], on: discussed),
                      try await move(decisionType, id, "publish", ["published_on": .date(published)], on: published)
                else { continue }
                if year == 2022 { try await move(decisionType, id, "archive", ["archived_on": .date(published.adding(days: 60))], on: published.adding(days: 60)) }
            }
        }

        // 法律顾问: the government's advisers and public-sector lawyers, and each town's village advisers,
        // one of whom takes part in a third of the town's reviews during their term.
        let firms = ["山东水城律师事务所", "山东光岳律师事务所", "山东聊城运河律师事务所", "山东东昌律师事务所"]
        let names = Array("王李张刘陈杨赵黄周吴徐孙")
        var advisers: [(String, LegalAdviser.Kind, UUID, String?)] = [], villageAdvisers: [UUID: [UUID]] = [:]
        for n in 0..<6 { advisers.append(("\(names[n])律师", .adviser, district, firms[n % firms.count])) }
        for n in 0..<4 { advisers.append(("\(names[n + 6])公职律师", .publicLawyer, place.unit("D01") ?? district, "\(place.name.suffix(1))司法局")) }
        for town in 1...14 {
            guard let unit = place.town(town) else { continue }
            for n in 0..<2 { advisers.append(("\(names[(town + n) % names.count])\(["晓", "明", "华", "强"][n + town % 3])", .villageAdviser, unit, firms[(town + n) % firms.count])) }
        }
        let term = LocalDate(year: 2023, month: 1, day: 1)!
        for (i, a) in advisers.enumerated() {
            var values: RecordValues = ["name": .text(a.0), "kind": .text(a.1.rawValue), "unit": .uuid(a.2), "term_from": .date(term),
                                        "term_to": .date(LocalDate(year: 2027, month: 12, day: 31)!),
                                        "expertise": .text(["行政法", "土地与农村法律事务", "合同与公司法务", "政府信息公开与行政复议"][i % 4])]
            if let firm = a.3 { values["employer"] = .text(firm) }
            if a.1 != .publicLawyer { values["licence_number"] = .text(String(format: "1371520%010d", 2_010_000 + i * 37)) }
            let id = try await create(LegalAdviser.declaration.type, values, on: term)
            if a.1 == .villageAdviser { villageAdvisers[a.2, default: []].append(id) }
        }

        // 合法性审查人员: the towns' reviewers on the roster, appointed over 2021–2023, and a few who
        // left in 2023 after serving since 2021 (so 2022's year end counts them and 2023's does not).
        let staff = ReviewStaff.declaration.type
        let towns = Set((1...14).compactMap(place.town))
        for (n, person) in reviewers.values.joined().filter({ towns.contains($0.unit) }).sorted(by: { $0.name < $1.name }).enumerated() {
            let year = n % 12 == 0 ? 2023 : (n % 4 == 0 ? 2022 : 2021)
            let appointed = LocalDate(year: year, month: 1 + n % 11, day: 1 + n % 27)!
            _ = try await create(staff, ["name": .text(person.name), "unit": .uuid(person.unit), "appointed_on": .date(appointed),
                                         "position": .text(n % 14 == 0 ? "司法所所长" : "合法性审查工作人员"),
                                         "qualified": .text(n % 3 == 0 ? YesNo.yes.rawValue : YesNo.no.rawValue)], on: appointed)
        }
        for n in 0..<8 * scale {
            guard let unit = place.town(n % 14 + 1) else { continue }
            let appointed = LocalDate(year: 2021, month: 3, day: 1 + n)!, left = LocalDate(year: 2023, month: 2 + n % 9, day: 10)!
            let id = try await create(staff, ["name": .text("\(names[n % names.count])离任\(n + 1)"), "unit": .uuid(unit), "appointed_on": .date(appointed),
                                              "position": .text("合法性审查工作人员")], on: appointed)
            try await move(staff, id, "leave", ["left_on": .date(left)], on: left)
        }

        // The towns' legality reviews.
        let kinds: [(LegalityReview.Kind, Int, String)] = [
            (.landTransfer, 38, "土地经营权流转合同"), (.landContractTermination, 22, "土地承包经营权解除协议"), (.planning, 14, "村庄规划调整"),
            (.contract, 18, "村集体经济组织合同"), (.other, 8, "镇政府行政行为"),
        ]
        let villages = ["东街村", "西街村", "南关村", "北关村", "前屯村", "后屯村", "王庄村", "李庄村", "张庄村", "刘庄村", "马庄村", "孙庄村"]
        for year in years {
            let count = DemoRecords.volume(townReviews.y2022, townReviews.y2023, year: year, today: today)
            let first = LocalDate(year: year, month: 1, day: 4)!
            // This year's come in up to yesterday.
            let span = year == today.year ? max(1, today.dayNumber - first.dayNumber - 6) : 355
            for i in 0..<count * scale {
                guard let requester = place.town(i % 14 + 1) else { continue }
                var pick = dice.next(100, year: year), k = 0
                while pick >= kinds[k].1 { pick -= kinds[k].1; k += 1 }
                var received = first.adding(days: i * span / (count * scale) + dice.next(3, year: year))
                while received.isWeekend { received = received.adding(days: 1) }
                var done = received.adding(days: 1 + dice.next(9, year: year))
                // A few received about two weeks ago are still being reviewed, past their 7 working days.
                if received.dayNumber >= today.dayNumber - 16, received.dayNumber < today.dayNumber - 11, i % 8 == 0 { done = today }
                let opinion: ReviewOpinion = dice.next(20, year: year) == 0 ? .unlawful : (dice.next(6, year: year) == 0 ? .lawfulAfterChanges : .lawful)
                let people = (reviewers[requester] ?? []).map(\.id)
                var row = review(subject: "\(villages[dice.next(villages.count, year: year)])\(kinds[k].2)审查", kind: kinds[k].0, requester: requester,
                                 received: received, done: done, opinion: opinion,
                                 reviewer: people.isEmpty ? nil : people[i % people.count], item: nil)
                if i % 3 == 0, received >= term, let counsel = villageAdvisers[requester], !counsel.isEmpty {
                    row["counsel"] = .uuid(counsel[i / 3 % counsel.count])
                }
                reviewRows.append(row)
            }
        }
        // Every review is received (imported as registered), then started by its reviewer and
        // concluded on its day through the review's workflow; a few hundred share a commit. One
        // whose day has not come is left with its reviewer (or, received yesterday, not yet taken).
        let reviewType = LegalityReview.declaration.type
        let conclusion: Set<String> = [LegalityReview.Key.opinion.rawValue, LegalityReview.Key.opinionText.rawValue, LegalityReview.Key.completedOn.rawValue]
        let received = reviewRows.map { $0.filter { !conclusion.contains($0.key) && $0.key != LegalityReview.Key.reviewer.rawValue } }
        let ids = try await RecordImport.bulk(reviewType, received, label: "演示数据：合法性审查", actor: actor, on: db, now: now)
        let office = try await officeReviewer(on: db)
        let work = Array(zip(ids, reviewRows))
        for chunk in stride(from: 0, to: work.count, by: 500).map({ Array(work[$0..<min($0 + 500, work.count)]) }) {
            try await db.write { tx in
                for (id, row) in chunk {
                    guard let reviewer = row["reviewer"] ?? office.map(RecordValue.uuid), let day = row["received_on"]?.date,
                          let done = row["completed_on"]?.date, day.adding(days: 1) < today else { continue }
                    _ = try await RecordStore.transition(reviewType, id: id, action: "start", changes: ["reviewer": reviewer], permissions: all, today: day,
                                                         actor: actor, scope: .everything, calculator: calculator, within: tx, now: DemoRecords.instant(day))
                    guard done < today else { continue }
                    _ = try await RecordStore.transition(reviewType, id: id, action: "conclude", changes: row.filter { conclusion.contains($0.key) },
                                                         permissions: all, today: done, actor: actor, scope: .everything, calculator: calculator,
                                                         within: tx, now: DemoRecords.instant(done))
                }
            }
        }
        made += ids.count

        return made
    }

    static func review(subject: String, kind: LegalityReview.Kind, requester: UUID, received: LocalDate, done: LocalDate, opinion: ReviewOpinion,
                       reviewer: UUID?, item: String?) -> RecordValues {
        var values: RecordValues = [
            "subject": .text(subject), "kind": .text(kind.rawValue), "requester": .uuid(requester), "received_on": .date(received),
            "opinion": .text(opinion.rawValue), "completed_on": .date(done),
            "opinion_text": .text(opinion == .lawful ? "经审查，该事项内容和程序符合法律法规规定。" : opinion == .lawfulAfterChanges
                ? "经审查，建议修改相关条款后实施，修改后合法。" : "经审查，该事项违反法律法规规定，建议不予实施。"),
        ]
        if let reviewer { values["reviewer"] = .uuid(reviewer) }
        if let item { values["reviewed_item"] = .text(item) }
        return values
    }

    /// The district office's demo account, who reviews the district's own documents and decisions.
    static func officeReviewer(on db: any Database) async throws -> UUID? {
        struct Row: Decodable { var id: UUID }
        return try await db.sql.raw("SELECT id FROM users WHERE username = 'office'").first(decoding: Row.self)?.id
    }

    /// The demo's reviewers' accounts, by unit.
    static func reviewersByTown(on db: any Database) async throws -> [UUID: [(id: UUID, name: String, unit: UUID)]] {
        struct Row: Decodable { var unit_id: UUID; var id: UUID; var display_name: String }
        let rows = try await db.sql.raw("""
            SELECT uu.unit_id, u.id, u.display_name FROM users u JOIN user_units uu ON uu.user_id = u.id JOIN user_roles ur ON ur.user_id = u.id
            JOIN roles r ON r.id = ur.role_id WHERE r.code = \(bind: BuiltInRole.reviewer.code) ORDER BY u.username
            """).all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.unit_id).mapValues { $0.map { (id: $0.id, name: $0.display_name, unit: $0.unit_id) } }
    }
}
