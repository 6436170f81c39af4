@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Synchronization
import Testing
import Vapor
import VaporTesting

/// A configured platform on a scratch database, with helpers to act as its people.
struct TestApp {
    let app: Application
    let location: DatabaseLocation
    static let password = "Test-Passw0rd!"

    /// Runs `body` against a platform with the demo organisation (or just the district) loaded:
    /// a copy of a template that the platform's own first start bootstrapped once for the run.
    static func with(_ backend: TestBackend, demo: Bool = true, configure tweak: (inout AppConfig) -> Void = { _ in },
                     _ body: (TestApp) async throws -> Void) async throws {
        let template = try await DatabaseTemplates.shared.location(demo ? "platform-demo" : "platform", backend,
                                                                    from: try await DatabaseTemplates.migrated(backend)) { app, location in
            try await configure(app, config: config(location, demo: demo))
        }
        try await run(backend, from: template, demo: demo, configure: tweak, body)
    }

    /// Runs `body` against a platform with the two demo districts (东昌府区 and 茌平区), their
    /// records and their history lived up to the suite's clock: made once per backend and run.
    static func withDemoDistricts(_ backend: TestBackend, _ body: (TestApp) async throws -> Void) async throws {
        try await run(backend, from: try await demoDistricts(backend), demo: true, configure: { _ in }, body)
    }

    /// The template of `withDemoDistricts`. The first district's records are stopped after their
    /// third step and resumed, and so is its history after its 200th day, as a start after a stop
    /// resumes them (`DemoSteps`). The second district is then added beside it with its history,
    /// as `fazhi demo --districts 2` does on a platform that has one. The tests of the seed's
    /// figures read both.
    static func demoDistricts(_ backend: TestBackend) async throws -> DatabaseLocation {
        try await DatabaseTemplates.shared.location("demo-districts", backend, from: try await DatabaseTemplates.migrated(backend)) { app, location in
            try await configure(app, config: config(location, demo: true))
            let calculator = DeadlineCalculator(calendar: .builtIn), now = TestClock.now, reminders = app.fazhi.config.reminders
            try await DemoStop.resuming(after: 3) { step in
                _ = try await DemoRecords.generate(districts: 1, on: app.db, calculator: calculator, now: now, hash: { $0 }, step: step)
            }
            try await DemoStop.resuming(after: 200) { step in
                _ = try await DemoHistory.live(on: app.db, config: reminders, calculator: calculator, until: now, step: step)
            }
            _ = try await DemoRecords.generate(districts: 2, on: app.db, calculator: calculator, now: now, hash: { $0 })
            _ = try await DemoHistory.live(on: app.db, config: reminders, calculator: calculator, until: now)
        }
    }

    /// The platform's settings in a test: the suite's clock, fast password hashes, and a file
    /// store of its own (on SQLite it lies beside the scratch database already).
    static func config(_ location: DatabaseLocation, demo: Bool) -> AppConfig {
        var config = AppConfig(database: location, demo: demo, bcryptCost: 4, printCredentials: false)
        config.clock = TestClock.clock
        if case .postgres = location {
            config.filesDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-files-" + UUID().uuidString)
        }
        return config
    }

    private static func run(_ backend: TestBackend, from template: DatabaseLocation, demo: Bool, configure tweak: (inout AppConfig) -> Void,
                            _ body: (TestApp) async throws -> Void) async throws {
        try await withScratchApplication(backend, from: template) { app, location in
            var config = config(location, demo: demo)
            let files = config.filesDirectory
            defer { if case .postgres = location { try? FileManager.default.removeItem(at: files) } }
            tweak(&config)
            try await configure(app, config: config)
            try await body(TestApp(app: app, location: location))
        }
    }

    /// The suite's clock (`TestClock`), which the platform under test also reads.
    var now: Date { app.fazhi.config.clock.now }

    var db: any Database { app.db }

    func unit(_ code: String) async throws -> OrgUnit {
        try #require(try await OrgUnit.query(on: db).filter(\.$code == code).first())
    }

    /// A person with the given built-in roles (none: signed in but without any permission), a
    /// known password, and the first password change already done.
    @discardableResult
    func person(_ username: String, roles: [String], unit code: String = "371502", phone: String? = nil) async throws -> User {
        let unit = try await unit(code)
        let roleIDs = try await Role.query(on: db).filter(\.$code ~~ roles).all().compactMap(\.id)
        let user = try await OrganisationStore.createUser(
            UserInput(username: username, displayName: "测试\(username)", phone: phone, unitIDs: [unit.id!]),
            passwordHash: try app.password.hash(Self.password), roleIDs: roleIDs, actor: .system(), on: db)
        user.mustChangePassword = false
        try await user.save(on: db)
        return user
    }

    /// A bearer token for the person.
    func token(for user: User) async throws -> String {
        try await Tokens.issue(userID: user.id!, name: "test", actor: .system(), now: app.fazhi.config.clock.now, on: db).0
    }

    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, session: Session? = nil,
              json: (any Encodable)? = nil, form: [String: String]? = nil, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = .init(token: token) }
        if let session { headers.replaceOrAdd(name: .cookie, value: session.cookieHeader) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONEncoder().encode(json))
        } else if let form {
            var f = form
            if let session, f["_csrf"] == nil { f["_csrf"] = session.csrf }
            headers.contentType = .urlEncodedForm
            body = ByteBuffer(string: f.map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }.joined(separator: "&"))
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }

    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }

    /// A browser session: cookies and the page's CSRF token.
    struct Session {
        var cookies: [String: String]
        var csrf: String
        var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        mutating func absorb(_ response: TestingHTTPResponse) {
            for header in response.headers[.setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
        }
    }

    static func csrf(in html: String) -> String? {
        guard let r = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the form, as a browser would. Returns the session and the final response.
    func signIn(_ username: String, password: String = TestApp.password) async throws -> (Session, TestingHTTPResponse) {
        var session = Session(cookies: [:], csrf: "")
        let page = try await send(.GET, "/login")
        session.absorb(page)
        session.csrf = try #require(Self.csrf(in: page.body.string))
        let response = try await send(.POST, "/login", session: session, form: ["username": username, "password": password])
        session.absorb(response)
        if response.status == .seeOther {
            let next = try await send(.GET, "/", session: session)
            if let token = Self.csrf(in: next.body.string) { session.csrf = token }
        }
        return (session, response)
    }
}

/// Stops a demo after a number of its steps, as a process stopped there would, then runs it
/// again to its end.
enum DemoStop {
    struct Stopped: Error {}

    static func resuming(after steps: Int, _ run: (@escaping @Sendable () async throws -> Void) async throws -> Void) async throws {
        let made = Counter()
        do {
            try await run { if made.next() == steps { throw Stopped() } }
            Issue.record("the demo ended before its step \(steps)")
        } catch is Stopped {}
        try await run {}
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}
