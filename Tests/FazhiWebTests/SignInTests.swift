@testable import FazhiWeb
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Sign-in, sessions and tokens")
struct SignInTests {
    @Test(arguments: TestBackend.available)
    func signInSetsAHardenedSessionCookie(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            let (session, response) = try await t.signIn("clerk")
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("fazhi_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            #expect(try await t.send(.GET, "/users", session: session).status == .ok)
            // The session lives in the database, so another app instance would find it too.
            #expect(try await SessionRecord.query(on: t.db).count() == 1)
            let stored = try await SessionRecord.query(on: t.db).first()!
            #expect(!session.cookieHeader.contains(stored.id!), "the database keeps only a digest of the cookie")

            // Over HTTPS (behind a proxy) the cookie is Secure.
            var secure = TestApp.Session(cookies: [:], csrf: "")
            let page = try await t.send(.GET, "/login", headers: ["X-Forwarded-Proto": "https"])
            secure.absorb(page)
            secure.csrf = TestApp.csrf(in: page.body.string)!
            let r = try await t.send(.POST, "/login", session: secure, form: ["username": "clerk", "password": TestApp.password],
                                     headers: ["X-Forwarded-Proto": "https"])
            #expect(r.headers[.setCookie].contains { $0.hasPrefix("fazhi_session=") && $0.contains("Secure") })
        }
    }

    @Test(arguments: TestBackend.available)
    func fiveFailuresLockTheAccount(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            for attempt in 1...4 {
                let (_, r) = try await t.signIn("clerk", password: "Wrong-passw0rd")
                #expect(r.status == .unauthorized)
                #expect(r.body.string.contains("再失败 \(5 - attempt) 次账户将被锁定"))
            }
            let (_, fifth) = try await t.signIn("clerk", password: "Wrong-passw0rd")
            #expect(fifth.body.string.contains("账户已锁定"))
            // Even the right password is refused while locked, and the page says until when.
            let (_, locked) = try await t.signIn("clerk")
            #expect(locked.status == .unauthorized && locked.body.string.contains("账户已锁定，请于"))
            let actions = try await AuditLog.list(on: t.db, filter: .init(entityType: "user"), limit: 50, offset: 0).rows.map(\.action)
            #expect(actions.filter { $0 == "sign_in_failed" }.count == 5)
            #expect(actions.contains("account_locked"))
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let listed = try await t.send(.GET, "/api/v1/users?q=clerk", token: admin).body.string
            #expect(listed.contains("\"locked\":true"))
            // When the lock has run out, the right password works again.
            try await t.db.sql.raw("UPDATE users SET locked_until = \(bind: Date().addingTimeInterval(-1)) WHERE username = 'clerk'").run()
            let (_, again) = try await t.signIn("clerk")
            #expect(again.status == .seeOther)
            let relisted = try await t.send(.GET, "/api/v1/users?q=clerk", token: admin).body.string
            #expect(relisted.contains("\"locked\":false"))
        }
    }

    @Test func lockoutIsConfigurable() async throws {
        try await TestApp.with(.sqlite, demo: false, configure: { $0.lockoutAttempts = 2; $0.lockoutMinutes = 30 }) { t in
            try await t.person("clerk", roles: [])
            _ = try await t.signIn("clerk", password: "nope")
            let (_, second) = try await t.signIn("clerk", password: "nope")
            #expect(second.body.string.contains("约 30 分钟"))
        }
    }

    @Test func firstSignInForcesAPasswordChange() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let user = try await t.person("fresh", roles: ["district_office"])
            user.mustChangePassword = true
            try await user.save(on: t.db)
            var (session, r) = try await t.signIn("fresh")
            #expect(r.headers.first(name: .location) == "/account/password")
            let blocked = try await t.send(.GET, "/users", session: session)
            #expect(blocked.status == .seeOther && blocked.headers.first(name: .location) == "/account/password")
            let page = try await t.send(.GET, "/account/password", session: session)
            session.csrf = TestApp.csrf(in: page.body.string)!
            let weak = try await t.send(.POST, "/account/password", session: session,
                                        form: ["current": TestApp.password, "password": "short", "confirm": "short"])
            #expect(weak.status == .unprocessableEntity && weak.body.string.contains("至少需要 10 个字符"))
            let ok = try await t.send(.POST, "/account/password", session: session,
                                      form: ["current": TestApp.password, "password": "Brand-new-passw0rd", "confirm": "Brand-new-passw0rd"])
            #expect(ok.status == .seeOther)
            #expect(try await t.send(.GET, "/users", session: session).status == .ok)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("admin2", roles: ["system_admin"])
            var (session, _) = try await t.signIn("admin2")
            session.csrf = "forged"
            let r = try await t.send(.POST, "/units", session: session, form: ["code": "X1", "name": "伪造", "kind": "department"])
            #expect(r.status == .forbidden)
            #expect(try await OrgUnit.query(on: t.db).filter(\.$code == "X1").count() == 0)
            // Sign-in itself needs the cookie-bound token.
            let anon = try await t.send(.POST, "/login", form: ["username": "admin2", "password": TestApp.password, "_csrf": "x"])
            #expect(anon.status == .forbidden)
        }
    }

    @Test func idleSessionsEnd() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            let (session, _) = try await t.signIn("clerk")
            try await t.db.sql.raw("UPDATE sessions SET last_seen_at = \(bind: Date().addingTimeInterval(-31 * 60))").run()
            let r = try await t.send(.GET, "/users", session: session)
            #expect(r.status == .seeOther && r.headers.first(name: .location) == "/login?next=%2Fusers&notice=expired")
            let login = try await t.send(.GET, "/login?next=%2Fusers&notice=expired")
            #expect(login.body.string.contains("您长时间未操作，已自动退出"))
            #expect(try await SessionRecord.query(on: t.db).count() == 0)
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            let (session, _) = try await t.signIn("clerk")
            let out = try await t.send(.POST, "/logout", session: session, form: [:])
            #expect(out.status == .seeOther)
            #expect(try await t.send(.GET, "/users", session: session).status == .seeOther)
            let actions = try await AuditLog.list(on: t.db, filter: .init(), limit: 10, offset: 0).rows.map(\.action)
            #expect(actions.contains("sign_out") && actions.contains("sign_in"))
        }
    }

    @Test(arguments: TestBackend.available)
    func apiTokensAreHashedAndRevocable(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let user = try await t.person("robot", roles: ["district_office"])
            let token = try await t.token(for: user)
            #expect(try await t.send(.GET, "/api/v1/me", token: token).status == .ok)
            let stored = try await APIToken.query(on: t.db).first()!
            #expect(stored.tokenHash != token && stored.tokenHash == Secrets.sha256Hex(token))
            // The owner revokes it on the tokens page; the next call is refused at once.
            let (session, _) = try await t.signIn("robot")
            let revoke = try await t.send(.POST, "/account/tokens/\(stored.id!)/revoke", session: session, form: [:])
            #expect(revoke.status == .seeOther)
            let r = try await t.send(.GET, "/api/v1/me", token: token)
            #expect(r.status == .unauthorized && r.body.string.contains("已吊销"))
            #expect(try await t.send(.GET, "/api/v1/me", token: "fz_made_up").status == .unauthorized)
        }
    }
}
