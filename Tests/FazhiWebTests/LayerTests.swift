import Foundation
import Testing

/// The web target answers requests and renders pages; what it reads and writes goes through the
/// store's services (`RecordStore`, `UserQueries`, `Sessions`, `CalendarStore`, …). SwiftPM lets a
/// target import any module its dependencies bring, so the compiler cannot hold this line alone:
/// this test reads the web target's sources and fails on SQL, a Fluent query or write, or a
/// transaction there. It may hold the `Database` handle (`req.db`) to pass it on.
@Suite("Layers")
struct LayerTests {
    static let forbidden: [(pattern: String, what: String)] = [
        (#"^import (SQLKit|FluentSQL|FluentSQLiteDriver|FluentPostgresDriver|SQLiteKit|PostgresKit|PostgresNIO|SQLiteNIO)(?![A-Za-z])"#, "a SQL module"),
        (#"\.sql(?![A-Za-z0-9_])"#, "SQL through SQLKit"),
        (#"\.raw\("#, "raw SQL"),
        (#"\.query\(on:"#, "a Fluent query"),
        (#"\\\.\$"#, "a Fluent field key path"),
        (#"\.(create|save|update|delete)\(on:"#, "a Fluent write"),
        (#"\.find\([^,()]*, on:"#, "a Fluent lookup"),
        (#"\.transaction\s*\{|(db|tx)\.write\s*\{"#, "a transaction"),
    ]

    /// Swift's `\b` follows Unicode word rules, under which `req.db.sql` is one word: the patterns
    /// spell their boundaries out.
    static func rules() throws -> [(regex: Regex<AnyRegexOutput>, what: String)] {
        try forbidden.map { (try Regex($0.pattern), $0.what) }
    }

    static func webSources() throws -> [(path: String, lines: [Substring])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let web = root.appendingPathComponent("Sources/FazhiWeb")
        var out: [(String, [Substring])] = []
        let files = FileManager.default.enumerator(at: web, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            out.append((url.path.replacingOccurrences(of: root.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)))
        }
        return out
    }

    @Test(.sqliteOnly) func theWebTargetDoesNoStoreWork() throws {
        let sources = try Self.webSources()
        #expect(sources.count > 30, "the web target's sources were not found")
        let rules = try Self.rules()
        var found: [String] = []
        for (path, lines) in sources {
            for (n, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for rule in rules where line.contains(rule.regex) {
                    found.append("\(path):\(n + 1): \(rule.what): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "store work in the web target:\n\(found.joined(separator: "\n"))")
    }

    /// The rules find what they are meant to find.
    @Test(.sqliteOnly) func theRulesRecogniseStoreWork() throws {
        let samples = [
            "import SQLKit", #"try await req.db.sql.raw("SELECT 1").run()"#, #"User.query(on: req.db).filter(\.$username == name)"#,
            "try await session.delete(on: req.db)", "try await User.find(id, on: req.db)", "try await req.db.write { tx in",
            "try await db.transaction { tx in", "let rows = try await req.db.sql.all()",
        ]
        let rules = try Self.rules()
        for sample in samples {
            #expect(rules.contains { sample.contains($0.regex) }, "not recognised: \(sample)")
        }
        let allowed = ["try await RecordStore.find(type, id: id, scope: scope, on: req.db)", "FileHandle.standardError.write(data)",
                       "try await UserQueries.find(id, scope: scope, on: req.db)"]
        for sample in allowed {
            #expect(!rules.contains { sample.contains($0.regex) }, "wrongly refused: \(sample)")
        }
    }
}
