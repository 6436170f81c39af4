import Fluent
import Foundation
import SQLKit

/// The portal's limits hold against anyone (issue 28):
/// - an application's attempt is counted before its body is read, and keeps its row whatever
///   becomes of it (`attempt` names the row to mark with the applicant once it is accepted);
/// - requests for codes are counted per subject and contact typed, per client and per contact
///   sent to, in their own table, so a request that matches nothing makes no code; a code keeps
///   the hash of the nonce of the browser that asked for it;
/// - receipt numbers carry their district's code and are unique on the platform: the receipts
///   already issued get their district's code in front, and the unique index a new table has.
struct M023_PublicSideLimits: AsyncMigration {
    /// The registers taking applications when this landed: table, receipt column, owner column.
    static let receipts: [(table: String, receipt: String, owner: String)] = [("rec_disclosure_applications", "receipt_number", "office")]

    /// In one transaction (both databases change their schema transactionally), so a failure leaves
    /// the database as it was for the next start to try again.
    func prepare(on db: any Database) async throws {
        try await db.transaction { try await change($0) }
    }

    func change(_ db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("ALTER TABLE verification_codes ADD COLUMN nonce_hash TEXT").run()
        try await sql.raw("ALTER TABLE intake_submissions ADD COLUMN attempt TEXT").run()
        try await sql.raw("CREATE INDEX intake_submissions_attempt_idx ON intake_submissions (attempt)").run()
        try await sql.raw("""
            CREATE TABLE portal_code_requests (pair_hash TEXT NOT NULL, client TEXT NOT NULL, sent_to TEXT, created_at BIGINT NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX portal_code_requests_pair_idx ON portal_code_requests (pair_hash, created_at)").run()
        try await sql.raw("CREATE INDEX portal_code_requests_client_idx ON portal_code_requests (client, created_at)").run()
        try await sql.raw("CREATE INDEX portal_code_requests_sent_to_idx ON portal_code_requests (sent_to, created_at)").run()

        struct Unit: Decodable { var id: UUID; var parent_id: UUID?; var code: String }
        let units = Dictionary(uniqueKeysWithValues: try await sql.raw("SELECT id, parent_id, code FROM units").all(decoding: Unit.self).map { ($0.id, $0) })
        func districtCode(_ id: UUID) -> String? {
            var unit = units[id]
            while let u = unit, let parent = u.parent_id { unit = units[parent] }
            return unit?.code.uppercased()
        }
        for (table, receipt, owner) in Self.receipts where try await RegisterSchema.tableExists(table, on: db) {
            struct Row: Decodable { var id: UUID; var receipt: String?; var owner: UUID? }
            let rows = try await sql.raw("""
                SELECT id, \(unsafeRaw: receipt) AS receipt, \(unsafeRaw: owner) AS owner FROM \(unsafeRaw: table)
                """).all(decoding: Row.self)
            for row in rows {
                guard let number = row.receipt, let owner = row.owner, let code = districtCode(owner), !number.hasPrefix(code + "-") else { continue }
                try await sql.raw("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: receipt) = \(bind: code + "-" + number) WHERE id = \(bind: row.id)").run()
            }
            try await sql.raw("CREATE UNIQUE INDEX IF NOT EXISTS \(unsafeRaw: table)_receipt ON \(unsafeRaw: table) (\(unsafeRaw: receipt))").run()
        }
    }

    /// The receipts keep their district's code; the index goes with them.
    func revert(on db: any Database) async throws {
        for (table, _, _) in Self.receipts { try await db.sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: table)_receipt").run() }
        try await db.sql.raw("DROP TABLE portal_code_requests").run()
        try await db.sql.raw("DROP INDEX intake_submissions_attempt_idx").run()
        try await db.sql.raw("ALTER TABLE intake_submissions DROP COLUMN attempt").run()
        try await db.sql.raw("ALTER TABLE verification_codes DROP COLUMN nonce_hash").run()
    }
}
