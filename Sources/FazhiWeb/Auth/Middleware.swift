import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// The outermost layer: turns every error into problem+json (API) or an error page (browser), sets
/// the security headers on every answer, and records metrics.
struct EdgeMiddleware: AsyncMiddleware {
    /// No framing, no sniffing, nothing loaded from elsewhere (the pages use no external resources).
    static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    ]

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let services = req.application.fazhi
        services.inFlight.wrappingIncrement(ordering: .relaxed)
        defer { services.inFlight.wrappingDecrement(ordering: .relaxed) }
        var response: Response
        do {
            response = try await next.respond(to: req)
        } catch {
            response = await Self.render(error, for: req)
        }
        // The path exists, the method does not (TRACE, PUT where only GET is declared, PATCH on
        // `/records/x/import`, which only a `:id` route of another method matched).
        if response.status == .notFound,
           let allowed = services.routeMethods.allowed(path: req.url.path, literal: req.route != nil), !allowed.isEmpty, !allowed.contains(req.method.rawValue) {
            response = await Self.render(AppError(.methodNotAllowed, "method_not_allowed", "该地址不支持 \(req.method.rawValue) 请求"), for: req)
            response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
        }
        for (name, value) in Self.securityHeaders where name != "Content-Security-Policy" || !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        // Pages and answers for a signed-in person are theirs alone: no cache keeps them.
        if req.principal != nil || req.url.path.hasPrefix("/account") || req.url.path.hasPrefix("/api/") && !req.url.path.hasSuffix("openapi.json") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if services.config.hstsSeconds > 0 {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=\(services.config.hstsSeconds); includeSubDomains")
        }
        let route = req.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        services.metrics.record(method: req.method.rawValue, route: route, status: Int(response.status.code), seconds: seconds)
        return response
    }

    static func render(_ error: any Error, for req: Request) async -> Response {
        let e = AppError.from(error)
        if e.status.code >= 500 {
            req.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(req.url.path)"])
        }
        if req.isAPI || req.headers.accept.mediaTypes.contains(.json) && !req.headers.accept.mediaTypes.contains(.html) {
            let response = Response(status: e.status)
            try? response.content.encode(Problem(e, path: req.url.path), as: .json)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            return response
        }
        do {
            let view = try await Page.render("error", title: "出错了", req: req, context: ErrorPage(status: Int(e.status.code), message: e.message))
            let response = try await view.encodeResponse(status: e.status, for: req)
            return response
        } catch {
            return Response(status: e.status, body: .init(string: e.message))
        }
    }

    struct ErrorPage: Encodable { let status: Int; let message: String }
}

/// Resolves who the request acts for: a session cookie (browsers) or a bearer API token.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "fazhi_session"

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization {
            let hash = Secrets.sha256Hex(bearer.token)
            let resolved = try await Self.cached(req, key: "t:" + hash) {
                try await AccessStore.principal(tokenHash: hash, now: req.now, on: req.db).map { CachedPrincipal(principal: $0.0, tokenID: $0.tokenID) }
            }
            guard let resolved, let tokenID = resolved.tokenID else {
                throw AppError(.unauthorized, "invalid_token", "API 令牌无效或已吊销")
            }
            req.principal = resolved.principal
            req.credential = .apiToken(id: tokenID)
            touch(token: tokenID, req: req)
        } else if let token = req.cookies[Self.sessionCookie]?.string, !token.isEmpty {
            try await resolveSession(token: token, req: req)
        }
        return try await next.respond(to: req)
    }

    private func resolveSession(token: String, req: Request) async throws {
        let id = Secrets.sha256Hex(token)
        let config = req.application.fazhi.config
        switch try await Sessions.resolve(id: id, idle: TimeInterval(config.sessionIdleMinutes * 60),
                                          lifetime: TimeInterval(config.sessionMaxHours * 3600), now: req.now, on: req.db) {
        case .none:
            return
        case .expired:
            req.storage[SessionExpiredKey.self] = true
        case .active(let session):
            let userID = session.userID
            guard let principal = try await Self.cached(req, key: "u:" + userID.uuidString, load: {
                try await AccessStore.principal(userID: userID, on: req.db).map { CachedPrincipal(principal: $0, tokenID: nil) }
            })?.principal else { return }
            req.principal = principal
            req.credential = .session(id: id, csrfToken: session.csrfToken)
        }
    }

    /// A principal from the short-lived cache, or loaded and remembered; nil when there is none.
    private static func cached(_ req: Request, key: String, load: () async throws -> CachedPrincipal?) async throws -> CachedPrincipal? {
        let cache = req.application.fazhi.principals
        if let hit = cache.get(key) { return hit }
        guard let fresh = try await load() else { return nil }
        cache.put(key, fresh)
        return fresh
    }

    private func touch(token id: UUID, req: Request) {
        let now = req.now
        let due = req.application.fazhi.tokenTouches.withLockedValue { seen -> Bool in
            if let last = seen[id], now.timeIntervalSince(last) < 60 { return false }
            seen[id] = now
            return true
        }
        guard due else { return }
        let db = req.db
        Task { try? await Tokens.touch(id, now: now, on: db) }
    }
}

/// Enforces each route's declared access, the forced first password change, and CSRF tokens.
struct AccessMiddleware: AsyncMiddleware {
    static let csrfCookie = "fazhi_csrf"
    /// Pages a person who must change their password may still reach.
    static let passwordChangePaths: Set<String> = ["/account/password", "/logout"]

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = req.route else { return try await next.respond(to: req) }
        guard let access = route.access else {
            req.logger.error("route without access declaration", metadata: ["route": "\(route.description)"])
            throw AppError.undeclaredRoute
        }
        try checkMultipart(req)
        if let gate = route.gate, let answer = try await gate(req) { return answer }
        try await checkControlCharacters(req)
        try await checkCSRF(req)
        switch access {
        case .publicAccess:
            return try await finish(req, next)
        case .signedIn, .permission, .anyOf:
            guard let principal = req.principal else {
                if !req.isAPI && req.method == .GET {
                    let target = req.url.path + (req.url.query.map { "?" + $0 } ?? "")
                    var items: [String] = []
                    if target != "/" { items.append("next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
                    if req.storage[SessionExpiredKey.self] == true { items.append("notice=expired") }
                    return req.redirect(to: "/login" + (items.isEmpty ? "" : "?" + items.joined(separator: "&")))
                }
                throw AppError.unauthenticated
            }
            if principal.mustChangePassword && !Self.passwordChangePaths.contains(req.url.path) {
                if !req.isAPI && req.method == .GET { return req.redirect(to: "/account/password") }
                throw AppError.passwordChangeRequired
            }
            if case .permission(let p) = access, !principal.has(p) { throw AppError.forbidden }
            if case .anyOf(let ps) = access, !ps.contains(where: principal.has) { throw AppError.forbidden }
            return try await finish(req, next)
        }
    }

    private func finish(_ req: Request, _ next: any AsyncResponder) async throws -> Response {
        if req.isAPI, let doc = req.route?.apiDoc { try QueryParams(req).check(doc.queryParameters) }
        let response = try await next.respond(to: req)
        // Any change may touch who can do what or what a list shows: forget what was derived.
        if ![.GET, .HEAD, .OPTIONS].contains(req.method) && response.status.code < 400 {
            req.application.fazhi.dataChanged()
        }
        if req.cookies[Self.csrfCookie] == nil, let token = req.storage[AnonymousCSRFKey.self] {
            response.cookies[Self.csrfCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.isSecure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// A multipart body is split by its boundary, and MultipartKit stops the whole process on an
    /// empty one (a precondition): a request whose boundary is empty or longer than RFC 2046's 70
    /// characters is refused before any reader sees it.
    private func checkMultipart(_ req: Request) throws {
        guard let type = req.headers.contentType, type.type == "multipart" else { return }
        guard let boundary = type.parameters["boundary"], (1...70).contains(boundary.utf8.count) else {
            throw AppError(.badRequest, "bad_request", "请求内容格式不正确：multipart 分隔符无效")
        }
    }

    /// A query, form or JSON body with a control character (a NUL cannot even be stored in
    /// PostgreSQL) is refused in Chinese before any handler reads it. Uploads are files, checked
    /// by their own readers.
    private func checkControlCharacters(_ req: Request) async throws {
        if let query = req.url.query, ControlCharacters.containedEncoded(in: query.utf8) {
            throw AppError.from(ControlCharacters.refusal(field: "query"))
        }
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method), let type = req.headers.contentType else { return }
        let json = type.type == "application" && (type.subType == "json" || type.subType.hasSuffix("+json"))
        guard json || type == .urlEncodedForm else { return }
        var body = req.body.data
        if body == nil { body = try await req.body.collect(max: req.route?.maxBodyBytes ?? 2 * 1024 * 1024).get() }
        guard let body else { return }
        let found = json ? ControlCharacters.containedInJSON(body.readableBytesView) : ControlCharacters.containedEncoded(in: body.readableBytesView)
        if found { throw AppError.from(ControlCharacters.refusal(field: "body")) }
    }

    /// Unsafe methods from a browser must carry the page's token. API-token calls carry no ambient
    /// credential, so they need none.
    private func checkCSRF(_ req: Request) async throws {
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method) else { return }
        switch req.credential {
        case .apiToken: return
        case .session: break
        // Anonymous: only browser forms (sign-in) need protecting; the API has nothing to forge.
        case nil: if req.isAPI { return }
        }
        // The token is in the body: gather a body still arriving (an upload) up to the route's limit.
        if req.body.data == nil, req.headers.first(name: "X-CSRF-Token") == nil {
            _ = try await req.body.collect(max: req.route?.maxBodyBytes ?? 2 * 1024 * 1024).get()
        }
        let sent = req.headers.first(name: "X-CSRF-Token") ?? Self.formToken(req)
        guard let sent, let expected = req.csrfToken, Secrets.equal(sent, expected) else { throw AppError.csrf }
    }
}

extension AccessMiddleware {
    /// The form's `_csrf` field. A multipart body (an upload of up to 21 MB) is read only until
    /// that part is complete — forms put it first — rather than decoded whole.
    static func formToken(_ req: Request) -> String? {
        guard let type = req.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
              let body = req.body.data else {
            return try? req.content.get(String.self, at: "_csrf")
        }
        var token: String?, isToken = false, part = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { isToken = IntakePages.parameter("name", in: value) == "_csrf" }
        }
        parser.onBody = { if isToken { part.writeBuffer(&$0) } }
        parser.onPartComplete = {
            if isToken { token = part.getString(at: part.readerIndex, length: part.readableBytes) }
            isToken = false
        }
        var offset = body.readerIndex
        while token == nil, offset < body.writerIndex {
            let length = min(64 * 1024, body.writerIndex - offset)
            guard let slice = body.getSlice(at: offset, length: length), (try? parser.execute(slice)) != nil else { return nil }
            offset += length
        }
        return token
    }
}

struct AnonymousCSRFKey: StorageKey { typealias Value = String }
struct SessionExpiredKey: StorageKey { typealias Value = Bool }

extension Request {
    /// The CSRF token forms on this page must carry: the session's when signed in, otherwise a
    /// cookie-bound one (double-submit) for the sign-in form.
    var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        if let cookie = cookies[AccessMiddleware.csrfCookie]?.string, !cookie.isEmpty { return cookie }
        if let made = storage[AnonymousCSRFKey.self] { return made }
        let made = Secrets.random(bytes: 24)
        storage[AnonymousCSRFKey.self] = made
        return made
    }
}
