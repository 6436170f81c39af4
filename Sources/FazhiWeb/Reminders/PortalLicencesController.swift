import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// 证照到期提醒 on the public portal: a holder proves itself with a code sent to the phone on
/// file, sees its licences and chooses how it is reminded. No sign-in; the grant lives in a
/// cookie for half an hour and is kept server-side only as a hash.
struct PortalLicencesController: RouteCollection {
    static let cookie = "fazhi_portal"

    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal", "licences")
        portal.get(use: start).require(.publicAccess)
        portal.post("code", use: requestCode).require(.publicAccess)
        portal.post("verify", use: verify).require(.publicAccess)
        portal.get("mine", use: mine).require(.publicAccess)
        portal.post("channel", use: choose).require(.publicAccess)
    }

    struct Choice: Encodable { let value: String; let label: String; let chosen: Bool }
    struct PortalPage: Encodable {
        var step: String
        var creditCode = ""
        var phone: String? = nil
        var holder: String? = nil
        var licences: [HolderPortal.HolderLicence] = []
        var choices: [Choice] = []
        var email = ""
        var error: String? = nil
        var errorField: String? = nil
        var notice: String? = nil
    }

    func render(_ req: Request, _ page: PortalPage, status: HTTPStatus = .ok) async throws -> Response {
        try await Page.render("portal-licences", title: "证照到期提醒", req: req, context: page).encodeResponse(status: status, for: req)
    }

    func start(req: Request) async throws -> Response {
        try await render(req, PortalPage(step: "start"))
    }

    struct CodeForm: Content { var credit_code: String?; var phone: String?; var code: String? }

    func requestCode(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let typed = form.credit_code ?? "", phone = form.phone ?? ""
        do {
            let nonce = Secrets.random(bytes: 16)
            let request = try await HolderPortal.requestCode(creditCode: typed, phone: phone, nonce: nonce, client: req.clientAddress, now: req.now, on: req.db)
            let response = try await render(req, PortalPage(step: "code", creditCode: typed.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()))
            PortalCodeCookie.set(nonce, on: response, req: req)
            // The page reads the same, and as soon, whether or not the code is registered with this
            // number; a failed send is a dead letter (the code cannot be sent again), so the holder asks again.
            ReminderDispatcher.sendAfterAnswering(request, req: req)
            return response
        } catch let e as CoreError {
            return try await render(req, PortalPage(step: "start", creditCode: typed, phone: phone, error: e.message, errorField: e.field == "contact" ? "phone" : e.field),
                                    status: .unprocessableEntity)
        } catch let e as PortalCodes.TooMany {
            return try await render(req, PortalPage(step: "start", creditCode: typed, phone: phone, error: e.message, errorField: "credit_code"), status: .tooManyRequests)
        }
    }

    func verify(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let creditCode = (form.credit_code ?? "").uppercased()
        do {
            let grant = try await HolderPortal.verify(creditCode: creditCode, code: form.code ?? "", nonce: PortalCodeCookie.nonce(req),
                                                      client: req.clientAddress, now: req.now, on: req.db)
            let response = req.redirect(to: "/portal/licences/mine")
            response.cookies[Self.cookie] = HTTPCookies.Value(string: grant, expires: req.now.addingTimeInterval(PortalCodes.grantLifetime),
                                                              maxAge: Int(PortalCodes.grantLifetime), path: "/portal", isSecure: req.isSecure,
                                                              isHTTPOnly: true, sameSite: .strict)
            return response
        } catch let e as CoreError {
            return try await render(req, PortalPage(step: "code", creditCode: creditCode, error: e.message, errorField: e.field), status: .unprocessableEntity)
        }
    }

    /// The holder this request's grant speaks for, or nil (then the page starts over).
    func holder(_ req: Request) async throws -> String? {
        guard let grant = req.cookies[Self.cookie]?.string, !grant.isEmpty else { return nil }
        // A grant for another subject (an application's receipt number) is not a holder's.
        return try await PortalCodes.subject(grant: grant, now: req.now, on: req.db).flatMap { IdentityCodes.isValidCreditCode($0) ? $0 : nil }
    }

    func mine(req: Request) async throws -> Response {
        guard let creditCode = try await holder(req) else { return req.redirect(to: "/portal/licences") }
        return try await render(req, try await minePage(req, creditCode: creditCode))
    }

    func minePage(_ req: Request, creditCode: String, typedChannel: HolderChannel? = nil, typedEmail: String? = nil) async throws -> PortalPage {
        let holder = try await HolderPortal.holder(creditCode, on: req.db)
        let current = try await HolderPortal.subscription(creditCode: creditCode, on: req.db)
        let chosen = typedChannel ?? current.channel
        return PortalPage(step: "mine", creditCode: creditCode, phone: Masking.phone(holder.phone), holder: holder.name,
                          licences: try await HolderPortal.licences(creditCode: creditCode, on: req.db),
                          choices: HolderChannel.allCases.map { Choice(value: $0.rawValue, label: $0.label, chosen: $0 == chosen) },
                          email: typedEmail ?? current.email ?? "")
    }

    struct ChannelForm: Content { var channel: String?; var email: String? }

    func choose(req: Request) async throws -> Response {
        guard let creditCode = try await holder(req) else { return req.redirect(to: "/portal/licences") }
        let form = try req.content.decode(ChannelForm.self)
        guard let channel = HolderChannel(rawValue: form.channel ?? "") else { throw AppError.invalid("channel", "请选择提醒方式") }
        do {
            try await HolderPortal.choose(creditCode: creditCode, channel: channel, email: form.email, client: req.clientAddress, now: req.now, on: req.db)
            return req.redirect(to: "/portal/licences/mine?notice=saved")
        } catch let e as CoreError {
            var page = try await minePage(req, creditCode: creditCode, typedChannel: channel, typedEmail: form.email)
            page.error = e.message; page.errorField = e.field
            return try await render(req, page, status: .unprocessableEntity)
        }
    }
}
