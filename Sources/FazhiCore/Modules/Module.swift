/// A module of the platform (党的领导, 法治督察, 依法行政 …) as one value: its registers, the
/// permissions it brings and which built-in roles hold them, its figures and the paragraphs of the
/// annual report written from them, the statutory rules it applies, its own pages and commands,
/// and its entries on the public portal. Navigation, the role editor, OpenAPI tags, the figure
/// catalogue, the report outline, the grants to built-in roles, the portal's home and the demo
/// are all derived from `Modules.all`. What a module declares here and implements elsewhere (a
/// page's controller, a command, a demo generator) is found by its code, and the tests of
/// "Modules are wired" fail for a declaration that nothing implements.
public struct Module: Sendable {
    /// Stable code (`lawmaking`), used by the demo, the web wiring and the docs.
    public let code: String
    /// The module's name: the navigation group, the breadcrumb and the OpenAPI tag.
    public let name: String
    /// Its registers, in the order of the navigation.
    public let registers: [RecordType]
    /// Tables the platform keeps for itself that figures count like registers (no pages, no forms).
    public let ledgers: [RecordType]
    public let permissions: [Permission]
    /// What each built-in role holds of this module's permissions. New grants reach the roles of
    /// existing installations once (`BuiltInGrants`), and an administrator's later removal stands.
    public let grants: [BuiltInRole.Key: [Permission]]
    public let figures: [Figure]
    /// Paragraph templates of the annual report by section key (`work.3`), in `{figure.name}` form.
    public let report: [String: [String]]
    /// The statutory rules its registers' clocks and checks apply (`StatutoryRules`, by id). A
    /// rule belongs to one module at most; each deadline's rule is its module's (a test checks both).
    public let rules: [String]
    /// Its own pages beyond its registers' (the disclosure annual report), with where the
    /// navigation lists them.
    public let pages: [ModulePage]
    /// Its commands of `fazhi` beyond the platform's (`disclosure-report`).
    public let commands: [String]
    /// Its entries on the portal's home beyond what its registers publish and take in.
    public let portal: [PortalEntry]

    public init(code: String, name: String, registers: [RecordType] = [], ledgers: [RecordType] = [], permissions: [Permission],
                grants: [BuiltInRole.Key: [Permission]], figures: [Figure] = [], rules: [String] = [], pages: [ModulePage] = [],
                commands: [String] = [], portal: [PortalEntry] = [], report: [String: [String]] = [:]) {
        self.code = code; self.name = name; self.registers = registers; self.ledgers = ledgers; self.permissions = permissions
        self.grants = grants; self.figures = figures; self.report = report
        self.rules = rules; self.pages = pages; self.commands = commands; self.portal = portal
    }

    /// Everything the portal's home and navigation offer of this module: each published
    /// register's list, each intake's form and its follow-up, then its own entries.
    public var portalEntries: [PortalEntry] {
        registers.compactMap { type in type.publish.map { PortalEntry($0.label, path: "/portal/\($0.path)", summary: $0.summary) } }
            + registers.compactMap(\.intake).flatMap { intake in [
                PortalEntry(intake.label, path: "/portal/apply/\(intake.path)", summary: "在线提交，当场取得受理回执编号"),
                PortalEntry(intake.label + "进度查询", path: "/portal/follow/\(intake.path)", summary: "凭回执编号和验证码查看办理情况、下载答复"),
            ] }
            + portal
    }
}

/// A page of a module's own (a report of its kind, a settings page), listed in the navigation.
public struct ModulePage: Sendable {
    /// Where the navigation lists it: in the module's own group (after its registers), under
    /// 指标与报告, or under 系统设置.
    public enum Place: Sendable { case module, reports, settings }
    public let label: String
    public let path: String
    /// What opening it takes; the page's routes require the same.
    public let permission: Permission
    public let place: Place

    public init(_ label: String, path: String, permission: Permission, place: Place) {
        self.label = label; self.path = path; self.permission = permission; self.place = place
    }
}

/// An entry of the public portal: its home's card and its navigation's link.
public struct PortalEntry: Sendable {
    public let label: String
    public let path: String
    /// What the home's card says of it.
    public let summary: String

    public init(_ label: String, path: String, summary: String) { self.label = label; self.path = path; self.summary = summary }
}

/// Every module, in the order of the navigation.
public enum Modules {
    public static let all: [Module] = [.leadership, .inspection, .licences, .reminders, .lawmaking, .oversight, .disclosure, .disputes]

    public static func module(_ code: String) -> Module? { all.first { $0.code == code } }

    /// The module a register or ledger belongs to, by slug.
    static let nameBySlug: [String: String] = Dictionary(
        all.flatMap { m in (m.registers + m.ledgers).map { ($0.slug, m.name) } }, uniquingKeysWith: { a, _ in a })
}

/// Every register the platform has, in the order of the navigation.
public enum Registers {
    public static let all: [RecordType] = Modules.all.flatMap(\.registers)

    public static func type(slug: String) -> RecordType? { all.first { $0.slug == slug } }

    /// Tables the platform keeps for itself that figures count like registers: the reminders sent.
    public static let ledgers: [RecordType] = Modules.all.flatMap(\.ledgers)

    /// A register or a ledger, for figures.
    public static func source(slug: String) -> RecordType? { type(slug: slug) ?? ledgers.first { $0.slug == slug } }
}
