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
            // Sessions that went idle without being seen again are removed here, not left to pile up.
            let idle = TimeInterval(req.application.fazhi.config.sessionIdleMinutes * 60)
            try await SessionRecord.query(on: req.db).filter(\.$lastSeenAt < Date().addingTimeInterval(-idle)).delete()
            let token = Secrets.random()
            let session = SessionRecord(id: Secrets.sha256Hex(token), userID: user.id!, csrfToken: Secrets.random(bytes: 24),
                                        now: Date(), address: req.clientAddress, userAgent: String((req.headers.first(name: .userAgent) ?? "").prefix(200)))
            try await session.create(on: req.db)
            let response = req.redirect(to: user.mustChangePassword ? "/account/password" : next)
            response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.isSecure, isHTTPOnly: true, sameSite: .lax)
            return response
        } catch let e as SignIn.Failure {
            return try await Page.render("login", title: "登录", req: req, context: LoginPage(username: username, next: next, error: e.message))
                .encodeResponse(status: .unauthorized, for: req)
        }
    }

    func logout(req: Request) async throws -> Response {
        if case .session(let id, _) = req.credential {
            let actor = req.auditActor
            try await req.db.write { tx in
                try await SessionRecord.query(on: tx).filter(\.$id == id).delete()
                try await AuditLog.append(on: tx, actor: actor, action: .signOut, entityType: "session", entityID: String(id.prefix(12)))
            }
        }
        let response = req.redirect(to: "/login?notice=signed_out")
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Only local paths, never another host.
    func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return "/" }
        return raw
    }

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
            guard let user = try await User.find(p.userID, on: req.db) else { throw AppError.unauthenticated }
            guard try req.password.verify(form.current ?? "", created: user.passwordHash) else {
                throw CoreError.invalid(field: "current", "当前密码不正确")
            }
            let new = form.password ?? ""
            guard new == form.confirm else { throw CoreError.invalid(field: "confirm", "两次输入的新密码不一致") }
            guard new != form.current else { throw CoreError.invalid(field: "password", "新密码不能与当前密码相同") }
            try PasswordPolicy.check(new, username: user.username)
            let hash = try await req.password.async.hash(new)
            let actor = req.auditActor
            let keep: String? = if case .session(let id, _) = req.credential { id } else { nil }
            try await req.db.write { tx in
                user.passwordHash = hash
                user.mustChangePassword = false
                try await user.save(on: tx)
                // Other sessions of this person end; this one goes on.
                try await SessionRecord.query(on: tx).filter(\.$user.$id == p.userID).filter(\.$id != keep ?? "").delete()
                try await AuditLog.append(on: tx, actor: actor, action: .passwordChanged, entityType: "user", entityID: p.userID.uuidString)
            }
            return req.redirect(to: "/?notice=password_changed")
        } catch let e as CoreError {
            return try await Page.render("password", title: "修改密码", req: req,
                                         context: PasswordPage(forced: p.mustChangePassword, error: e.message, minimum: PasswordPolicy.minimumLength),
                                         breadcrumbs: [("修改密码", nil)])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: API tokens

    struct TokenRow: Encodable { let id: UUID; let name: String; let prefix: String; let createdAt: String; let lastUsedAt: String?; let revoked: Bool }
    struct TokensPage: Encodable { let tokens: [TokenRow]; let newToken: String?; let error: String? }
    struct TokenForm: Content { var name: String? }

    func tokensPage(req: Request) async throws -> View {
        try await renderTokens(req, newToken: nil, error: nil)
    }

    func renderTokens(_ req: Request, newToken: String?, error: String?) async throws -> View {
        let p = try req.requirePrincipal()
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == p.userID).sort(\.$createdAt, .descending).all()
        let rows = tokens.map {
            TokenRow(id: $0.id!, name: $0.name, prefix: $0.tokenPrefix, createdAt: Format.dateTime($0.createdAt),
                     lastUsedAt: $0.lastUsedAt.map(Format.dateTime), revoked: $0.revokedAt != nil)
        }
        return try await Page.render("tokens", title: "API 令牌", req: req, context: TokensPage(tokens: rows, newToken: newToken, error: error),
                                     breadcrumbs: [("API 令牌", nil)])
    }

    func createToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let name = (try req.content.decode(TokenForm.self).name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else {
            return try await renderTokens(req, newToken: nil, error: "令牌名称不能为空，且不超过 50 字").encodeResponse(status: .unprocessableEntity, for: req)
        }
        let (token, _) = try await Tokens.issue(userID: p.userID, name: name, actor: req.auditActor, on: req.db)
        return try await renderTokens(req, newToken: token, error: nil).encodeResponse(status: .created, for: req)
    }

    func revokeToken(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        guard let id = req.parameters.get("id", as: UUID.self),
              let token = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == p.userID).first() else {
            throw AppError.notFound
        }
        let actor = req.auditActor
        try await req.db.write { tx in
            token.revokedAt = Date()
            try await token.save(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "api_token", entityID: id.uuidString, after: #"{"revoked":true}"#)
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

public enum Tokens {
    /// Issues a token; the clear text is returned once and only its hash is kept.
    public static func issue(userID: UUID, name: String, actor: AuditActor, on db: any Database) async throws -> (String, APIToken) {
        let token = "fz_" + Secrets.random()
        let record = APIToken(userID: userID, name: name, tokenPrefix: String(token.prefix(10)), tokenHash: Secrets.sha256Hex(token), now: Date())
        try await db.write { tx in
            try await record.create(on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "api_token", entityID: record.id!.uuidString,
                                      after: AuditLog.snapshot(["name": name, "prefix": record.tokenPrefix]))
        }
        return (token, record)
    }
}

/// The sign-in rules: lock-out after repeated failures, every attempt in the audit trail.
enum SignIn {
    struct Failure: Error { let message: String }

    /// A valid bcrypt hash to verify against when the name is unknown, so timing does not reveal it.
    static let decoy = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuM9QJ5y8cQ0JmXqkq3Wl6PZ0xTnKxvGK"

    static func attempt(username: String, password: String, req: Request) async throws -> User {
        let config = req.application.fazhi.config
        var actor = req.auditActor
        actor.name = "登录尝试：\(username.prefix(32))"
        guard !username.isEmpty, !password.isEmpty else { throw Failure(message: "请输入登录名和密码") }
        guard let user = try await User.query(on: req.db).filter(\.$username == username).first() else {
            _ = try? req.password.verify(password, created: decoy)
            let actor = actor
            try await req.db.write { tx in
                try await AuditLog.append(on: tx, actor: actor, action: .signInFailed, entityType: "user", entityID: String(username.prefix(32)))
            }
            throw Failure(message: "登录名或密码错误")
        }
        let now = Date()
        actor.userID = user.id
        let known = actor
        if let until = user.lockedUntil, until > now {
            try await req.db.write { tx in
                try await AuditLog.append(on: tx, actor: known, action: .signInFailed, entityType: "user", entityID: user.id!.uuidString, after: #"{"reason":"locked"}"#)
            }
            throw Failure(message: lockedMessage(until: until, now: now))
        }
        guard user.isActive else {
            try await req.db.write { tx in
                try await AuditLog.append(on: tx, actor: known, action: .signInFailed, entityType: "user", entityID: user.id!.uuidString, after: #"{"reason":"inactive"}"#)
            }
            throw Failure(message: "该账户已停用，请联系系统管理员")
        }
        let ok = try await req.password.async.verify(password, created: user.passwordHash)
        let who = actor
        if !ok {
            let message: String = try await req.db.write { tx in
                user.failedAttempts += 1
                var message = "登录名或密码错误，再失败 \(config.lockoutAttempts - user.failedAttempts) 次账户将被锁定"
                var action = AuditAction.signInFailed
                if user.failedAttempts >= config.lockoutAttempts {
                    let until = now.addingTimeInterval(TimeInterval(config.lockoutMinutes * 60))
                    user.lockedUntil = until
                    user.failedAttempts = 0
                    action = .accountLocked
                    message = "密码连续错误 \(config.lockoutAttempts) 次，" + lockedMessage(until: until, now: now)
                }
                try await user.save(on: tx)
                try await AuditLog.append(on: tx, actor: who, action: action, entityType: "user", entityID: user.id!.uuidString)
                return message
            }
            throw Failure(message: message)
        }
        try await req.db.write { tx in
            user.failedAttempts = 0
            user.lockedUntil = nil
            user.lastSignInAt = now
            try await user.save(on: tx)
            try await AuditLog.append(on: tx, actor: who, action: .signIn, entityType: "user", entityID: user.id!.uuidString)
        }
        return user
    }

    static func lockedMessage(until: Date, now: Date) -> String {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return "账户已锁定，请于 \(Format.time(until)) 后再试（约 \(minutes) 分钟）"
    }
}
