@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Registers through the API and pages")
struct RegisterWebTests {
    struct Problem: Decodable { var status: Int; var detail: String; var code: String; var field: String? }
    struct Item: Decodable { var id: UUID; var state: String; var version: Int; var overdue: [String]; var fields: [String: String?]; var createdAt: Date? }
    struct Items: Decodable { var items: [Item]; var total: Int }

    func decode<T: Decodable>(_ type: T.Type, _ r: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(r.body.readableBytesView))
    }

    /// Business time is the application's clock, not the server's: a record is written at the
    /// clock's time, and its due date is passed, or not, by the clock's day.
    @Test(arguments: TestBackend.available)
    func timeIsTheClocks(_ backend: TestBackend) async throws {
        let start = LocalDate(iso: "2024-03-01")!.instant(atHour: 9), manual = ManualClock(start)
        try await TestApp.with(backend, configure: { $0.clock = manual.clock }) { t in
            let office = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let path = "/api/v1/records/rectifications"
            let created = try await t.send(.POST, path, token: office, json: ["fields": [
                "finding": "行政执法公示信息更新不及时", "unit": "371502-T01", "found_on": "2024-01-15", "due_on": "2024-03-05"]])
            #expect(created.status == .created)
            let item = try decode(Item.self, created)
            #expect(item.createdAt == start && item.overdue.isEmpty, "written on 2024-03-01, due on 2024-03-05")
            #expect(try decode(Items.self, try await t.send(.GET, path + "?overdue=1", token: office)).total == 0)

            manual.set(LocalDate(iso: "2024-03-10")!.instant(atHour: 9))
            let later = try decode(Item.self, try await t.send(.GET, "\(path)/\(item.id)", token: office))
            #expect(later.overdue == ["整改期限"], "the clock's day is past the due date")
            #expect(try decode(Items.self, try await t.send(.GET, path + "?overdue=1", token: office)).total == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func rectificationThroughTheAPI(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let office = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let clerk = try await t.token(for: t.person("lisi", roles: ["town_clerk"], unit: "371502-T01"))
            let outsider = try await t.token(for: t.person("wang", roles: ["town_clerk"], unit: "371502-T02"))
            let path = "/api/v1/records/rectifications"
            let auditBefore = try await AuditLog.verify(on: t.db).headSeq

            // Each bad field is refused with its Chinese message; nothing is stored or audited.
            let bad: [([String: String], String, String)] = [
                (["finding": "问题", "unit": "371502-T01", "found_on": "2023-02-30"], "found_on", "「发现日期」不是有效日期"),
                (["finding": "问题", "unit": "不存在的单位", "found_on": "2023-06-01"], "unit", "「责任单位」不是本平台的单位"),
                (["finding": "问题", "unit": "371502-T01", "found_on": "2023-06-01", "contact_phone": "12345"], "contact_phone", "「联系电话」不是有效的手机号"),
                (["unit": "371502-T01", "found_on": "2023-06-01"], "finding", "「问题」为必填项"),
                (["finding": "问题", "unit": "371502-T01", "found_on": "2023-06-01", "colour": "红"], "colour", "没有名为 colour 的字段"),
            ]
            for (fields, field, message) in bad {
                let r = try await t.send(.POST, path, token: office, json: ["fields": fields])
                #expect(r.status == .unprocessableEntity, "\(field)")
                let p = try decode(Problem.self, r)
                #expect(p.field == field && p.detail.hasPrefix(message), "\(p.detail)")
            }
            #expect(try await AuditLog.verify(on: t.db).headSeq == auditBefore)

            let created = try await t.send(.POST, path, token: office, json: ["fields": [
                "finding": "行政执法公示信息更新不及时", "unit": "371502-T01", "found_on": "2023-06-01", "contact_phone": "13812345678",
                "source": "2023年法治建设专项督察"]])
            #expect(created.status == .created)
            let item = try decode(Item.self, created)
            #expect(item.state == "pending" && item.fields["due_on"] == "2023-07-14")
            #expect(item.fields["contact_phone"] == "13812345678", "the district office may see personal data")

            // The town's clerk sees it, masked; another town's clerk does not.
            let seen = try decode(Item.self, try await t.send(.GET, "\(path)/\(item.id)", token: clerk))
            #expect(seen.fields["contact_phone"] == "138****5678")
            #expect(try await t.send(.GET, "\(path)/\(item.id)", token: outsider).status == .notFound)
            #expect(try decode(Items.self, try await t.send(.GET, path, token: outsider)).total == 0)
            let csv = try await t.send(.GET, "/records/rectifications/export.csv", token: clerk)
            #expect(csv.body.string.contains("138****5678") && !csv.body.string.contains("13812345678"))
            let fullCSV = try await t.send(.GET, "/records/rectifications/export.csv", token: office)
            #expect(fullCSV.body.string.contains("13812345678"))
            let sheet = try XLSXReader.rows(Data(try await t.send(.GET, "/records/rectifications/export.xlsx", token: clerk).body.readableBytesView))
            let phoneColumn = try #require(sheet.first?.firstIndex(of: "联系电话"))
            #expect(sheet.count == 2 && sheet[1][phoneColumn] == "138****5678", "masked in the workbook too")

            // The workflow: the clerk may report, not close; the office closes.
            let missing = try await t.send(.POST, "\(path)/\(item.id)/transitions/complete", token: clerk, json: ["fields": [String: String]()])
            #expect(try decode(Problem.self, missing).detail == "「报告整改完成」前须填写「整改措施」")
            let sneaky = try await t.send(.POST, "\(path)/\(item.id)/transitions/complete", token: clerk,
                                          json: ["fields": ["measures": "已整改", "completed_on": "2023-07-01", "finding": "改掉问题描述"]])
            let sneakyProblem = try decode(Problem.self, sneaky)
            #expect(sneaky.status == .unprocessableEntity && sneakyProblem.field == "finding", "a move cannot change fields it does not ask for")
            let done = try await t.send(.POST, "\(path)/\(item.id)/transitions/complete", token: clerk,
                                        json: ["fields": ["measures": "已在门户网站更新公示", "completed_on": "2023-07-01"]])
            #expect(try decode(Item.self, done).state == "rectified")
            let refused = try await t.send(.POST, "\(path)/\(item.id)/transitions/close", token: clerk, json: ["fields": ["verified_on": "2023-07-05"]])
            #expect(refused.status == .conflict)
            let closed = try await t.send(.POST, "\(path)/\(item.id)/transitions/close", token: office, json: ["fields": ["verified_on": "2023-07-05"]])
            #expect(try decode(Item.self, closed).state == "closed")
            #expect(try await t.send(.PATCH, "\(path)/\(item.id)", token: office, json: ["fields": ["finding": "改"]]).status == .conflict)
            #expect(try await t.send(.DELETE, "\(path)/\(item.id)", token: office).status == .conflict)

            // Filters and search through the API.
            #expect(try decode(Items.self, try await t.send(.GET, "\(path)?state=closed&q=公示信息", token: office)).total == 1)
            #expect(try decode(Items.self, try await t.send(.GET, "\(path)?state=pending", token: office)).total == 0)
            let filtered = try await t.send(.GET, "\(path)?found_on.from=2023-13-01", token: office)
            #expect(filtered.status == .unprocessableEntity)
            #expect(try await AuditLog.verify(on: t.db).isIntact)
        }
    }

    /// A second record with the same natural key, or a change that would give one record
    /// another's, is a conflict in Chinese that writes nothing (not the unique index's server
    /// error); a negative version is refused.
    @Test(arguments: TestBackend.available)
    func aRepeatedNaturalKeyIsAConflict(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let office = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let path = "/api/v1/records/study-activities"
            struct Write: Encodable { var fields: [String: String]; var version: Int? }
            func activity(_ title: String) -> Write {
                Write(fields: ["kind": "lecture", "title": title, "held_on": "2023-04-12", "organiser": "371502-D01"])
            }
            let first = try await t.send(.POST, path, token: office, json: activity("宪法专题讲座"))
            #expect(first.status == .created)
            let before = try await AuditLog.verify(on: t.db).checked
            let again = try await t.send(.POST, path, token: office, json: activity("宪法专题讲座"))
            #expect(again.status == .conflict)
            #expect(try decode(Problem.self, again).detail == "已有「类别」、「日期」、「主题」与此相同的学法与研究法治工作记录")
            let other = try decode(Item.self, try await t.send(.POST, path, token: office, json: activity("民法典专题讲座")))
            let taking = try await t.send(.PATCH, "\(path)/\(other.id)", token: office, json: Write(fields: ["title": "宪法专题讲座"]))
            #expect(taking.status == .conflict)
            // Saving a record unchanged is not a clash with itself.
            #expect(try await t.send(.PATCH, "\(path)/\(other.id)", token: office, json: Write(fields: ["title": "民法典专题讲座"])).status == .ok)
            let negative = try await t.send(.PATCH, "\(path)/\(other.id)", token: office, json: Write(fields: ["venue": "会议室"], version: -1))
            let negativeProblem = try decode(Problem.self, negative)
            #expect(negative.status == .unprocessableEntity && negativeProblem.field == "version")
            // A value of the wrong JSON type is refused, not read as the text "false" or "12".
            struct Typed: Encodable { var fields: [String: Bool] }
            let typed = try await t.send(.PATCH, "\(path)/\(other.id)", token: office, json: Typed(fields: ["title": false]))
            let typedProblem = try decode(Problem.self, typed)
            #expect(typed.status == .unprocessableEntity && typedProblem.detail == "「主题」应为文字")
            struct Counted: Encodable { var fields: [String: Int] }
            #expect(try await t.send(.PATCH, "\(path)/\(other.id)", token: office, json: Counted(fields: ["venue": 12])).status == .unprocessableEntity)
            #expect(try await t.send(.PATCH, "\(path)/\(other.id)", token: office, json: Counted(fields: ["attendees": 12])).status == .ok)
            struct Total: Decodable { var total: Int }
            #expect(try decode(Total.self, try await t.send(.GET, path + "?q=专题讲座", token: office)).total == 2)
            #expect(try await AuditLog.verify(on: t.db).checked == before + 3, "the second create and the refused changes wrote nothing")
        }
    }

    /// The API pages on by `next` (a cursor) until the list ends; numbered pages stop where the
    /// count's bound is reached at the largest page size; a cursor that is not one is refused.
    @Test(arguments: TestBackend.available)
    func listsPageOnByCursor(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let office = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let path = "/api/v1/records/study-activities"
            struct Write: Encodable { var fields: [String: String] }
            for i in 0..<5 {
                let day = String(format: "2023-04-%02d", 10 + i % 2)
                #expect(try await t.send(.POST, path, token: office, json: Write(fields: ["kind": "seminar", "title": "专题研讨\(i)", "held_on": day,
                                                                                       "organiser": "371502-D01"])).status == .created)
            }
            struct Page: Decodable { var items: [Item]; var total: Int; var totalExact: Bool; var page: Int?; var next: String? }
            struct Item: Decodable { var id: UUID }
            var seen: [UUID] = []
            var url: String? = path + "?kind=seminar&per=2&sort=-held_on"
            var pages = 0
            while let next = url, pages < 10 {
                let page = try decode(Page.self, try await t.send(.GET, next, token: office))
                #expect(page.total == 5 && page.totalExact)
                #expect(page.page == (pages == 0 ? 1 : nil), "a cursor page has no number")
                seen += page.items.map(\.id)
                url = page.next
                pages += 1
            }
            #expect(pages == 3 && seen.count == 5 && Set(seen).count == 5)
            let everything = try decode(Page.self, try await t.send(.GET, path + "?kind=seminar&per=10&sort=-held_on", token: office))
            #expect(everything.items.map(\.id) == seen && everything.next == nil)
            #expect(try await t.send(.GET, path + "?cursor=bm9wZQ", token: office).status == .unprocessableEntity)
            #expect(try await t.send(.GET, path + "?page=51", token: office).status == .unprocessableEntity)
            #expect(try await t.send(.GET, path + "?sort=title", token: office).status == .unprocessableEntity, "only sorts an index serves")
            let listPage = try await t.send(.GET, "/records/study-activities?kind=seminar", token: office)
            #expect(listPage.body.string.contains("共 5 条，第 1/1 页"))
        }
    }

    @Test(arguments: TestBackend.available)
    func pagesShowFormsErrorsAndHistory(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            try await t.person("zhang", roles: ["district_office"])
            var (session, _) = try await t.signIn("zhang")
            let form = try await t.send(.GET, "/records/study-activities/new", session: session)
            #expect(form.status == .ok && form.body.string.contains("专题讲座"))
            if let token = TestApp.csrf(in: form.body.string) { session.csrf = token }
            let district = try await t.unit("371502")
            var fields = ["kind": "lecture", "title": "<b>习近平法治思想专题讲座</b>", "held_on": "2023-5-10", "organiser": district.id!.uuidString,
                          "attendees": "一百"]
            let refused = try await t.send(.POST, "/records/study-activities", session: session, form: fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("「参加人数」必须是整数"))
            #expect(refused.body.string.contains("value=\"一百\""), "what was typed is kept")
            fields["attendees"] = "120"
            let saved = try await t.send(.POST, "/records/study-activities", session: session, form: fields)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            let detail = try await t.send(.GET, location, session: session)
            #expect(detail.body.string.contains("&lt;b&gt;习近平法治思想专题讲座&lt;/b&gt;"), "output is escaped")
            #expect(detail.body.string.contains("办理记录") && detail.body.string.contains("新增"))
            let list = try await t.send(.GET, "/records/study-activities?kind=lecture&held_on.from=2023-01-01", session: session)
            #expect(list.body.string.contains("2023-05-10"))
            let importPage = try await t.send(.GET, "/records/study-activities/import", session: session)
            #expect(importPage.status == .ok && importPage.body.string.contains("导入文件"))
        }
    }

    struct Report: Decodable { var rows: Int; var valid: Int; var added: Int; var duplicates: [Int]; var problems: [ImportProblem] }

    @Test(arguments: TestBackend.available)
    func importThroughTheAPIAndAttachmentsThroughPages(_ backend: TestBackend) async throws {
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-web-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: files) }
        try await TestApp.with(backend, configure: { $0.filesDirectory = files }) { t in
            let office = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let reviewer = try await t.token(for: t.person("zhao", roles: ["reviewer"]))
            let path = "/api/v1/records/study-activities/import"
            let csv = "类别,主题,日期,组织单位\n专题讲座,法治讲座,2023-03-15,371502\n专题讲座,,2023-03-16,371502\n"
            func post(_ body: String, _ query: String = "", token: String) async throws -> TestingHTTPResponse {
                try await t.app.testing().sendRequest(.POST, path + query, headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/csv"],
                                                      body: ByteBuffer(string: body))
            }
            #expect(try await post(csv, token: reviewer).status == .forbidden)
            let refused = try await post(csv, token: office)
            #expect(refused.status == .unprocessableEntity)
            let report = try decode(Report.self, refused)
            #expect(report.added == 0 && report.problems == [ImportProblem(row: 3, column: "主题", message: "「主题」为必填项")])
            let dry = try decode(Report.self, try await post(csv, "?dryRun=1&onlyValid=1", token: office))
            #expect(dry.valid == 1 && dry.added == 0)
            let added = try await post(csv, "?onlyValid=1", token: office)
            let addedReport = try decode(Report.self, added)
            #expect(added.status == .created && addedReport.added == 1)
            #expect(try decode(Report.self, try await post(csv, "?onlyValid=1", token: office)).duplicates == [2])

            // XLSX export of what was imported, and the template.
            let xlsx = try await t.send(.GET, "/records/study-activities/export.xlsx", token: office)
            #expect(xlsx.status == .ok)
            let sheet = try XLSXReader.rows(Data(xlsx.body.readableBytesView))
            #expect(sheet.first?.first == "类别" && sheet.count == 2 && sheet[1].contains("法治讲座"))
            let template = try XLSXReader.rows(Data(try await t.send(.GET, "/records/study-activities/template.xlsx", token: office).body.readableBytesView))
            #expect(template == [RecordImport.templateHeader(StudyActivity.declaration.type)])

            // An attachment through the page form, served only to those who may see the record.
            try await t.person("qian", roles: ["district_office"])
            var (session, _) = try await t.signIn("qian")
            let list = try decode(Items.self, try await t.send(.GET, "/api/v1/records/study-activities", token: office))
            let id = try #require(list.items.first?.id)
            let page = try await t.send(.GET, "/records/study-activities/\(id)", session: session)
            session.csrf = try #require(TestApp.csrf(in: page.body.string))
            let boundary = "----fazhi\(UUID().uuidString)"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nfiles\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"讲座通知.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 通知\r\n--\(boundary)--\r\n"
            let upload = try await t.app.testing().sendRequest(.POST, "/records/study-activities/\(id)/attachments",
                                                               headers: ["Cookie": session.cookieHeader, "Content-Type": "multipart/form-data; boundary=\(boundary)"],
                                                               body: ByteBuffer(string: body))
            #expect(upload.status == .seeOther)
            let detail = try await t.send(.GET, "/records/study-activities/\(id)", session: session)
            #expect(detail.body.string.contains("讲座通知.pdf"))
            let stored = try #require(try await AttachmentStore.list(StudyActivity.declaration.type, recordID: id, on: t.db).first)
            let file = try await t.send(.GET, "/records/study-activities/\(id)/attachments/\(stored.id)", token: office)
            #expect(file.status == .ok && file.body.string == "%PDF-1.4 通知")
            #expect(try await t.send(.GET, "/records/study-activities/\(id)/attachments/\(stored.id)", token: reviewer).status == .forbidden)
            let clerk = try await t.token(for: t.person("sun", roles: ["town_clerk"], unit: "371502-T02"))
            #expect(try await t.send(.GET, "/records/study-activities/\(id)/attachments/\(stored.id)", token: clerk).status == .notFound)
        }
    }

    struct FigureList: Decodable { struct Row: Decodable { var name: String; var value: String; var previous: String; var change: String }; var unitName: String; var items: [Row] }

    @Test(arguments: TestBackend.available)
    func figuresForTheDistrictAndForATown(_ backend: TestBackend) async throws {
        try await TestApp.withDemoDistricts(backend) { t in
            let home = try #require(try await Districts.all(on: t.db).first)
            // The 17,035 licence reminders of 2023 are the planner's and the dispatcher's work on the
            // history's days: each an SMS the recording gateway gave a receipt for.
            let figures2023 = try await FigureStore.year(2023, unit: home.id, on: t.db), figures2022 = try await FigureStore.year(2022, unit: home.id, on: t.db)
            #expect(figures2023.first { $0.name == "reminders.licence_sent" }?.value == 17_035)
            #expect(figures2023.first { $0.name == "reminders.delivery_rate" }?.value == 10_000)
            #expect(figures2023.first { $0.name == "reminders.expired_unreminded" }?.value == 0)
            #expect(figures2022.first { $0.name == "reminders.licence_sent" }?.value == 15_482)
            struct Count: Decodable { var n: Int }
            let receipts = try await t.db.sql.raw("""
                SELECT COUNT(*) AS n FROM reminder_attempts a JOIN reminders r ON r.id = a.reminder_id
                WHERE a.instance = 'demo' AND a.ok = 1 AND a.detail LIKE '演示网关已接收，回执 DEMO-%' AND r.channel = 'sms' AND r.sent_on LIKE '2023-%'
                AND r.source = 'licence'
                """).first(decoding: Count.self)?.n
            #expect(receipts == 2 * 17_035, "every one (of both districts) a delivery the dispatcher made")
            // The applicants' notices of the year's moves went out the same way.
            let told = try await t.db.sql.raw("""
                SELECT COUNT(*) AS n FROM reminder_attempts a JOIN reminders r ON r.id = a.reminder_id
                WHERE a.instance = 'demo' AND a.ok = 1 AND r.source = 'applicant' AND r.sent_on LIKE '2023-%'
                """).first(decoding: Count.self)?.n
            #expect((told ?? 0) > 0)
            let unsent = try await t.db.sql.raw("SELECT COUNT(*) AS n FROM reminders WHERE state <> 'sent'").first(decoding: Count.self)?.n
            #expect(unsent == 0, "the history delivered every reminder it planned")
            let renewed = try await t.db.sql.raw("SELECT COUNT(*) AS n FROM rec_licences WHERE state = 'renewed'").first(decoding: Count.self)?.n ?? 0
            let renewals = try await t.db.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'record:licences' AND action = 'transition' AND after_json LIKE '%"state":"renewed"%'
                """).first(decoding: Count.self)?.n
            #expect(renewed > 0 && renewals == renewed, "renewed through the workflow, one audit entry each")
            let office = try await t.token(for: t.person("zhang", roles: ["district_office"]))
            let clerk = try await t.token(for: t.person("lisi", roles: ["town_clerk"], unit: "371502-T03"))
            let district = try decode(FigureList.self, try await t.send(.GET, "/api/v1/figures?year=2023", token: office))
            let lectures = try #require(district.items.first { $0.name == "leadership.lectures" })
            #expect(district.unitName == "东昌府区" && lectures.value == "5" && lectures.previous == "4" && lectures.change == "+25.00%")
            let town = try decode(FigureList.self, try await t.send(.GET, "/api/v1/figures?year=2023", token: clerk))
            #expect(town.unitName == "新区街道")
            #expect(town.items.first { $0.name == "inspection.towns_inspected" }?.value == "1", "a town sees its own view")
            #expect(town.items.first { $0.name == "leadership.lectures" }?.value == "0")
            let page = try await t.send(.GET, "/figures?year=2023", token: office)
            #expect(page.status == .ok && page.body.string.contains("区委法治委及其办公室、各协调小组会议次数"))
            #expect(try await t.send(.GET, "/api/v1/figures?year=1900", token: office).status == .unprocessableEntity)

            // The report: every number links to the records it counts.
            let report = try await t.send(.GET, "/reports?year=2023", token: office)
            #expect(report.status == .ok)
            #expect(report.body.string.contains("东昌府区2023年度法治政府建设情况报告"))
            #expect(report.body.string.contains("href=\"/records/study-activities?held_on.from=2023-01-01&amp;held_on.to=2023-12-31&amp;kind=lecture\""))
            #expect(report.body.string.contains("本平台尚未建立这一部分的登记簿"), "sections without records say so")
            let docx = try await t.send(.GET, "/reports/report.docx?year=2023", token: office)
            #expect(docx.status == .ok && docx.body.readableBytes > 1000)
            // The district office writes section 二 and edits a template; each save is a version.
            try await t.person("qian", roles: ["district_office"])
            var (session, _) = try await t.signIn("qian")
            let texts = try await t.send(.GET, "/reports/texts?year=2023", session: session)
            #expect(texts.status == .ok)
            session.csrf = try #require(TestApp.csrf(in: texts.body.string))
            let bad = try await t.send(.POST, "/reports/texts", session: session, form: ["section": "work.1", "year": "2023", "body": "举办讲座{leadership.talks}次。"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("模板中的指标「leadership.talks」不存在"))
            // Section 二 in the seed's points: a heading line, then paragraphs; numbered among the points written.
            for (section, body) in [("problems.1", "法治督察与纪检监察协作机制尚需健全。"),
                                    ("problems.1", "法治示范创建合力还未有效形成。\n当前，短板弱项问题依然突出。"),
                                    ("problems.2", ""),
                                    ("problems.3", "行政执法监督的实效性还有待提升。\n执法人员的数量与要求还有差距。")] {
                let saved = try await t.send(.POST, "/reports/texts", session: session, form: ["section": section, "year": "2023", "body": body])
                #expect(saved.status == .seeOther)
            }
            #expect(try await t.send(.POST, "/reports/texts", session: session, form: ["section": "problems.5", "year": "2023", "body": "多余"]).status
                    == .unprocessableEntity, "four points at most")
            let template = try await t.send(.POST, "/reports/texts", session: session,
                                            form: ["section": "work.1", "year": "2023", "body": "全年举办习近平法治思想专题讲座{leadership.lectures}次。"])
            #expect(template.status == .seeOther)
            let edited = try await t.send(.GET, "/reports?year=2023", token: office)
            #expect(edited.body.string.contains("<h3>（一）法治示范创建合力还未有效形成。</h3>"))
            #expect(edited.body.string.contains("<h3>（二）行政执法监督的实效性还有待提升。</h3>"))
            #expect(edited.body.string.contains("<p>执法人员的数量与要求还有差距。</p>"))
            #expect(!edited.body.string.contains("法治督察与纪检监察协作机制尚需健全"), "the latest version of a point")
            #expect(edited.body.string.contains("<p class=\"opening\">2023年，东昌府区坚持以习近平新时代中国特色社会主义思想为指导"))
            #expect(edited.body.string.contains("全年举办习近平法治思想专题讲座<a class=\"figure\""))
            #expect(try await ReportTextStore.history(section: "problems.1", year: 2023, district: home.id, on: t.db).map(\.version) == [3, 2, 1],
                    "the demo office's text, then two edits")
            #expect(!edited.body.string.contains("公共法律服务供给还不平衡"), "the demo's third point was replaced")
            #expect(try await t.send(.GET, "/reports/texts?year=2023", token: clerk).status == .forbidden)

            // The dashboard: charts with titles and links to the records behind each bar.
            let dashboard = try await t.send(.GET, "/dashboard?year=2023", token: office)
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.string.contains("<title id=\"trend-study-activities-t\">2023 年学法与研究法治工作"))
            #expect(dashboard.body.string.contains("href=\"/records/study-activities?held_on.from=2023-03-01&amp;held_on.to=2023-03-31\""))
            #expect(dashboard.body.string.contains("2023 年各镇街整改事项数"))
            #expect(dashboard.body.string.contains("2023 年到期的证照，到期前都至少收到了一条提醒"))
            #expect(dashboard.body.string.contains("没有已过有效期仍标为现行有效的行政规范性文件"))
            // A document left in force past its validity is said plainly.
            try await t.db.sql.raw("UPDATE rec_normative_documents SET expires_on = '2024-01-01' WHERE id = (SELECT d.id FROM rec_normative_documents d JOIN units u ON u.id = d.issuer WHERE d.state = 'in_force' AND u.code LIKE '371502%' LIMIT 1)").run()
            let flagged = try await t.send(.GET, "/dashboard?year=2023", token: office)
            #expect(flagged.body.string.contains("1 件行政规范性文件已过有效期仍标为现行有效"))
            let townView = try await t.send(.GET, "/dashboard?year=2023", token: clerk)
            #expect(townView.status == .ok && !townView.body.string.contains("各镇街整改事项数"), "a town sees its own view")
            // The demo's records reach back to the mediation committees set up in 2011; the year
            // before has nothing.
            let empty = try await t.send(.GET, "/reports?year=2010", token: office)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("2010 年没有任何登记簿记录"))
        }
    }

    /// Two demo districts on one platform: each district office sees its own district — records,
    /// figures, dashboard and report — and the report of each states the seed's figures.
    @Test(arguments: TestBackend.available)
    func severalDistrictsKeepApart(_ backend: TestBackend) async throws {
        try await TestApp.withDemoDistricts(backend) { t in
            #expect(try await Districts.all(on: t.db).map(\.name) == ["东昌府区", "茌平区"])
            let dongchangfu = try await t.token(for: t.person("zhang", roles: ["district_office"], unit: "371502-D01"))
            let chiping = try await t.token(for: t.person("wang", roles: ["district_office"], unit: "371503-D01"))
            // The province's supervisor: a role over every district.
            _ = try await OrganisationStore.createRole(RoleInput(code: "province", name: "省级督导", scope: .all, permissions: [.reviewRead, .reportRead]),
                                                       actor: .system(), on: t.db)
            let admin = try await t.token(for: t.person("root", roles: ["province"]))

            let reviews = "/api/v1/records/legality-reviews?received_on.from=2023-01-01&received_on.to=2023-12-31"
            let own = try decode(Items.self, try await t.send(.GET, reviews, token: chiping)).total
            let theirs = try decode(Items.self, try await t.send(.GET, reviews, token: dongchangfu)).total
            #expect(own == theirs && own >= 1_369, "each office sees its own district's reviews")
            #expect(try decode(Items.self, try await t.send(.GET, reviews, token: admin)).total == own + theirs)

            let figures = try decode(FigureList.self, try await t.send(.GET, "/api/v1/figures?year=2023", token: chiping))
            #expect(figures.unitName == "茌平区")
            #expect(figures.items.first { $0.name == "review.town_items" }?.value == "1369")
            #expect(figures.items.first { $0.name == "reminders.licence_sent" }?.value == "17035")

            let report = try await t.send(.GET, "/reports?year=2023", token: chiping)
            #expect(report.status == .ok && report.body.string.contains("茌平区2023年度法治政府建设情况报告"))
            #expect(try await t.send(.GET, "/reports?year=2023&district=371502", token: chiping).status == .forbidden)
            let chosen = try await t.send(.GET, "/reports?year=2023&district=371503", token: admin)
            #expect(chosen.status == .ok && chosen.body.string.contains("茌平区2023年度"))
            let dashboard = try await t.send(.GET, "/dashboard?year=2023", token: chiping)
            #expect(dashboard.status == .ok && dashboard.body.string.contains("茌平城区街道") && !dashboard.body.string.contains("古楼街道"))
            #expect(dashboard.body.string.contains("id=\"litigation-rates\""), "the rates by town are the office's own district's towns")

            // 矛盾纠纷化解: an office lists its own district's records of every register, the
            // applications from the portal among them, opens none of the other's, and counts its own.
            struct N: Decodable { var n: Int }
            struct Total: Decodable { var total: Int }
            for type in Module.disputes.registers {
                let own = try await t.db.sql.raw("""
                    SELECT COUNT(*) AS n FROM \(unsafeRaw: type.table) t JOIN units u ON u.id = t.\(unsafeRaw: type.ownerField) WHERE u.code LIKE '371503%'
                    """).first(decoding: N.self)?.n
                let listed = try decode(Total.self, try await t.send(.GET, "/api/v1/records/\(type.slug)?limit=1", token: chiping)).total
                let bound = RecordStore.countBound
                #expect(own.map { $0 > 0 && ($0 <= bound ? listed == $0 : listed >= bound) } == true, "\(type.slug): \(listed) listed of \(own ?? -1)")
            }
            for type in [LegalAidCase.declaration.type, Reconsideration.declaration.type] {
                let online = try #require(try await t.db.sql.raw("""
                    SELECT t.id FROM \(unsafeRaw: type.table) t JOIN units u ON u.id = t.\(unsafeRaw: type.ownerField)
                    WHERE u.code = '371502' AND t.channel = 'online' LIMIT 1
                    """).first()?.decode(column: "id", as: UUID.self))
                #expect(try await t.send(.GET, "/api/v1/records/\(type.slug)/\(online)", token: chiping).status == .notFound)
                #expect(try await t.send(.GET, "/api/v1/records/\(type.slug)/\(online)", token: dongchangfu).status == .ok)
            }
            for (name, value) in [("legal_aid.accepted", "1980"), ("litigation_source.diverted", "3052"), ("reconsideration.cases", "201")] {
                #expect(figures.items.first { $0.name == name }?.value == value, "\(name): the office's own district's")
            }

            // The province's supervisor compares the districts side by side; an office sees its own.
            struct Comparison: Decodable { var districts: [String]; var items: [Item]; struct Item: Decodable { var name: String; var values: [String] } }
            let compared = try decode(Comparison.self, try await t.send(.GET, "/api/v1/figures/districts?year=2023", token: admin))
            #expect(compared.districts == ["东昌府区", "茌平区"])
            #expect(compared.items.first { $0.name == "review.town_items" }?.values == ["1369", "1369"])
            let ownOnly = try decode(Comparison.self, try await t.send(.GET, "/api/v1/figures/districts?year=2023", token: chiping))
            #expect(ownOnly.districts == ["茌平区"])
            let comparisonPage = try await t.send(.GET, "/figures/districts?year=2023", token: admin).body.string
            #expect(comparisonPage.contains("<th scope=\"col\">茌平区</th>"))
            #expect(try await t.send(.GET, "/figures?year=2023", token: admin).body.string.contains("href=\"/figures/districts?year=2023\""))
            #expect(!(try await t.send(.GET, "/figures?year=2023", token: chiping).body.string.contains("/figures/districts")))

            // Both districts have a 王律师: an office's import means its own; a province-wide
            // importer must say which.
            let wang = try #require(try await t.db.sql.raw("""
                SELECT a.id FROM rec_legal_advisers a JOIN units u ON u.id = a.unit WHERE a.name = '王律师' AND u.code = '371503'
                """).first()?.decode(column: "id", as: UUID.self))
            let csv = "审查事项,事项类别,提请单位,收件日期,参与的法律顾问或公职律师\n茌平合同审查甲,行政协议（合同）,371503-T01,2023-06-01,王律师\n"
            func importReviews(_ token: String) async throws -> TestingHTTPResponse {
                try await t.app.testing().sendRequest(.POST, "/api/v1/records/legality-reviews/import",
                                                      headers: ["Authorization": "Bearer \(token)", "Content-Type": "text/csv"], body: ByteBuffer(string: csv))
            }
            #expect(try await importReviews(chiping).status == .created)
            let imported = try decode(Items.self, try await t.send(.GET, "/api/v1/records/legality-reviews?q=" + TestApp.escape("茌平合同审查甲"), token: chiping))
            #expect(imported.total == 1 && imported.items.first?.fields["counsel"]??.uppercased() == wang.uuidString)
            let everywhere = try await RecordImport.plan(LegalityReview.declaration.type, data: Data(csv.utf8), scope: .everything,
                                                         calculator: DeadlineCalculator(calendar: .builtIn), on: t.db)
            #expect(everywhere.problems.map(\.message) == ["「参与的法律顾问或公职律师」有多条同名记录，请从列表中选择或填写记录 id"])

            // A portal per district: its home lists the districts, each district's pages show what
            // its units published, and together they are the whole platform's.
            let home = try await t.send(.GET, "/portal").body.string
            #expect(home.contains("href=\"/portal?district=371503\">茌平区</a>"))
            func count(_ path: String) async throws -> Int {
                let body = try await t.send(.GET, path).body.string
                guard let r = body.range(of: #"共 (\d+) 条"#, options: .regularExpression) else { return -1 }
                return Int(body[r].dropFirst(2).dropLast(2)) ?? -1
            }
            let whole = try await count("/portal/documents"), first = try await count("/portal/documents?district=371502"),
                second = try await count("/portal/documents?district=371503")
            #expect(first > 0 && second > 0 && first + second == whole)
            let searched = try await count("/portal/documents?district=371503&q=" + TestApp.escape("办法"))
            #expect(searched > 0 && searched < second)
            let chipingPage = try await t.send(.GET, "/portal/documents?district=371503").body.string
            #expect(chipingPage.contains("<h1>茌平区行政规范性文件</h1>") && chipingPage.contains("name=\"district\" value=\"371503\""))
            #expect(chipingPage.contains("page=2&amp;district=371503") || second <= PortalController.perPage)
            let feed = try await t.send(.GET, "/portal/documents/feed.atom?district=371503").body.string
            #expect(feed.contains("<title>茌平区行政规范性文件</title>"))
            let decisions = try await t.send(.GET, "/portal/decisions?district=371503").body.string
            #expect(decisions.contains("<h1>茌平区重大行政决策事项目录</h1>"))
            #expect(try await t.send(.GET, "/portal/documents?district=999999").status == .notFound)
            // A district's application form offers its own offices and takes no other district's.
            let applyForm = try await t.send(.GET, "/portal/apply/disclosure?district=371503").body.string
            let elsewhere = try await t.unit("371502-D08").id!, office = try await t.unit("371503-D01").id!
            #expect(applyForm.contains("action=\"/portal/apply/disclosure?district=371503\"") && applyForm.contains(office.uuidString))
            #expect(!applyForm.contains(elsewhere.uuidString))
            let secondDistrict = try #require(try await Districts.all(on: t.db).first { $0.code == "371503" })
            let chipingOnly = try await Districts.scope(of: secondDistrict, on: t.db)
            let application = ["office": elsewhere.uuidString, "applicant_kind": "person", "applicant_name": "张三", "id_number": "11010519491231002X",
                               "phone": "13900000007", "content": "申请公开某信息", "delivery": "online"]
            await #expect(throws: CoreError.self) {
                _ = try await PublicIntake.submit(IntakeTests().type, typed: application, files: [], within: chipingOnly, blobs: t.app.fazhi.blobs,
                                                  client: "203.0.113.8", calculator: DeadlineCalculator(calendar: .builtIn), now: TestClock.now, on: t.db)
            }

            // Asking again for the same districts adds nothing.
            await #expect(throws: DemoRecords.Failure.self) {
                _ = try await DemoHistory.generate(districts: 2, on: t.db, config: t.app.fazhi.config.reminders, calculator: DeadlineCalculator(calendar: .builtIn), now: t.app.fazhi.config.clock.now, hash: { $0 })
            }
            #expect(try await AuditLog.verify(on: t.db).isIntact)
        }
    }
}

