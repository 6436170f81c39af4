import Fluent
import SQLKit

/// The audit trail and the outbox page newest first by their key (`KeyedList`): each of their
/// filters gets an index that ends with the key, so a page walks one index backwards and stops
/// after the page, and a count stops at the bound, however long the trail or the outbox grows.
/// The audit trail's single-purpose indexes by entity and by actor are replaced.
struct M017_KeyedListIndexes: AsyncMigration {
    static let audit = [
        ("audit_log_action_seq", "action, seq"),
        ("audit_log_entity_seq", "entity_type, entity_id, seq"),
        ("audit_log_type_seq", "entity_type, seq"),
        ("audit_log_actor_seq", "actor_id, seq"),
    ]
    /// The outbox by state (its tabs, and their counts within a scope) and by unit (a scope).
    static let outbox = [
        ("reminders_state_id", "state, id, unit_id"),
        ("reminders_unit_id", "unit_id, id"),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("DROP INDEX IF EXISTS audit_log_entity_idx").run()
        try await sql.raw("DROP INDEX IF EXISTS audit_log_actor_idx").run()
        for (name, columns) in Self.audit {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON audit_log (\(unsafeRaw: columns))").run()
        }
        for (name, columns) in Self.outbox {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON reminders (\(unsafeRaw: columns))").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for (name, _) in Self.audit + Self.outbox {
            try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: name)").run()
        }
        try await sql.raw("CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)").run()
        try await sql.raw("CREATE INDEX audit_log_actor_idx ON audit_log (actor_id)").run()
    }
}
