import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// 统一编号: each numbered register's prefix and pattern in the person's district (or `?district=`
/// within their scope), with the numbers the district issued so far per year.
struct NumberingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("settings", "numbering", use: page).require(.settingsManage)
        routes.post("settings", "numbering", use: save).require(.settingsManage)
    }

    struct Issued: Encodable { let year: Int; let last: Int; let lastNumber: String }
    struct Rule: Encodable {
        let slug: String; let label: String; let prefix: String; let pattern: String; let example: String; let issued: [Issued]
        let error: String?; let errorField: String?
    }

    static var numbered: [RecordType] { Registers.all.filter { $0.transitions.contains { $0.numbering != nil } } }

    func rules(_ req: Request, typed: (slug: String, prefix: String, pattern: String, error: CoreError)? = nil) async throws -> [Rule] {
        var out: [Rule] = []
        let district = try await req.settingsDistrict().id
        for type in Self.numbered {
            let stored = try await RegistrationNumbers.rule(type, district: district, on: req.db)
            let issued = try await RegistrationNumbers.sequences(district: district, prefix: stored.prefix, on: req.db).map {
                Issued(year: $0.year, last: $0.last, lastNumber: RegistrationNumber.format(stored.pattern, prefix: stored.prefix, year: $0.year, issuer: "001", sequence: $0.last))
            }
            let mine = typed?.slug == type.slug ? typed : nil
            let prefix = mine?.prefix ?? stored.prefix, pattern = mine?.pattern ?? stored.pattern
            out.append(Rule(slug: type.slug, label: type.label, prefix: prefix, pattern: pattern,
                            example: RegistrationNumber.format(stored.pattern, prefix: stored.prefix, year: req.today.year, issuer: "001", sequence: 1),
                            issued: issued, error: mine?.error.message, errorField: mine?.error.field))
        }
        return out
    }

    func page(req: Request) async throws -> View {
        try await Page.render("numbering", title: "统一编号规则", req: req, context: try await rules(req), breadcrumbs: [("统一编号规则", nil)])
    }

    struct Form: Content { var register: String; var prefix: String?; var pattern: String? }

    func save(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        guard let type = Self.numbered.first(where: { $0.slug == form.register }) else { throw AppError.invalid("register", "没有需要统一编号的登记簿「\(form.register)」") }
        let prefix = (form.prefix ?? "").trimmingCharacters(in: .whitespaces), pattern = (form.pattern ?? "").trimmingCharacters(in: .whitespaces)
        do {
            try await RegistrationNumbers.save(type, district: try await req.settingsDistrict().id, prefix: prefix, pattern: pattern, actor: req.auditActor, on: req.db, now: req.now)
            return req.redirect(to: "/settings/numbering?notice=saved")
        } catch let e as CoreError {
            let data = try await rules(req, typed: (type.slug, prefix, pattern, e))
            return try await Page.render("numbering", title: "统一编号规则", req: req, context: data, breadcrumbs: [("统一编号规则", nil)])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}
