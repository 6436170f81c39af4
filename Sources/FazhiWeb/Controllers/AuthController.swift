import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// Sign-in, sign-out, the forced password change and personal API tokens.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginPage).require(.publicAccess)
        routes.post("login", use: login).require(.publicAccess)
        routes.post("logout", use: logout).require(.signedIn)
        routes.get("account", "password", use: passwordPage).require(.signedIn)
        routes.post("account", "password", use: changePassword).require(.signedIn)
        routes.get("account", "tokens", use: tokensPage).require(.signedIn)
        routes.post("account", "tokens", use: createToken).require(.signedIn)
        routes.post("account", "tokens", ":id", "revoke", use: revokeToken).require(.signedIn)
        routes.get("api", "v1", "me", use: me).require(.signedIn)
            .document(APIDoc("当前用户及其权限", tag: "账户", response: "Me"))
    }

    // MARK: Sign-in

    struct LoginForm: Content { var username: String?; var password: String?; var next: String? }
    struct LoginPage: Encodable { var username: String; var next: String; var error: String? }

    func loginPage(req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: "/") }
        let next = safeNext(req.query[String.self, at: "next"])
        return try await Page.render("login", title: "登录", req: req, context: LoginPage(username: "", next: next, error: nil))
            .encodeResponse(for: req)
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let next = safeNext(form.next)
        do {
            let user = try await SignIn.attempt(username: username, password: form.password ?? "", req: req)
            let idle = TimeInterval(req.application.fazhi.config.sessionIdleMinutes * 60)
            let token = try await Sessions.open(userID: user.id!, idleBefore: req.now.addingTimeInterval(-idle), address: req.clientAddress,
                                                userAgent: String((req.headers.first(name: .userAgent) ?? "").prefix(200)), now: req.now, on: req.db)
            let response = req.redirect(to: user.mustChangePassword ? "/account/password" : next)
            response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.isSecure, isHTTPOnly: true, sameSite: .lax)
            return response
        } catch let e as SignIn.Failure {
            return try await Page.render("login", title: "登录", req: req, context: LoginPage(username: username, next: next, error: e.message))
                .encodeResponse(status: e.status, for: req)
        }
    }

    func logout(req: Request) async throws -> Response {
        if case .session(let id, _) = req.credential {
            try await Sessions.close(id: id, actor: req.auditActor, on: req.db)
        }
        let response = req.redirect(to: "/login?notice=signed_out")
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Only a local path of safe characters: never another host (`//`, a backslash), never a
    /// header broken by a tab, CR or LF.
    func safeNext(_ raw: String?) -> String {
        guard let raw, raw.utf8.count <= 500, raw.hasPrefix("/"), !raw.contains("//"),
              raw.utf8.allSatisfy({ Self.nextCharacters.contains($0) }) else { return "/" }
        return raw
    }

    static let nextCharacters = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~%?&=+,;:@".utf8))

    // MARK: Password

    struct PasswordForm: Content { var current: String?; var password: String?; var confirm: String? }
    struct PasswordPage: Encodable { var forced: Bool; var error: String?; var minimum: Int }

    func passwordPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        return try await Page.render("password", title: "修改密码", req: req,
                                     context: PasswordPage(forced: p.mustChangePassword, error: nil, minimum: PasswordPolicy.minimumLength),
                                     breadcrumbs: [("修改密码", nil)])
    }

    func changePassword(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let form = try req.content.decode(PasswordForm.self)
        do {
            guard let user = try await Accounts.user(p.userID, on: req.db) else { throw AppError.unauthenticated }
            guard try await req.password.async.verify(form.current ?? "", created: user.passwordHash) else {
                throw CoreError.invalid(field: "current", "当前密码不正确")
            }
            let new = form.password ?? ""
            guard new == form.confirm else { throw CoreError.invalid(field: "confirm", "两次输入的新密码不一致") }
            guard new != form.current else { throw CoreError.invalid(field: "password", "新密码不能与当前密码相同") }
            try PasswordPolicy.check(new, username: user.username)
            let hash = try await req.password.async.hash(new)
            // Other sessions of this person end, and their API tokens; this session goes on.
            let keep: String? = if case .session(let id, _) = req.credential { id } else { nil }
            try await Accounts.changePassword(of: p.userID, hash: hash, keepSession: keep, actor: req.auditActor, now: req.now, on: req.db)
            return req.redirect(to: "/?notice=password_changed")
        } catch let e as CoreError {
            return try await Page.render("password", title: "修改密码", req: req,
                                         context: PasswordPage(forced: p.mustChangePassword, error: e.message, minimum: PasswordPolicy.minimumLength),
                                         breadcrumbs: [("修改密码", nil)])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: API tokens

    struct TokenRow: Encodable {
        let id: UUID; let name: String; let prefix: String; let createdAt: String; let lastUsedAt: String?; let expiresAt: String?
        let revoked: Bool; let expired: Bool
    }
    struct TokensPage: Encodable { let tokens: [TokenRow]; let newToken: String?; let error: String? }
    struct TokenForm: Content { var name: String?; var days: String? }

    func tokensPage(req: Request) async throws -> View {
        try await renderTokens(req, newToken: nil, error: nil)
    }

    func renderTokens(_ req: Request, newToken: String?, error: String?) async throws -> View {
        let p = try req.requirePrincipal()
        let tokens = try await Tokens.list(of: p.userID, on: req.db)
        let now = req.now
        let rows = tokens.map {
            TokenRow(id: $0.id!, name: $0.name, prefix: $0.tokenPrefix, createdAt: Format.dateTime($0.createdAt),
                     lastUsedAt: $0.lastUsedAt.map(Format.dateTime), expiresAt: $0.expiresAt.map(Format.dateTime),
                     revoked: $0.revokedAt != nil, expired: ($0.expiresAt ?? .distantFuture) <= now)
        }
        return try await Page.render("tokens", title: "API 令牌", req: req, context: TokensPage(tokens: rows, newToken: newToken, error: error),
                                     breadcrumbs: [("API 令牌", nil)])
    }

    func createToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let form = try req.content.decode(TokenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else {
            return try await renderTokens(req, newToken: nil, error: "令牌名称不能为空，且不超过 50 字").encodeResponse(status: .unprocessableEntity, for: req)
        }
        var expiresAt: Date?
        if let days = form.days, !days.isEmpty {
            guard days.utf8.count <= 4, let n = Int(days), (1...3_650).contains(n) else {
                return try await renderTokens(req, newToken: nil, error: "有效期应为 1 到 3650 天").encodeResponse(status: .unprocessableEntity, for: req)
            }
            expiresAt = req.now.addingTimeInterval(TimeInterval(n) * 86_400)
        }
        let (token, _) = try await Tokens.issue(userID: p.userID, name: name, expiresAt: expiresAt, actor: req.auditActor, now: req.now, on: req.db)
        return try await renderTokens(req, newToken: token, error: nil).encodeResponse(status: .created, for: req)
    }

    func revokeToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let id = req.parameters.get("id", as: UUID.self),
              try await Tokens.revoke(id, of: p.userID, actor: req.auditActor, now: req.now, on: req.db) else {
            throw AppError.notFound
        }
        return req.redirect(to: "/account/tokens?notice=revoked")
    }

    struct Me: Content {
        let id: UUID; let username: String; let displayName: String; let permissions: [String]
        let allUnits: Bool; let unitIDs: [UUID]; let mustChangePassword: Bool
    }

    func me(req: Request) async throws -> Me {
        let p = try req.requirePrincipal()
        return Me(id: p.userID, username: p.username, displayName: p.displayName, permissions: p.permissions.map(\.rawValue).sorted(),
                  allUnits: p.scope.allUnits, unitIDs: p.unitIDs, mustChangePassword: p.mustChangePassword)
    }
}

/// The sign-in rules: lock-out after repeated failures of an account, a wait for an address that
/// fails too often, every attempt in the audit trail. Each attempt is counted before its password
/// is checked and decided after it by the database (`SignInGuard`), so parallel guesses cannot
/// outrun the lock: a locked account refuses even the right password. An unknown, inactive or
/// locked account gets the same answer as a wrong password, after the same work (one bcrypt
/// verification off the event loop), so neither the answer nor its time tells which names exist.
enum SignIn {
    struct Failure: Error {
        let message: String
        var status: HTTPResponseStatus = .unauthorized
    }

    static let refusal = "登录名或密码错误。连续输错多次后账户将暂时锁定；账户已锁定或停用时请联系系统管理员"

    static func attempt(username: String, password: String, req: Request) async throws -> User {
        let config = req.application.fazhi.config
        let now = req.now, address = req.clientAddress
        let policy = SignInGuard.Policy(lockoutAttempts: config.lockoutAttempts, lockout: TimeInterval(config.lockoutMinutes * 60),
                                        addressAttempts: config.addressAttempts, addressWindow: TimeInterval(config.addressWindowMinutes * 60))
        var actor = req.auditActor
        actor.name = "登录尝试：\(username.prefix(32))"
        guard !username.isEmpty, !password.isEmpty else { throw Failure(message: "请输入登录名和密码") }
        guard try await SignInGuard.admitAddress(address, policy: policy, now: now, on: req.db) else {
            throw Failure(message: "此地址登录失败次数过多，请 \(config.addressWindowMinutes) 分钟后再试", status: .tooManyRequests)
        }
        let user = try await Accounts.user(username: username, on: req.db)
        // An attempt on a stopped account takes none of its attempts: they would wait for it.
        var taken: Int?
        if let user, user.isActive { taken = try await SignInGuard.reserveAttempt(user.id!, now: now, on: req.db) }
        // Verified whatever the account's state, so every answer costs the same.
        let verified = try await req.password.async.verify(password, created: user?.passwordHash ?? req.application.fazhi.decoyHash)
        actor.userID = user?.id
        func fail(_ reason: SignInGuard.FailureReason) async throws -> Failure {
            try await SignInGuard.recordFailure(reason, username: username, userID: user?.id, policy: policy, actor: actor, now: now, on: req.db)
            return Failure(message: refusal)
        }
        guard let user else { throw try await fail(.unknown) }
        guard user.isActive else { throw try await fail(.inactive) }
        guard let taken, taken <= policy.lockoutAttempts else { throw try await fail(.locked) }
        guard verified else { throw try await fail(.password) }
        guard try await SignInGuard.recordSuccess(user.id!, verified: user.passwordHash, address: address, actor: actor, now: now, on: req.db) else {
            throw try await fail(.locked)
        }
        return user
    }
}
