import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// SQLite's driver retries a locked database without pause on the thread that runs the
/// statement. When the waiting connections held every thread of a shared pool, the connection
/// holding the lock could never commit, and the whole process stopped (it once stalled a CI run
/// for twenty minutes). Each application now has a pool with a thread for every connection, and
/// a writer's connection replaces the spinning handler with SQLite's sleeping one.
@Suite("SQLite under contention")
struct SQLiteContentionTests {
    /// Two applications in one process on one file (as the two-dispatcher test has them) each run many writing transactions at once that hold the lock across several statements.
    /// Every transaction commits; a stall would never end this test.
    @Test(.sqliteOnly) func writersOfTwoApplicationsAllCommit() async throws {
        try await withScratchApplication(.sqlite) { first, location in
            try attach(first, to: location)
            try await first.db.sql.raw("CREATE TABLE counters (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)").run()
            try await first.db.sql.raw("INSERT INTO counters (id, n) VALUES (1, 0)").run()
            let second = try await Application.make(.testing)
            second.logger.logLevel = .critical
            do {
                try attach(second, to: location)
                let perApp = 24
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for app in [first, second] {
                        for _ in 0..<perApp {
                            group.addTask {
                                // `app.db` takes the next event loop's connection: all of them are busy at once.
                                try await app.db.write { tx in
                                    struct N: Decodable { var n: Int }
                                    let n = try await tx.sql.raw("SELECT n FROM counters WHERE id = 1").first(decoding: N.self)?.n ?? 0
                                    try await Task.sleep(for: .milliseconds(2))
                                    try await tx.sql.raw("UPDATE counters SET n = \(bind: n + 1) WHERE id = 1").run()
                                    struct Timeout: Decodable { var timeout: Int }
                                    let waits = try await tx.sql.raw("PRAGMA busy_timeout").first(decoding: Timeout.self)?.timeout
                                    #expect(waits == sqliteBusyTimeoutMilliseconds, "a waiting writer sleeps between retries and gives up in the end")
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                struct N: Decodable { var n: Int }
                let n = try await first.db.sql.raw("SELECT n FROM counters WHERE id = 1").first(decoding: N.self)?.n
                #expect(n == 2 * perApp, "every transaction committed, none lost an update")
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }
}
