import FazhiCore
import FluentPostgresDriver
import Foundation

/// The portal's document search on PostgreSQL as a prepared statement kept per connection:
/// planning this statement on every call (about 1.5 ms, for its index expression) was a large part
/// of the page's cost. Its text must match the register's trigram index expression
/// (`RecordSQL.searchText`), which a test checks; other databases take the general path.
public enum PreparedPortalSearch {
    public struct Row: Sendable {
        public let id: UUID, title: String, registrationNumber: String?, docNumber: String?, issuer: UUID
        public let publishedOn: String?, effectiveFrom: String?, expiresOn: String?, state: String, total: Int
    }

    static let type = NormativeDocument.declaration.type
    static let searchText = RecordSQL.searchText(type)

    struct Search: PostgresPreparedStatement {
        static let sql = """
            SELECT m.id, m.title, m.registration_number, m.doc_number, m.issuer, m.published_on, m.effective_from, m.expires_on, m.state,
                   COUNT(*) OVER ()
            FROM (SELECT * FROM \(PreparedPortalSearch.type.table) WHERE state = ANY($1) AND (\(PreparedPortalSearch.searchText)) ILIKE $2 OFFSET 0) m
            ORDER BY m.published_on DESC, m.created_at DESC, m.id LIMIT $3 OFFSET $4
            """
        typealias Row = PreparedPortalSearch.Row
        let states: [String], pattern: String, limit: Int, offset: Int
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(states); b.append(pattern); b.append(limit); b.append(offset)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row {
            let (id, title, number, doc, issuer, published, effective, expires, state, total) =
                try row.decode((UUID, String, String?, String?, UUID, String?, String?, String?, String, Int).self)
            return Row(id: id, title: title, registrationNumber: number, docNumber: doc, issuer: issuer, publishedOn: published,
                       effectiveFrom: effective, expiresOn: expires, state: state, total: total)
        }
    }

    /// A page of published documents matching `text`, or nil when the database is not PostgreSQL.
    public static func fetch(_ text: String, limit: Int, offset: Int, on db: any Database) async throws -> [Row]? {
        guard let pg = db as? any PostgresDatabase else { return nil }
        let pattern = RecordSQL.likePattern(text)
        let states = NormativeDocument.State.onThePortal.map(\.rawValue), logger = db.logger
        return try await pg.withConnection { conn in
            conn.eventLoop.makeFutureWithTask {
                var out: [Row] = []
                for try await r in try await conn.execute(Search(states: states, pattern: pattern, limit: limit, offset: offset), logger: logger) { out.append(r) }
                return out
            }
        }.get()
    }

    /// The expression the statement searches.
    public static var expression: String { searchText }
}
