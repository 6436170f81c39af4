@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Foundation
import Testing
import Vapor

/// What an attacker sends: every route walked with extreme numbers and control characters.
@Suite("Hostile input")
struct HostileInputTests {
    static let extremes = ["0", "-1", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e30", "NaN", "1.5", ""]
    /// Numeric and date parameters every list or report may read, besides those a route documents.
    static let common = ["page", "per", "year", "from", "to", "limit", "offset", "days", "amount", "q", "state", "sort", "district"]

    /// Every GET route, signed in as a role that may call it, with each query parameter set to each
    /// extreme in turn: no answer is a 5xx, and the process is still there (an arithmetic trap
    /// would end this test run).
    @Test(.sqliteOnly) func everyRouteSurvivesExtremeNumbers() async throws {
        try await TestApp.with(.sqlite) { t in
            var tokens: [(Set<Permission>, String)] = []
            for role in [BuiltInRole.districtOffice, .systemAdmin, .securityAdmin, .auditAdmin] {
                tokens.append((role.permissions, try await t.token(for: t.person("walk_" + role.code, roles: [role.code]))))
            }
            func token(for access: Access?) -> String? {
                switch access {
                case .permission(let p)?: return tokens.first { $0.0.contains(p) }?.1
                case .anyOf(let ps)?: return tokens.first { !$0.0.isDisjoint(with: ps) }?.1
                case .signedIn?: return tokens[0].1
                default: return nil
                }
            }
            // Each parameter alone at Int64.max (the value that trapped), then every extreme in all
            // parameters at once: about 20 requests a route instead of parameters × values.
            var requests: [(String, String?)] = []
            for route in t.app.routes.all where route.method == .GET {
                let path = RouteAccessTests.concrete(route), who = token(for: route.access)
                let names = Set(Self.common + (route.apiDoc?.queryParameters.map(\.name) ?? []) + Self.registerFilters(path)).sorted()
                for name in names { requests.append((path + "?" + TestApp.escape(name) + "=9223372036854775807", who)) }
                for value in Self.extremes {
                    requests.append((path + "?" + names.map { TestApp.escape($0) + "=" + TestApp.escape(value) }.joined(separator: "&"), who))
                }
            }
            let failures = try await withThrowingTaskGroup(of: String?.self) { group in
                var failures: [String] = [], next = 0
                func add() {
                    guard next < requests.count else { return }
                    let (target, who) = requests[next]; next += 1
                    group.addTask { try await t.send(.GET, target, token: who).status.code >= 500 ? target : nil }
                }
                for _ in 0..<4 { add() }
                while let result = try await group.next() {
                    if let result { failures.append(result) }
                    add()
                }
                return failures
            }
            #expect(failures.isEmpty, "\(failures.prefix(20))")
            #expect(requests.count > 2_000)
            // The request that stopped the platform: now a refusal in Chinese.
            let r = try await t.send(.GET, "/portal/documents?page=9223372036854775807")
            #expect(r.status == .unprocessableEntity && r.body.string.contains("「页码」应为 1 到 100000 之间的整数"))
            let api = try await t.send(.GET, "/api/v1/records/rectifications?per=9223372036854775807", token: tokens[0].1)
            #expect(api.status == .unprocessableEntity && api.headers.contentType?.subType == "problem+json")
            #expect(api.body.string.contains("每页条数"))
        }
    }

    /// Each register list's declared filters, as `name`, `name.from` and `name.to`.
    static func registerFilters(_ path: String) -> [String] {
        guard let type = Registers.all.first(where: { path.hasSuffix("/" + $0.slug) }) else { return [] }
        return type.filters.flatMap { [$0, $0 + ".from", $0 + ".to"] }
    }

    /// A NUL or another control character in a search, a form or a JSON body gets a 422 in
    /// Chinese on both databases (PostgreSQL cannot even store a NUL), and nothing is written.
    @Test(arguments: TestBackend.available)
    func controlCharactersAreRefused(_ backend: TestBackend) async throws {
        try await TestApp.with(backend) { t in
            let office = try await t.token(for: t.person("office2", roles: ["district_office"]))
            for path in ["/portal/documents?q=a%00b", "/portal/documents?q=%1b%5b31m", "/api/v1/users?q=a%00b", "/api/v1/records/rectifications?q=a%00b"] {
                let r = try await t.send(.GET, path, token: path.hasPrefix("/api") ? office : nil)
                #expect(r.status == .unprocessableEntity, "\(path) answered \(r.status)")
                #expect(r.body.string.contains("控制字符"), "\(path)")
            }
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: office)
            headers.contentType = .json
            let body = #"{"fields":{"finding":"台账\u0000不全","unit":"371502-T01","found_on":"2023-06-01"}}"#
            let r = try await t.app.testing().sendRequest(.POST, "/api/v1/records/rectifications", headers: headers, body: ByteBuffer(string: body))
            #expect(r.status == .unprocessableEntity && r.body.string.contains("控制字符"))
            let (session, _) = try await t.signIn("office2")
            let form = try await t.send(.POST, "/users/\(UUID())", session: session, form: ["displayName": "a\u{0}b"])
            #expect(form.status == .unprocessableEntity)
            #expect(try await t.send(.GET, "/api/v1/records/rectifications", token: office).body.string.contains(#""total":0"#))
        }
    }

    /// Undeclared methods get 405 with `Allow`; what a signed-in person sees is never cached; HSTS
    /// when configured; a file shown inline runs sandboxed.
    @Test(.sqliteOnly) func headersAndMethods() async throws {
        try await TestApp.with(.sqlite, demo: false, configure: { $0.hstsSeconds = 31_536_000 }) { t in
            let trace = try await t.send(.TRACE, "/login")
            #expect(trace.status == .methodNotAllowed && trace.headers.first(name: .allow) == "GET, HEAD, POST")
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let put = try await t.send(.PUT, "/api/v1/users", token: admin)
            #expect(put.status == .methodNotAllowed && put.headers.contentType?.subType == "problem+json")
            #expect(try await t.send(.DELETE, "/api/v1/no-such-thing", token: admin).status == .notFound)
            let users = try await t.send(.GET, "/api/v1/users", token: admin)
            #expect(users.headers.first(name: .cacheControl) == "no-store")
            let (session, _) = try await t.signIn("sys")
            let tokens = try await t.send(.GET, "/account/tokens", session: session)
            #expect(tokens.headers.first(name: .cacheControl) == "no-store")
            let login = try await t.send(.GET, "/login")
            #expect(login.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            let pdf = Response.download(Data("%PDF-1.4".utf8), filename: "决定.pdf", contentType: "application/pdf", inline: true)
            #expect(pdf.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
            #expect(pdf.headers.first(name: .cacheControl) == "no-store")
        }
    }
}
