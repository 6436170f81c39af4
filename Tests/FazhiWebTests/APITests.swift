@testable import FazhiWeb
import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Organisation API, data scope, masking, audit")
struct APITests {
    struct Problem: Decodable { var type: String; var status: Int; var detail: String; var code: String; var field: String? }

    @Test(arguments: TestBackend.available)
    func badInputGetsAProblemInChineseAndWritesNothing(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let district = try await t.unit("371502")
            let before = try await OrgUnit.query(on: t.db).count()
            let auditBefore = try await AuditLog.verify(on: t.db).headSeq
            let cases: [([String: String?], String)] = [
                (["code": "371502-D01", "name": "重复编码", "kind": "department", "parentID": district.id!.uuidString], "code"),
                (["code": "NEW1", "name": "", "kind": "department", "parentID": district.id!.uuidString], "name"),
                (["code": "NEW1", "name": "新部门", "kind": "planet", "parentID": district.id!.uuidString], "kind"),
                (["code": "NEW1", "name": "新部门", "kind": "department", "parentID": "not-a-uuid"], "parentID"),
                (["code": "NEW1", "name": "村", "kind": "village", "parentID": district.id!.uuidString], "kind"),
            ]
            for (body, field) in cases {
                let r = try await t.send(.POST, "/api/v1/units", token: admin, json: body)
                #expect(r.status == .unprocessableEntity)
                #expect(r.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let p = try JSONDecoder().decode(Problem.self, from: Data(r.body.readableBytesView))
                #expect(p.code == "invalid_input" && p.field == field && p.status == 422)
                #expect(p.detail.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "message in Chinese: \(p.detail)")
            }
            let malformed = try await t.send(.POST, "/api/v1/units", token: admin, headers: ["Content-Type": "application/json"])
            #expect(malformed.status.code >= 400 && malformed.status.code < 500)
            #expect(try await OrgUnit.query(on: t.db).count() == before)
            #expect(try await AuditLog.verify(on: t.db).headSeq == auditBefore, "a refused change leaves no audit record")
        }
    }

    @Test(arguments: TestBackend.available)
    func everyWriteIsAuditedWithBeforeAndAfter(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let district = try await t.unit("371502")
            let created = try await t.send(.POST, "/api/v1/units", token: admin,
                                           json: ["code": "371502-D99", "name": "区大数据局", "kind": "department", "parentID": district.id!.uuidString])
            #expect(created.status == .created)
            let unit = try JSONDecoder().decode(UnitDTO.self, from: Data(created.body.readableBytesView))
            let renamed = try await t.send(.PATCH, "/api/v1/units/\(unit.id)", token: admin, json: ["name": "区数据局"])
            #expect(renamed.status == .ok)
            #expect(try await t.send(.DELETE, "/api/v1/units/\(unit.id)", token: admin).status == .noContent)
            let rows = try await AuditLog.list(on: t.db, filter: .init(entityType: "unit", entityID: unit.id.uuidString), limit: 10).rows
            #expect(rows.map(\.action) == ["delete", "update", "create"])
            #expect(rows[1].before?.contains("区大数据局") == true && rows[1].after?.contains("区数据局") == true)
            #expect(rows.allSatisfy { $0.actorName.contains("sys") })
            #expect(try await AuditLog.verify(on: t.db).isIntact)
        }
    }

    @Test(arguments: TestBackend.available)
    func townClerkSeesOnlyTheirTown(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let clerk = try await t.token(for: t.person("clerk", roles: ["town_clerk"], unit: "371502-T03"))
            try await t.person("neighbour", roles: ["town_clerk"], unit: "371502-T04")
            try await t.person("colleague", roles: ["reviewer"], unit: "371502-T03-01")
            struct Units: Decodable { var items: [UnitDTO] }
            let units = try JSONDecoder().decode(Units.self, from: Data(try await t.send(.GET, "/api/v1/units", token: clerk).body.readableBytesView))
            #expect(Set(units.items.map(\.code)) == ["371502-T03", "371502-T03-01", "371502-T03-02", "371502-T03-V1", "371502-T03-V2"])
            struct Users: Decodable { var items: [UserDTO]; var total: Int }
            let users = try JSONDecoder().decode(Users.self, from: Data(try await t.send(.GET, "/api/v1/users", token: clerk).body.readableBytesView))
            // The demo's town legality reviewers (shencha…) belong to the town too.
            #expect(Set(users.items.map(\.username).filter { !$0.hasPrefix("shencha") }) == ["clerk", "colleague", "xinqu", "xinquhead"])
            #expect(users.items.filter { $0.username.hasPrefix("shencha") }.count == 10)
            #expect(users.items.first { $0.username == "colleague" }?.units == ["新区司法所"])
            #expect(users.items.allSatisfy { $0.isActive && !$0.locked })
            let other = try await t.unit("371502-T04")
            #expect(try await t.send(.GET, "/api/v1/units/\(other.id!)", token: clerk).status == .notFound)
            let neighbour = try await User.query(on: t.db).filter(\.$username == "neighbour").first()!
            #expect(try await t.send(.GET, "/api/v1/users/\(neighbour.id!)", token: clerk).status == .notFound)
        }
    }

    @Test(arguments: TestBackend.available)
    func phonesAreMaskedWithoutThePermission(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            try await t.person("withphone", roles: [], unit: "371502-D03", phone: "13812345678")
            let office = try await t.token(for: t.person("office2", roles: ["district_office"]))
            let clerk = try await t.token(for: t.person("clerk2", roles: ["department_clerk"], unit: "371502-D03"))
            let seen = try await t.send(.GET, "/api/v1/users?q=withphone", token: office).body.string
            let masked = try await t.send(.GET, "/api/v1/users?q=withphone", token: clerk).body.string
            #expect(seen.contains("13812345678"))
            #expect(masked.contains("138****5678") && !masked.contains("13812345678"))
            let (session, _) = try await t.signIn("clerk2")
            let page = try await t.send(.GET, "/users?q=withphone", session: session).body.string
            #expect(page.contains("138****5678") && !page.contains("13812345678"))
        }
    }

    @Test(.sqliteOnly) func outputIsEscaped() async throws {
        try await TestApp.with(.sqlite) { t in
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let district = try await t.unit("371502")
            _ = try await t.send(.POST, "/api/v1/units", token: admin,
                                 json: ["code": "XSS1", "name": "<script>alert(1)</script>", "kind": "department", "parentID": district.id!.uuidString])
            let (session, _) = try await t.signIn("sys")
            let page = try await t.send(.GET, "/units", session: session).body.string
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert"))
        }
    }

    @Test(.sqliteOnly) func threeDutiesStayApart() async throws {
        try await TestApp.with(.sqlite) { t in
            let sys = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let sec = try await t.token(for: t.person("sec", roles: ["security_admin"]))
            let aud = try await t.token(for: t.person("aud", roles: ["audit_admin"]))
            // Only the audit administrator reads the trail, and cannot change anything.
            #expect(try await t.send(.GET, "/api/v1/audit", token: sys).status == .forbidden)
            #expect(try await t.send(.GET, "/api/v1/audit", token: sec).status == .forbidden)
            #expect(try await t.send(.GET, "/api/v1/audit", token: aud).status == .ok)
            #expect(try await t.send(.GET, "/api/v1/audit/verify", token: aud).body.string.contains("\"intact\":true"))
            #expect(try await t.send(.POST, "/api/v1/units", token: aud, json: ["code": "A"]).status == .forbidden)
            // The security administrator manages roles but not accounts.
            #expect(try await t.send(.POST, "/api/v1/roles", token: sec,
                                     json: RoleWrite(code: "viewer", name: "查看", scope: "own_unit", permissions: ["unit.read"])).status == .created)
            #expect(try await t.send(.POST, "/api/v1/users", token: sec, json: ["username": "x"]).status == .forbidden)
            // The system administrator manages accounts but not roles.
            #expect(try await t.send(.POST, "/api/v1/roles", token: sys, json: ["code": "y"]).status == .forbidden)
            let (session, _) = try await t.signIn("aud")
            let csv = try await t.send(.GET, "/audit/export.csv", session: session)
            #expect(csv.status == .ok && csv.body.string.hasPrefix("\u{FEFF}序号"))
        }
    }

    @Test(arguments: TestBackend.available)
    func createdUsersGetAOneTimePassword(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let sys = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let unit = try await t.unit("371502-T01")
            let r = try await t.send(.POST, "/api/v1/users", token: sys,
                                     json: UserWrite(username: "newclerk", displayName: "新同事", phone: "13900001111", isActive: true, unitIDs: [unit.id!]))
            #expect(r.status == .created)
            struct Created: Decodable { var initialPassword: String }
            let password = try JSONDecoder().decode(Created.self, from: Data(r.body.readableBytesView)).initialPassword
            let (_, signIn) = try await t.signIn("newclerk", password: password)
            #expect(signIn.headers.first(name: .location) == "/account/password")
            let bad = try await t.send(.POST, "/api/v1/users", token: sys,
                                       json: UserWrite(username: "second", displayName: "坏号码", phone: "12345", isActive: true, unitIDs: [unit.id!]))
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("phone"))
        }
    }
}

@Suite("Hand-written JSON")
struct JSONWriterTests {
    @Test(.sqliteOnly) func writesWhatJSONDecoderReadsBack() throws {
        let tricky = "引号\" 反斜杠\\ 斜杠/ 换行\n 制表\t 控制\u{01} <script>"
        var w = JSONWriter()
        w.beginObject()
        w.key("s"); w.value(tricky)
        w.key("n"); w.value(Optional<String>.none)
        w.key("a"); w.beginArray(); w.value(1); w.value(true); w.value("x"); w.endArray()
        w.key("o"); w.beginObject(); w.key("k"); w.value(false); w.endObject()
        w.endObject()
        struct Back: Decodable { var s: String; var n: String?; var a: [Inner]; var o: [String: Bool]
            enum Inner: Decodable { case i(Int), b(Bool), s(String)
                init(from d: any Decoder) throws {
                    let c = try d.singleValueContainer()
                    if let b = try? c.decode(Bool.self) { self = .b(b) } else if let i = try? c.decode(Int.self) { self = .i(i) } else { self = .s(try c.decode(String.self)) }
                }
            }
        }
        let back = try JSONDecoder().decode(Back.self, from: Data(w.bytes))
        #expect(back.s == tricky && back.n == nil && back.a.count == 3 && back.o == ["k": false])
    }

    /// A register list written by hand says exactly what `Content` would: the same objects, dates
    /// in whole seconds (one just before a second's end, one before 1970), every kind of value.
    @Test(.sqliteOnly) func aRegisterListSaysWhatContentWould() throws {
        let items = [
            RecordsController.Item(id: UUID(), state: "open", stateLabel: "办理中\"", version: 3, overdue: ["due_on"],
                                    createdAt: Date(timeIntervalSince1970: 1_701_388_799.999), updatedAt: Date(timeIntervalSince1970: -86_400.5),
                                    fields: ["title": .string("整改/事项\n"), "n": .number(-42), "x": .null, "b": .bool(true), "d": .decimal(2.5), "e": .decimal(7)]),
            RecordsController.Item(id: UUID(), state: "closed", stateLabel: "已办结", version: 0, overdue: [],
                                    createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 1_800_000_000.25), fields: [:]),
        ]
        for (page, next) in [(Int?.some(2), String?.some("/api/v1/records/x?cursor=abc")), (nil, nil)] {
            let list = RecordsController.ItemList(items: items, total: 10_000, totalExact: false, page: page, per: 50, next: next)
            let written = try #require(try JSONSerialization.jsonObject(with: Data(list.json().bytes)) as? [String: Any])
            let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.custom(dates: .iso8601).encode(list)) as? [String: Any])
            // Content leaves out a nil; the hand-written list says null, as the document allows.
            #expect((written["page"] is NSNull) == (page == nil) && (written["next"] is NSNull) == (next == nil))
            #expect(NSDictionary(dictionary: written.filter { !($0.value is NSNull) }) == NSDictionary(dictionary: encoded))
        }
    }
}

extension JSONWriterTests {
    /// A group robot's message says what Foundation's serializer said before: the same object,
    /// its text escaped, keys in order.
    @Test(.sqliteOnly) func aWebhookMessageSaysWhatFoundationWould() throws {
        let r = OutboxReminder(id: 1, key: "licence:\(UUID()):7", channel: .webhook, recipient: "group", category: "food_business",
                               subject: "证照即将到期\"提醒\"", body: "第一行\n第二行\t/路径\\", link: nil, userID: nil, unitID: nil, attempt: 1)
        let written = ReminderChannels.webhookPayload(r).bytes
        let payload: [String: Any] = ["msgtype": "text", "text": ["content": r.subject + "\n" + r.body],
                                      "fazhi": ["key": r.key, "category": r.category, "link": r.link ?? ""]]
        let foundation = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(written)) as? [String: Any])
        #expect(NSDictionary(dictionary: parsed) == NSDictionary(dictionary: payload))
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
    }
}

@Suite("Query parameters")
struct QueryParamsTests {
    @Test(.sqliteOnly) func readsEachKeyOnceDecoded() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            try await t.person("zhang.san", roles: [])
            let r = try await t.send(.GET, "/api/v1/users?per=1&page=1&q=%E6%B5%8B%E8%AF%95zhang", token: admin)
            #expect(r.body.string.contains("\"username\":\"zhang.san\"") && r.body.string.contains("\"per\":1"))
            let paged = try await t.send(.GET, "/api/v1/users?per=1&page=2", token: admin).body.string
            #expect(paged.contains("\"page\":2") && paged.contains("\"total\":5"))
        }
    }
}
