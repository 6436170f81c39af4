import FazhiCore
import Foundation
import Testing

/// The docs' counts come from the code: `docs/architecture.md` holds the modules' table between
/// two markers, and this test fails, printing the table as it must read, when it is not the
/// table `Modules.all` gives. The docs give no other count of registers, figures, rules or tests.
@Suite("The docs' counts are the code's")
struct DocsTests {
    static let architecture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/architecture.md")
    static let begin = "<!-- modules: generated from Modules.all; DocsTests checks it -->"
    static let end = "<!-- end of modules -->"

    /// The table as `Modules.all` gives it.
    static var table: String {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var lines = [row(["模块", "code", "登记簿", "台账", "指标", "法定期限规则", "自有页面", "命令", "门户入口"]),
                     row(Array(repeating: "---", count: 9))]
        for m in Modules.all {
            lines.append(row([m.name, "`\(m.code)`", "\(m.registers.count)", "\(m.ledgers.count)", "\(m.figures.count)", "\(m.rules.count)",
                              "\(m.pages.count)", "\(m.commands.count)", "\(m.portalEntries.count)"]))
        }
        let rules = Set(StatutoryRules.all.map(\.id))
        func total(_ count: (Module) -> Int) -> String { "\(Modules.all.map(count).reduce(0, +))" }
        lines.append(row(["合计 \(Modules.all.count) 个模块", "", total { $0.registers.count }, total { $0.ledgers.count }, total { $0.figures.count },
                          total { $0.rules.count } + "（法定期限规则共 \(rules.count) 条）", total { $0.pages.count }, total { $0.commands.count },
                          total { $0.portalEntries.count }]))
        return lines.joined(separator: "\n")
    }

    @Test func theModulesTableIsTheCodes() throws {
        let text = try String(contentsOf: Self.architecture, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/architecture.md lacks \(Self.begin)")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let written = text[start.upperBound..<stop.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(written == Self.table, "docs/architecture.md's modules table must read:\n\(Self.table)")
    }
}
