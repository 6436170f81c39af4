@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

/// A real HTTP receiver on a local port, as a group robot or SMS gateway would be: it records
/// every request's idempotency key, and can be told to fail.
final class Receiver: Sendable {
    let app: Application
    let port: Int
    private let seen = NIOLockedValueBox<[String: Int]>([:])
    private let texts = NIOLockedValueBox<[String]>([])
    private let failing = NIOLockedValueBox<Bool>(false)

    private init(app: Application, port: Int) { self.app = app; self.port = port }

    static func start() async throws -> Receiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        let box = NIOLockedValueBox<Receiver?>(nil)
        let handler: @Sendable (Request) async throws -> HTTPStatus = { req in
            guard let r = box.withLockedValue({ $0 }) else { return .serviceUnavailable }
            if r.failing.withLockedValue({ $0 }) { return .internalServerError }
            let key = req.headers.first(name: "Idempotency-Key") ?? "?"
            r.seen.withLockedValue { $0[key, default: 0] += 1 }
            if let text = req.query[String.self, at: "text"] { r.texts.withLockedValue { $0.append(text) } }
            return .ok
        }
        app.post("hook", use: handler)
        app.get("sms", use: handler)
        try await app.server.start(address: nil)
        let port = try #require(app.http.server.shared.localAddress?.port)
        let r = Receiver(app: app, port: port)
        box.withLockedValue { $0 = r }
        return r
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var smsTemplate: String { "http://127.0.0.1:\(port)/sms?to={phone}&text={text}&key={key}" }
    var messages: [String] { texts.withLockedValue { $0 } }
    var counts: [String: Int] { seen.withLockedValue { $0 } }
    func fail(_ on: Bool) { failing.withLockedValue { $0 = on } }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

/// Runs `body` with a receiver that is stopped afterwards, whatever `body` does.
func withReceiver(_ body: (Receiver) async throws -> Void) async throws {
    let receiver = try await Receiver.start()
    do {
        try await body(receiver)
    } catch {
        try? await receiver.stop()
        throw error
    }
    try await receiver.stop()
}

@Suite("Reminders: planned once, sent once")
struct ReminderTests {
    let calculator = DeadlineCalculator(calendar: .builtIn)

    /// A market entity with a phone and one licence per expiry offset (days from today).
    func licences(_ t: TestApp, expiringIn offsets: [Int], kind: Licence.Kind = .foodBusiness, issuer: String = "371502-D05",
                  today: LocalDate, prefix: String = "A") async throws -> [UUID] {
        let issuerUnit = try await t.unit(issuer), town = try await t.unit("371502-T03")
        let code = try #require(IdentityCodes.creditCode("91371502MA3\(prefix)00000"))
        _ = try await RecordStore.create(MarketEntity.declaration.type, [
            "name": .text("聊城\(prefix)食品有限公司"), "credit_code": .text(code), "contact_phone": .text("13800000001"), "town": .uuid(town.id!),
        ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
        var ids: [UUID] = []
        for (i, offset) in offsets.enumerated() {
            let row = try await RecordStore.create(Licence.declaration.type, [
                "kind": .text(kind.rawValue), "number": .text("JY\(prefix)\(i)"), "holder": .text("聊城\(prefix)食品有限公司"), "credit_code": .text(code),
                "issuer": .uuid(issuerUnit.id!), "issued_on": .date(today.adding(days: offset - 1825)), "expires_on": .date(today.adding(days: offset)),
            ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            ids.append(row.id)
        }
        return ids
    }

    struct Row: Decodable { var key: String; var channel: String; var state: String; var next_attempt_at: Int64; var step: Int; var attempts: Int }

    func outbox(_ db: any Database) async throws -> [Row] {
        try await db.sql.raw("SELECT key, channel, state, next_attempt_at, step, attempts FROM reminders ORDER BY id").all(decoding: Row.self)
    }

    /// 10:00 China Standard Time on a date.
    func morning(_ day: LocalDate, hour: Int = 10) -> Date { day.instant(atHour: hour) }

    @Test(arguments: TestBackend.available)
    func licenceStepsArePlannedOnceWithQuietHours(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            let clerk = try await t.person("clerk", roles: ["department_clerk"], unit: "371502-D05")
            try await t.person("other", roles: ["department_clerk"], unit: "371502-D06")
            let ids = try await licences(t, expiringIn: [30, 29, 7, 0, -3, -40, 200], today: today)
            // A cancelled licence is not reminded.
            _ = try await RecordStore.transition(Licence.declaration.type, id: ids[1], action: "cancel", changes: [:], permissions: Set(Permission.allCases),
                                                 today: today, actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)

            let night = morning(today, hour: 22)
            let first = try await ReminderPlanner.run(now: night, on: t.db)
            // 30, 7, 0 and 3 days late (catch-up) each give an SMS to the holder and an inbox
            // message to the issuing unit's clerk; 40 days late and 200 ahead give nothing.
            #expect(first.licences == 8)
            let again = try await ReminderPlanner.run(now: night.addingTimeInterval(3600), on: t.db)
            #expect(again.total == 0, "a second pass adds nothing")

            let rows = try await outbox(t.db)
            #expect(Set(rows.map(\.step)) == [30, 7, 0])
            #expect(rows.filter { $0.channel == "inbox" }.allSatisfy { $0.key.hasSuffix(clerk.id!.uuidString) })
            // SMS planned at 22:00 waits for 08:00 the next morning; the inbox does not wait.
            let eight = Int64(morning(today.adding(days: 1), hour: 8).timeIntervalSince1970 * 1000)
            #expect(rows.filter { $0.channel == "sms" }.allSatisfy { $0.next_attempt_at == eight })
            #expect(rows.filter { $0.channel == "inbox" }.allSatisfy { $0.next_attempt_at < eight })

            // The inbox messages arrive once, for the clerk only.
            let dispatcher = ReminderDispatcher(db: t.db, config: t.app.fazhi.config.reminders)
            let tally = try await dispatcher.run(clock: .fixed(night))
            #expect(tally.sent == 4)
            struct Inbox: Decodable { var user_id: UUID; var subject: String }
            let inbox = try await t.db.sql.raw("SELECT user_id, subject FROM inbox_messages").all(decoding: Inbox.self)
            #expect(inbox.count == 4 && inbox.allSatisfy { $0.user_id == clerk.id })
            #expect(inbox.allSatisfy { $0.subject.contains("食品经营许可证") })
        }
    }

    /// Two dispatchers with their own connection pools work the same outbox at once; the
    /// receiver gets every reminder exactly once.
    @Test(arguments: TestBackend.available)
    func twoDispatchersDeliverEachReminderOnce(_ backend: TestBackend) async throws {
        try await withReceiver { receiver in
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            var plan = ReminderPlan(kind: .foodBusiness, remindHolder: false, remindIssuer: false, webhook: true)
            plan.offsets = [7]
            try await ReminderPlans.save(plan, district: try await t.unit("371502").id!, actor: .system(), now: TestClock.now, on: t.db)
            _ = try await licences(t, expiringIn: Array(repeating: 5, count: 240), today: today)
            let planned = try await ReminderPlanner.run(now: morning(today), on: t.db)
            #expect(planned.licences == 240)

            let second = try await Application.make(.testing)
            second.logger.logLevel = .critical
            do {
                try attach(second, to: t.location)
                var config = ReminderConfig()
                config.webhookURL = receiver.url
                config.batch = 15
                config.concurrency = 8
                var a = config, b = config
                a.instance = "app-1"; b.instance = "app-2"
                let now = morning(today)
                async let one = ReminderDispatcher(db: t.db, config: a).run(clock: .fixed(now))
                async let two = ReminderDispatcher(db: second.db, config: b).run(clock: .fixed(now))
                let (x, y) = try await (one, two)
                #expect(x.sent + y.sent == 240)
                #expect(x.failed + y.failed == 0)
                if backend == .postgres { #expect(x.sent > 0 && y.sent > 0, "both instances took part") }
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
            #expect(receiver.counts.count == 240)
            #expect(receiver.counts.values.allSatisfy { $0 == 1 }, "no reminder delivered twice")
            #expect(try await outbox(t.db).allSatisfy { $0.state == "sent" && $0.attempts == 1 })
        }
        }
    }

    /// A dispatcher that claimed reminders and died leaves them to the next one once its lease
    /// has run out; nothing is lost.
    @Test(arguments: TestBackend.available)
    func aDeadDispatchersClaimsAreTakenOver(_ backend: TestBackend) async throws {
        try await withReceiver { receiver in
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            try await ReminderPlans.save(ReminderPlan(kind: .foodBusiness, offsets: [7], remindHolder: false, remindIssuer: false, webhook: true),
                                         district: try await t.unit("371502").id!, actor: .system(), now: TestClock.now, on: t.db)
            _ = try await licences(t, expiringIn: Array(repeating: 3, count: 30), today: today)
            _ = try await ReminderPlanner.run(now: morning(today), on: t.db)
            let now = morning(today)
            let lost = try await ReminderOutbox.claim(instance: "died", now: now, lease: 300, limit: 12, on: t.db)
            #expect(lost.count == 12)

            var config = ReminderConfig()
            config.webhookURL = receiver.url
            config.instance = "survivor"
            let early = try await ReminderDispatcher(db: t.db, config: config).run(clock: .fixed(now.addingTimeInterval(60)))
            #expect(early.sent == 18, "claims under a live lease are left alone")
            let late = try await ReminderDispatcher(db: t.db, config: config).run(clock: .fixed(now.addingTimeInterval(301)))
            #expect(late.sent == 12)
            #expect(receiver.counts.count == 30 && receiver.counts.values.allSatisfy { $0 == 1 })
            #expect(try await outbox(t.db).allSatisfy { $0.state == "sent" })
        }
        }
    }

    /// Failures wait twice as long each time, then the reminder is dead-lettered; every attempt
    /// is in the delivery log; an administrator can send it again.
    @Test(arguments: TestBackend.available)
    func failuresBackOffThenDeadLetter(_ backend: TestBackend) async throws {
        try await withReceiver { receiver in
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            try await ReminderPlans.save(ReminderPlan(kind: .foodBusiness, offsets: [7], remindHolder: false, remindIssuer: false, webhook: true),
                                         district: try await t.unit("371502").id!, actor: .system(), now: TestClock.now, on: t.db)
            _ = try await licences(t, expiringIn: [6], today: today)
            let start = morning(today)
            _ = try await ReminderPlanner.run(now: start, on: t.db)
            var config = ReminderConfig()
            config.webhookURL = receiver.url
            config.retry = RetryPolicy(maxAttempts: 3, firstWait: 60)
            let dispatcher = ReminderDispatcher(db: t.db, config: config)
            receiver.fail(true)
            #expect(try await dispatcher.run(clock: .fixed(start)).failed == 1)
            #expect(try await dispatcher.run(clock: .fixed(start.addingTimeInterval(59))) == .init(), "not before its wait is over")
            #expect(try await dispatcher.run(clock: .fixed(start.addingTimeInterval(61))).failed == 1)
            #expect(try await dispatcher.run(clock: .fixed(start.addingTimeInterval(61 + 119))) == .init(), "the second wait is twice the first")
            #expect(try await dispatcher.run(clock: .fixed(start.addingTimeInterval(61 + 121))).failed == 1)
            let rows = try await outbox(t.db)
            #expect(rows.map(\.state) == ["dead"] && rows.map(\.attempts) == [3])
            struct N: Decodable { var n: Int }
            let log = try await t.db.sql.raw("SELECT COUNT(*) AS n FROM reminder_attempts WHERE ok = 0").first(decoding: N.self)?.n
            #expect(log == 3)
            #expect(try await dispatcher.run(clock: .fixed(start.addingTimeInterval(100_000))) == .init(), "a dead letter is not retried by itself")

            receiver.fail(false)
            struct ID: Decodable { var id: Int64 }
            let id = try #require(try await t.db.sql.raw("SELECT id FROM reminders").first(decoding: ID.self)).id
            try await ReminderOutbox.retry(id, scope: .everything, actor: .system(), now: start.addingTimeInterval(200_000), on: t.db)
            #expect(try await dispatcher.run(clock: .fixed(start.addingTimeInterval(200_000))).sent == 1)
            #expect(receiver.counts.count == 1)
        }
        }
    }

    /// A register's due date reminds the people who can act on the record before it, and on
    /// the first overdue day escalates to the unit's head and the district office.
    @Test(arguments: TestBackend.available)
    func deadlinesRemindThenEscalate(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            let town = try await t.unit("371502-T05")
            let clerk = try await t.person("townclerk", roles: ["town_clerk"], unit: "371502-T05")
            let head = try await t.person("townhead", roles: ["unit_head"], unit: "371502-T05")
            let office = try await t.person("officer", roles: ["district_office"], unit: "371502-D01")
            try await t.person("elsewhere", roles: ["town_clerk", "unit_head"], unit: "371502-T04")
            // Another district's office hears nothing of this district's records.
            let neighbour = DemoOrganisation.districts(2)[1]
            try await Bootstrap.addDemoDistrict(neighbour, hash: { $0 }, on: t.db)
            let otherOffice = try await t.person("otheroffice", roles: ["district_office"], unit: neighbour.code)
            let type = Rectification.declaration.type
            for (finding, due) in [("两天后到期", 2), ("昨天到期", -1), ("十天后到期", 10)] {
                _ = try await RecordStore.create(type, ["finding": .text(finding), "unit": .uuid(town.id!), "found_on": .date(today.adding(days: -20)),
                                                        "due_on": .date(today.adding(days: due))],
                                                 actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            }
            let planned = try await ReminderPlanner.run(now: morning(today), on: t.db)
            struct R: Decodable { var user_id: UUID; var step: Int; var subject: String }
            let rows = try await t.db.sql.raw("SELECT user_id, step, subject FROM reminders ORDER BY step, subject").all(decoding: R.self)
            let soon = rows.filter { $0.step > 0 }, late = rows.filter { $0.step < 0 }
            #expect(soon.map(\.user_id) == [clerk.id!])
            #expect(soon.first?.subject.contains("两天后到期") == true)
            #expect(Set(late.map(\.user_id)).isSuperset(of: [head.id!, office.id!]))
            #expect(!rows.contains { $0.user_id == otherOffice.id! }, "an escalation reaches only its own district's office")
            #expect(!rows.contains { $0.subject.contains("十天后到期") })
            let demoOffice = try await User.query(on: t.db).filter(\.$username == "office").first()
            #expect(planned.deadlines == 1 + 2 + (demoOffice == nil ? 0 : 1), "the clerk; the head and every district officer")
            #expect(try await ReminderPlanner.run(now: morning(today).addingTimeInterval(3600), on: t.db).total == 0)
        }
    }

    /// A normative document's expiry is reminded when its six-month evaluation window opens, and a
    /// record with two deadlines gets a reminder for each.
    @Test(arguments: TestBackend.available)
    func evaluationWindowAndTwoDeadlinesOfOneRecord(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            let unit = try await t.unit("371502-D01")
            let officer = try await t.person("officer", roles: ["district_office"], unit: "371502-D01")
            let type = NormativeDocument.declaration.type
            var ids: [String: UUID] = [:]
            for (title, filing, expiry) in [("五个月后届满", 2, 150), ("七个月后届满", 20, 213), ("逾期未备案且已届满", -1, -1)] {
                let row = try await RecordStore.create(type, ["title": .text(title), "issuer": .uuid(unit.id!), "validity": .text("five_years"),
                                                              "drafted_on": .date(today.adding(months: -60))],
                                                       actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
                try await t.db.sql.raw("""
                    UPDATE rec_normative_documents SET state = 'published', published_on = \(bind: today.adding(days: -28).description),
                      filing_due_on = \(bind: today.adding(days: filing).description), expires_on = \(bind: today.adding(days: expiry).description)
                    WHERE id = \(bind: row.id)
                    """).run()
                ids[title] = row.id
            }
            _ = try await ReminderPlanner.run(now: morning(today), on: t.db)
            struct R: Decodable { var record_id: UUID; var step: Int; var body: String }
            let mine = try await t.db.sql.raw("SELECT record_id, step, body FROM reminders WHERE user_id = \(bind: officer.id!) ORDER BY step")
                .all(decoding: R.self)
            let soon = try #require(ids["五个月后届满"]), later = try #require(ids["七个月后届满"])
            #expect(mine.filter { $0.record_id == soon }.map(\.step) == [3, 180], "the filing deadline and the evaluation window, both")
            #expect(mine.first { $0.step == 180 }?.body.contains("请在有效期届满前组织评估") == true)
            #expect(!mine.contains { $0.record_id == later }, "seven months ahead is not yet in the window")
            let overdue = try #require(ids["逾期未备案且已届满"])
            #expect(mine.filter { $0.record_id == overdue && $0.step == -1 }.count == 2, "each overdue deadline escalates")
            #expect(try await ReminderPlanner.run(now: morning(today).addingTimeInterval(3600), on: t.db).deadlines == 0)
        }
    }

    /// The hourly job runs on one instance only, however many try.
    @Test(arguments: TestBackend.available)
    func theHourIsClaimedOnce(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let now = TestClock.now
            let slot = ReminderScheduler.hourSlot(now)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 { group.addTask { try await JobRuns.claim(job: "test", slot: slot, instance: "i\(i)", now: now, on: t.db) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(slot.count == "2026-03-02T10".count)
        }
    }

    /// 我的待办, 站内信 and the outbox through pages and the API, with the right people and masking.
    @Test(arguments: TestBackend.available)
    func pagesForPeopleAndAdministrators(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let today = TestClock.today
            let town = try await t.unit("371502-T05")
            let clerk = try await t.person("townclerk", roles: ["town_clerk"], unit: "371502-T05")
            try await t.person("officer", roles: ["district_office"], unit: "371502-D01")
            // Reminders are business: a desk that manages them without 查看完整个人信息 (the system
            // administrator may not manage them at all).
            _ = try await OrganisationStore.createRole(RoleInput(code: "reminder_desk", name: "提醒值守", scope: .all, permissions: [.reminderManage]),
                                                      actor: .system(), on: t.db)
            try await t.person("desk", roles: ["reminder_desk"], unit: "371502")
            _ = try await RecordStore.create(Rectification.declaration.type, [
                "finding": .text("台账不全<script>"), "unit": .uuid(town.id!), "found_on": .date(today.adding(days: -20)), "due_on": .date(today.adding(days: 2)),
            ], actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            _ = try await licences(t, expiringIn: [7], today: today)
            _ = try await ReminderPlanner.run(now: TestClock.now, on: t.db)
            _ = try await ReminderDispatcher(db: t.db, config: t.app.fazhi.config.reminders).run(clock: t.app.fazhi.config.clock)

            let (clerkSession, _) = try await t.signIn("townclerk")
            let todo = try await t.send(.GET, "/todo", session: clerkSession)
            #expect(todo.status == .ok && todo.body.string.contains("台账不全&lt;script&gt;") && todo.body.string.contains("还有 2 天"))
            let inbox = try await t.send(.GET, "/inbox", session: clerkSession)
            #expect(inbox.body.string.contains("整改事项即将到期") && inbox.body.string.contains("未读"))
            #expect(try await t.send(.POST, "/inbox/read", session: clerkSession, form: [:]).status == .seeOther)
            #expect(try await ReminderQueries.unread(user: clerk.id!, on: t.db) == 0)
            #expect(try await t.send(.GET, "/reminders", session: clerkSession).status == .forbidden)
            let api = try await t.send(.GET, "/api/v1/todo", token: t.token(for: clerk))
            #expect(api.status == .ok && api.body.string.contains("\"daysLeft\":2"))

            // The district office manages plans; a bad plan is refused in Chinese and nothing changes.
            let (office, _) = try await t.signIn("officer")
            let page = try await t.send(.GET, "/reminders", session: office)
            #expect(page.status == .ok && page.body.string.contains("食品经营许可证") && page.body.string.contains("13800000001"))
            #expect(page.body.string.contains("按类别和渠道") && page.body.string.contains("<td>整改事项</td><td>站内信</td><td>1</td>"), "this year's sent reminders by kind and channel")
            let bad = try await t.send(.POST, "/reminders/plans", session: office,
                                       form: ["kind": "food_business", "offsets": "90,abc", "holder": "1", "quietFrom": "20", "quietUntil": "8"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("「abc」不是 0 到 365 之间的天数"))
            #expect(try await ReminderPlans.all(district: try await t.unit("371502").id!, on: t.db)[.foodBusiness]?.offsets == [90, 30, 7, 0])
            let good = try await t.send(.POST, "/reminders/plans", session: office,
                                        form: ["kind": "food_business", "offsets": "60，15、3", "holder": "1", "quietFrom": "21", "quietUntil": "7"])
            #expect(good.status == .seeOther)
            #expect(try await ReminderPlans.all(district: try await t.unit("371502").id!, on: t.db)[.foodBusiness] == ReminderPlan(kind: .foodBusiness, offsets: [60, 15, 3], remindHolder: true,
                                                                                          remindIssuer: false, webhook: false, quietFrom: 21, quietUntil: 7))

            // Without 查看完整个人信息 the holder's phone is masked.
            let (desk, _) = try await t.signIn("desk")
            let masked = try await t.send(.GET, "/reminders?state=pending", session: desk)
            #expect(masked.status == .ok && masked.body.string.contains("138****0001") && !masked.body.string.contains("13800000001"))
        }
    }

    /// A holder proves itself with the code sent to its phone, sees its licences and chooses
    /// e-mail; bad input and too many requests are refused in Chinese.
    @Test(arguments: TestBackend.available)
    func holderSubscribesOnThePortal(_ backend: TestBackend) async throws {
        try await withReceiver { receiver in
        try await TestApp.with(backend, configure: { $0.reminders.smsURL = receiver.smsTemplate }) { t in
            let today = TestClock.today
            _ = try await licences(t, expiringIn: [45], today: today)
            let code = try #require(IdentityCodes.creditCode("91371502MA3A00000"))
            var session = TestApp.Session(cookies: [:], csrf: "")
            let start = try await t.send(.GET, "/portal/licences")
            #expect(start.status == .ok)
            session.absorb(start)
            session.csrf = try #require(TestApp.csrf(in: start.body.string))

            let wrongDigit = String(code.dropLast()) + (code.last == "0" ? "1" : "0")
            let bad = try await t.send(.POST, "/portal/licences/code", session: session, form: ["credit_code": wrongDigit, "phone": "13800000001"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("校验位不符"))
            // Somebody else's number for a registered code: the same page, no code made, nothing
            // sent, and the holder's own request is not held up by it.
            for _ in 0..<3 {
                let other = try await t.send(.POST, "/portal/licences/code", session: session, form: ["credit_code": code, "phone": "13800000009"])
                #expect(other.status == .ok || other.status == .tooManyRequests)
            }
            #expect(try await t.db.sql.raw("SELECT id FROM verification_codes").all().isEmpty, "a wrong number makes no code")
            let sent = try await t.send(.POST, "/portal/licences/code", session: session, form: ["credit_code": code.lowercased(), "phone": "13800000001"])
            session.absorb(sent)
            #expect(sent.status == .ok && sent.body.string.contains("如该统一社会信用代码已在本区登记") && !sent.body.string.contains("138****0001"))
            // A code that is not registered gets the same page, and the same limits, but no SMS.
            let unknown = try #require(IdentityCodes.creditCode("91371502MA3A99999"))
            let unregistered = try await t.send(.POST, "/portal/licences/code", session: session, form: ["credit_code": unknown, "phone": "13800000001"])
            #expect(unregistered.status == sent.status)
            #expect(unregistered.body.string.replacingOccurrences(of: unknown, with: "X") == sent.body.string.replacingOccurrences(of: code, with: "X"))
            let unknownAgain = try await t.send(.POST, "/portal/licences/code", session: session, form: ["credit_code": unknown, "phone": "13800000001"])
            #expect(unknownAgain.status == .tooManyRequests && unknownAgain.body.string.contains("1 分钟后"))
            // The SMS goes out beside the answer; wait for it (at most 10 s).
            for _ in 0..<100 where receiver.messages.isEmpty { try await Task.sleep(nanoseconds: 100_000_000) }
            #expect(receiver.messages.count == 1, "one SMS, for the registered code only")
            let sms = try #require(receiver.messages.last)
            let digits = try #require(sms.split(separator: "验证码").last.map { String($0.prefix(6)) })
            #expect(digits.count == 6 && digits.allSatisfy(\.isNumber))
            // The code is nowhere but in the SMS: the outbox keeps its mark, the table its hash.
            struct Body: Decodable { var body: String }
            let kept = try await t.db.sql.raw("SELECT body FROM reminders WHERE source = 'verification'").all(decoding: Body.self)
            #expect(kept.count == 1 && kept[0].body.contains(ReminderText.codeMark) && !kept[0].body.contains(digits))
            let again = try await t.send(.POST, "/portal/licences/code", session: session, form: ["credit_code": code, "phone": "13800000001"])
            #expect(again.status == .tooManyRequests && again.body.string.contains("1 分钟后"))

            let wrong = digits == "000000" ? "111111" : "000000"
            let refused = try await t.send(.POST, "/portal/licences/verify", session: session, form: ["credit_code": code, "code": wrong])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("验证码不正确"))
            #expect(try await t.send(.GET, "/portal/licences/mine", session: session).status == .seeOther, "no grant yet")
            let verified = try await t.send(.POST, "/portal/licences/verify", session: session, form: ["credit_code": code, "code": digits])
            #expect(verified.status == .seeOther)
            session.absorb(verified)
            let mine = try await t.send(.GET, "/portal/licences/mine", session: session)
            #expect(mine.status == .ok && mine.body.string.contains("JYA0") && mine.body.string.contains("食品经营许可证"))
            let badEmail = try await t.send(.POST, "/portal/licences/channel", session: session, form: ["channel": "email", "email": "not-an-address"])
            #expect(badEmail.status == .unprocessableEntity && badEmail.body.string.contains("「电子邮箱」格式不正确"))
            #expect(try await HolderPortal.subscription(creditCode: code, on: t.db).channel == .sms, "nothing saved")
            let saved = try await t.send(.POST, "/portal/licences/channel", session: session, form: ["channel": "email", "email": "boss@example.com"])
            #expect(saved.status == .seeOther)

            // The next reminder goes by e-mail, not SMS.
            _ = try await ReminderPlanner.licences(now: Date(timeIntervalSince1970: TimeInterval(today.adding(days: 15).dayNumber * 86_400 + 2 * 3600)), on: t.db)
            struct R: Decodable { var channel: String; var recipient: String }
            let rows = try await t.db.sql.raw("SELECT channel, recipient FROM reminders WHERE source = 'licence'").all(decoding: R.self)
            #expect(rows.contains { $0.channel == "email" && $0.recipient == "boss@example.com" } && !rows.contains { $0.channel == "sms" })
        }
        }
    }

    /// A verification SMS is left to its request: the minute's round does not take it while its
    /// code lasts. One whose code was not filled in by its request (the send failed, the process
    /// died) is never sent with its mark and never retried: it goes to the dead letters.
    @Test(arguments: TestBackend.available)
    func aVerificationCodeIsSentOnlyByItsRequest(_ backend: TestBackend) async throws {
        try await withReceiver { receiver in
        try await TestApp.with(backend, configure: { $0.reminders.smsURL = receiver.smsTemplate }) { t in
            _ = try await licences(t, expiringIn: [45], today: TestClock.today)
            let code = try #require(IdentityCodes.creditCode("91371502MA3A00000"))
            let request = try await HolderPortal.requestCode(creditCode: code, phone: "13800000001", nonce: "n", client: "203.0.113.1", now: TestClock.now, on: t.db)
            let id = try #require(request.reminder)
            let dispatcher = ReminderDispatcher(db: t.db, config: t.app.fazhi.config.reminders)
            _ = try await dispatcher.run(clock: t.app.fazhi.config.clock)
            #expect(try #require(try await ReminderQueries.find(id, scope: .everything, on: t.db)).0.state == ReminderState.pending.rawValue)
            _ = try await dispatcher.run(clock: .fixed(t.app.fazhi.config.clock.now.addingTimeInterval(PortalCodes.codeLifetime + 60)))
            #expect(receiver.messages.isEmpty)
            let (row, attempts) = try #require(try await ReminderQueries.find(id, scope: .everything, on: t.db))
            #expect(row.state == ReminderState.dead.rawValue && attempts.count == 1)
        }
        }
    }

    /// The outbox, its counts and a reminder's page are limited to the manager's districts.
    @Test(arguments: TestBackend.available)
    func theOutboxKeepsToTheManagersDistrict(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            let town = try await t.unit("371502-T05")
            let neighbour = DemoOrganisation.districts(2)[1]
            try await Bootstrap.addDemoDistrict(neighbour, hash: { $0 }, on: t.db)
            let office = try await t.token(for: t.person("officer", roles: ["district_office"], unit: "371502-D01"))
            let other = try await t.token(for: t.person("otheroffice", roles: ["district_office"], unit: neighbour.code))
            try await t.person("townclerk", roles: ["town_clerk"], unit: "371502-T05")
            _ = try await RecordStore.create(Rectification.declaration.type, ["finding": .text("两天后到期"), "unit": .uuid(town.id!),
                                                                              "found_on": .date(today.adding(days: -20)), "due_on": .date(today.adding(days: 2))],
                                             actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            _ = try await ReminderPlanner.run(now: morning(today), on: t.db)
            struct ID: Decodable { var id: Int64 }
            let id = try #require(try await t.db.sql.raw("SELECT id FROM reminders").first(decoding: ID.self)).id
            #expect(try await t.send(.GET, "/api/v1/reminders", token: office).body.string.contains(#""total":1"#))
            #expect(try await t.send(.GET, "/api/v1/reminders", token: other).body.string.contains(#""total":0"#))
            #expect(try await t.send(.GET, "/reminders/\(id)", token: office).status == .ok)
            #expect(try await t.send(.GET, "/reminders/\(id)", token: other).status == .notFound)
            #expect(try await t.send(.POST, "/reminders/\(id)/retry", token: other).status == .notFound)
        }
    }
    /// Two districts, each with its own plan: a licence is reminded by its own district's plan to
    /// its own issuing clerks under its own district's name, and an overdue record escalates to
    /// its own district's office. No reminder of one district reaches a person of the other.
    @Test(arguments: TestBackend.available)
    func districtsKeepApartInEveryReminder(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let today = LocalDate(year: 2026, month: 3, day: 2)!
            let neighbour = DemoOrganisation.districts(2)[1]
            try await Bootstrap.addDemoDistrict(neighbour, hash: { $0 }, on: t.db)
            let here = try await t.unit(DemoOrganisation.district.code), there = try await t.unit(neighbour.code)
            try await t.person("clerka", roles: ["department_clerk"], unit: "371502-D05")
            try await t.person("clerkb", roles: ["department_clerk"], unit: "\(neighbour.code)-D05")
            try await t.person("officea", roles: ["district_office"], unit: "371502-D01")
            try await t.person("officeb", roles: ["district_office"], unit: "\(neighbour.code)-D01")
            try await t.person("heada", roles: ["unit_head"], unit: "371502-T05")
            try await t.person("headb", roles: ["unit_head"], unit: "\(neighbour.code)-T05")
            // The neighbour reminds food licences 120 days ahead and on the day, and not the holder;
            // here the default plan's first step is 90 days ahead.
            try await ReminderPlans.save(ReminderPlan(kind: .foodBusiness, offsets: [120, 0], remindHolder: false), district: there.id!, actor: .system(), now: TestClock.now, on: t.db)
            let a = try await licences(t, expiringIn: [30, 100], today: today, prefix: "A")
            let b = try await licences(t, expiringIn: [100], issuer: "\(neighbour.code)-D05", today: today, prefix: "B")
            for (code, finding) in [("371502-T05", "本区逾期整改"), ("\(neighbour.code)-T05", "邻区逾期整改")] {
                let town = try await t.unit(code).requireID()
                let fields: RecordValues = ["finding": .text(finding), "unit": .uuid(town), "found_on": .date(today.adding(days: -20)),
                                                    "due_on": .date(today.adding(days: -1))]
                _ = try await RecordStore.create(Rectification.declaration.type, fields, actor: .system(), scope: .everything, calculator: calculator, on: t.db, now: TestClock.now)
            }
            _ = try await ReminderPlanner.run(now: morning(today), on: t.db)

            struct R: Decodable { var source: String; var record_id: UUID; var channel: String; var user_id: UUID?; var unit_id: UUID; var body: String }
            let rows = try await t.db.sql.raw("SELECT source, record_id, channel, user_id, unit_id, body FROM reminders").all(decoding: R.self)
            let district = try await Districts.byUnit(on: t.db).mapValues(\.id)
            var home: [UUID: Set<UUID>] = [:]
            for m in try await t.db.sql.raw("SELECT user_id, unit_id FROM user_units").all(decoding: UserUnit.self) {
                home[m.user_id, default: []].insert(district[m.unit_id] ?? m.unit_id)
            }
            // Each district's plan: here the 30-day step (holder and clerk) and nothing 100 days
            // ahead; there the 120-day step (the clerk only).
            #expect(Set(rows.filter { $0.source == "licence" }.map(\.record_id)) == [a[0], b[0]])
            #expect(rows.filter { $0.record_id == b[0] }.map(\.channel) == ["inbox"])
            #expect(rows.filter { $0.record_id == a[0] }.allSatisfy { $0.body.contains(DemoOrganisation.district.name) })
            #expect(rows.filter { $0.record_id == b[0] }.allSatisfy { $0.body.contains(neighbour.name) && !$0.body.contains(DemoOrganisation.district.name) })
            // Both districts' escalations were planned, each only inside its own district.
            let escalated = Set(rows.filter { $0.source == "deadline" }.compactMap { district[$0.unit_id] })
            #expect(escalated == [here.id!, there.id!])
            let addressed = rows.filter { $0.user_id != nil }
            #expect(addressed.count >= 6, "two clerks, two heads, two offices at least")
            for r in addressed {
                #expect(home[r.user_id!] == [district[r.unit_id]!], "\(r.source) of one district sent to a person of another")
            }
        }
    }

    struct UserUnit: Decodable { var user_id: UUID; var unit_id: UUID }
}
