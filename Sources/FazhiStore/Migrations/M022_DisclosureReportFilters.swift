import Fluent
import SQLKit

/// The 政府信息公开工作年度报告's cells link to lists filtered by fields that were not filters
/// before: a normative document's 废止或失效日期, and an application's 答复日期 and 组织类型. On a
/// database whose tables exist already, their indexes are added as a new table would have them
/// (the single-column index of a filter, and a value filter's list and lookup indexes). A new
/// database gets them with its tables, after this migration.
struct M022_DisclosureReportFilters: AsyncMigration {
    /// The tables' names and columns when this landed, not today's declarations.
    static let indexes: [(table: String, name: String, columns: String)] = [
        ("rec_normative_documents", "rec_normative_documents_ended_on_idx", "ended_on"),
        ("rec_disclosure_applications", "rec_disclosure_applications_replied_on_idx", "replied_on"),
        ("rec_disclosure_applications", "rec_disclosure_applications_organisation_type_idx", "organisation_type"),
        ("rec_disclosure_applications", "rec_disclosure_applications_by_organisation_type", "organisation_type, received_on, id, office, created_by"),
        ("rec_disclosure_applications", "rec_disclosure_applications_office_organisation_type", "office, organisation_type, created_by"),
    ]

    func prepare(on db: any Database) async throws {
        for (table, name, columns) in Self.indexes where try await RegisterSchema.tableExists(table, on: db) {
            try await db.sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: columns))").run()
        }
    }

    /// The indexes stay: on a new database they belong to the tables themselves.
    func revert(on db: any Database) async throws {}
}
