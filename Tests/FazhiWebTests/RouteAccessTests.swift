@testable import FazhiWeb
import FazhiCore
import FazhiTestSupport
import Testing
import Vapor

/// Walks every registered route: a route without a declaration fails here, and every protected
/// route refuses an anonymous caller and a caller without its permission.
@Suite("Every route checks access")
struct RouteAccessTests {
    static func concrete(_ route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .parameter: return UUID().uuidString
            case .constant(let s): return s
            case .anything, .catchall: return "x"
            }
        }.joined(separator: "/")
    }

    @Test(.sqliteOnly) func everyRouteDeclaresItsAccess() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let undeclared = t.app.routes.all.filter { $0.access == nil }.map(\.description)
            #expect(undeclared.isEmpty, "routes without an access declaration: \(undeclared)")
            #expect(t.app.routes.all.count > 40)
        }
    }

    @Test(.sqliteOnly) func anonymousCallsAreRefused() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            for route in t.app.routes.all where route.access != .publicAccess {
                let r = try await t.send(route.method, Self.concrete(route))
                let path = Self.concrete(route)
                if path.hasPrefix("/api/") {
                    #expect(r.status == .unauthorized, "\(route.description) answered \(r.status)")
                    #expect(r.headers.contentType?.subType == "problem+json")
                } else if route.method == .GET {
                    #expect(r.status == .seeOther && (r.headers.first(name: .location) ?? "").hasPrefix("/login"), "\(route.description) answered \(r.status)")
                } else {
                    #expect([.unauthorized, .forbidden].contains(r.status), "\(route.description) answered \(r.status)")
                }
            }
        }
    }

    @Test(.sqliteOnly) func callsWithoutThePermissionAreRefused() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let nobody = try await t.person("nobody", roles: [])
            let token = try await t.token(for: nobody)
            var checked = 0
            for route in t.app.routes.all {
                let needs: [Permission]
                switch route.access {
                case .permission(let p)?: needs = [p]
                case .anyOf(let ps)?: needs = ps
                default: continue
                }
                let r = try await t.send(route.method, Self.concrete(route), token: token)
                #expect(r.status == .forbidden, "\(route.description) needs \(needs.map(\.rawValue)) but answered \(r.status)")
                checked += 1
            }
            #expect(checked > 30)
        }
    }

    @Test(.sqliteOnly) func undeclaredRouteIsRefusedAtRuntime() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            t.app.get("sneaky") { _ in "secret" }
            let r = try await t.send(.GET, "/sneaky")
            #expect(r.status == .forbidden)
            #expect(!r.body.string.contains("secret"))
        }
    }

    @Test(.sqliteOnly) func publicRoutesAnswerWithoutSigningIn() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            do { let r = try await t.send(.GET, "/healthz"); #expect(r.status == .ok, "/healthz") }
            do { let r = try await t.send(.GET, "/readyz"); #expect(r.status == .ok, "/readyz") }
            do { let r = try await t.send(.GET, "/login"); #expect(r.status == .ok, "/login") }
            do {
                let r = try await t.send(.GET, "/login")
                #expect(r.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(r.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            }
            do { let r = try await t.send(.GET, "/static/app.css"); #expect(r.status == .ok, "/static/app.css") }
            do { let r = try await t.send(.GET, "/static/..%2FViews%2Flogin.leaf"); #expect(r.status == .notFound, "/static/..%2FViews%2Flogin.leaf") }
            do { let r = try await t.send(.GET, "/api/v1/openapi.json"); #expect(r.status == .ok, "/api/v1/openapi.json") }
        }
    }
}
