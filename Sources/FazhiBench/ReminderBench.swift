import AsyncHTTPClient
import FazhiCore
import FazhiStore
import FazhiWeb
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// 整点报时 at scale: `licences` licences of which `due` are at a reminder step this hour, every
/// plan sending to the group robot; the hour's reminders are planned and dispatched to a local
/// webhook receiver (a second HTTP server in this process) that counts idempotency keys.
extension Bench {
    static func reminders(licences: Int, due: Int, location: DatabaseLocation) async throws {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        let receiver = try await Application.make(.production)
        receiver.logger.logLevel = .error
        do {
            if case .postgres(let url) = location { try await emptyPostgres(url) }
            try await configure(app, config: AppConfig(database: location, demo: true, bcryptCost: 4, printCredentials: false))
            guard let district = try await Districts.all(on: app.db).first else { return }
            for kind in Licence.Kind.allCases {
                try await ReminderPlans.save(ReminderPlan(kind: kind, remindHolder: false, remindIssuer: false, webhook: true), district: district.id,
                                             actor: .system(), now: Date(), on: app.db)
            }
            struct U: Decodable { var id: UUID }
            guard let issuer = try await app.db.sql.raw("SELECT id FROM units WHERE code = '371502-D06'").first(decoding: U.self)?.id else { return }

            // Load: `due` food licences expiring in five days (the 7-day step), the rest far ahead.
            let now = Date(), today = LocalDate(now)
            var start = DispatchTime.now().uptimeNanoseconds
            let chunk = 100_000
            for first in stride(from: 0, to: licences, by: chunk) {
                var rows: [RecordValues] = []
                rows.reserveCapacity(chunk)
                for i in first..<min(first + chunk, licences) {
                    let kind: Licence.Kind = i < due ? .foodBusiness : Licence.Kind.allCases[i % Licence.Kind.allCases.count]
                    let expires = i < due ? today.adding(days: 5) : today.adding(days: 200 + i % 1800)
                    let code = IdentityCodes.creditCode("91371502" + String(format: "%09d", i)) ?? ""
                    rows.append(["kind": .text(kind.rawValue), "number": .text(String(format: "BN%09d", i)), "holder": .text("基准主体\(i)"),
                                 "credit_code": .text(code), "issuer": .uuid(issuer), "issued_on": .date(expires.adding(months: -60)),
                                 "expires_on": .date(expires)])
                }
                _ = try await RecordImport.bulk(Licence.declaration.type, rows, label: "基准测试：证照 \(first)", actor: .system("基准测试"), on: app.db, now: Date())
            }
            print(String(format: "  loaded %d licences in %.1f s", licences, seconds(since: start)))
            // The hour's planning meets a settled table, as it would at a real hour, not
            // autovacuum working through a million fresh rows beside it.
            if !app.db.isSQLite {
                start = DispatchTime.now().uptimeNanoseconds
                try await app.db.sql.raw("VACUUM ANALYZE \(unsafeRaw: Licence.declaration.type.table)").run()
                print(String(format: "  VACUUM ANALYZE of the licences in %.1f s", seconds(since: start)))
            }

            let seen = NIOLockedValueBox<[String: Int]>([:])
            receiver.http.server.configuration.hostname = "127.0.0.1"
            receiver.http.server.configuration.port = 0
            receiver.post("hook") { req -> HTTPStatus in
                let key = req.headers.first(name: "Idempotency-Key") ?? "?"
                seen.withLockedValue { $0[key, default: 0] += 1 }
                return .ok
            }
            try await receiver.server.start(address: nil)
            guard let port = receiver.http.server.shared.localAddress?.port else { return }

            start = DispatchTime.now().uptimeNanoseconds
            let selected = try await ReminderPlanner.countDueLicences(now: now, on: app.db)
            print(String(format: "  due-selection query alone: %d licences at a step in %.2f s", selected, seconds(since: start)))
            start = DispatchTime.now().uptimeNanoseconds
            let planned = try await ReminderPlanner.licences(now: now, on: app.db)
            let planning = seconds(since: start)
            print(String(format: "  planning (selection and outbox writes in the same transactions): %d reminders in %.2f s", planned, planning))

            var config = ReminderConfig()
            config.webhookURL = "http://127.0.0.1:\(port)/hook"
            config.batch = 1000
            config.concurrency = 128
            // What HTTP alone allows on these cores: the same posts, client, receiver and number
            // in flight, with no database on either side.
            let posts = min(due, 20_000)
            start = DispatchTime.now().uptimeNanoseconds
            try await postOnly(posts, to: config.webhookURL!, concurrency: config.concurrency)
            let alone = seconds(since: start)
            print(String(format: "  HTTP alone: %d webhook posts in %.2f s (%.0f per second), so %d take at least %.1f s",
                         posts, alone, Double(posts) / alone, due, alone * Double(due) / Double(posts)))
            seen.withLockedValue { $0 = [:] }
            start = DispatchTime.now().uptimeNanoseconds
            let tally = try await ReminderDispatcher(db: app.db, config: config).run(clock: .system)
            let dispatch = seconds(since: start)
            let keys = seen.withLockedValue { $0 }
            print(String(format: "  dispatch: %d sent, %d failed in %.1f s (%.0f per second); the receiver got %d distinct keys, %d duplicates",
                         tally.sent, tally.failed, dispatch, Double(tally.sent) / dispatch, keys.count, keys.values.reduce(0, +) - keys.count))
            print(String(format: "  the hour's reminders, planned and dispatched: %.1f s (target < 15 s)", planning + dispatch))
        } catch {
            await receiver.server.shutdown()
            try? await receiver.asyncShutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await receiver.server.shutdown()
        try await receiver.asyncShutdown()
        try await app.asyncShutdown()
    }

    /// `count` posts of a reminder's size to `url`, `concurrency` at a time, through the
    /// dispatcher's own HTTP client.
    static func postOnly(_ count: Int, to url: String, concurrency: Int) async throws {
        let body = ByteBuffer(string: #"{"fazhi":{"category":"food_business","key":"licence:00000000-0000-0000-0000-000000000000:7","link":"/records/licences/00000000-0000-0000-0000-000000000000"},"msgtype":"text","text":{"content":"证照即将到期提醒\n基准主体的食品经营许可证（BN000000000）将于 2026-12-09 到期，请提醒持证人及时办理延续。"}}"#)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var sent = 0
            func post() {
                let i = sent
                sent += 1
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
                    request.headers.add(name: "Idempotency-Key", value: "http-alone-\(i)")
                    request.body = .bytes(body)
                    let response = try await ReminderDispatcher.client.execute(request, timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 64 * 1024)
                }
            }
            for _ in 0..<min(concurrency, count) { post() }
            while try await group.next() != nil { if sent < count { post() } }
        }
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
