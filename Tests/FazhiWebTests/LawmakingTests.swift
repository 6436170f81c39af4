@testable import FazhiWeb
import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Normative documents, decisions and legality review")
struct LawmakingTests {
    let calculator = DeadlineCalculator(calendar: .builtIn)
    let all = Set(Permission.allCases)
    let docs = NormativeDocument.declaration.type
    let decisions = MajorDecision.declaration.type

    func move(_ t: TestApp, _ type: RecordType, _ id: UUID, _ action: String, _ changes: RecordValues, today: String = "2023-06-30",
              on db: (any Database)? = nil) async throws -> RecordRow {
        try await RecordStore.transition(type, id: id, action: action, changes: changes, permissions: all, today: LocalDate(iso: today)!,
                                         actor: .system(), scope: .everything, calculator: calculator, on: db ?? t.db, now: TestClock.now)
    }

    /// A document up to 集体审议 with the given opinion.
    func draft(_ t: TestApp, _ title: String, opinion: ReviewOpinion = .lawful, issuer: String = "371502") async throws -> UUID {
        let unit = try await t.unit(issuer)
        let id = try await RecordStore.create(docs, ["title": .text(title), "issuer": .uuid(unit.id!), "validity": .text("five_years"),
                                                     "body": .text("正文")], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
        _ = try await move(t, docs, id, "submit", [:])
        _ = try await move(t, docs, id, "review", ["review_opinion": .text(opinion.rawValue), "reviewed_on": .date(LocalDate(iso: "2023-06-01")!)])
        return id
    }

    /// Twenty registrations at once from two app instances on one database: the numbers are
    /// 1…20 of the year, none repeated and none skipped.
    @Test(arguments: TestBackend.available)
    func registrationNumbersNeverRepeatOrSkip(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            var ids: [UUID] = []
            for i in 0..<20 { ids.append(try await draft(t, "并发登记的文件\(i)", issuer: i % 2 == 0 ? "371502" : "371502-D06")) }
            let second = try await Application.make(.testing)
            second.logger.logLevel = .critical
            do {
                try attach(second, to: t.location)
                // Several app instances share a database only on PostgreSQL; on SQLite one instance's
                // connections race.
                let dbs: [any Database] = backend == .postgres ? [t.db, second.db] : [t.db]
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (i, id) in ids.enumerated() {
                        group.addTask {
                            _ = try await move(t, docs, id, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                                         "registered_on": .date(LocalDate(iso: "2023-06-12")!),
                                                                         "changes_confirmed": .text("yes")], on: dbs[i % dbs.count])
                        }
                    }
                    try await group.waitForAll()
                }
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
            struct Row: Decodable { var registration_number: String }
            let numbers = try await t.db.sql.raw("SELECT registration_number FROM rec_normative_documents").all(decoding: Row.self).map(\.registration_number)
            #expect(numbers.count == 20)
            #expect(numbers.allSatisfy { $0.hasPrefix("LCDR-2023-") && $0.count == "LCDR-2023-0010001".count })
            #expect(numbers.filter { $0.hasPrefix("LCDR-2023-106") }.count == 10, "the issuer's code: 区行政审批服务局 is 106")
            #expect(Set(numbers.map { Int($0.suffix(4))! }) == Set(1...20))
        }
    }

    /// Publication needs the number and a clearing opinion with its changes made; the refusals say why.
    @Test(arguments: TestBackend.available)
    func publicationGuardsSayWhy(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let unit = try await t.unit("371502")
            let id = try await RecordStore.create(docs, ["title": .text("不合法的文件"), "issuer": .uuid(unit.id!), "validity": .text("five_years"),
                                                         "body": .text("正文")], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
            _ = try await move(t, docs, id, "submit", [:])
            await #expect(throws: CoreError.state("审查意见为「不合法」，不能提交集体审议；请退回起草单位修改后重新提交")) {
                _ = try await move(t, docs, id, "review", ["review_opinion": .text("unlawful"), "reviewed_on": .date(LocalDate(iso: "2023-06-01")!)])
            }

            let changed = try await draft(t, "修改后合法的文件", opinion: .lawfulAfterChanges)
            _ = try await move(t, docs, changed, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                              "registered_on": .date(LocalDate(iso: "2023-06-10")!), "changes_confirmed": .text("no")])
            let publication: RecordValues = ["published_on": .date(LocalDate(iso: "2023-06-20")!), "effective_from": .date(LocalDate(iso: "2023-07-20")!),
                                             "expires_on": .date(LocalDate(iso: "2028-07-19")!)]
            let refused = await #expect(throws: CoreError.self) { _ = try await move(t, docs, changed, "publish", publication) }
            #expect(refused?.message.contains("须先确认已按审查意见修改") == true)
            var tooLong = publication
            tooLong["expires_on"] = .date(LocalDate(iso: "2030-01-01")!)
            let fine = try await draft(t, "合法的文件")
            let registered = try await move(t, docs, fine, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                                        "registered_on": .date(LocalDate(iso: "2023-06-11")!), "changes_confirmed": .text("yes")])
            #expect(registered.values["registration_number"]?.text?.hasPrefix("LCDR-2023-001") == true)
            let overlong = await #expect(throws: CoreError.self) { _ = try await move(t, docs, fine, "publish", tooLong) }
            #expect(overlong?.message.contains("有效期不能超过5年") == true)
            let published = try await move(t, docs, fine, "publish", publication)
            #expect(published.state == "published" && published.values["filing_due_on"]?.date == LocalDate(iso: "2023-07-20"), "filing due 30 days after publication")

            // The number is the platform's: not in the API's input, not kept from an edit.
            let token = try await t.token(for: t.person("officer", roles: ["district_office"]))
            let forged = try await t.send(.POST, "/api/v1/records/normative-documents", token: token,
                                          json: ["fields": ["title": "伪造登记号", "issuer": "371502", "validity": "five_years", "registration_number": "LCDR-2023-0019999"]])
            #expect(forged.status == .unprocessableEntity && forged.body.string.contains("由系统编号"))
        }
    }

    /// A decision cannot reach collective discussion without a legality review, nor be decided
    /// without the procedures its catalogue entry requires.
    @Test(arguments: TestBackend.available)
    func decisionProceduresAreEnforced(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let unit = try await t.unit("371502-D08")
            let id = try await RecordStore.create(decisions, [
                "title": .text("老旧小区改造方案"), "organiser": .uuid(unit.id!), "catalogue_year": .integer(2023),
                "needs_participation": .text("yes"), "needs_expert": .text("yes"), "needs_risk": .text("no"),
                "comment_from": .date(LocalDate(iso: "2023-03-01")!), "comment_to": .date(LocalDate(iso: "2023-03-20")!),
            ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
            _ = try await move(t, decisions, id, "start", ["catalogue_approved_on": .date(LocalDate(iso: "2023-02-20")!),
                                                           "catalogue_published_on": .date(LocalDate(iso: "2023-02-25")!)])
            let short = await #expect(throws: CoreError.self) {
                _ = try await move(t, decisions, id, "submit_review", ["review_submitted_on": .date(LocalDate(iso: "2023-04-03")!),
                                                                       "review_due_on": .date(LocalDate(iso: "2023-04-07")!)])
            }
            #expect(short?.message.contains("不少于7个工作日") == true)
            _ = try await move(t, decisions, id, "submit_review", ["review_submitted_on": .date(LocalDate(iso: "2023-04-03")!),
                                                                   "review_due_on": .date(LocalDate(iso: "2023-04-14")!)])
            let unreviewed = await #expect(throws: CoreError.self) { _ = try await move(t, decisions, id, "to_discussion", [:]) }
            #expect(unreviewed?.message.contains("须填写") == true || unreviewed?.message.contains("合法性审查") == true)
            let unlawful = await #expect(throws: CoreError.self) {
                _ = try await move(t, decisions, id, "to_discussion", ["review_opinion": .text("unlawful")])
            }
            #expect(unlawful?.message.contains("不得提交集体讨论") == true)
            _ = try await move(t, decisions, id, "to_discussion", ["review_opinion": .text("lawful")])
            let decided: RecordValues = ["discussed_on": .date(LocalDate(iso: "2023-05-10")!), "decided_on": .date(LocalDate(iso: "2023-05-10")!)]
            let procedures = await #expect(throws: CoreError.self) { _ = try await move(t, decisions, id, "decide", decided) }
            #expect(procedures?.message.contains("不少于30日") == true, "20 days of comment without a reason")
            // The procedures are recorded on the decision (still editable), then it can be decided.
            var values = try #require(try await RecordStore.find(decisions, id: id, scope: .everything, on: t.db)).values
            values["short_comment_reason"] = .text("涉及紧急民生事项，经批准缩短征求意见期限")
            values["expert_on"] = .date(LocalDate(iso: "2023-03-25")!)
            _ = try await RecordStore.update(decisions, id: id, values, version: nil, actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            #expect(try await move(t, decisions, id, "decide", decided).state == "decided")
        }
    }

    /// Every portal route, walked: what was published is there and findable by title, numbers
    /// and body; nothing unpublished appears anywhere, and its address answers 404.
    @Test(arguments: TestBackend.available)
    func thePortalShowsOnlyWhatWasPublished(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let published = try await draft(t, "公开的文件甲")
            _ = try await move(t, docs, published, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                                "registered_on": .date(LocalDate(iso: "2023-06-10")!), "changes_confirmed": .text("yes")])
            let row = try await move(t, docs, published, "publish", ["published_on": .date(LocalDate(iso: "2023-06-20")!),
                                                                     "effective_from": .date(LocalDate(iso: "2023-07-20")!),
                                                                     "expires_on": .date(LocalDate(iso: "2028-07-19")!)])
            let number = try #require(row.values["registration_number"]?.text)
            let unit = try await t.unit("371502")
            let drafted = try await RecordStore.create(docs, ["title": .text("未公布的草稿乙"), "issuer": .uuid(unit.id!), "validity": .text("five_years"),
                                                              "body": .text("草稿正文独有词戊己")], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
            let registered = try await draft(t, "已登记未公布丙")
            _ = try await move(t, docs, registered, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                                 "registered_on": .date(LocalDate(iso: "2023-06-10")!), "changes_confirmed": .text("yes")])
            // The body was written before publication in real life; here it is set directly.
            try await t.db.sql.raw("UPDATE rec_normative_documents SET body = '本办法规定了独有的词语甲乙丙丁' WHERE id = \(bind: published)").run()
            let organiser = try await t.unit("371502-D08")
            // A catalogue entry appears once its catalogue's publication date has come, not before.
            let tomorrow = TestClock.today.adding(days: 1)
            var entries: [UUID] = []
            for (title, publishedOn) in [("公开目录事项丁", LocalDate(iso: "2023-02-25")), ("未公布目录事项戊", nil), ("明日公布目录事项己", tomorrow)] {
                var values: RecordValues = ["title": .text(title), "organiser": .uuid(organiser.id!), "catalogue_year": .integer(2023),
                                            "needs_participation": .text("no"), "needs_expert": .text("no"), "needs_risk": .text("no")]
                if let publishedOn { values["catalogue_approved_on"] = .date(LocalDate(iso: "2023-02-20")!); values["catalogue_published_on"] = .date(publishedOn) }
                entries.append(try await RecordStore.create(decisions, values, actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id)
            }
            // A proactive disclosure is public from its publishing day; one registered and not yet published is not.
            var items: [UUID] = []
            for (title, publishedOn) in [("已公开的主动公开信息庚", LocalDate(iso: "2023-03-02")), ("待公开的主动公开信息辛", nil), ("明日公开的信息壬", tomorrow)] {
                var values: RecordValues = ["title": .text(title), "unit": .uuid(unit.id!), "category": .text("normative"), "section": .text("政策文件"),
                                            "formed_on": .date(LocalDate(iso: "2023-03-01")!)]
                values["published_on"] = publishedOn.map(RecordValue.date)
                items.append(try await RecordStore.create(ProactiveDisclosure.declaration.type, values, actor: .system(), scope: .everything,
                                                          calculator: calculator, on: t.db, now: TestClock.now).id)
            }
            // Each published register's record pages are walked with its public and its unpublished records.
            let records: [String: (shown: [UUID], hidden: [UUID])] = ["documents": ([published], [drafted, registered]),
                                                                     "decisions": ([entries[0]], [entries[1], entries[2]]),
                                                                     "proactive": ([items[0]], [items[1], items[2]])]
            #expect(Set(records.keys) == Set(PortalController.published.compactMap(\.publish?.path)), "every published register is walked")

            let hidden = ["未公布的草稿乙", "已登记未公布丙", "未公布目录事项戊", "明日公布目录事项己", "戊己", "待公开的主动公开信息辛", "明日公开的信息壬"]
            var walked = 0
            for route in t.app.routes.all where route.method == .GET && route.path.first?.description == "portal" {
                let prefix = "/" + route.path.prefix { if case .parameter = $0 { return false }; return true }.map(\.description).joined(separator: "/")
                let ids = route.path.count > 1 ? records[route.path[1].description] : nil
                let parameterised = route.path.contains(where: { if case .parameter = $0 { return true }; return false })
                // A published register's record pages with its records; any other (an applicant's
                // documents) with ids it does not hold, which answer 404 without a grant.
                let paths = parameterised ? (ids.map { $0.shown + $0.hidden } ?? [drafted, registered]).map { "\(prefix)/\($0.uuidString)" } : [prefix]
                for path in paths {
                    let r = try await t.send(.GET, path)
                    let body = r.body.string
                    #expect(!hidden.contains { body.contains($0) }, "\(path) shows something unpublished")
                    if parameterised && (ids == nil || ids?.hidden.contains(where: { path.hasSuffix($0.uuidString) }) == true) {
                        #expect(r.status == .notFound, "\(path)")
                    }
                    else if path.hasSuffix("/mine") { #expect(r.status == .seeOther, "without a verified code it starts over") }
                    else { #expect(r.status == .ok, "\(path) answered \(r.status)") }
                    walked += 1
                }
            }
            #expect(walked >= 21)
            let proactive = try await t.send(.GET, "/portal/proactive?q=\(TestApp.escape("主动公开信息"))").body.string
            #expect(proactive.contains("已公开的主动公开信息庚") && proactive.contains("共 1 条"))
            for q in ["文件甲", number, "独有的词语", "甲乙丙"] {
                let found = try await t.send(.GET, "/portal/documents?q=\(TestApp.escape(q))")
                #expect(found.body.string.contains("公开的文件甲") && found.body.string.contains("共 1 条"), "search for \(q)")
            }
            for q in ["草稿乙", "戊己", "已登记未公布"] {
                let none = try await t.send(.GET, "/portal/documents?q=\(TestApp.escape(q))")
                #expect(none.body.string.contains("共 0 条"), "search for \(q) finds nothing unpublished")
            }
            let detail = try await t.send(.GET, "/portal/documents/\(published.uuidString)")
            #expect(detail.body.string.contains(number) && detail.body.string.contains("现行有效"))
            let feed = try await t.send(.GET, "/portal/documents/feed.atom")
            #expect(feed.headers.contentType?.subType == "atom+xml" && feed.body.string.contains("<entry><title>公开的文件甲</title>"))
            let catalogue = try await t.send(.GET, "/portal/decisions")
            #expect(catalogue.body.string.contains("公开目录事项丁") && catalogue.body.string.contains("2023 年度目录"))
            let entry = try await t.send(.GET, "/portal/decisions/\(entries[0].uuidString)").body.string
            #expect(entry.contains("<h1>公开目录事项丁</h1>") && entry.contains("推进中"))
            let decisionsFeed = try await t.send(.GET, "/portal/decisions/feed.atom").body.string
            #expect(decisionsFeed.contains("<entry><title>公开目录事项丁</title>") && !decisionsFeed.contains("未公布目录事项戊"))
            // Pages whose forms all use GET make no CSRF token for a visitor; the licence look-up,
            // which posts, does.
            let search = try await t.send(.GET, "/portal/documents?q=\(TestApp.escape("文件甲"))")
            #expect(search.headers.setCookie?[AccessMiddleware.csrfCookie] == nil && TestApp.csrf(in: search.body.string) == nil)
            let licences = try await t.send(.GET, "/portal/licences")
            #expect(licences.headers.setCookie?[AccessMiddleware.csrfCookie] != nil && TestApp.csrf(in: licences.body.string)?.isEmpty == false)
            // The results table is written without the template: its text is escaped all the same.
            try await t.db.sql.raw("UPDATE rec_normative_documents SET title = \(bind: "公开的文件甲<script>x(\"1\")</script>'") WHERE id = \(bind: published)").run()
            let escaped = try await t.send(.GET, "/portal/documents?q=\(TestApp.escape("文件甲"))").body.string
            #expect(escaped.contains("公开的文件甲&lt;script&gt;x(&quot;1&quot;)&lt;/script&gt;&#39;") && !escaped.contains("<script>x("))
        }
    }

    /// The district office sets its own legality-review time from a day on the page or through the
    /// API; a back-dated day and a statutory rule are refused in Chinese; the rules page and a new
    /// review follow it; a town clerk may not set it.
    @Test(arguments: TestBackend.available)
    func localRuleAmountsAreSettings(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            try await t.person("officer", roles: ["district_office"])
            let (office, _) = try await t.signIn("officer")
            let today = t.app.fazhi.config.clock.today
            let page = try await t.send(.GET, "/settings/rules/local", session: office)
            #expect(page.status == .ok && page.body.string.contains("合法性审查办理期限") && page.body.string.contains("本区尚未设置"))
            let form = ["rule": "review.due", "amount": "10", "unit": "working_days", "basis": "东昌府区合法性审查工作规则第十条"]
            let past = try await t.send(.POST, "/settings/rules/local", session: office, form: form.merging(["effectiveFrom": today.adding(days: -1).description]) { $1 })
            #expect(past.status == .unprocessableEntity && past.body.string.contains("施行日期不能早于今天"))
            let huge = try await t.send(.POST, "/settings/rules/local", session: office,
                                        form: form.merging(["amount": "99999999999999999999", "effectiveFrom": today.description]) { $1 })
            #expect(huge.status == .unprocessableEntity && huge.body.string.contains("期限应为整数"))
            let saved = try await t.send(.POST, "/settings/rules/local", session: office, form: form.merging(["effectiveFrom": today.description]) { $1 })
            #expect(saved.status == .seeOther)

            let token = try await t.token(for: t.person("officer2", roles: ["district_office"]))
            let statutory = try await t.send(.POST, "/api/v1/rules/local", token: token,
                                             json: ["rule": "disclosure.reply", "amount": "10", "unit": "working_days", "effectiveFrom": today.description, "basis": "x"])
            #expect(statutory.status == .unprocessableEntity || statutory.status == .badRequest)
            struct Write: Encodable { let rule: String; let amount: Int; let unit: String; let effectiveFrom: String; let basis: String }
            let later = today.adding(days: 30)
            let created = try await t.send(.POST, "/api/v1/rules/local", token: token,
                                           json: Write(rule: "rectification.due", amount: 20, unit: "working_days", effectiveFrom: today.description, basis: "本区法治督察工作规则第八条"))
            #expect(created.status == .created && created.body.string.contains("rectification.due"))
            // The form's help states the district's amount.
            let rectification = try await t.send(.GET, "/records/rectifications/new", session: office).body.string
            #expect(rectification.contains("后20个工作日（本区规定）"))
            let listed = try await t.send(.GET, "/api/v1/rules/local", token: token).body.string
            #expect(listed.contains("review.due") && listed.contains("rectification.due"))
            let refused = try await t.send(.POST, "/api/v1/rules/local", token: token,
                                           json: Write(rule: "review.due", amount: 10, unit: "weeks", effectiveFrom: later.description, basis: "x"))
            #expect(refused.status == .unprocessableEntity && refused.headers.contentType?.description.contains("problem+json") == true)

            let rules = try await t.send(.GET, "/settings/rules", session: office).body.string
            #expect(rules.contains("本区现行10个工作日（东昌府区合法性审查工作规则第十条，自 \(today) 起施行）"))
            let review = try await t.send(.POST, "/api/v1/records/legality-reviews", token: token,
                                          json: ["fields": ["subject": "按本区期限审查的合同", "kind": "land_transfer", "requester": "371502-D01",
                                                            "received_on": today.description]])
            #expect(review.status == .created)
            let expected = try DeadlineCalculator(calendar: try await CalendarStore.calendar(on: t.db)).due(from: today, .workingDays(10)).due
            #expect(review.body.string.contains("\"due_on\":\"\(expected)\""))
            let clerk = try await t.token(for: t.person("clerk", roles: ["town_clerk"]))
            #expect(try await t.send(.GET, "/settings/rules/local", token: clerk).status == .forbidden)
            #expect(try await t.send(.GET, "/api/v1/rules/local", token: clerk).status == .forbidden)
        }
    }

    /// The district office sets the prefix and pattern; a bad one is refused in Chinese, a new
    /// prefix starts its own sequence.
    @Test(arguments: TestBackend.available)
    func numberingRulesAreSettings(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            try await t.person("officer", roles: ["district_office"])
            let (office, _) = try await t.signIn("officer")
            let page = try await t.send(.GET, "/settings/numbering", session: office)
            #expect(page.status == .ok && page.body.string.contains("LCDR-\(TestClock.today.year)-0010001"))
            for (pattern, message) in [("{prefix}-{seq:4}", "须含年度 {year}"), ("{prefix}-{year}", "须含顺序号"), ("{prefix}-{year}-{colour}{seq:4}", "{colour} 无法识别")] {
                let bad = try await t.send(.POST, "/settings/numbering", session: office, form: ["register": "normative-documents", "prefix": "DCF", "pattern": pattern])
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains(message), "\(pattern)")
            }
            let lower = try await t.send(.POST, "/settings/numbering", session: office, form: ["register": "normative-documents", "prefix": "dcf", "pattern": "{prefix}{year}{seq:5}"])
            #expect(lower.status == .unprocessableEntity && lower.body.string.contains("「前缀」为 1 到 16 位大写字母"))
            let saved = try await t.send(.POST, "/settings/numbering", session: office, form: ["register": "normative-documents", "prefix": "DCFR", "pattern": "{prefix}〔{year}〕{seq:5}"])
            #expect(saved.status == .seeOther)
            let id = try await draft(t, "按新规则编号的文件")
            let row = try await move(t, docs, id, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                               "registered_on": .date(LocalDate(iso: "2023-06-10")!), "changes_confirmed": .text("yes")])
            #expect(row.values["registration_number"]?.text == "DCFR〔2023〕00001")
            #expect(try await RegistrationNumbers.sequences(district: try await t.unit("371502").id!, prefix: "DCFR", on: t.db).map(\.last) == [1])
            #expect(try await t.send(.GET, "/settings/numbering", token: t.token(for: t.person("clerk", roles: ["town_clerk"]))).status == .forbidden)
            // A department clerk registers documents but does not own the district's rules.
            let departmentClerk = try await t.token(for: t.person("deptclerk", roles: ["department_clerk"], unit: "371502-D01"))
            #expect(try await t.send(.POST, "/settings/numbering", token: departmentClerk,
                                     form: ["register": "normative-documents", "prefix": "EVIL", "pattern": "{prefix}{year}{seq:4}"]).status == .forbidden)
            #expect(try await t.send(.POST, "/reminders/plans", token: departmentClerk, form: ["kind": "food_business", "offsets": "1"]).status == .forbidden)

            // Another district keeps the platform's rule, its own counter and its own plans.
            let neighbour = DemoOrganisation.districts(2)[1]
            try await Bootstrap.addDemoDistrict(neighbour, hash: { $0 }, on: t.db)
            let other = try await draft(t, "邻区的文件", issuer: neighbour.code)
            let theirs = try await move(t, docs, other, "register", ["deliberated_on": .date(LocalDate(iso: "2023-06-10")!),
                                                                     "registered_on": .date(LocalDate(iso: "2023-06-10")!), "changes_confirmed": .text("yes")])
            #expect(theirs.values["registration_number"]?.text == "LCDR-2023-0010001", "the neighbour's first number, by the platform's rule")
            let otherOffice = try await t.token(for: t.person("otheroffice", roles: ["district_office"], unit: neighbour.code))
            #expect(try await t.send(.POST, "/reminders/plans", token: otherOffice,
                                     form: ["kind": "food_business", "offsets": "10", "holder": "1", "quietFrom": "20", "quietUntil": "8"]).status == .seeOther)
            let home = try await t.unit("371502").id!, away = try await t.unit(neighbour.code).id!
            #expect(try await ReminderPlans.all(district: away, on: t.db)[.foodBusiness]?.offsets == [10])
            #expect(try await ReminderPlans.all(district: home, on: t.db)[.foodBusiness]?.offsets == [90, 30, 7, 0], "this district's plan is untouched")
            let mine = try await t.send(.GET, "/settings/numbering", session: office)
            #expect(mine.body.string.contains("DCFR") && !mine.body.string.contains("EVIL"))
        }
    }

    /// A review names the adviser who took part by their record: chosen from the advisers of the
    /// person's district, shown by name, refused when it names no adviser, resolved by name in an
    /// import; the adviser's page links to exactly their reviews, and an adviser still named by a
    /// review cannot be deleted.
    @Test(arguments: TestBackend.available)
    func reviewsNameTheirAdviserByRecord(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let town = try await t.unit("371502-T05")
            let advisers = LegalAdviser.declaration.type, reviews = LegalityReview.declaration.type
            func adviser(_ name: String) async throws -> UUID {
                try await RecordStore.create(advisers, [
                    "name": .text(name), "kind": .text("village_adviser"), "unit": .uuid(town.id!),
                    "term_from": .date(LocalDate(iso: "2023-01-01")!), "term_to": .date(LocalDate(iso: "2027-12-31")!),
                ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
            }
            let zhou = try await adviser("周律师"), other = try await adviser("吴律师")
            let subject: RecordValues = ["kind": .text("land_transfer"), "requester": .uuid(town.id!), "received_on": .date(LocalDate(iso: "2023-05-04")!)]
            _ = try await RecordStore.create(reviews, subject.merging(["subject": .text("土地流转合同审查"), "counsel": .uuid(zhou)]) { $1 },
                                             actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            _ = try await RecordStore.create(reviews, subject.merging(["subject": .text("村庄规划调整审查"), "counsel": .uuid(other)]) { $1 },
                                             actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            await #expect(throws: CoreError.invalid(field: "counsel", "「参与的法律顾问或公职律师」不是「法律顾问与公职律师」中的记录")) {
                _ = try await RecordStore.create(reviews, subject.merging(["subject": .text("x"), "counsel": .uuid(town.id!)]) { $1 },
                                                 actor: .system(), scope: .everything, calculator: self.calculator, on: t.db, now: TestClock.now)
            }

            try await t.person("officer", roles: ["district_office"])
            var (office, _) = try await t.signIn("officer")
            let page = try await t.send(.GET, "/records/legal-advisers/\(zhou.uuidString)", session: office)
            let href = "/records/legality-reviews?counsel=\(zhou.uuidString)"
            #expect(page.body.string.contains("<a href=\"\(href)\">参与的合法性审查</a>"))
            let listed = try await t.send(.GET, href, session: office).body.string
            #expect(listed.contains("土地流转合同审查") && !listed.contains("村庄规划调整审查"))
            let form = try await t.send(.GET, "/records/legality-reviews/new", session: office).body.string
            #expect(form.contains("<option value=\"\(zhou.uuidString)\">周律师（\(town.name)）</option>"))

            // An import names the adviser as people write it: by name.
            let csv = "审查事项,事项类别,提请单位,收件日期,参与的法律顾问或公职律师\n土地承包解除协议审查,土地承包经营权解除协议,371502-T05,2023-06-01,吴律师\n"
            let outcome = try await RecordImport.run(reviews, data: Data(csv.utf8), scope: .everything, calculator: calculator, onlyValid: false,
                                                     actor: .system(), on: t.db, now: TestClock.now)
            let importedID = try #require(outcome.ids.first)
            let imported = try #require(try await RecordStore.find(reviews, id: importedID, scope: .everything, on: t.db))
            #expect(imported.values["counsel"] == .uuid(other))
            let detail = try await t.send(.GET, "/records/legality-reviews/\(imported.id.uuidString)", session: office).body.string
            #expect(detail.contains("<a href=\"/records/legal-advisers/\(other.uuidString)\">吴律师</a>"))

            // Still named by a review: the adviser's record stays.
            let adviserPage = try await t.send(.GET, "/records/legal-advisers/\(zhou.uuidString)", session: office)
            office.csrf = try #require(TestApp.csrf(in: adviserPage.body.string))
            let refused = try await t.send(.POST, "/records/legal-advisers/\(zhou.uuidString)/delete", session: office, form: [:])
            #expect(refused.body.string.contains("有 1 条「合法性审查」的「参与的法律顾问或公职律师」是这条记录，不能删除"))
            #expect(try await RecordStore.find(advisers, id: zhou, scope: .everything, on: t.db) != nil)
        }
    }

    /// A register too long for a select (more than `RecordReferences.selectLimit` advisers in the
    /// district): the form takes the adviser's name as typed, the store looks it up by its index,
    /// a name shared by two advisers is refused in Chinese, and the list offers no select of them.
    @Test(arguments: TestBackend.available)
    func aLongRegisterIsNamedByTypingATitle(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let town = try await t.unit("371502-T05")
            let advisers = LegalAdviser.declaration.type
            var named: [String: UUID] = [:]
            for i in 0...RecordReferences.selectLimit {
                let name = i == 0 ? "周律师" : "顾问\(i)"
                named[name] = try await RecordStore.create(advisers, [
                    "name": .text(name), "kind": .text("village_adviser"), "unit": .uuid(town.id!),
                    "term_from": .date(LocalDate(iso: "2023-01-01")!), "term_to": .date(LocalDate(iso: "2027-12-31")!),
                ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
            }
            _ = try await RecordStore.create(advisers, [
                "name": .text("顾问7"), "kind": .text("village_adviser"), "unit": .uuid(try await t.unit("371502-T04").id!),
                "term_from": .date(LocalDate(iso: "2023-01-01")!), "term_to": .date(LocalDate(iso: "2027-12-31")!),
            ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            #expect(try await RecordReferences.choices(advisers, scope: .everything, on: t.db) == nil)

            try await t.person("officer", roles: ["district_office"])
            var (office, _) = try await t.signIn("officer")
            let form = try await t.send(.GET, "/records/legality-reviews/new", session: office).body.string
            #expect(form.contains("<input id=\"counsel\" name=\"counsel\" type=\"text\""))
            #expect(form.contains("记录超过 \(RecordReferences.selectLimit) 条，不逐一列出") && !form.contains("周律师"))
            office.csrf = try #require(TestApp.csrf(in: form))
            let fields = ["subject": "土地流转合同审查", "kind": "land_transfer", "requester": town.id!.uuidString, "received_on": "2023-05-04"]
            let created = try await t.send(.POST, "/records/legality-reviews", session: office, form: fields.merging(["counsel": "周律师"]) { $1 })
            #expect(created.status == .seeOther)
            let review = try #require(try await RecordStore.list(LegalityReview.declaration.type, RecordQuery(), scope: .everything, on: t.db).rows.first)
            #expect(review.values["counsel"] == .uuid(named["周律师"]!))
            // Editing shows the name, as it would be typed.
            let edit = try await t.send(.GET, "/records/legality-reviews/\(review.id.uuidString)/edit", session: office).body.string
            #expect(edit.contains("value=\"周律师\""))

            let shared = try await t.send(.POST, "/records/legality-reviews", session: office,
                                          form: fields.merging(["subject": "另一项审查", "counsel": "顾问7"]) { $1 })
            #expect(shared.body.string.contains("有多条同名记录"))
            let list = try await t.send(.GET, "/records/legality-reviews", session: office).body.string
            #expect(!list.contains("name=\"counsel\""))
        }
    }

    /// On a database made before reviews named advisers by record, the migration adds the column
    /// and moves a name that belongs to exactly one adviser to the reference, in the audit trail.
    @Test(arguments: TestBackend.available)
    func reviewsNamingAnAdviserAreLinkedOnMigration(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let town = try await t.unit("371502-T05")
            let reviews = LegalityReview.declaration.type
            for (name, code) in [("周律师", "371502-T05"), ("孙律师", "371502-T05"), ("孙律师", "371502-T06")] {
                _ = try await RecordStore.create(LegalAdviser.declaration.type, [
                    "name": .text(name), "kind": .text("village_adviser"), "unit": .uuid(try await t.unit(code).id!),
                    "term_from": .date(LocalDate(iso: "2023-01-01")!), "term_to": .date(LocalDate(iso: "2027-12-31")!),
                ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            }
            var ids: [String: UUID] = [:]
            for (subject, adviser) in [("甲", "周律师"), ("乙", "孙律师"), ("丙", "郑专家")] {
                ids[subject] = try await RecordStore.create(reviews, [
                    "subject": .text(subject), "kind": .text("other"), "requester": .uuid(town.id!),
                    "received_on": .date(LocalDate(iso: "2023-05-04")!), "adviser": .text(adviser),
                ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now).id
            }
            // The table as it was before: no reference column.
            try await t.db.sql.raw("DROP INDEX IF EXISTS rec_legality_reviews_counsel_idx").run()
            try await t.db.sql.raw("DROP INDEX IF EXISTS rec_legality_reviews_by_counsel").run()
            try await t.db.sql.raw("DROP INDEX IF EXISTS rec_legality_reviews_requester_counsel").run()
            try await t.db.sql.raw("ALTER TABLE rec_legality_reviews DROP COLUMN counsel").run()
            let before = try await AuditLog.verify(on: t.db).headSeq
            try await M013_ReviewCounsel().prepare(on: t.db)
            let zhou = try #require(try await RecordStore.find(reviews, id: ids["甲"]!, scope: .everything, on: t.db))
            #expect(zhou.values["counsel"] != nil && zhou.values["adviser"] == nil)
            let namesake = try #require(try await RecordStore.find(reviews, id: ids["乙"]!, scope: .everything, on: t.db))
            #expect(namesake.values["counsel"] == nil && namesake.values["adviser"] == .text("孙律师"), "two advisers of that name: left as text")
            let outsider = try #require(try await RecordStore.find(reviews, id: ids["丙"]!, scope: .everything, on: t.db))
            #expect(outsider.values["adviser"] == .text("郑专家"))
            #expect(try await AuditLog.verify(on: t.db).headSeq == before + 1)
            try await M013_ReviewCounsel().prepare(on: t.db)
            #expect(try await AuditLog.verify(on: t.db).headSeq == before + 1, "a second run finds the column and does nothing")
        }
    }
}
