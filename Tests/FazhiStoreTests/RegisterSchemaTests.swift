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
}
