import FazhiCore
import FluentPostgresDriver
import Foundation

/// The users list on PostgreSQL as prepared statements, kept per connection: PostgreSQL parsing and
/// planning every call was most of the list's cost there (PostgresKit sends each query unprepared).
/// One statement for an unlimited scope, one for a set of units; searches take the general path.
public enum PreparedUserPage {
    public struct Row: Sendable {
        public let id: String, username: String, displayName: String, phone: String?
        public let isActive: Bool, locked: Bool, unitIDs: String?

        public init(id: String, username: String, displayName: String, phone: String?, isActive: Bool, locked: Bool, unitIDs: String?) {
            self.id = id; self.username = username; self.displayName = displayName; self.phone = phone
            self.isActive = isActive; self.locked = locked; self.unitIDs = unitIDs
        }
    }

    struct Everyone: PostgresPreparedStatement {
        static let sql = """
            SELECT UPPER(CAST(u.id AS TEXT)), u.username, u.display_name, u.phone, u.is_active,
                   COALESCE(u.locked_until > $1, false), u.unit_ids
            FROM users u ORDER BY u.username LIMIT $2 OFFSET $3
            """
        typealias Row = PreparedUserPage.Row
        let now: Date, limit: Int, offset: Int
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(now); b.append(limit); b.append(offset)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try PreparedUserPage.decode(row) }
    }

    /// The person themself, and everyone with a membership in one of the units.
    struct InUnits: PostgresPreparedStatement {
        static let sql = """
            SELECT UPPER(CAST(u.id AS TEXT)), u.username, u.display_name, u.phone, u.is_active,
                   COALESCE(u.locked_until > $1, false), u.unit_ids
            FROM users u
            WHERE u.id = $4 OR EXISTS (SELECT 1 FROM user_units su WHERE su.user_id = u.id AND su.unit_id = ANY($5))
            ORDER BY u.username LIMIT $2 OFFSET $3
            """
        typealias Row = PreparedUserPage.Row
        let now: Date, limit: Int, offset: Int, userID: UUID, units: [UUID]
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(now); b.append(limit); b.append(offset); b.append(userID); b.append(units)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try PreparedUserPage.decode(row) }
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        let (id, username, name, phone, active, locked, units) = try row.decode((String, String, String, String?, Bool, Bool, String?).self)
        return Row(id: id, username: username, displayName: name, phone: phone, isActive: active, locked: locked, unitIDs: units)
    }

    /// The page, or nil when the database is not PostgreSQL (the caller takes the general path).
    public static func fetch(scope: DataScope, limit: Int, offset: Int, now: Date, on db: any Database) async throws -> [Row]? {
        guard let pg = db as? any PostgresDatabase else { return nil }
        let logger = db.logger
        let units = Array(scope.unitIDs)
        return try await pg.withConnection { conn in
            conn.eventLoop.makeFutureWithTask {
                var out: [Row] = []
                if scope.allUnits {
                    for try await r in try await conn.execute(Everyone(now: now, limit: limit, offset: offset), logger: logger) { out.append(r) }
                } else {
                    for try await r in try await conn.execute(InUnits(now: now, limit: limit, offset: offset, userID: scope.userID, units: units), logger: logger) {
                        out.append(r)
                    }
                }
                return out
            }
        }.get()
    }
}
