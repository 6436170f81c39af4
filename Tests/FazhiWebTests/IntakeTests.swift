import FazhiCore
@testable import FazhiStore
@testable import FazhiWeb
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@Suite("Applications from the public")
struct IntakeTests {
    let type = DisclosureApplication.declaration.type

    /// An application typed on the portal gets its receipt number and due date at once; staff ask
    /// for a correction and extend the reply; the applicant follows it with the receipt number and
    /// a code sent to the phone they gave, seeing the state, the due date and what they are asked.
    @Test(arguments: TestBackend.available)
    func anApplicationFromThePortalIsFollowedByItsApplicant(_ backend: TestBackend) async throws {
        try await withReceiver { receiver in
        try await TestApp.with(backend, configure: { $0.reminders.smsURL = receiver.smsTemplate }) { t in
            var visitor = TestApp.Session(cookies: [:], csrf: "")
            let form = try await t.send(.GET, "/portal/apply/disclosure")
            #expect(form.status == .ok && form.body.string.contains("受理机关") && form.body.string.contains("身份证号"))
            visitor.absorb(form)
            visitor.csrf = try #require(TestApp.csrf(in: form.body.string))
            let office = try await t.unit("371502-D08")
            let idNumber = "11010519491231002X"
            var typed = ["office": office.id!.uuidString, "applicant_kind": "person", "applicant_name": "张三", "id_number": "110105194912310021",
                         "phone": "13900000007", "content": "2023年本区城市绿化管理办法的起草说明", "delivery": "online"]
            let bad = try await t.send(.POST, "/portal/apply/disclosure", session: visitor, form: typed)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("校验位或出生日期不正确"))
            typed["id_number"] = idNumber
            typed["credit_code"] = "91371502MA3A00000X"
            let both = try await t.send(.POST, "/portal/apply/disclosure", session: visitor, form: typed)
            #expect(both.status == .unprocessableEntity)
            typed["credit_code"] = nil
            // The form marks each applicant's own fields for its script; a person is not asked an organisation's type.
            #expect(form.body.string.contains("data-applicant=\"organisation\" data-required>\n<label for=\"credit_code\">")
                    && form.body.string.contains("data-applicant=\"organisation\">\n<label for=\"organisation_type\">")
                    && form.body.string.contains("data-applicant=\"person\" data-required>\n<label for=\"id_number\">"))
            typed["organisation_type"] = "business"
            let typedForAPerson = try await t.send(.POST, "/portal/apply/disclosure", session: visitor, form: typed)
            #expect(typedForAPerson.status == .unprocessableEntity && typedForAPerson.body.string.contains("申请人为公民的，不填写「组织类型」"))
            typed["organisation_type"] = nil
            let made = try await t.send(.POST, "/portal/apply/disclosure", session: visitor, form: typed)
            #expect(made.status == .created)
            let today = t.app.fazhi.config.clock.today
            let body = made.body.string
            let receipt = try #require(body.range(of: #"\d{6}-YSQ-\d{4}-\d{7}"#, options: .regularExpression).map { String(body[$0]) })
            #expect(receipt.hasPrefix("371502-YSQ-\(today.year)-"))

            // Staff find it among their applications, received online today, its clock running.
            let stored = try #require(try await PublicIntake.find(type, receipt: receipt, on: t.db))
            #expect(stored.values["channel"] == .text("online") && stored.values["received_on"] == .date(today))
            let calculator = DeadlineCalculator(calendar: try await CalendarStore.calendar(on: t.db))
            let rule = try #require(StatutoryRules.rule("disclosure.reply", on: today))
            #expect(stored.values["reply_due_on"] == .date(try rule.due(from: today, calculator: calculator).due))
            #expect(body.contains(try rule.due(from: today, calculator: calculator).due.description))
            let all = Set(Permission.allCases)
            func move(_ action: String, _ changes: RecordValues) async throws -> RecordRow {
                try await RecordStore.transition(type, id: stored.id, action: action, changes: changes, permissions: all, today: today,
                                                 actor: .system("依申请公开办"), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            }
            _ = try await move("ask_correction", ["correction_asked_on": .date(today), "correction_request": .text("请说明所需信息的文号或形成时间")])
            _ = try await move("corrected", ["corrected_on": .date(today)])
            let extended = try await move("extend", ["extension_approver": .text("李主任"), "extension_notice_on": .date(today)])
            await #expect(throws: CoreError.self) { _ = try await move("extend", ["extension_approver": .text("李主任"), "extension_notice_on": .date(today)]) }
            let due = try rule.due(from: today, extended: true, calculator: calculator).due
            #expect(extended.values["reply_due_on"] == .date(due))
            // Each move that concerns the applicant is told to them through the outbox: the receipt
            // number and what happened, nothing else of theirs.
            struct Notice: Decodable { var channel: String; var recipient: String; var body: String }
            let notices = try await t.db.sql.raw("SELECT channel, recipient, body FROM reminders WHERE source = 'applicant' ORDER BY id").all(decoding: Notice.self)
            #expect(notices.map(\.channel) == ["sms", "sms", "sms"] && notices.allSatisfy { $0.recipient == "13900000007" && $0.body.contains(receipt) })
            #expect(notices.first?.body.contains("需要补正") == true && notices.last?.body.contains("答复期限经批准延长") == true)
            #expect(!notices.contains { $0.body.contains(idNumber) || $0.body.contains("张三") })

            // The applicant follows it: a wrong contact reads the same and sends nothing.
            let start = try await t.send(.GET, "/portal/follow/disclosure?receipt=\(receipt)", session: visitor)
            #expect(start.status == .ok && start.body.string.contains(receipt))
            let wrong = try await t.send(.POST, "/portal/follow/disclosure/code", session: visitor, form: ["receipt": receipt, "contact": "13900000008"])
            #expect(wrong.status == .ok && wrong.body.string.contains("如受理编号与联系方式一致"))
            try await Task.sleep(nanoseconds: 300_000_000)
            #expect(receiver.messages.isEmpty)
            #expect(try await t.db.sql.raw("SELECT id FROM verification_codes").all().isEmpty, "a wrong contact makes no code")
            // The wrong contact does not hold the applicant up; their own second request within the minute waits.
            let sent = try await t.send(.POST, "/portal/follow/disclosure/code", session: visitor, form: ["receipt": receipt.lowercased(), "contact": "13900000007"])
            #expect(sent.status == .ok)
            visitor.absorb(sent)
            #expect(try await t.send(.POST, "/portal/follow/disclosure/code", session: visitor, form: ["receipt": receipt, "contact": "13900000007"]).status
                    == .tooManyRequests, "one request a minute per receipt number and contact")
            for _ in 0..<100 where receiver.messages.isEmpty { try await Task.sleep(nanoseconds: 100_000_000) }
            let sms = try #require(receiver.messages.last)
            #expect(sms.contains("查看政府信息公开申请的办理情况"))
            let digits = try #require(sms.split(separator: "验证码").last.map { String($0.prefix(6)) })
            #expect(try await t.send(.GET, "/portal/follow/disclosure/mine", session: visitor).status == .seeOther, "no grant yet")
            let verified = try await t.send(.POST, "/portal/follow/disclosure/verify", session: visitor, form: ["receipt": receipt, "code": digits])
            #expect(verified.status == .seeOther)
            visitor.absorb(verified)
            let mine = try await t.send(.GET, "/portal/follow/disclosure/mine", session: visitor).body.string
            #expect(mine.contains("办理中") && mine.contains("请说明所需信息的文号或形成时间") && mine.contains(due.description)
                    && mine.contains("已延长 20 个工作日") && mine.contains("补正后自 \(today) 起重新计算"))
            // A licence holder's page does not take an applicant's grant.
            #expect(try await t.send(.GET, "/portal/licences/mine", session: visitor).status == .seeOther)

            // Staff without the permission to see personal data see the applicant masked.
            try await t.person("clerk8", roles: ["department_clerk"], unit: "371502-D08")
            let (clerk, _) = try await t.signIn("clerk8")
            let detail = try await t.send(.GET, "/records/disclosure-applications/\(stored.id.uuidString)", session: clerk).body.string
            #expect(detail.contains(receipt) && !detail.contains(idNumber) && !detail.contains("13900000007"))
            #expect(detail.contains("法定期限：<strong>\(due)"))
        }
        }
    }

    /// The portal's limits: a client address may file a few applications an hour.
    @Test(arguments: TestBackend.available)
    func applicationsAreLimitedPerClient(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let office = try await t.unit("371502")
            var ok = 0, limited = 0
            for i in 0..<(PublicIntake.perClientPerHour + 1) {
                let typed = ["office": office.id!.uuidString, "applicant_kind": "organisation", "applicant_name": "聊城某公司\(i)",
                             "credit_code": try #require(IdentityCodes.creditCode("91371502MA3A000" + String(format: "%02d", i))), "phone": "13900000007",
                             "organisation_type": "business", "content": "申请公开某信息\(i)", "delivery": "post"]
                do {
                    _ = try await PublicIntake.submit(type, typed: typed, files: [], within: .everything, blobs: t.app.fazhi.blobs, client: "203.0.113.9",
                                                      calculator: DeadlineCalculator(calendar: .builtIn), now: t.app.fazhi.config.clock.now, on: t.db)
                    ok += 1
                } catch is PortalCodes.TooMany { limited += 1 }
            }
            #expect(ok == PublicIntake.perClientPerHour && limited == 1)

            // Too many files are refused before any is kept.
            let typed = ["office": office.id!.uuidString, "applicant_kind": "person", "applicant_name": "李四", "id_number": "11010519491231002X",
                         "phone": "13900000008", "content": "申请公开另一信息", "delivery": "post"]
            let files = (0...PublicIntake.maxFiles).map { PublicIntake.Upload(filename: "材料\($0).pdf", data: Data("%PDF-1.4 \($0)".utf8)) }
            await #expect(throws: CoreError.self) {
                _ = try await PublicIntake.submit(type, typed: typed, files: files, within: .everything, blobs: t.app.fazhi.blobs, client: "203.0.113.10",
                                                  calculator: DeadlineCalculator(calendar: .builtIn), now: t.app.fazhi.config.clock.now, on: t.db)
            }
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: t.app.fazhi.blobs.directory.path)) ?? []).isEmpty)
        }
    }

    /// Only a person applies for legal aid: the form offers no choice of applicant and asks for a
    /// 身份证号, which the server requires whatever the browser sends; the application is the
    /// district's and its clock runs from today.
    @Test(arguments: TestBackend.available)
    func onlyAPersonAppliesForLegalAid(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            var visitor = TestApp.Session(cookies: [:], csrf: "")
            let form = try await t.send(.GET, "/portal/apply/legal-aid")
            let html = form.body.string
            #expect(form.status == .ok && !html.contains("data-applicant-kind") && !html.contains("name=\"applicant_kind\"") && !html.contains("统一社会信用代码"))
            #expect(html.range(of: #"id="id_number" name="id_number"[^>]* required"#, options: .regularExpression) != nil)
            visitor.absorb(form)
            visitor.csrf = try #require(TestApp.csrf(in: html))
            let district = try await t.unit("371502")
            var typed = ["centre": district.id!.uuidString, "name": "李四", "phone": "13900000008", "matter": "labour", "eligibility": "exempt",
                         "facts": "在工地务工被拖欠工资，申请代理劳动争议仲裁"]
            let missing = try await t.send(.POST, "/portal/apply/legal-aid", session: visitor, form: typed)
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("「身份证号」为必填项"))
            typed["id_number"] = "11010519491231002X"
            let made = try await t.send(.POST, "/portal/apply/legal-aid", session: visitor, form: typed)
            #expect(made.status == .created)
            let body = made.body.string
            let receipt = try #require(body.range(of: #"\d{6}-FA-\d{4}-\d{7}"#, options: .regularExpression).map { String(body[$0]) })
            let stored = try #require(try await PublicIntake.find(LegalAidCase.declaration.type, receipt: receipt, on: t.db))
            let today = t.app.fazhi.config.clock.today
            let calculator = DeadlineCalculator(calendar: try await CalendarStore.calendar(on: t.db))
            let rule = try #require(StatutoryRules.rule("legal_aid.decision", on: today))
            #expect(stored.values["centre"] == .uuid(district.id!) && stored.values["channel"] == .text("online"))
            #expect(stored.values["decision_due_on"] == .date(try rule.due(from: today, calculator: calculator).due))
        }
    }
}
