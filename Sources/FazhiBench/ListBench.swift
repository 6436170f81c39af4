import AsyncHTTPClient
import FazhiCore
import FazhiStore
import FazhiWeb
import Fluent
import Foundation
import SQLKit
import Vapor

/// Register lists as the register grows: 整改事项 loaded to each size in turn (spread over the
/// district's units, a tenth of them closed), and at each size, side by side with `/healthz`,
/// the first page, a page deep in the list (the deepest numbered one, and the next by cursor), a
/// filtered page and a searched page, for the district office (scope: the whole district) and
/// for a town clerk (one town).
extension Bench {
    static func lists(sizes: [Int], duration: Int, connections: Int, location: DatabaseLocation) async throws {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        var tokens: [String: String] = [:], users: [String: UUID] = [:]
        let type = Rectification.declaration.type
        do {
            if case .postgres(let url) = location { try await emptyPostgres(url) }
            try await configure(app, config: AppConfig(database: location, demo: true, bcryptCost: 4, printCredentials: false))
            for name in ["office", "xinqu"] {
                guard let user = try await User.query(on: app.db).filter(\.$username == name).first() else { throw BenchError.serverDidNotStart }
                // A demo account must change its password before its tokens are honoured.
                user.mustChangePassword = false
                try await user.save(on: app.db)
                tokens[name] = try await Tokens.issue(userID: user.id!, name: "bench", actor: .system("基准测试"), now: Date(), on: app.db).0
                users[name] = user.id!
            }
            try await app.db.sql.raw("DELETE FROM \(unsafeRaw: type.table)").run()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }

        var loaded = 0
        for size in sizes {
            let start = DispatchTime.now().uptimeNanoseconds
            try await load(type, from: loaded, to: size, location: location)
            loaded = size
            print(String(format: "\n  %d records (loaded in %.1f s)", size, seconds(since: start)))
            try await measureLists(type, tokens: tokens, duration: duration, connections: connections, location: location)
        }
        try await printPlans(type, users: users, location: location)
    }

    /// The plans of the first pages measured above, as the database makes them at the largest size.
    static func printPlans(_ type: RecordType, users: [String: UUID], location: DatabaseLocation) async throws {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            try await configure(app, config: AppConfig(database: location, demo: false, bcryptCost: 4, printCredentials: false))
            let db = app.db, sqlite = db.isSQLite
            for (who, name) in [("district office", "office"), ("town clerk", "xinqu")] {
                guard let id = users[name], let scope = try await AccessStore.principal(userID: id, on: db)?.scope else { continue }
                var filtered = RecordQuery(), searched = RecordQuery()
                filtered.state = "closed"; searched.search = "复议纠错"
                for (label, q) in [("first page", RecordQuery()), ("filtered page (state)", filtered), ("searched page", searched)] {
                    var query = q
                    query.limit = 50
                    print("\n  plan, \(who), \(label):")
                    let statement = try await RecordStore.firstPageSQL(type, query, scope: scope, on: db)
                    if sqlite {
                        struct Row: Decodable { var detail: String }
                        for r in try await db.sql.raw("EXPLAIN QUERY PLAN " + statement).all(decoding: Row.self) { print("    " + r.detail) }
                    } else {
                        struct Row: Decodable { var plan: String; enum CodingKeys: String, CodingKey { case plan = "QUERY PLAN" } }
                        for r in try await db.sql.raw("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement).all(decoding: Row.self) { print("    " + r.plan) }
                    }
                }
            }
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Records `from..<to`, through the import's bulk path, then statistics as autovacuum would
    /// gather them.
    static func load(_ type: RecordType, from: Int, to: Int, location: DatabaseLocation) async throws {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            try await configure(app, config: AppConfig(database: location, demo: false, bcryptCost: 4, printCredentials: false))
            struct U: Decodable { var id: UUID }
            let units = try await app.db.sql.raw("SELECT id FROM units WHERE code LIKE '371502-%' ORDER BY code").all(decoding: U.self).map(\.id)
            // Entered by the district's people in turn (not the two measured), as records are: the
            // planner then knows how few records one person entered.
            struct P: Decodable { var id: UUID; var name: String }
            let people = try await app.db.sql.raw("""
                SELECT id, display_name AS name FROM users WHERE username NOT IN ('office', 'xinqu', 'admin') ORDER BY username
                """).all(decoding: P.self)
            let first = LocalDate(year: 2015, month: 1, day: 1)!
            let words = ["行政执法公示", "合同审查", "复议纠错", "普法责任", "证明事项", "执法案卷", "听证程序", "信息公开"]
            let chunk = 5_000
            for batch in stride(from: from, to: to, by: chunk) {
                var rows: [RecordValues] = []
                rows.reserveCapacity(chunk)
                for i in batch..<min(batch + chunk, to) {
                    let found = first.adding(days: (i &* 7_919) % 4_000)
                    rows.append(["finding": .text("\(words[i % words.count])问题第\(i)号"), "unit": .uuid(units[(i &* 31) % units.count]),
                                 "found_on": .date(found), "due_on": .date(found.adding(days: 42)), "source": .text("督察")])
                }
                let person = people.isEmpty ? nil : people[(batch / chunk) % people.count]
                _ = try await RecordImport.bulk(type, rows, label: "基准测试：整改 \(batch)",
                                                actor: AuditActor(userID: person?.id, name: person?.name ?? "基准测试", unitID: nil, address: "local"), on: app.db, now: Date())
            }
            // A tenth closed, so a filter on the state picks a part of the register.
            try await app.db.sql.raw("UPDATE \(unsafeRaw: type.table) SET state = 'closed' WHERE state = 'pending' AND finding LIKE '%0号'").run()
            try await app.db.sql.raw(app.db.isSQLite ? "ANALYZE" : "VACUUM ANALYZE").run()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func measureLists(_ type: RecordType, tokens: [String: String], duration: Int, connections: Int, location: DatabaseLocation) async throws {
        try await withServer(location: location, connections: connections) { client, base in
            let list = "/api/v1/records/\(type.slug)"
            var rows: [(String, Load.Result)] = [("/healthz", try await Load.measure(client, url: base + "/healthz", token: nil, seconds: duration, connections: connections))]
            for (who, name) in [("district office", "office"), ("town clerk", "xinqu")] {
                let token = tokens[name]!
                // The deepest numbered page the API gives (200 a page, offset 9,800), and the cursor
                // it hands on, as a client paging on would hold it.
                let deepOffset = "\(list)?per=200&page=\(RecordStore.countBound / 200)"
                var request = HTTPClientRequest(url: base + deepOffset)
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let answer = try await client.execute(request, timeout: .seconds(30))
                let body = try await answer.body.collect(upTo: 10 << 20)
                guard answer.status == .ok else {
                    FileHandle.standardError.write(Data("  \(who): \(deepOffset) answered \(answer.status.code): \(String(buffer: body).prefix(300))\n".utf8))
                    continue
                }
                struct Page: Decodable { var next: String? }
                let next = try? JSONDecoder().decode(Page.self, from: Data(buffer: body)).next
                var endpoints = [("first page", "\(list)?per=50"), ("deepest numbered page (200, offset 9,800)", deepOffset),
                                 ("filtered page (state)", "\(list)?per=50&state=closed"), ("searched page", "\(list)?per=50&q=" + "复议纠错".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)]
                if let next { endpoints.insert(("the page after it (200, cursor)", next), at: 2) }
                for (label, path) in endpoints {
                    rows.append(("\(who): \(label)", try await Load.measure(client, url: base + path, token: token, seconds: duration, connections: connections)))
                }
            }
            print("  request                                                    requests/s      p50 ms     p99 ms   errors")
            for (label, r) in rows {
                print("  " + label.padding(toLength: 58, withPad: " ", startingAt: 0)
                      + String(format: "%12.0f %11.2f %10.2f %8d", r.perSecond, r.p50 * 1000, r.p99 * 1000, r.errors))
            }
            if rows.count > 1 {
                print(String(format: "  district office's first page / healthz throughput: %.2f", rows[1].1.perSecond / rows[0].1.perSecond))
            }
        }
    }
}
