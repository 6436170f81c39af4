import Fluent
import SQLKit

/// M022 gave an existing 依申请公开 table a single-column index on 组织类型, which a new table does
/// not have: a value filter's list and lookup indexes supersede it (`RecordListIndexes`). A
/// database whose table existed before M022 therefore held one index more than its declaration
/// and refused to start. The index goes, as a new table never had it.
struct M025_SupersededFilterIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw("DROP INDEX IF EXISTS rec_disclosure_applications_organisation_type_idx").run()
    }

    func revert(on db: any Database) async throws {}
}
