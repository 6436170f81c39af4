import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// Applications on the portal, for each register that declares `intake:`: the form at
/// `/portal/apply/<path>` (a receipt number at once), and the follow-up at `/portal/follow/<path>`
/// with the receipt number and a code sent to the phone or e-mail address the applicant gave.
/// No sign-in; the follow-up's grant lives in a cookie for half an hour, kept server-side as a hash.
struct PortalIntakeController: RouteCollection {
    static let cookie = "fazhi_follow"

    func boot(routes: any RoutesBuilder) throws {
        for type in Registers.all where type.intake != nil {
            let pages = IntakePages(type: type), path = PathComponent(stringLiteral: type.intake!.path)
            routes.get("portal", "apply", path, use: pages.form).require(.publicAccess)
            // The attempt is counted, and a body announced too large refused, before it is read;
            // the limit holds while it is read.
            routes.on(.POST, "portal", "apply", path, body: .collect(maxSize: ByteCount(value: PublicIntake.maxBodyBytes)), use: pages.submit)
                .require(.publicAccess).accepts(upTo: PublicIntake.maxBodyBytes).admits(pages.admit)
            routes.get("portal", "follow", path, use: pages.start).require(.publicAccess)
            routes.post("portal", "follow", path, "code", use: pages.requestCode).require(.publicAccess)
            routes.post("portal", "follow", path, "verify", use: pages.verify).require(.publicAccess)
            routes.get("portal", "follow", path, "mine", use: pages.mine).require(.publicAccess)
            routes.get("portal", "follow", path, "files", ":file", use: pages.file).require(.publicAccess)
        }
    }
}

/// The browser's half of a portal code (`PortalCodes`): a nonce in a cookie for the code's ten
/// minutes, so that only the browser that asked for a code can try it.
enum PortalCodeCookie {
    static let name = "fazhi_code"
    static func set(_ nonce: String, on response: Response, req: Request) {
        response.cookies[name] = HTTPCookies.Value(string: nonce, expires: req.now.addingTimeInterval(PortalCodes.codeLifetime),
                                                   maxAge: Int(PortalCodes.codeLifetime), path: "/portal", isSecure: req.isSecure,
                                                   isHTTPOnly: true, sameSite: .strict)
    }
    static func nonce(_ req: Request) -> String { req.cookies[name]?.string ?? "" }
}

/// The attempt `IntakePages.admit` counted, for the submission to mark with its applicant.
struct IntakeAttemptKey: StorageKey { typealias Value = PublicIntake.Attempt }

/// One register's application form and follow-up pages.
struct IntakePages: Sendable {
    let type: RecordType
    var spec: IntakeSpec { type.intake! }
    var base: String { "/portal/apply/" + spec.path }
    var follow: String { "/portal/follow/" + spec.path }

    struct FormPage: Encodable {
        let label: String; let intro: String; let action: String; let follow: String
        let fields: RecordsController.FieldSet; let accept: String; let error: String?
        /// The field whose choice decides which applicant's fields show (`app.js`).
        let applicantKind: String?
    }

    func render(_ req: Request, typed: [String: String], error: CoreError?, status: HTTPStatus = .ok) async throws -> Response {
        let controller = RecordsController(type: type)
        let publisher = try await PortalController.publisher(req)
        let offices = try await PublicIntake.offices(type, within: publisher.scope, on: req.db)
        var fields = controller.inputs(([spec.office] + spec.applicantFields).compactMap(type.field), values: [:], typed: typed, error: error,
                                       reveal: true, units: [])
        if let i = fields.firstIndex(where: { $0.name == spec.office }) {
            let f = fields[i]
            fields[i] = .init(name: f.name, label: f.label, control: "select",
                              value: f.value, options: offices.map { .init(value: $0.id.uuidString, label: $0.name, selected: $0.id.uuidString == f.value) },
                              required: true, help: f.help, invalid: f.invalid, inputmode: nil)
        }
        // A person is asked for a 身份证号, an organisation for its code and type: each required of its kind.
        for i in fields.indices {
            guard let kind = spec.applicant(of: fields[i].name) else { continue }
            fields[i].applicant = kind.rawValue
            if fields[i].name == spec.idNumber || fields[i].name == spec.creditCode { fields[i].required = true }
        }
        let page = FormPage(label: spec.label, intro: spec.intro, action: base + publisher.parameter(true), follow: follow,
                            fields: .init(prefix: "", fields: fields), accept: AttachmentPolicy.extensions.map { "." + $0 }.joined(separator: ","),
                            error: error?.message, applicantKind: spec.applicantKind)
        return try await Page.render("portal-apply", title: spec.label, req: req, context: page).encodeResponse(status: status, for: req)
    }

    func form(req: Request) async throws -> Response {
        try await render(req, typed: [:], error: nil)
    }

    struct Receipt: Encodable { let label: String; let receipt: String; let receivedOn: String; let due: String; let office: String; let follow: String }

    /// Before the body: a request announcing more than the form takes is refused, and the attempt
    /// counts towards the client's limit (over it, the form says so and the body is not read).
    @Sendable func admit(req: Request) async throws -> Response? {
        let length = req.headers.first(name: .contentLength).flatMap(Int.init)
        if let length, length > PublicIntake.maxBodyBytes {
            throw AppError(.payloadTooLarge, "payload_too_large", "申请材料合计不能超过 \(PublicIntake.maxFilesBytes / 1024 / 1024) MB")
        }
        guard req.application.fazhi.blobs.hasRoom(for: length ?? PublicIntake.maxBodyBytes) else {
            throw AppError(.serviceUnavailable, "storage_full", "系统存储空间不足，暂时不能在线提交申请，请稍后再试或到受理窗口提交")
        }
        do {
            req.storage[IntakeAttemptKey.self] = try await PublicIntake.admit(type, client: req.clientAddress, now: req.now, on: req.db)
            return nil
        } catch let e as PortalCodes.TooMany {
            return try await render(req, typed: [:], error: .state(e.message), status: .tooManyRequests)
        }
    }

    /// The form's fields and files, read in one pass over the body (each `req.content.get` would
    /// parse a multipart body of up to 21 MB again): the fields the applicant fills in by name,
    /// and the files under `files[]`.
    func read(_ req: Request) throws -> (typed: [String: String], files: [PublicIntake.Upload]) {
        let allowed = Set([spec.office] + spec.applicantFields)
        guard let type = req.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
              let body = req.body.data else {
            return (((try? req.content.decode([String: String].self)) ?? [:]).filter { allowed.contains($0.key) }, [])
        }
        var typed: [String: String] = [:], files: [PublicIntake.Upload] = []
        var disposition = "", part = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in if name.lowercased() == "content-disposition" { disposition = value } }
        parser.onBody = { part.writeBuffer(&$0) }
        parser.onPartComplete = {
            let name = Self.parameter("name", in: disposition)
            if let filename = Self.parameter("filename", in: disposition) {
                if spec.files != nil, name == "files[]" || name == "files" { files.append(.init(filename: filename, data: Data(buffer: part))) }
            } else if let name, allowed.contains(name) {
                typed[name] = part.getString(at: part.readerIndex, length: part.readableBytes)
            }
            disposition = ""; part = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw CoreError.invalid(field: "files", "表单内容无法读取，请重新提交") }
        return (typed, files)
    }

    /// A parameter of a `Content-Disposition` header (`form-data; name="files[]"; filename="申请书.pdf"`).
    static func parameter(_ key: String, in header: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = rest[rest.index(after: equals)...], found: String
            if value.first == "\"" {
                value = value.dropFirst()
                let end = value.firstIndex(of: "\"") ?? value.endIndex
                found = String(value[..<end])
                rest = end < value.endIndex ? value[value.index(after: end)...] : value[end...]
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                found = value[..<end].trimmingCharacters(in: .whitespaces)
                rest = value[end...]
            }
            if name == key { return found }
        }
        return nil
    }

    func submit(req: Request) async throws -> Response {
        var typed: [String: String] = [:]
        do {
            let (fields, files) = try read(req)
            typed = fields
            let calculator = try await req.application.fazhi.calculator(on: req.db)
            let row = try await PublicIntake.submit(type, typed: typed, files: files, within: try await PortalController.publisher(req).scope,
                                                    blobs: req.application.fazhi.blobs, client: req.clientAddress,
                                                    attempt: req.storage[IntakeAttemptKey.self], calculator: calculator, now: req.now, on: req.db)
            let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
            let due = try RecordClocks.readings(type, row, events: [], calculator: calculator).first?.reading.text ?? ""
            let receipt = Receipt(label: spec.label, receipt: row.values[spec.receipt]?.text ?? "", receivedOn: row.values[spec.receivedOn]?.date?.description ?? "",
                                  due: due, office: row.values[spec.office]?.uuid.flatMap { names[$0.uuidString]?.name } ?? "", follow: follow)
            return try await Page.render("portal-receipt", title: "申请已受理", req: req, context: receipt).encodeResponse(status: .created, for: req)
        } catch let e as CoreError {
            return try await render(req, typed: typed, error: e, status: .unprocessableEntity)
        } catch let e as PortalCodes.TooMany {
            return try await render(req, typed: typed, error: .state(e.message), status: .tooManyRequests)
        }
    }

    struct FollowPage: Encodable {
        var label: String; var follow: String; var step: String
        var receipt = ""; var contact = ""
        var error: String? = nil; var errorField: String? = nil
        var state = ""; var due = ""; var dueLabel = ""; var source = ""; var office = ""; var receivedOn = ""; var sentLabel = ""
        var shown: [RecordsController.Shown] = []
        var files: [RecordsController.FileLink] = []
    }

    func page(_ req: Request, _ page: FollowPage, status: HTTPStatus = .ok) async throws -> Response {
        try await Page.render("portal-follow", title: spec.label + "办理情况", req: req, context: page).encodeResponse(status: status, for: req)
    }

    func start(req: Request) async throws -> Response {
        try await page(req, FollowPage(label: spec.label, follow: follow, step: "start", receipt: QueryParams(req).string("receipt") ?? ""))
    }

    struct CodeForm: Content { var receipt: String?; var contact: String?; var code: String? }

    func requestCode(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let receipt = (form.receipt ?? "").trimmingCharacters(in: .whitespacesAndNewlines).uppercased(), contact = form.contact ?? ""
        do {
            let nonce = Secrets.random(bytes: 16)
            let sent = try await PublicIntake.requestCode(type, receipt: receipt, contact: contact, nonce: nonce, client: req.clientAddress,
                                                          now: req.now, on: req.db)
            let response = try await page(req, FollowPage(label: spec.label, follow: follow, step: "code", receipt: receipt, contact: contact))
            PortalCodeCookie.set(nonce, on: response, req: req)
            // The page reads the same, and as soon, whether or not the receipt number and contact match.
            ReminderDispatcher.sendAfterAnswering(sent, req: req)
            return response
        } catch let e as CoreError {
            return try await page(req, FollowPage(label: spec.label, follow: follow, step: "start", receipt: receipt, contact: contact,
                                                  error: e.message, errorField: e.field), status: .unprocessableEntity)
        } catch let e as PortalCodes.TooMany {
            return try await page(req, FollowPage(label: spec.label, follow: follow, step: "start", receipt: receipt, contact: contact,
                                                  error: e.message, errorField: "receipt"), status: .tooManyRequests)
        }
    }

    func verify(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let receipt = (form.receipt ?? "").trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        do {
            let grant = try await PublicIntake.verify(type, receipt: receipt, code: form.code ?? "", nonce: PortalCodeCookie.nonce(req),
                                                      client: req.clientAddress, now: req.now, on: req.db)
            let response = req.redirect(to: follow + "/mine")
            response.cookies[PortalIntakeController.cookie] = HTTPCookies.Value(
                string: grant, expires: req.now.addingTimeInterval(PortalCodes.grantLifetime), maxAge: Int(PortalCodes.grantLifetime),
                path: "/portal/follow", isSecure: req.isSecure, isHTTPOnly: true, sameSite: .strict)
            return response
        } catch let e as CoreError {
            return try await page(req, FollowPage(label: spec.label, follow: follow, step: "code", receipt: receipt, contact: form.contact ?? "",
                                                  error: e.message, errorField: e.field), status: .unprocessableEntity)
        }
    }

    func followed(_ req: Request) async throws -> PublicIntake.Followed? {
        guard let grant = req.cookies[PortalIntakeController.cookie]?.string, !grant.isEmpty else { return nil }
        let calculator = try await req.application.fazhi.calculator(on: req.db)
        return try await PublicIntake.followed(type, grant: grant, calculator: calculator, now: req.now, on: req.db)
    }

    /// The application as its applicant sees it: where it stands, the due date with what was
    /// deducted and extended, what they are asked or told, and the documents sent to them.
    func mine(req: Request) async throws -> Response {
        guard let found = try await followed(req) else { return req.redirect(to: follow) }
        let row = found.row, names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let shown = RecordPresenter(type: type, reveal: true, units: names, people: [:], records: [:], today: req.today)
        var page = FollowPage(label: spec.label, follow: follow, step: "mine", receipt: row.values[spec.receipt]?.text ?? "")
        page.state = shown.stateLabel(row)
        page.due = found.clock?.text ?? ""
        page.dueLabel = found.clockField.flatMap(type.field)?.label ?? "办理期限"
        page.sentLabel = spec.sent.flatMap(type.field)?.label ?? "答复文书"
        page.source = found.clock.map { "依据" + $0.source } ?? ""
        page.office = row.values[spec.office].flatMap { v in type.field(spec.office).map { shown.text($0, v) } } ?? ""
        page.receivedOn = row.values[spec.receivedOn]?.date?.description ?? ""
        page.shown = spec.follow.compactMap(type.column).compactMap { f in
            row.values[f.name].map { RecordsController.Shown(label: f.label, value: shown.text(f, $0), long: f.kind == .longText, href: nil) }
        }
        page.files = found.sent.map { .init(id: $0.id, filename: $0.filename, size: Format.size($0.size), uploadedAt: Format.dateTime($0.uploadedAt)) }
        return try await self.page(req, page)
    }

    /// A document sent to the applicant, for the grant's application only.
    func file(req: Request) async throws -> Response {
        guard let found = try await followed(req), let id = req.parameters.get("file").flatMap(UUID.init(uuidString:)),
              let a = found.sent.first(where: { $0.id == id }), let response = Response.attachment(a, blobs: req.application.fazhi.blobs) else {
            throw AppError.notFound
        }
        return response
    }
}
