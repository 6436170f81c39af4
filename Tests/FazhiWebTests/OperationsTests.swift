@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Calendar API, OpenAPI, metrics, backup")
struct OperationsTests {
    @Test(.sqliteOnly) func deadlineAPI() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let token = try await t.token(for: t.person("clerk", roles: []))
            let r = try await t.send(.GET, "/api/v1/calendar/deadline?from=2024-02-08&amount=20", token: token)
            #expect(r.status == .ok && r.body.string.contains("\"due\":\"2024-03-13\"") && r.body.string.contains("\"provisional\":false"))
            let rolled = try await t.send(.GET, "/api/v1/calendar/deadline?from=2023-08-01&amount=60&unit=days", token: token)
            #expect(rolled.body.string.contains("\"due\":\"2023-10-07\""))
            let bad = try await t.send(.GET, "/api/v1/calendar/deadline?from=2024-02-30&amount=20", token: token)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("from"))
            for refused in ["amount=3651", "amount=-1", "amount=9223372036854775807&unit=months", "amount=2&unit=weeks", "unit=days"] {
                let r = try await t.send(.GET, "/api/v1/calendar/deadline?from=2024-02-08&" + refused, token: token)
                #expect(r.status == .unprocessableEntity, "\(refused)")
            }
            let farFuture = try await t.send(.GET, "/api/v1/calendar/deadline?from=9999-12-31&amount=3650&unit=months", token: token)
            #expect(farFuture.status == .unprocessableEntity && farFuture.body.string.contains("from"), "a date beyond 2199 is refused, not counted past year 9999")
            let longest = try await t.send(.GET, "/api/v1/calendar/deadline?from=2199-12-31&amount=3650&unit=months", token: token)
            #expect(longest.status == .ok && longest.body.string.contains("\"due\":\"2504-02-29\""), "\(longest.body.string)")
        }
    }

    @Test(arguments: TestBackend.available)
    func loadingAYearEndsProvisionalDeadlines(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let before = try await t.send(.GET, "/api/v1/calendar/deadline?from=2026-12-25&amount=10&unit=workingDays", token: admin)
            #expect(before.body.string.contains("\"provisional\":true"))
            let notice = #"{"year":2027,"papers":["测试通知"],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}"#
            var headers = HTTPHeaders(); headers.bearerAuthorization = .init(token: admin); headers.contentType = .json
            let r = try await t.app.testing().sendRequest(.POST, "/api/v1/calendar/years", headers: headers, body: ByteBuffer(string: notice))
            #expect(r.status == .created)
            let after = try await t.send(.GET, "/api/v1/calendar/deadline?from=2026-12-25&amount=10&unit=workingDays", token: admin)
            #expect(after.body.string.contains("\"provisional\":false"))
            // 2026-12-28..31 (4), 2027-01-04..08 (9), 01-11 (10): New Year's Day is now known.
            #expect(after.body.string.contains("\"due\":\"2027-01-11\""))
            let broken = try await t.app.testing().sendRequest(.POST, "/api/v1/calendar/years", headers: headers, body: ByteBuffer(string: "{\"year\":"))
            #expect(broken.status == .unprocessableEntity)
            #expect(try await AuditLog.list(on: t.db, filter: .init(entityType: "calendar_year"), limit: 5).total == 1)
        }
    }

    @Test(.sqliteOnly) func sqliteRunsInWALWithForeignKeys() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            struct Mode: Decodable { var journal_mode: String }
            struct FK: Decodable { var foreign_keys: Int }
            let mode = try await t.db.sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)
            let fk = try await t.db.sql.raw("PRAGMA foreign_keys").first(decoding: FK.self)
            #expect(mode?.journal_mode == "wal")
            #expect(fk?.foreign_keys == 1)
        }
    }

    @Test(.sqliteOnly) func openAPIDescribesEveryAPIRoute() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let r = try await t.send(.GET, "/api/v1/openapi.json")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any])
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            for route in t.app.routes.all {
                let path = "/" + route.path.map { c -> String in
                    if case .parameter(let n) = c { return "{\(n)}" }
                    return c.description
                }.joined(separator: "/")
                guard path.hasPrefix("/api/") else { continue }
                #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path) is missing from the OpenAPI document")
            }
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let refs = String(decoding: Data(r.body.readableBytesView), as: UTF8.self)
                .matches(of: /#\/components\/schemas\/(\w+)/).map { String($0.1) }
            for ref in Set(refs) { #expect(schemas[ref] != nil, "schema \(ref) is referenced but not defined") }
        }
    }

    @Test(.sqliteOnly) func metricsCountRequestsByRoute() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let ops = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            _ = try await t.send(.GET, "/healthz")
            _ = try await t.send(.GET, "/api/v1/units", token: ops)
            let m = try await t.send(.GET, "/metrics", token: ops).body.string
            #expect(m.contains(#"fazhi_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
            #expect(m.contains(#"fazhi_http_request_duration_seconds_bucket{method="GET",route="/api/v1/units",le="+Inf"} 1"#))
        }
    }

    @Test(arguments: TestBackend.available)
    func backupRestoresEveryRecord(_ backend: TestBackend) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("backup.dump").path
        var counts: [String: Int] = [:]
        let target = try await ScratchDatabase.make(backend)
        try await TestApp.with(backend) { t in
            try await t.person("someone", roles: ["district_office"], phone: "13812345678")
            for table in ["units", "users", "user_units", "roles", "role_permissions", "audit_log", "calendar_days"] {
                counts[table] = try await count(table, t.db)
            }
            try await Backup.create(at: file, from: t.location, db: t.db)
            // Changes after the backup are not in it.
            try await t.person("later", roles: [])
        }
        try Backup.restore(from: file, into: target.location)
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        var config = AppConfig(database: target.location, demo: false, bcryptCost: 4, printCredentials: false)
        config.bootstrap = false
        try await configure(app, config: config)
        for (table, n) in counts { #expect(try await count(table, app.db) == n, "\(table)") }
        #expect(try await User.query(on: app.db).filter(\.$username == "someone").first()?.phone == "13812345678")
        #expect(try await User.query(on: app.db).filter(\.$username == "later").count() == 0)
        #expect(try await AuditLog.verify(on: app.db).isIntact)
        try await app.asyncShutdown()
        await target.remove()
    }

    func count(_ table: String, _ db: any Database) async throws -> Int {
        struct N: Decodable { var n: Int }
        return try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: N.self)!.n
    }
}
