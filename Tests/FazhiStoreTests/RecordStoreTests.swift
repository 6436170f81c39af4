import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("Registers on real databases")
struct RecordStoreTests {
    /// The portal's prepared PostgreSQL search must search the expression the trigram index covers,
    /// or PostgreSQL would scan the table.
    @Test(.sqliteOnly) func preparedPortalSearchMatchesTheIndex() {
        #expect(PreparedPortalSearch.expression == RecordSQL.searchText(NormativeDocument.declaration.type))
    }

    /// On PostgreSQL every register's search index keeps a small pending list, so a search never
    /// reads megabytes of queued entries.
    @Test(arguments: TestBackend.available)
    func searchIndexesKeepASmallPendingList(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            guard !app.db.isSQLite else { return }
            struct Row: Decodable { var relname: String; var options: String? }
            let rows = try await app.db.sql.raw("""
                SELECT relname, array_to_string(reloptions, ',') AS options FROM pg_class WHERE relkind = 'i' AND relname LIKE 'rec\\_%\\_search'
                """).all(decoding: Row.self)
            #expect(rows.count == Registers.all.filter { !$0.searchFields.isEmpty }.count)
            for row in rows { #expect(row.options == "gin_pending_list_limit=\(M012_SearchPendingList.limitKB)", "\(row.relname)") }
        }
    }

    let calculator = DeadlineCalculator(calendar: .builtIn)
    let type = Rectification.declaration.type

    func town(_ code: String, on db: any Database) async throws -> OrgUnit {
        try #require(try await OrgUnit.query(on: db).filter(\.$code == code).first())
    }

    @Test(arguments: TestBackend.available)
    func recordsAreScopedSearchedMovedAndAudited(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let district = try await town("371502", on: db), xinqu = try await town("371502-T01", on: db), other = try await town("371502-T02", on: db)
            let everything = DataScope.everything
            let office = AuditActor.system("督察组")
            func add(_ finding: String, _ unit: OrgUnit, found: String) async throws -> RecordRow {
                try await RecordStore.create(type, ["finding": .text(finding), "unit": .uuid(unit.id!), "found_on": .date(LocalDate(iso: found)!),
                                                    "source": .text("2023年法治建设专项督察")], actor: office, scope: everything, calculator: calculator, on: db, now: TestClock.now)
            }
            let a = try await add("行政执法公示信息更新不及时", xinqu, found: "2023-06-01")
            _ = try await add("合法性审查台账不完整", other, found: "2023-06-02")
            _ = try await add("重大执法决定法制审核缺少记录", xinqu, found: "2023-06-05")
            #expect(a.values["due_on"] == .date(LocalDate(iso: "2023-07-14")!), "30 working days after 1 June 2023 (Dragon Boat Festival skipped)")

            // Scope: a town's clerk sees only their town's records.
            let townScope = DataScope(allUnits: false, unitIDs: [xinqu.id!], userID: UUID())
            #expect(try await RecordStore.list(type, RecordQuery(), scope: townScope, on: db).total == 2)
            #expect(try await RecordStore.list(type, RecordQuery(), scope: everything, on: db).total == 3)
            let hidden = try await RecordStore.find(type, id: a.id, scope: DataScope(allUnits: false, unitIDs: [other.id!], userID: UUID()), on: db)
            #expect(hidden == nil)
            await #expect(throws: CoreError.self) {
                _ = try await RecordStore.create(type, ["finding": .text("越权"), "unit": .uuid(district.id!), "found_on": .date(LocalDate(iso: "2023-06-01")!)],
                                                 actor: office, scope: townScope, calculator: calculator, on: db, now: TestClock.now)
            }

            // Chinese full text: three characters and more through the index, fewer by a scan.
            var q = RecordQuery(); q.search = "合法性审查"
            #expect(try await RecordStore.list(type, q, scope: everything, on: db).rows.map { $0.values["finding"]?.text } == ["合法性审查台账不完整"])
            q.search = "执法"
            #expect(try await RecordStore.list(type, q, scope: everything, on: db).total == 2)
            q.search = "专项督察"
            #expect(try await RecordStore.list(type, q, scope: everything, on: db).total == 3, "the source field is searched too")

            // Overdue on lists: open and past the due date.
            var overdue = RecordQuery(); overdue.overdueOn = LocalDate(iso: "2023-07-15")!
            #expect(try await RecordStore.list(type, overdue, scope: everything, on: db).total == 1)

            // The workflow, with the fields each move requires, then closure.
            let clerk: Set<Permission> = [.inspectionRead, .rectificationReport]
            let today = LocalDate(iso: "2023-07-10")!
            await #expect(throws: CoreError.invalid(field: "measures", "「报告整改完成」前须填写「整改措施」")) {
                _ = try await RecordStore.transition(self.type, id: a.id, action: "complete", changes: [:], permissions: clerk, today: today,
                                                     actor: office, scope: townScope, calculator: self.calculator, on: db, now: TestClock.now)
            }
            let done = try await RecordStore.transition(type, id: a.id, action: "complete",
                                                        changes: ["measures": .text("已更新公示"), "completed_on": .date(LocalDate(iso: "2023-07-01")!)],
                                                        permissions: clerk, today: today, actor: office, scope: townScope, calculator: calculator, on: db, now: TestClock.now)
            #expect(done.state == "rectified" && done.version == 2)
            #expect(try await RecordStore.list(type, overdue, scope: everything, on: db).total == 0, "a rectified item is no longer overdue")
            await #expect(throws: CoreError.self) {
                try await RecordStore.delete(self.type, id: a.id, actor: office, scope: everything, on: db)
            }
            await #expect(throws: CoreError.state("记录已被他人修改，请刷新后重试")) {
                _ = try await RecordStore.update(self.type, id: a.id, done.values, version: 1, actor: office, scope: everything,
                                                 calculator: self.calculator, on: db, now: TestClock.now)
            }
            let closed = try await RecordStore.transition(type, id: a.id, action: "close", changes: ["verified_on": .date(LocalDate(iso: "2023-07-05")!)],
                                                          permissions: [.inspectionManage], today: today, actor: office, scope: everything,
                                                          calculator: calculator, on: db, now: TestClock.now)
            #expect(closed.state == "closed")
            await #expect(throws: CoreError.self) {
                _ = try await RecordStore.update(self.type, id: a.id, closed.values, version: nil, actor: office, scope: everything,
                                                 calculator: self.calculator, on: db, now: TestClock.now)
            }
            let history = try await RecordStore.history(type, id: a.id, on: db)
            #expect(history.map(\.action) == ["create", "transition", "transition"])
            #expect(history.last?.after?.contains("\"state\":\"closed\"") == true)
            #expect(try await AuditLog.verify(on: db).isIntact)
        }
    }

    @Test(arguments: TestBackend.available)
    func aFailedWriteLeavesNothing(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let everything = DataScope.everything
            let study = StudyActivity.declaration.type
            let organiser = try await town("371502", on: db)
            let values: RecordValues = ["kind": .text("lecture"), "title": .text("习近平法治思想专题讲座"), "held_on": .date(LocalDate(iso: "2023-05-10")!),
                                        "organiser": .uuid(organiser.id!)]
            _ = try await RecordStore.create(study, values, actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now)
            let auditBefore = try await AuditLog.verify(on: db).checked
            // The natural key (kind, date, title) refuses the same lecture twice; nothing half-written.
            await #expect(throws: (any Error).self) {
                _ = try await RecordStore.create(study, values, actor: .system(), scope: everything, calculator: self.calculator, on: db, now: TestClock.now)
            }
            #expect(try await RecordStore.list(study, RecordQuery(), scope: everything, on: db).total == 1)
            #expect(try await AuditLog.verify(on: db).checked == auditBefore)
            // A person who does not exist is refused in Chinese, not by a foreign key.
            await #expect(throws: CoreError.invalid(field: "verifier", "「验收人」不是本平台的人员")) {
                _ = try await RecordStore.create(self.type, ["finding": .text("x"), "unit": .uuid(organiser.id!), "found_on": .date(LocalDate(iso: "2023-06-01")!),
                                                             "verifier": .uuid(UUID())], actor: .system(), scope: everything, calculator: self.calculator, on: db, now: TestClock.now)
            }
            // A change is looked up as a new record's values are; what the record already names stands.
            let itemValues: RecordValues = ["finding": .text("y"), "unit": .uuid(organiser.id!), "found_on": .date(LocalDate(iso: "2023-06-01")!)]
            let item = try await RecordStore.create(type, itemValues, actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now)
            await #expect(throws: CoreError.invalid(field: "verifier", "「验收人」不是本平台的人员")) {
                _ = try await RecordStore.update(self.type, id: item.id, itemValues.merging(["verifier": .uuid(UUID())]) { $1 }, version: nil, actor: .system(),
                                                 scope: everything, calculator: self.calculator, on: db, now: TestClock.now)
            }
            let moved = try await RecordStore.transition(type, id: item.id, action: "start", changes: [:], permissions: Set(Permission.allCases),
                                                         today: LocalDate(iso: "2023-06-02")!, actor: .system(), scope: everything, calculator: calculator,
                                                         on: db, now: TestClock.now)
            #expect(moved.state == "in_progress" && moved.values["unit"] == .uuid(organiser.id!))
        }
    }

    /// A move of many records (the demo's renewals) is each record's move, audited in order on
    /// one chain, and all or nothing: one record that may not move leaves every other as it was.
    @Test(arguments: TestBackend.available)
    func aMoveOfManyIsEachMoveAndAllOrNothing(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db, type = self.type, calculator = self.calculator, everything = DataScope.everything
            let unit = try await town("371502", on: db).id!
            var items: [RecordRow] = []
            for finding in ["台账不全", "公示滞后", "文书不规范"] {
                items.append(try await RecordStore.create(type, ["finding": .text(finding), "unit": .uuid(unit), "found_on": .date(LocalDate(iso: "2023-06-01")!)],
                                                          actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now))
            }
            let (a, b, c) = (items[0].id, items[1].id, items[2].id)
            let audited = try await AuditLog.verify(on: db).checked
            func start(_ ids: [UUID]) async throws -> [RecordRow] {
                try await db.write { tx in
                    try await RecordStore.transition(type, ids: ids, action: "start", permissions: Set(Permission.allCases), today: LocalDate(iso: "2023-06-02")!,
                                                     actor: .system("批量"), scope: everything, calculator: calculator, within: tx, now: TestClock.now)
                }
            }
            let moved = try await start([b, a])
            #expect(moved.map(\.id) == [b, a] && moved.allSatisfy { $0.state == "in_progress" && $0.version == 2 })
            let chain = try await AuditLog.verify(on: db)
            #expect(chain.isIntact && chain.checked == audited + 2)
            let history = try await RecordStore.history(type, id: a, on: db)
            #expect(history.last?.action == AuditAction.transition.rawValue && history.count == 2)

            // `a` has started already: the move of `c` with it is refused, and `c` stays as it was.
            await #expect(throws: (any Error).self) { _ = try await start([c, a]) }
            await #expect(throws: RecordStoreError.self) { _ = try await start([c, UUID()]) }
            let untouched = try #require(try await RecordStore.find(type, id: c, scope: everything, on: db))
            #expect(untouched.state == "pending" && untouched.version == 1)
            #expect(try await AuditLog.verify(on: db).checked == audited + 2)
        }
    }
}
