import Fluent
import SQLKit

/// A register's natural key is unique within the owner's district unless it declares otherwise
/// (`NaturalKeyScope`): two districts may each hold a 人民网 message numbered alike, and neither is
/// told of the other's. No column holds a record's district, so the unique index of such a key
/// takes the owner too (`RecordType.naturalKeyIndex`) and the write's check looks within the
/// district. On a database whose tables exist, the three keys that did not name their owner are
/// indexed again; a new database gets the new indexes with its tables, after this migration.
struct M024_NaturalKeysWithinDistricts: AsyncMigration {
    /// The tables and their keys when this landed, not today's declarations.
    static let keys: [(table: String, columns: String)] = [
        ("rec_study_activities", "kind, held_on, title, organiser"),
        ("rec_public_messages", "board, message_number, unit"),
        ("rec_disclosure_columns", "name, site, unit"),
    ]

    func prepare(on db: any Database) async throws {
        for (table, columns) in Self.keys where try await RegisterSchema.tableExists(table, on: db) {
            try await db.sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: table)_natural_key").run()
            try await db.sql.raw("CREATE UNIQUE INDEX \(unsafeRaw: table)_natural_key ON \(unsafeRaw: table) (\(unsafeRaw: columns))").run()
        }
    }

    /// The wider indexes stay: the narrower ones could not be made again once two districts share a key.
    func revert(on db: any Database) async throws {}
}
