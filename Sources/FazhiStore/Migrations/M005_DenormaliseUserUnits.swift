import Fluent
import SQLKit

/// `users.unit_ids`: each person's unit ids, primary first, comma-separated, kept by triggers on
/// `user_units` so that no writer can forget it. The users list reads it instead of aggregating
/// the memberships of every row it shows (that lookup was most of the list's cost).
/// `user_units` stays the truth for scope checks and joins.
struct M005_DenormaliseUserUnits: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw("ALTER TABLE users ADD COLUMN unit_ids TEXT").run()
        if sql.dialect.name == "sqlite" {
            // An ordered subquery rather than `group_concat(… ORDER BY …)`, which SQLite before 3.44
            // cannot parse: the schema must stay readable by the sqlite3 tools operators have.
            let ordered = "SELECT group_concat(unit_id, ',') FROM (SELECT unit_id FROM user_units WHERE user_id = "
            let refresh = { (row: String) -> String in
                "UPDATE users SET unit_ids = (\(ordered)\(row).user_id ORDER BY is_primary DESC, unit_id)) WHERE id = \(row).user_id;"
            }
            try await sql.raw("CREATE TRIGGER user_units_after_insert AFTER INSERT ON user_units BEGIN \(unsafeRaw: refresh("NEW")) END").run()
            try await sql.raw("CREATE TRIGGER user_units_after_delete AFTER DELETE ON user_units BEGIN \(unsafeRaw: refresh("OLD")) END").run()
            try await sql.raw("CREATE TRIGGER user_units_after_update AFTER UPDATE ON user_units BEGIN \(unsafeRaw: refresh("OLD")) \(unsafeRaw: refresh("NEW")) END").run()
            try await sql.raw("UPDATE users SET unit_ids = (\(unsafeRaw: ordered)users.id ORDER BY is_primary DESC, unit_id))").run()
        } else {
            let aggregate = "SELECT string_agg(UPPER(CAST(unit_id AS TEXT)), ',' ORDER BY is_primary DESC, unit_id) FROM user_units WHERE user_id = "
            try await sql.raw("""
                CREATE FUNCTION user_units_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        UPDATE users SET unit_ids = (\(unsafeRaw: aggregate)OLD.user_id) WHERE id = OLD.user_id;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        UPDATE users SET unit_ids = (\(unsafeRaw: aggregate)NEW.user_id) WHERE id = NEW.user_id;
                    END IF;
                    RETURN NULL;
                END $$
                """).run()
            try await sql.raw("CREATE TRIGGER user_units_refresh AFTER INSERT OR UPDATE OR DELETE ON user_units FOR EACH ROW EXECUTE FUNCTION user_units_refresh()").run()
            try await sql.raw("UPDATE users SET unit_ids = (\(unsafeRaw: aggregate)users.id)").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        if sql.dialect.name == "sqlite" {
            for trigger in ["user_units_after_insert", "user_units_after_delete", "user_units_after_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS user_units_refresh ON user_units").run()
            try await sql.raw("DROP FUNCTION IF EXISTS user_units_refresh()").run()
        }
        try await sql.raw("ALTER TABLE users DROP COLUMN unit_ids").run()
    }
}
