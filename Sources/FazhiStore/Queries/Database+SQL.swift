import Fluent
import SQLKit

/// How long a SQLite writer waits for the write lock before it gives up.
public let sqliteBusyTimeoutMilliseconds = 30_000

extension Database {
    /// Both drivers are SQL databases; aggregates and hot paths use SQLKit directly.
    public var sql: any SQLDatabase { self as! any SQLDatabase }

    public var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// Answers when the database does (readiness).
    public func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS n").all()
    }

    /// A consistent copy of a SQLite database in a new file, taken while others read and write.
    public func copySQLite(into target: String) async throws {
        try await sql.raw("VACUUM INTO \(bind: target)").run()
    }

    /// Runs `body` in one transaction that is a writer from its first statement. On SQLite a
    /// deferred transaction that reads before it writes can fail to upgrade under WAL, so it
    /// begins IMMEDIATE; PostgreSQL uses an ordinary transaction and row locks.
    ///
    /// SQLite's driver installs a busy handler that retries a locked database at once, forever,
    /// on the thread that runs the statement. Setting `busy_timeout` replaces it on that
    /// connection with SQLite's own handler, which sleeps between retries (1 ms growing to
    /// 100 ms) and gives up with "database is locked" after `sqliteBusyTimeoutMilliseconds`. The
    /// setting stays with the connection; setting it again costs one statement.
    ///
    /// A write inside another joins it, as Fluent's transactions do: the demo's history lives a
    /// day (planning, delivering, renewing) in one transaction, through the engines' own writes.
    /// On PostgreSQL Fluent knows its transaction's database; on SQLite the outer write marks
    /// the task, so a nested write must be given the outer one's database (`tx`), as every
    /// caller here does.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard isSQLite else { return try await transaction(body) }
        if SQLiteWrite.open { return try await body(self) }
        return try await withConnection { conn in
            try await conn.sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
            try await conn.sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await SQLiteWrite.$open.withValue(true) { try await body(conn) }
                try await conn.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await conn.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// Whether the task runs inside a SQLite write (`Database.write`), which a nested write joins.
enum SQLiteWrite {
    @TaskLocal static var open = false
}
