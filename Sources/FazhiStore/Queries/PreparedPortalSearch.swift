import FazhiCore
import FluentPostgresDriver
import Foundation

/// The portal's busiest search, normative documents, on PostgreSQL as a prepared statement kept per
/// connection: planning this statement on every call (about 1.5 ms, for its index expression) was
/// a large part of the page's cost. Its text is made from the register's `publish:` declaration
/// and must match the register's trigram index expression (`RecordSQL.searchText`), which a test
/// checks. A prepared statement's text is fixed per Swift type, so the other published registers,
/// and other databases, take the general list.
public enum PreparedPortalSearch {
    public static let type = NormativeDocument.declaration.type
    static let publish = type.publish!
    static let searchText = RecordSQL.searchText(type)
    /// The public fields a list row carries: all but long texts, which a list does not show.
    static let columns = publish.fields.compactMap(type.column).filter { $0.kind != .longText }

    struct Search: PostgresPreparedStatement {
        static let sql = """
            SELECT m.id, m.state, m.version, m.created_at, m.updated_at, \(columns.map { "m.\($0.name)::text" }.joined(separator: ", ")), COUNT(*) OVER ()
            FROM (SELECT * FROM \(type.table) WHERE state = ANY($1) AND \(publish.from) <= $5 AND (\(searchText)) ILIKE $2 OFFSET 0) m
            ORDER BY m.\(publish.from) DESC, m.id DESC LIMIT $3 OFFSET $4
            """
        typealias Row = (row: RecordRow, total: Int)
        let states: [String], pattern: String, limit: Int, offset: Int, today: String
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(states); b.append(pattern); b.append(limit); b.append(offset); b.append(today)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row {
            let cells = row.makeRandomAccess()
            let id = try cells[0].decode(UUID.self), state = try cells[1].decode(String.self), version = try cells[2].decode(Int64.self)
            let created = try cells[3].decode(Int64.self), updated = try cells[4].decode(Int64.self)
            var values: RecordValues = [:]
            for (i, f) in PreparedPortalSearch.columns.enumerated() {
                guard let text = try cells[5 + i].decode(String?.self) else { continue }
                switch f.kind.storage {
                case .uuid: values[f.name] = UUID(uuidString: text).map(RecordValue.uuid)
                case .integer: values[f.name] = Int64(text).map(RecordValue.integer)
                case .text: values[f.name] = f.kind == .date ? LocalDate(iso: text).map(RecordValue.date) : .text(text)
                }
            }
            return (RecordRow(id: id, state: state, version: version, createdBy: nil, createdAt: Date(timeIntervalSince1970: Double(created) / 1000),
                              updatedAt: Date(timeIntervalSince1970: Double(updated) / 1000), values: values),
                    try cells[5 + PreparedPortalSearch.columns.count].decode(Int.self))
        }
    }

    /// A page of the register's public records matching `text` on `today`, with how many match in
    /// all; nil when the database is not PostgreSQL.
    public static func fetch(_ text: String, today: LocalDate, limit: Int, offset: Int, on db: any Database) async throws -> (rows: [RecordRow], total: Int)? {
        guard let pg = db as? any PostgresDatabase else { return nil }
        let statement = Search(states: publish.states, pattern: RecordSQL.likePattern(text), limit: limit, offset: offset, today: today.description)
        let logger = db.logger
        return try await pg.withConnection { conn in
            conn.eventLoop.makeFutureWithTask {
                var rows: [RecordRow] = [], total = 0
                for try await r in try await conn.execute(statement, logger: logger) { rows.append(r.row); total = r.total }
                return (rows, total)
            }
        }.get()
    }

    /// The expression the statement searches.
    public static var expression: String { searchText }
}
