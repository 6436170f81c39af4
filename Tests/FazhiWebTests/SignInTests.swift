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

            // A client that says it came over HTTPS is not believed: only a trusted proxy may say so.
            var claimed = TestApp.Session(cookies: [:], csrf: "")
            let page = try await t.send(.GET, "/login", headers: ["X-Forwarded-Proto": "https"])
            claimed.absorb(page)
            claimed.csrf = TestApp.csrf(in: page.body.string)!
            let r = try await t.send(.POST, "/login", session: claimed, form: ["username": "clerk", "password": TestApp.password],
                                     headers: ["X-Forwarded-Proto": "https"])
            #expect(r.headers[.setCookie].contains { $0.hasPrefix("fazhi_session=") && !$0.contains("Secure") })
        }
    }

    @Test(arguments: TestBackend.available)
    func fiveFailuresLockTheAccount(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            for _ in 1...5 {
                let (_, r) = try await t.signIn("clerk", password: "Wrong-passw0rd")
                #expect(r.status == .unauthorized && r.body.string.contains(SignIn.refusal))
            }
            // Even the right password is refused while locked, with the same answer.
            let (_, locked) = try await t.signIn("clerk")
            #expect(locked.status == .unauthorized && locked.body.string.contains(SignIn.refusal))
            let actions = try await AuditLog.list(on: t.db, filter: .init(entityType: "user"), limit: 50).rows.map(\.action)
            #expect(actions.filter { $0 == "sign_in_failed" }.count == 5)
            #expect(actions.filter { $0 == "account_locked" }.count == 1)
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            let listed = try await t.send(.GET, "/api/v1/users?q=clerk", token: admin).body.string
            #expect(listed.contains("\"locked\":true"))
            // When the lock has run out, the right password works again.
            try await t.db.sql.raw("UPDATE users SET locked_until = \(bind: TestClock.now.addingTimeInterval(-1)) WHERE username = 'clerk'").run()
            let (_, again) = try await t.signIn("clerk")
            #expect(again.status == .seeOther)
            let relisted = try await t.send(.GET, "/api/v1/users?q=clerk", token: admin).body.string
            #expect(relisted.contains("\"locked\":false"))
        }
    }

    @Test(.sqliteOnly) func lockoutIsConfigurable() async throws {
        try await TestApp.with(.sqlite, demo: false, configure: { $0.lockoutAttempts = 2; $0.lockoutMinutes = 30 }) { t in
            let user = try await t.person("clerk", roles: [])
            _ = try await t.signIn("clerk", password: "nope")
            #expect(try await User.find(user.id, on: t.db)?.lockedUntil == nil)
            _ = try await t.signIn("clerk", password: "nope")
            let until = try #require(try await User.find(user.id, on: t.db)?.lockedUntil)
            #expect(abs(until.timeIntervalSince(TestClock.now) - 30 * 60) < 60)
        }
    }

    /// Twenty wrong guesses at once lock the account exactly as twenty in a row do: one lock, one
    /// 「账户锁定」 entry, the count back at zero. The database counts, not the app's copy of the row.
    @Test(arguments: TestBackend.available)
    func parallelGuessesLockAsSerialOnesDo(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false, configure: { $0.addressAttempts = 1_000 }) { t in
            let serial = try await t.person("serial", roles: []), parallel = try await t.person("parallel", roles: [])
            for _ in 0..<20 { _ = try await t.signIn("serial", password: "Wrong-passw0rd") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await t.signIn("parallel", password: "Wrong-passw0rd") } }
                try await group.waitForAll()
            }
            let entries = try await AuditLog.list(on: t.db, filter: .init(entityType: "user"), limit: 500).rows
            for user in [serial, parallel] {
                let stored = try #require(try await User.find(user.id, on: t.db))
                #expect((stored.lockedUntil ?? .distantPast) > TestClock.now && stored.failedAttempts == 0, "\(user.username)")
                let mine = entries.filter { $0.entityID == user.id!.uuidString }.map(\.action)
                #expect(mine.filter { $0 == "account_locked" }.count == 1 && mine.filter { $0 == "sign_in_failed" }.count == 19, "\(user.username): \(mine)")
            }
        }
    }

    /// An unknown, an inactive and a locked account get the same status and words as a wrong
    /// password; each is verified against a hash of the configured cost (the decoy for an unknown name).
    @Test(.sqliteOnly) func sameAnswerWhateverTheAccount() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("known", roles: [])
            let inactive = try await t.person("inactive", roles: []), locked = try await t.person("locked", roles: [])
            inactive.isActive = false; try await inactive.save(on: t.db)
            locked.lockedUntil = TestClock.now.addingTimeInterval(600); try await locked.save(on: t.db)
            #expect(t.app.fazhi.decoyHash.hasPrefix("$2b$04$"), "the decoy costs what a real hash costs")
            for (name, password) in [("known", "Wrong-passw0rd"), ("nobody", TestApp.password), ("inactive", TestApp.password), ("locked", TestApp.password)] {
                let (_, r) = try await t.signIn(name, password: password)
                #expect(r.status == .unauthorized && r.body.string.contains(SignIn.refusal), "\(name)")
                for leak in ["锁定，请于", "已停用", "不存在", "再失败"] { #expect(!r.body.string.contains(leak), "\(name): \(leak)") }
            }
        }
    }

    /// One address that fails too often waits, whichever names it tries and whatever it says it
    /// forwards for; another address is not held up.
    @Test(arguments: TestBackend.available)
    func anAddressThatFailsTooOftenWaits(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false, configure: { $0.addressAttempts = 3 }) { t in
            try await t.person("clerk", roles: [])
            for name in ["a1", "a2", "a3"] { _ = try await t.signIn(name, password: "Wrong-passw0rd") }
            let (_, blocked) = try await t.signIn("clerk")
            #expect(blocked.status == .tooManyRequests && blocked.body.string.contains("此地址登录失败次数过多"))
            var session = TestApp.Session(cookies: [:], csrf: "")
            let page = try await t.send(.GET, "/login")
            session.absorb(page)
            session.csrf = try #require(TestApp.csrf(in: page.body.string))
            let spoofed = try await t.send(.POST, "/login", session: session, form: ["username": "clerk", "password": TestApp.password],
                                           headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(spoofed.status == .tooManyRequests, "X-Forwarded-For from an untrusted peer changes nothing")
            try await t.db.sql.raw("UPDATE sign_in_failures SET window_start = \(bind: TestClock.now.addingTimeInterval(-16 * 60))").run()
            let (_, later) = try await t.signIn("clerk")
            #expect(later.status == .seeOther, "the window has run out")
        }
    }

    /// `next` after sign-in is only ever a local path of safe characters.
    @Test(.sqliteOnly) func nextIsALocalPath() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            let cases = ["/users?page=2": "/users?page=2", "//evil.example/": "/", "/\\evil.example": "/", "https://evil.example": "/",
                         "/a//b": "/", "/x\ty": "/", "/x\r\nSet-Cookie:a=b": "/", "/%0d%0a": "/%0d%0a", "/<script>": "/"]
            for (next, expected) in cases {
                var session = TestApp.Session(cookies: [:], csrf: "")
                let page = try await t.send(.GET, "/login")
                session.absorb(page)
                session.csrf = try #require(TestApp.csrf(in: page.body.string))
                let r = try await t.send(.POST, "/login", session: session, form: ["username": "clerk", "password": TestApp.password, "next": next])
                #expect(r.headers.first(name: .location) == expected, "\(next.debugDescription)")
            }
        }
    }

    /// A session ends after its absolute lifetime however busy it was.
    @Test(.sqliteOnly) func sessionsHaveAnAbsoluteLifetime() async throws {
        try await TestApp.with(.sqlite, demo: false, configure: { $0.sessionMaxHours = 8 }) { t in
            try await t.person("clerk", roles: ["district_office"])
            let (session, _) = try await t.signIn("clerk")
            #expect(try await t.send(.GET, "/users", session: session).status == .ok)
            try await t.db.sql.raw("UPDATE sessions SET created_at = \(bind: TestClock.now.addingTimeInterval(-8 * 3600 - 60)), last_seen_at = \(bind: TestClock.now)").run()
            let r = try await t.send(.GET, "/users", session: session)
            #expect(r.status == .seeOther && r.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    /// The client address and HTTPS come from the forwarding headers only when the peer is a
    /// trusted proxy (a real server on loopback, so the peer is 127.0.0.1).
    @Test(.sqliteOnly, arguments: [true, false])
    func forwardedHeadersCountOnlyFromTrustedProxies(_ trusted: Bool) async throws {
        try await TestApp.with(.sqlite, demo: false, configure: { $0.trustedProxies = trusted ? ["127.0.0.1"] : [] }) { t in
            try await t.person("clerk", roles: ["district_office"])
            let tester = try t.app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let headers: HTTPHeaders = ["X-Forwarded-For": "198.51.100.7, 127.0.0.1", "X-Forwarded-Proto": "https"]
            let page = try await tester.sendRequest(.GET, "/login", headers: headers)
            #expect(page.headers[.setCookie].contains { $0.hasPrefix("fazhi_csrf=") && $0.contains("Secure") } == trusted)
            var session = TestApp.Session(cookies: [:], csrf: "")
            session.absorb(page)
            session.csrf = try #require(TestApp.csrf(in: page.body.string))
            var h = headers
            h.replaceOrAdd(name: .cookie, value: session.cookieHeader)
            h.contentType = .urlEncodedForm
            // The client follows the redirect: to a page that answers without a session.
            let body = ByteBuffer(string: "username=clerk&password=\(TestApp.escape(TestApp.password))&_csrf=\(TestApp.escape(session.csrf))&next=%2Fhealthz")
            let r = try await tester.sendRequest(.POST, "/login", headers: h, body: body)
            #expect(r.status == .ok)
            let entry = try #require(try await AuditLog.list(on: t.db, filter: .init(action: "sign_in"), limit: 1).rows.first)
            #expect(entry.address == (trusted ? "198.51.100.7" : "127.0.0.1"))
        }
    }

    @Test(.sqliteOnly) func firstSignInForcesAPasswordChange() async throws {
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

    @Test(.sqliteOnly) func formsWithoutTheCSRFTokenAreRefused() async throws {
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

    @Test(.sqliteOnly) func idleSessionsEnd() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            let (session, _) = try await t.signIn("clerk")
            try await t.db.sql.raw("UPDATE sessions SET last_seen_at = \(bind: TestClock.now.addingTimeInterval(-31 * 60))").run()
            let r = try await t.send(.GET, "/users", session: session)
            #expect(r.status == .seeOther && r.headers.first(name: .location) == "/login?next=%2Fusers&notice=expired")
            let login = try await t.send(.GET, "/login?next=%2Fusers&notice=expired")
            #expect(login.body.string.contains("您长时间未操作，已自动退出"))
            #expect(try await SessionRecord.query(on: t.db).count() == 0)
        }
    }

    @Test(.sqliteOnly) func signOutEndsTheSession() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            try await t.person("clerk", roles: ["district_office"])
            let (session, _) = try await t.signIn("clerk")
            let out = try await t.send(.POST, "/logout", session: session, form: [:])
            #expect(out.status == .seeOther)
            #expect(try await t.send(.GET, "/users", session: session).status == .seeOther)
            let actions = try await AuditLog.list(on: t.db, filter: .init(), limit: 10).rows.map(\.action)
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

    /// A token may carry an expiry; a password change or a reset revokes every token of the person.
    @Test(arguments: TestBackend.available)
    func tokensExpireAndEndWithThePassword(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let user = try await t.person("robot", roles: ["district_office"])
            var (session, _) = try await t.signIn("robot")
            let made = try await t.send(.POST, "/account/tokens", session: session, form: ["name": "对接", "days": "30"])
            #expect(made.status == .created)
            let token = try #require(made.body.string.range(of: "<code>fz_").map { "fz_" + made.body.string[$0.upperBound...].prefix { $0 != "<" } })
            #expect(try await t.send(.GET, "/api/v1/me", token: token).status == .ok)
            let stored = try #require(try await APIToken.query(on: t.db).filter(\.$user.$id == user.id!).first())
            #expect(abs((stored.expiresAt ?? .distantPast).timeIntervalSince(TestClock.now) - 30 * 86_400) < 120)
            let bad = try await t.send(.POST, "/account/tokens", session: session, form: ["name": "坏", "days": "9223372036854775807"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("有效期应为 1 到 3650 天"))
            try await t.db.sql.raw("UPDATE api_tokens SET expires_at = \(bind: TestClock.now.addingTimeInterval(-1))").run()
            t.app.fazhi.dataChanged()
            #expect(try await t.send(.GET, "/api/v1/me", token: token).status == .unauthorized, "expired")

            // A long-lived token ends with a password change…
            let kept = try await t.token(for: user)
            let page = try await t.send(.GET, "/account/password", session: session)
            session.csrf = try #require(TestApp.csrf(in: page.body.string))
            let changed = try await t.send(.POST, "/account/password", session: session,
                                           form: ["current": TestApp.password, "password": "Brand-new-passw0rd", "confirm": "Brand-new-passw0rd"])
            #expect(changed.status == .seeOther)
            #expect(try await t.send(.GET, "/api/v1/me", token: kept).status == .unauthorized, "revoked by the change")
            // …and with a reset by the system administrator.
            let another = try await t.token(for: user)
            let admin = try await t.token(for: t.person("sys", roles: ["system_admin"]))
            #expect(try await t.send(.POST, "/users/\(user.id!)/reset-password", token: admin).status == .ok)
            #expect(try await t.send(.GET, "/api/v1/me", token: another).status == .unauthorized, "revoked by the reset")
        }
    }
}
