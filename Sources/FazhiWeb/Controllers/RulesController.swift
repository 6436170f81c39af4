import FazhiCore
import Foundation
import Vapor

/// A statutory rule as `fazhi rules --format json`, the API and the page give it.
struct RuleDTO: Content {
    struct ExtensionDTO: Content { let amount: Int; let unit: String; let times: Int; let approver: String }
    let id: String
    let name: String
    let statute: String
    let article: String
    let amount: Int
    let unit: String
    let bound: String
    let starts: String
    let pauses: [String]
    let restarts: [String]
    let `extension`: ExtensionDTO?
    let effectiveFrom: String?
    let effectiveTo: String?
    let configurable: Bool
    let verifyLocally: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, statute, article, amount, unit, bound, starts, pauses, restarts, `extension`
        case effectiveFrom = "effective_from", effectiveTo = "effective_to", configurable, verifyLocally = "verify_locally"
    }

    /// Every key is written, an open end or a missing extension as null.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(statute, forKey: .statute)
        try c.encode(article, forKey: .article); try c.encode(amount, forKey: .amount); try c.encode(unit, forKey: .unit)
        try c.encode(bound, forKey: .bound); try c.encode(starts, forKey: .starts); try c.encode(pauses, forKey: .pauses)
        try c.encode(restarts, forKey: .restarts);         try c.encode(`extension`, forKey: .extension); try c.encode(effectiveFrom, forKey: .effectiveFrom)
        try c.encode(effectiveTo, forKey: .effectiveTo); try c.encode(configurable, forKey: .configurable)
        try c.encode(verifyLocally, forKey: .verifyLocally)
    }

    init(_ r: StatutoryRule) {
        id = r.id; name = r.name; statute = r.statute; article = r.article; amount = r.period.amount; unit = r.period.unitCode
        bound = r.bound.rawValue; starts = r.starts; pauses = r.pauses; restarts = r.restarts
        `extension` = r.allowedExtension.map { ExtensionDTO(amount: $0.period.amount, unit: $0.period.unitCode, times: $0.times, approver: $0.approver) }
        effectiveFrom = r.effectiveFrom?.description; effectiveTo = r.effectiveTo?.description
        configurable = r.configurable; verifyLocally = r.verifyLocally
    }

    /// Every rule, every version, as JSON (an array; keys in a stable order).
    static func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(StatutoryRules.all.map(RuleDTO.init))
    }
}

/// 系统设置 › 法定期限: every statutory clock with its source and days in force, and the API.
struct RulesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("settings", "rules", use: page).require(.signedIn)
        routes.get("api", "v1", "rules", use: list).require(.signedIn)
            .document(APIDoc("法定期限规则（含法律依据、条款、施行期间）", tag: "日历", response: "RuleList"))
    }

    struct RuleList: Content { let items: [RuleDTO] }

    func list(req: Request) async throws -> RuleList { RuleList(items: StatutoryRules.all.map(RuleDTO.init)) }

    struct Row: Encodable {
        let id: String; let name: String; let source: String; let period: String; let starts: String; let pauses: String
        let restarts: String; let `extension`: String; let inForce: String; let note: String
    }
    struct PageData: Encodable { let rows: [Row] }

    func page(req: Request) async throws -> View {
        let calculator = try await req.application.fazhi.calculator(on: req.db)
        let district = try await req.district(), today = req.today
        let rows = StatutoryRules.all.map { r -> Row in
            let own = r.configurable ? calculator.local.setting(r.id, unit: district.id, on: today) : nil
            return Row(id: r.id, name: r.name, source: "《\(r.statute)》\(r.article == "—" ? "" : r.article)",
                period: Self.period(r), starts: r.starts, pauses: r.pauses.joined(separator: "、"), restarts: r.restarts.joined(separator: "、"),
                extension: r.allowedExtension.map { "可延长一次，\($0.period.description)（\($0.approver)批准）" } ?? "",
                inForce: "\(r.effectiveFrom?.description ?? "")至\(r.effectiveTo?.description ?? "今")",
                note: own.map { "本区现行\($0.period.description)（\($0.basis)，自 \($0.from) 起施行）" }
                    ?? [r.configurable ? "本区可调整" : nil, r.verifyLocally ? "待核实本地规定" : nil].compactMap { $0 }.joined(separator: "；"))
        }
        return try await Page.render("rules", title: "法定期限", req: req, context: PageData(rows: rows), breadcrumbs: [("法定期限", nil)])
    }

    static func period(_ r: StatutoryRule) -> String {
        switch r.bound {
        case .within: return r.period.description + "内"
        case .atLeast: return "不少于" + r.period.description
        case .before: return "提前" + r.period.description
        }
    }
}
