import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Register tables are what their declarations imply")
struct RegisterSchemaTests {
    @Test(arguments: TestBackend.available)
    func aNewDatabaseMatchesEveryDeclaration(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            #expect(try await RegisterSchema.drift(on: app.db) == [])
            try await RegisterSchema.check(on: app.db)
            // The scratch copies were rolled back.
            let left = try await RegisterSchema.actual(RegisterSchema.scratchPrefix + Licence.declaration.type.table, on: app.db)
            #expect(left.lines.isEmpty)
            let shape = try await RegisterSchema.actual(Licence.declaration.type.table, on: app.db)
            #expect(shape.lines.contains { $0.hasPrefix("column expires_on ") } && shape.fingerprint.count == 16)
        }
    }

    /// A table changed by hand, and a declaration changed without a migration, are both found and refused.
    @Test(arguments: TestBackend.available)
    func driftIsFoundAndRefused(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db, table = Licence.declaration.type.table
            try await db.sql.raw("DROP INDEX \(unsafeRaw: table)_title").run()
            try await db.sql.raw("ALTER TABLE \(unsafeRaw: table) ADD COLUMN extra TEXT").run()
            let drift = try #require(try await RegisterSchema.drift(on: db).first)
            #expect(drift.table == table)
            #expect(drift.missing.contains { $0.hasPrefix("index ") && $0.contains("\(table)_title") })
            #expect(drift.unexpected.contains { $0.hasPrefix("column extra ") })
            await #expect(throws: CoreError.self) { try await RegisterSchema.check(on: db) }

            // The advisers' register declared with one more field, and no migration to add it.
            enum Key: String, RecordKey { case name, unit, termTo = "term_to", seniority }
            let changed = RecordDeclaration<Key, OnFile>(
                slug: "legal-advisers", table: LegalAdviser.declaration.type.table, label: "法律顾问与公职律师", read: .reviewRead, write: .reviewManage,
                fields: [RecordField(.name, "姓名", .text(maxLength: 50), required: true), RecordField(.unit, "服务单位", .unit, required: true),
                         RecordField(.termTo, "聘期届满", .date, required: true), RecordField(.seniority, "执业年限", .count)],
                owner: .unit, title: .name, initial: .recorded, columns: [.name], sort: .termTo).type
            let declared = try #require(try await RegisterSchema.drift(of: [changed], on: db).first)
            #expect(declared.missing.contains { $0.hasPrefix("column seniority ") })
            #expect(try await RegisterSchema.drift(of: [LegalAdviser.declaration.type], on: db) == [], "the real declaration still matches")
        }
    }

    /// An index that differs comes with the statement that mends it, in the refusal, and the
    /// statement does mend it.
    @Test(arguments: TestBackend.available)
    func theRefusalGivesTheIndexStatements(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db, type = Licence.declaration.type
            try await db.sql.raw("DROP INDEX \(unsafeRaw: type.table)_title").run()
            try await db.sql.raw("CREATE INDEX \(unsafeRaw: type.table)_extra ON \(unsafeRaw: type.table) (created_at)").run()
            let drift = try #require(try await RegisterSchema.drift(of: [type], on: db).first)
            let statements = drift.statements(sqlite: db.isSQLite)
            #expect(statements.count == 2 && statements[0] == "DROP INDEX \(type.table)_extra;", "\(statements)")
            do {
                try await RegisterSchema.check(on: db)
                Issue.record("a drifted database started")
            } catch CoreError.state(let message) {
                for statement in statements { #expect(message.contains(statement), "\(message)") }
            }
            for statement in statements { try await db.sql.raw("\(unsafeRaw: statement)").run() }
            #expect(try await RegisterSchema.drift(of: [type], on: db) == [])
        }
    }

    /// A 依申请公开 table that existed before M022 got M022's single-column index on 组织类型, which
    /// a new table does not have, and such a database refused to start; M025 removes it.
    @Test(arguments: TestBackend.available)
    func aDatabaseUpgradedThroughM022Starts(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let type = DisclosureApplication.declaration.type
            try await M022_DisclosureReportFilters().prepare(on: app.db)
            #expect(try await RegisterSchema.drift(of: [type], on: app.db) != [])
            try await M025_SupersededFilterIndex().prepare(on: app.db)
            #expect(try await RegisterSchema.drift(of: [type], on: app.db) == [])
        }
    }
}

@Suite("A database of an earlier commit migrates to today's schema")
struct EarlierSchemaTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A plain `pg_dump`'s statements: each ends with `;` at the end of a line, outside a
    /// dollar-quoted function body.
    static func statements(_ dump: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for line in dump.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { quoted.toggle() }
            if !quoted && line.hasSuffix(";") {
                if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(current) }
                current = ""
            }
        }
        return out
    }

    /// Made by commit f34bec4's `fazhi serve --no-demo` (before 合法性审查人员 and the grants
    /// ledger): migrated by today's code, every table, column, key and index is as on a new database.
    @Test(arguments: TestBackend.available)
    func anEarlierDatabaseMigratesToTheNewSchema(_ backend: TestBackend) async throws {
        var upgraded: [String: TableShape] = [:]
        try await withScratchApplication(backend) { app, location in
            switch location {
            case .sqlite(let path):
                try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("schema-f34bec4.sqlite"), to: URL(fileURLWithPath: path))
                try attach(app, to: location)
            case .postgres:
                try attach(app, to: location)
                let dump = try String(contentsOf: Self.fixtures.appendingPathComponent("schema-f34bec4.postgres.sql"), encoding: .utf8)
                for statement in Self.statements(dump) {
                    do { try await app.db.sql.raw("\(unsafeRaw: statement)").run() } catch {
                        Issue.record("\(statement.prefix(200)): \(String(reflecting: error))")
                        throw error
                    }
                }
            }
            #expect(try await RegisterSchema.tables(on: app.db)["built_in_grants"] == nil, "the fixture is from before M018")
            app.migrations.add(FazhiMigrations.all)
            try await app.autoMigrate()
            #expect(try await RegisterSchema.drift(on: app.db) == [])
            upgraded = try await RegisterSchema.tables(on: app.db)
        }
        try await withMigratedDatabase(backend) { app in
            let fresh = try await RegisterSchema.tables(on: app.db)
            #expect(upgraded.keys.sorted() == fresh.keys.sorted())
            for (table, shape) in fresh.sorted(by: { $0.key < $1.key }) {
                let old = upgraded[table]?.lines ?? []
                #expect(old == shape.lines, "\(table): only upgraded \(old.filter { !shape.lines.contains($0) }), only new \(shape.lines.filter { !old.contains($0) })")
            }
        }
    }
}
