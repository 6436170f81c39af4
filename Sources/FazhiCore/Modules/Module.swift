/// A module of the platform (党的领导, 法治督察, 依法行政 …) as one value: its registers, the
/// permissions it brings and which built-in roles hold them, its figures and the paragraphs of the
/// annual report written from them. Navigation, the role editor, OpenAPI tags, the figure
/// catalogue, the report outline, the grants to built-in roles and the demo are all derived from
/// `Modules.all`; adding a register to a module touches only that module's file.
public struct Module: Sendable {
    /// Stable code (`lawmaking`), used by the demo and in the docs.
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

    public init(code: String, name: String, registers: [RecordType] = [], ledgers: [RecordType] = [], permissions: [Permission],
                grants: [BuiltInRole.Key: [Permission]], figures: [Figure] = [], report: [String: [String]] = [:]) {
        self.code = code; self.name = name; self.registers = registers; self.ledgers = ledgers; self.permissions = permissions
        self.grants = grants; self.figures = figures; self.report = report
    }
}

/// Every module, in the order of the navigation.
public enum Modules {
    public static let all: [Module] = [.leadership, .inspection, .licences, .reminders, .lawmaking, .oversight, .disclosure]

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
