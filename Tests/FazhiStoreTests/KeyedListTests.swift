import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("The audit trail and the outbox at any length")
struct KeyedListTests {
    /// Every filter of the audit trail and of the outbox, for the whole platform and for a
    /// district office (150 units): the page walks an index backwards by the key, never sorting
    /// the matches, at the first page and after a cursor.
    @Test(arguments: TestBackend.available)
    func everyFilterWalksAnIndex(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            let office = DataScope(allUnits: false, unitIDs: Set((0..<150).map { _ in UUID() }), userID: UUID())
            var statements: [(String, [SQLQueryString], String, String)] = []
            let audits: [(String, AuditLog.Filter)] = [
                ("all", .init()), ("action", .init(action: "update")), ("type", .init(entityType: "user")),
                ("entity", .init(entityType: "user", entityID: UUID().uuidString)), ("actor", .init(actorID: UUID())),
            ]
            for (label, f) in audits { statements.append(("audit \(label)", AuditLog.clauses(f), "audit_log", "seq")) }
            for scope in [DataScope.everything, office] {
                for state in [nil, "sent", "dead"] as [String?] {
                    statements.append(("outbox \(state ?? "all") [\(scope.allUnits ? "all" : "office")]",
                                       ReminderQueries.clauses(state: state, record: nil, scope: scope, walking: db.isSQLite), "reminders", "id"))
                }
            }
            var sorted: [String] = []
            for (label, parts, table, key) in statements {
                for position in [KeyedPosition(), KeyedPosition(offset: 500), KeyedPosition(before: 1_000_000)] {
                    let plan = try await RecordListTests.plan(KeyedList.pageSQL(table, key: key, where: parts, limit: 50, at: position), on: db)
                    if plan.contains(where: { db.isSQLite ? $0.contains("TEMP B-TREE FOR ORDER BY") : $0.contains("Sort") }) {
                        sorted.append("\(label): \(plan.joined(separator: " / "))")
                    }
                }
            }
            #expect(statements.count == 11)
            #expect(sorted.isEmpty, "\(sorted)")
        }
    }

    /// Paging the audit trail by `before` gives every entry once, newest first, as one long page
    /// does; numbered pages agree; the count is exact under its bound, says so above it, and an
    /// offset beyond the bound is refused.
    @Test(arguments: TestBackend.available)
    func pagesWalkEveryEntryOnceNewestFirst(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            for i in 0..<130 {
                try await AuditLog.record(on: db, actor: .system("测试"), action: .update, entityType: "keyed_test", entityID: String(i),
                                          after: AuditLog.snapshot(["n": String(i)]))
            }
            let filter = AuditLog.Filter(entityType: "keyed_test")
            let all = try await AuditLog.list(on: db, filter: filter, limit: 500)
            #expect(all.rows.map(\.entityID) == (0..<130).reversed().map(String.init))
            #expect(all.total == 130 && all.exact && all.next == nil)

            var walked: [String] = []
            var position = KeyedPosition()
            var pages = 0
            while true {
                let page = try await AuditLog.list(on: db, filter: filter, limit: 50, at: position)
                walked += page.rows.map(\.entityID)
                pages += 1
                guard let next = page.next else { break }
                position = KeyedPosition(before: next)
            }
            #expect(walked == all.rows.map(\.entityID))
            #expect(pages == 3)
            let second = try await AuditLog.list(on: db, filter: filter, limit: 50, at: KeyedPosition(offset: 50))
            #expect(second.rows.map(\.entityID) == Array(all.rows.map(\.entityID)[50..<100]))
            // The last numbered page knows it is the last.
            #expect(try await AuditLog.list(on: db, filter: filter, limit: 50, at: KeyedPosition(offset: 100)).next == nil)

            let clauses = AuditLog.clauses(filter)
            let bounded: KeyedPage<AuditLog.StoredRow> = try await KeyedList.page("audit_log", key: "seq", where: clauses, limit: 50,
                                                                                  at: KeyedPosition(), bound: 100, on: db.sql, keyOf: \.seq)
            #expect(bounded.total == 100 && !bounded.exact && bounded.next != nil)
            await #expect(throws: CoreError.self) {
                let _: KeyedPage<AuditLog.StoredRow> = try await KeyedList.page("audit_log", key: "seq", where: clauses, limit: 50,
                                                                                at: KeyedPosition(offset: 101), bound: 100, on: db.sql, keyOf: \.seq)
            }
        }
    }
}
