@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Registers through the API and pages")
struct RegisterWebTests {
    struct Problem: Decodable { var status: Int; var detail: String; var code: String; var field: String? }
    struct Item: Decodable { var id: UUID; var state: String; var version: Int; var overdue: [String]; var fields: [String: String?] }
    struct Items: Decodable { var items: [Item]; var total: Int }

    func decode<T: Decodable>(_ type: T.Type, _ r: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(r.body.readableBytesView))
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

            // The workflow: the clerk may report, not close; the office closes.
            let missing = try await t.send(.POST, "\(path)/\(item.id)/transitions/complete", token: clerk, json: ["fields": [String: String]()])
            #expect(try decode(Problem.self, missing).detail == "「报告整改完成」前须填写「整改措施」")
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
        }
    }
}
