import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Register lists at any size")
struct RecordListTests {
    /// Every list a register declares (each sort field in both directions, each filter that picks
    /// a value, and none) for a district office (a scope of 150 units), a town clerk (one unit)
    /// and the whole platform: the database walks an index in the list's order, never sorting
    /// the matches. On PostgreSQL, with sorting discouraged, a plan that still sorts has no
    /// index to walk.
    @Test(arguments: TestBackend.available)
    func everyDeclaredListWalksAnIndex(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db, sqlite = db.isSQLite
            let me = UUID()
            let scopes = [DataScope.everything, DataScope(allUnits: false, unitIDs: Set((0..<150).map { _ in UUID() }), userID: me),
                          DataScope(allUnits: false, unitIDs: [UUID()], userID: me)]
            var checked = 0
            var sorted: [String] = []
            for type in Registers.all {
                var queries: [(String, RecordQuery)] = []
                for field in type.sortFields {
                    for descending in [false, true] {
                        var q = RecordQuery(); q.sort = field; q.descending = descending
                        queries.append(("\(field) \(descending ? "desc" : "asc")", q))
                    }
                }
                for name in type.equalityFilters {
                    var q = RecordQuery()
                    if name == "state" {
                        q.state = type.initialState
                    } else if let f = type.column(name) {
                        switch f.kind {
                        case .enumeration(let choices): q.equals[name] = .text(choices[0].code)
                        case .text: q.equals[name] = .text("（2023）鲁1502行初1号")
                        default: q.equals[name] = .uuid(UUID())
                        }
                    }
                    queries.append(("\(name) =", q))
                }
                for (label, q) in queries {
                    for scope in scopes {
                        let plan = try await Self.plan(RecordStore.firstPageSQL(type, q, scope: scope, sqlite: sqlite), on: db)
                        checked += 1
                        if plan.contains(where: { sqlite ? $0.contains("TEMP B-TREE FOR ORDER BY") : $0.contains("Sort") }) {
                            sorted.append("\(type.slug) \(label) [\(scope.allUnits ? "all" : "\(scope.unitIDs.count) units")]: \(plan.joined(separator: " / "))")
                        }
                    }
                }
            }
            #expect(checked > 200)
            #expect(sorted.isEmpty, "\(sorted.prefix(10))")
        }
    }

    /// The plan of a statement: SQLite's `EXPLAIN QUERY PLAN` details, or PostgreSQL's plan lines
    /// with sorting switched off for the transaction.
    static func plan(_ statement: SQLQueryString, on db: any Database) async throws -> [String] {
        if db.isSQLite {
            struct Row: Decodable { var detail: String }
            return try await db.sql.raw("EXPLAIN QUERY PLAN " + statement).all(decoding: Row.self).map(\.detail)
        }
        return try await db.transaction { tx in
            try await tx.sql.raw("SET LOCAL enable_sort = off").run()
            struct Row: Decodable { var plan: String; enum CodingKeys: String, CodingKey { case plan = "QUERY PLAN" } }
            return try await tx.sql.raw("EXPLAIN " + statement).all(decoding: Row.self).map(\.plan)
        }
    }

    /// Paging by cursor gives every record once, in the same order as one long page, for each
    /// sort in both directions, with records that lack the sort value and with ties (the id
    /// decides); so do numbered pages. The count is exact under its bound.
    @Test(arguments: TestBackend.available)
    func cursorsWalkEveryRecordOnceInOrder(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let type = Rectification.declaration.type
            let unit = try #require(try await OrgUnit.query(on: db).first()).id!
            let calculator = DeadlineCalculator(calendar: .builtIn)
            let start = LocalDate(year: 2025, month: 3, day: 1)!
            for i in 0..<23 {
                // Days repeat, so ties are decided by id.
                _ = try await RecordStore.create(type, ["finding": .text("问题\(i)"), "unit": .uuid(unit), "found_on": .date(start.adding(days: i % 5))],
                                                 actor: .system(), scope: .everything, calculator: calculator, on: db, now: TestClock.now)
            }
            // Some records without a due date (an older import, say).
            try await db.sql.raw("UPDATE \(unsafeRaw: type.table) SET due_on = NULL WHERE finding IN ('问题1', '问题7', '问题8', '问题20')").run()

            for sort in type.sortFields {
                for descending in [false, true] {
                    var all = RecordQuery(); all.sort = sort; all.descending = descending; all.limit = 1_000
                    let whole = try await RecordStore.list(type, all, scope: .everything, on: db)
                    #expect(whole.rows.count == 23 && whole.total == 23 && whole.exact && whole.next == nil)
                    var byCursor: [UUID] = [], byPage: [UUID] = []
                    var q = all; q.limit = 4
                    while true {
                        let page = try await RecordStore.list(type, q, scope: .everything, on: db)
                        byCursor += page.rows.map(\.id)
                        guard let next = page.next, byCursor.count < 100 else { break }
                        q.after = RecordCursor(token: next.token)
                        #expect(q.after == next, "a cursor reads back from its token")
                    }
                    for n in 0..<6 {
                        var p = all; p.limit = 4; p.offset = n * 4
                        byPage += try await RecordStore.list(type, p, scope: .everything, on: db).rows.map(\.id)
                    }
                    #expect(byCursor == whole.rows.map(\.id), "\(sort) \(descending ? "desc" : "asc") by cursor")
                    #expect(byPage == whole.rows.map(\.id), "\(sort) \(descending ? "desc" : "asc") by page")
                }
            }
            // A cursor carries its order over the query's; one on a field that is not a sort field,
            // or with a value of the wrong kind, a made-up token and an offset past the bound are
            // refused.
            var carried = RecordQuery(); carried.sort = "created_at"; carried.limit = 100
            carried.after = RecordCursor(sort: "found_on", descending: true, value: .text("2025-03-04"), id: UUID())
            let carriedRows = try await RecordStore.list(type, carried, scope: .everything, on: db).rows
            #expect(carriedRows.count >= 15 && carriedRows.allSatisfy { ($0.values["found_on"]?.date).map { $0 <= start.adding(days: 3) } ?? false },
                    "the rows after the cursor in found_on order, going down")
            for cursor in [RecordCursor(sort: "finding", descending: true, value: .text("问题"), id: UUID()),
                           RecordCursor(sort: "created_at", descending: true, value: .text("2025-03-01"), id: UUID()),
                           RecordCursor(sort: "found_on", descending: true, value: nil, id: UUID())] {
                var wrong = RecordQuery(); wrong.after = cursor
                await #expect(throws: CoreError.self) { try await RecordStore.list(type, wrong, scope: .everything, on: db) }
            }
            #expect(RecordCursor(token: "bm90IGEgY3Vyc29y") == nil)
            var deep = RecordQuery(); deep.offset = RecordStore.countBound + 1
            await #expect(throws: CoreError.self) { try await RecordStore.list(type, deep, scope: .everything, on: db) }
        }
    }

    /// A text more than `countBound` records hold is found by walking the list and testing each
    /// record, a rarer one through the search index: both give the same records in the same
    /// order, for the whole platform and for one unit.
    @Test(arguments: TestBackend.available)
    func commonAndRareSearchesFindTheSameRecords(_ backend: TestBackend) async throws {
        try await withDistrict(backend) { d in
            let db = d.db
            let type = Rectification.declaration.type
            let units = Array(try await OrgUnit.query(on: db).all().compactMap(\.id).prefix(3))
            let start = LocalDate(year: 2020, month: 1, day: 1)!
            let rows: [RecordValues] = (0..<(RecordStore.countBound + 40)).map { (i: Int) -> RecordValues in
                let finding = i % 500 == 7 ? "少见的听证程序问题\(i)" : "普遍的执法公示问题\(i)"
                let unit = units[i % units.count]
                return ["finding": .text(finding), "unit": .uuid(unit), "found_on": .date(start.adding(days: i % 900)), "source": .text("督察")]
            }
            _ = try await RecordImport.bulk(type, rows, label: "common search", actor: .system(), on: db, now: TestClock.now)
            #expect(try await RecordStore.isCommon(type, "执法公示", counts: nil, on: db))
            #expect(try await !RecordStore.isCommon(type, "听证程序", counts: nil, on: db))
            let one = DataScope(allUnits: false, unitIDs: [units.first!], userID: UUID())
            for text in ["执法公示", "听证程序"] {
                for scope in [DataScope.everything, one] {
                    var q = RecordQuery(); q.search = text; q.limit = 30
                    let page = try await RecordStore.list(type, q, scope: scope, on: db)
                    // The same list asked the other way round: the search index for the rare
                    // text, each record's text for the common one.
                    var other = q; other.commonSearch = !(try await RecordStore.isCommon(type, text, counts: nil, on: db))
                    let found = try await RecordSQL.rows(RecordStore.firstPageSQL(type, other, scope: scope, sqlite: db.isSQLite), type, on: db)
                    #expect(page.rows.map(\.id) == found.map(\.id), "\(text)")
                    let holding = rows.filter { ($0["finding"]?.text?.contains(text) ?? false) && (scope.allUnits || $0["unit"] == .uuid(units.first!)) }
                    #expect(page.rows.count == min(30, holding.count) && page.rows.allSatisfy { $0.values["finding"]?.text?.contains(text) ?? false })
                    #expect(page.total == min(holding.count, RecordStore.countBound) && page.exact == (holding.count <= RecordStore.countBound))
                }
            }
        }
    }
}
