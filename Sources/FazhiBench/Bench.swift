import AsyncHTTPClient
import FazhiCore
import FazhiStore
import FazhiWeb
import Fluent
import FluentPostgresDriver
import Foundation
import NIOCore
import SQLKit
import Vapor

/// Prints the figures the issues ask for. Build and run in release:
///
///     swift run -c release fazhi-bench [--seconds 10] [--connections 32] [--users 10000]
///                                      [--import-rows 100000] [--report-scale 100] [--skip-http] [--skip-import]
///                                      [--licences 1000000] [--due 100000] [--skip-report] [--skip-reminders]
///                                      [--documents 100000] [--skip-portal] [--skip-sqlite]
///                                      [--list-sizes 10000,100000,1000000] [--skip-lists]
///
/// PostgreSQL is measured too when FAZHI_BENCH_POSTGRES_URL names an empty scratch database
/// (its public schema is dropped and recreated). FAZHI_BENCH_KEEP=DIR keeps the SQLite files.
@main
struct Bench {
    static func main() async throws {
        let args = CommandLine.arguments
        func option(_ name: String, _ fallback: Int) -> Int {
            args.firstIndex(of: name).flatMap { args.indices.contains($0 + 1) ? Int(args[$0 + 1]) : nil } ?? fallback
        }
        let seconds = option("--seconds", 10), connections = option("--connections", 32), users = option("--users", 10_000)
        let importRows = option("--import-rows", 100_000), reportScale = option("--report-scale", 100)
        let licences = option("--licences", 1_000_000), due = option("--due", 100_000), documents = option("--documents", 100_000)

        print("== 期限计算 (deadline arithmetic)")
        deadlines()

        var targets: [(String, DatabaseLocation)] = []
        // FAZHI_BENCH_KEEP names a folder whose SQLite files stay after the run (to read their plans).
        let keep = ProcessInfo.processInfo.environment["FAZHI_BENCH_KEEP"].flatMap { $0.isEmpty ? nil : $0 }
        let dir = keep.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        if !args.contains("--skip-sqlite") { targets.append(("SQLite", .sqlite(path: dir.appendingPathComponent("bench.sqlite").path))) }
        if let pg = ProcessInfo.processInfo.environment["FAZHI_BENCH_POSTGRES_URL"], !pg.isEmpty {
            targets.append(("PostgreSQL", .postgres(url: pg)))
        }
        if !args.contains("--skip-http") {
            for (name, location) in targets {
                print("\n== HTTP on \(name): \(connections) connections, \(seconds) s each, \(users) users")
                try await http(location: location, users: users, seconds: seconds, connections: connections)
            }
        }
        if !args.contains("--skip-import") {
            print("\n== 导入与导出 (import and export, SQLite)")
            try await importAndExport(rows: importRows, location: .sqlite(path: dir.appendingPathComponent("import.sqlite").path), dir: dir)
        }
        for (name, location) in targets where !args.contains("--skip-report") {
            print("\n== 年度报告 (annual report) on \(name)")
            let target: DatabaseLocation
            if case .sqlite = location { target = .sqlite(path: dir.appendingPathComponent("report.sqlite").path) } else { target = location }
            try await report(scale: reportScale, location: target)
        }
        for (name, location) in targets where !args.contains("--skip-portal") {
            print("\n== 政务公开检索 (portal search) on \(name): \(documents) documents, 16 connections")
            let target: DatabaseLocation
            if case .sqlite = location { target = .sqlite(path: dir.appendingPathComponent("portal.sqlite").path) } else { target = location }
            try await portal(documents: documents, duration: seconds, connections: 16, location: target)
        }
        let listSizes = args.firstIndex(of: "--list-sizes").flatMap { args.indices.contains($0 + 1) ? args[$0 + 1] : nil }
            .map { $0.split(separator: ",").compactMap { Int($0) } } ?? [10_000, 100_000, 1_000_000]
        for (name, location) in targets where !args.contains("--skip-lists") {
            print("\n== 台账列表 (register lists as they grow) on \(name): \(connections) connections")
            let target: DatabaseLocation
            if case .sqlite = location { target = .sqlite(path: dir.appendingPathComponent("lists.sqlite").path) } else { target = location }
            try await lists(sizes: listSizes.sorted(), duration: seconds, connections: connections, location: target)
        }
        for (name, location) in targets where !args.contains("--skip-reminders") {
            print("\n== 整点报时 (licence-expiry reminders) on \(name): \(licences) licences, \(due) due this hour")
            let target: DatabaseLocation
            if case .sqlite = location { target = .sqlite(path: dir.appendingPathComponent("reminders.sqlite").path) } else { target = location }
            try await reminders(licences: licences, due: due, location: target)
        }
    }

    // MARK: Deadlines

    static func deadlines() {
        let calc = DeadlineCalculator(calendar: .builtIn)
        let rules: [DeadlineRule] = [.workingDays(20), .days(60), .months(3), .workingDays(5), .days(15), .workingDays(7)]
        let first = LocalDate(iso: "2023-01-01")!.dayNumber
        let n = 1_000_000
        var checksum = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<n {
            let from = LocalDate(dayNumber: first + (i * 7919) % 1400)
            if let d = try? calc.due(from: from, rules[i % rules.count]) { checksum &+= d.due.dayNumber }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "  %d calculations in %.2f s: %.0f per second (checksum %d)", n, elapsed, Double(n) / elapsed, checksum))
    }

    // MARK: HTTP

    static func http(location: DatabaseLocation, users: Int, seconds: Int, connections: Int) async throws {
        let tokens = try await seed(location: location, users: users)
        try await withServer(location: location, connections: connections) { client, base in
            var rows: [(String, Load.Result)] = []
            print("  load generator: " + (Load.wrkPath != nil ? "wrk (2 threads)" : "built-in AsyncHTTPClient loop (install wrk for a lighter client)"))
            // The demo district's legality reviews as the district office lists them (its scope is
            // the whole district), beside what an authenticated answer costs without a query
            // (`/api/v1/me`) and a page of one review (the list's cost before its rows).
            let review = "/api/v1/records/\(LegalityReview.declaration.type.slug)?per=50"
            var probe = HTTPClientRequest(url: base + review)
            probe.headers.add(name: "Authorization", value: "Bearer \(tokens.office)")
            let size = try await client.execute(probe, timeout: .seconds(30)).body.collect(upTo: 10 << 20).readableBytes
            let endpoints = [("/healthz", "/healthz", nil), ("/api/v1/users (50 per page, API token)", "/api/v1/users?per=50", tokens.admin),
                             ("/api/v1/me (API token: auth alone)", "/api/v1/me", tokens.admin),
                             ("legality reviews, district office (\(size / 1024) KB)", review, tokens.office),
                             ("the same, one review a page", String(review.dropLast(2)) + "1", tokens.office)]
            for (label, path, token) in endpoints {
                rows.append((label, try await Load.measure(client, url: base + path, token: token, seconds: seconds, connections: connections)))
            }
            print("  endpoint                                             requests/s      p50 ms     p99 ms   errors")
            for (label, r) in rows {
                print("  " + label.padding(toLength: 50, withPad: " ", startingAt: 0)
                      + String(format: "%12.0f %11.2f %10.2f %8d", r.perSecond, r.p50 * 1000, r.p99 * 1000, r.errors))
            }
            print(String(format: "  users list / healthz throughput: %.2f (target ≥ 0.20)", rows[1].1.perSecond / rows[0].1.perSecond))
            print(String(format: "  district office's legality reviews / healthz throughput: %.2f (target ≥ %@)",
                         rows[3].1.perSecond / rows[0].1.perSecond, { if case .sqlite = location { return "0.33" } else { return "0.20" } }()))
        }
    }

    /// The `fazhi` binary serving `location` in its own process, and a client for it with
    /// `connections` connections; both stopped when `body` returns or throws.
    static func withServer(location: DatabaseLocation, connections: Int, _ body: (HTTPClient, String) async throws -> Void) async throws {
        let port = 18_000 + Int.random(in: 0..<2000)
        let server = try startServer(location: location, port: port)
        defer { server.terminate(); server.waitUntilExit() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
        do {
            try await waitUntilReady(client, port: port)
            try await body(client, "http://127.0.0.1:\(port)")
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// The demo district with its records, plus `users` people spread over its units, and API tokens for the
    /// system administrator (data scope: all) and the district office (the whole district).
    static func seed(location: DatabaseLocation, users: Int) async throws -> (admin: String, office: String) {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            // Empty the scratch database: configure then migrates afresh.
            if case .postgres(let url) = location { try await emptyPostgres(url) }
            var config = AppConfig(database: location, demo: true, bcryptCost: 4, printCredentials: false)
            config.demoRecords = true
            try await configure(app, config: config)
            let db = app.db
            let units = try await OrgUnit.query(on: db).all().map { $0.id! }
            let hash = try app.password.hash("Bench-Passw0rd!")
            let start = Date()
            try await db.write { tx in
                let sql = tx.sql
                for batch in stride(from: 0, to: users, by: 500) {
                    var userRows: [SQLExpression] = [], memberRows: [SQLExpression] = []
                    for i in batch..<min(users, batch + 500) {
                        let id = UUID()
                        userRows.append(SQLGroupExpression([
                            SQLBind(id), SQLBind(String(format: "user%05d", i)), SQLBind("用户\(i)"), SQLBind(String(format: "139%08d", i)),
                            SQLBind(hash), SQLBind(false), SQLBind(0), SQLBind(true), SQLBind(start), SQLBind(start),
                        ]))
                        memberRows.append(SQLGroupExpression([SQLBind(UUID()), SQLBind(id), SQLBind(units[i % units.count]), SQLBind(true)]))
                    }
                    try await sql.raw("""
                        INSERT INTO users (id, username, display_name, phone, password_hash, must_change_password, failed_attempts, is_active, created_at, updated_at)
                        VALUES \(SQLList(userRows))
                        """).run()
                    try await sql.raw("INSERT INTO user_units (id, user_id, unit_id, is_primary) VALUES \(SQLList(memberRows))").run()
                }
            }
            // As autovacuum would after a bulk load: give the planner real statistics.
            try await db.sql.raw("ANALYZE").run()
            var tokens: [String] = []
            for name in ["admin", "office"] {
                let user = try await User.query(on: db).filter(\.$username == name).first()!
                user.mustChangePassword = false
                try await user.save(on: db)
                tokens.append(try await Tokens.issue(userID: user.id!, name: "bench", actor: .system("基准测试"), now: Date(), on: db).0)
            }
            print(String(format: "  seeded %d users in %.1f s", users, Date().timeIntervalSince(start)))
            try await app.asyncShutdown()
            return (tokens[0], tokens[1])
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The platform in its own process: the `fazhi` binary built beside this one.
    static func startServer(location: DatabaseLocation, port: Int) throws -> Process {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fazhi")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--hostname", "127.0.0.1", "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["LOG_LEVEL"] = "error"
        switch location {
        case .sqlite(let path): env["FAZHI_DATABASE_URL"] = "sqlite://" + path
        case .postgres(let url): env["FAZHI_DATABASE_URL"] = url
        }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitUntilReady(_ client: HTTPClient, port: Int) async throws {
        for _ in 0..<200 {
            if let r = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(1)), r.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError.serverDidNotStart
    }
}

/// The bench's lines go out unbuffered, so that a run into a file or a pipe shows each figure as
/// soon as it is measured (and keeps them if a later step fails).
func print(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

enum BenchError: Error { case serverDidNotStart, wrkFailed(String) }

/// A closed-loop load: `connections` workers, each sending its next request when the last answers.
enum Load {
    struct Result { var perSecond: Double; var p50: Double; var p95: Double = 0; var p99: Double; var errors: Int }

    /// Prints the 95th percentile too (wrk's --latency stops at 50/75/90/99).
    static let percentileScript: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-wrk-p95.lua")
        try? Data("done = function(summary, latency, requests)\n  io.write(string.format(\"P95 %d\\n\", latency:percentile(95)))\nend\n".utf8).write(to: url)
        return url
    }()

    /// One second to warm up, then `seconds` measured: through wrk when installed, otherwise the
    /// built-in loop.
    static func measure(_ client: HTTPClient, url: String, token: String?, seconds: Int, connections: Int) async throws -> Result {
        if wrkPath != nil {
            _ = try wrk(url: url, token: token, seconds: 1, connections: connections)
            return try wrk(url: url, token: token, seconds: seconds, connections: connections)
        }
        _ = try await run(client, url: url, token: token, seconds: 1, connections: connections)
        return try await run(client, url: url, token: token, seconds: seconds, connections: connections)
    }

    static var wrkPath: String? {
        ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The same closed loop through wrk, a C client that leaves more of the two cores to the server.
    static func wrk(url: String, token: String?, seconds: Int, connections: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrkPath!)
        var args = ["-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "30s", "--latency", "-s", percentileScript.path]
        if let token { args += ["-H", "Authorization: Bearer \(token)"] }
        process.arguments = args + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func parseDuration(_ raw: Substring) -> Double {
            let units: [(String, Double)] = [("us", 1e-6), ("ms", 1e-3), ("s", 1)]
            for (suffix, scale) in units where raw.hasSuffix(suffix) { return (Double(raw.dropLast(suffix.count)) ?? 0) * scale }
            return 0
        }
        var result = Result(perSecond: 0, p50: 0, p99: 0, errors: 0)
        for line in output.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            if f.first == "Requests/sec:", f.count > 1 { result.perSecond = Double(f[1]) ?? 0 }
            if f.first == "50%", f.count > 1 { result.p50 = parseDuration(f[1]) }
            if f.first == "99%", f.count > 1 { result.p99 = parseDuration(f[1]) }
            if f.first == "P95", f.count > 1 { result.p95 = (Double(f[1]) ?? 0) * 1e-6 }
            if line.contains("Non-2xx"), let n = f.last.flatMap({ Int($0) }) { result.errors += n }
            if line.contains("Socket errors") { result.errors += f.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.reduce(0, +) }
        }
        // A request slower than the whole run answers none in it: a figure (0 per second), not a failure.
        guard output.contains("Requests/sec:") else { throw BenchError.wrkFailed(output) }
        return result
    }

    static func run(_ client: HTTPClient, url: String, token: String?, seconds: Int, connections: Int) async throws -> Result {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds) * 1_000_000_000
        let started = DispatchTime.now().uptimeNanoseconds
        let perWorker = try await withThrowingTaskGroup(of: ([UInt64], Int).self) { group in
            for _ in 0..<connections {
                group.addTask {
                    var latencies: [UInt64] = [], errors = 0
                    latencies.reserveCapacity(100_000)
                    var request = HTTPClientRequest(url: url)
                    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        do {
                            let response = try await client.execute(request, timeout: .seconds(10))
                            _ = try await response.body.collect(upTo: 4 * 1024 * 1024)
                            if response.status == .ok { latencies.append(DispatchTime.now().uptimeNanoseconds - t0) } else { errors += 1 }
                        } catch { errors += 1 }
                    }
                    return (latencies, errors)
                }
            }
            var all: [([UInt64], Int)] = []
            for try await r in group { all.append(r) }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let latencies = perWorker.flatMap(\.0).sorted()
        func pct(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1e9
        }
        return Result(perSecond: Double(latencies.count) / elapsed, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), errors: perWorker.map(\.1).reduce(0, +))
    }
}
