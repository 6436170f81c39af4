@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// A configured platform on a scratch database, with helpers to act as its people.
struct TestApp {
    let app: Application
    let location: DatabaseLocation
    static let password = "Test-Passw0rd!"

    /// Runs `body` against a platform with the demo district (or just the district) loaded.
    static func with(_ backend: TestBackend, demo: Bool = true, configure tweak: (inout AppConfig) -> Void = { _ in },
                     _ body: (TestApp) async throws -> Void) async throws {
        try await withScratchApplication(backend) { app, location in
            var config = AppConfig(database: location, demo: demo, bcryptCost: 4, printCredentials: false)
            // A file store of its own (on SQLite it lies beside the scratch database already).
            let files = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-files-" + UUID().uuidString)
            if case .postgres = location { config.filesDirectory = files }
            defer { try? FileManager.default.removeItem(at: files) }
            tweak(&config)
            try await configure(app, config: config)
            try await body(TestApp(app: app, location: location))
        }
    }

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
