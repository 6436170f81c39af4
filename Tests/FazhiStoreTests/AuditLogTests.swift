import Crypto
import FazhiCore
import FazhiStore
import FazhiTestSupport
import Fluent
import SQLKit
import Testing

@Suite("Audit trail on real databases")
struct AuditLogTests {
    let actor = AuditActor(userID: nil, name: "测试", unitID: nil, address: "127.0.0.1")

    func append(_ n: Int, key: SymmetricKey? = nil, on db: any Database) async throws {
        for i in 0..<n {
            try await db.write { tx in
                try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "unit", entityID: "u\(i)",
                                          before: #"{"name":"旧"}"#, after: #"{"name":"新\#(i)"}"#, key: key)
            }
        }
    }

    /// Someone with database access cuts the last entries and rewinds the head: the chain alone
    /// still verifies, but a checkpoint kept elsewhere shows the cut. Rewriting the cut-off tail
    /// anew (the head made to agree) is found the same way.
    @Test(arguments: TestBackend.available)
    func checkpointsFindACutTail(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db, key = try AuditChain.key(String(repeating: "k", count: 40))
            try await append(5, key: key, on: db)
            let checkpoint = try await AuditLog.checkpoint(on: db, key: key)
            #expect(checkpoint.seq == 5 && checkpoint.isSigned(by: key) && !checkpoint.isSigned(by: nil))
            #expect(AuditChain.Checkpoint.parse(checkpoint.line) == checkpoint)
            #expect(try await AuditLog.compare([checkpoint], on: db, key: key) == nil)

            try await dropGuards(db)
            try await db.sql.raw("DELETE FROM audit_log WHERE seq >= 4").run()
            struct Row: Decodable { var hash: String }
            let third = try #require(try await db.sql.raw("SELECT hash FROM audit_log WHERE seq = 3").first(decoding: Row.self))
            try await db.sql.raw("UPDATE audit_head SET seq = 3, hash = \(bind: third.hash) WHERE id = 1").run()
            #expect(try await AuditLog.verify(on: db, key: key).isIntact, "the cut chain agrees with itself")
            #expect(try await AuditLog.compare([checkpoint], on: db, key: key)?.contains("链尾被截断") == true)

            // The tail written again without the key: the chain itself refuses it.
            try await append(2, on: db)
            #expect(try await AuditLog.verify(on: db, key: key).firstBreak == .unkeyedAfterKeyed(seq: 4))
            #expect(try await AuditLog.compare([checkpoint], on: db, key: key)?.contains("第 5 条的哈希与检查点不符") == true)
            // A forged checkpoint line is refused.
            let forged = try #require(AuditChain.Checkpoint.parse("3 \(third.hash) " + String(repeating: "0", count: 64)))
            #expect(try await AuditLog.compare([forged], on: db, key: key)?.contains("签名") == true)
            // Without the key the keyed links cannot be checked, and say so.
            #expect(try await AuditLog.verify(on: db, key: nil).firstBreak == .keyMissing(seq: 1))
        }
    }

    @Test(arguments: TestBackend.available)
    func chainVerifiesAndTamperingIsFound(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            try await append(6, on: db)
            let ok = try await AuditLog.verify(on: db)
            #expect(ok.isIntact && ok.checked == 6 && ok.headSeq == 6)

            // The table refuses changes.
            await #expect(throws: (any Error).self) {
                try await db.sql.raw("UPDATE audit_log SET after_json = 'x' WHERE seq = 3").run()
            }
            await #expect(throws: (any Error).self) {
                try await db.sql.raw("DELETE FROM audit_log WHERE seq = 6").run()
            }

            // Someone with the database's owner rights removes the guard and edits a row.
            try await dropGuards(db)
            try await db.sql.raw(#"UPDATE audit_log SET after_json = '{"name":"篡改"}' WHERE seq = 3"#).run()
            let broken = try await AuditLog.verify(on: db)
            #expect(broken.firstBreak == .contentChanged(seq: 3))
            #expect(broken.checked == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func deletedRowsAreFound(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            try await append(5, on: app.db)
            try await dropGuards(app.db)
            try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = 2").run()
            #expect(try await AuditLog.verify(on: app.db).firstBreak == .missing(expectedSeq: 2, found: 3))
            try await app.db.sql.raw("DELETE FROM audit_log WHERE seq >= 2").run()
            #expect(try await AuditLog.verify(on: app.db).firstBreak == .tailMissing(headSeq: 5, lastSeq: 1))
        }
    }

    @Test(arguments: TestBackend.available)
    func failedChangeLeavesNoRecord(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await app.db.write { tx in
                    try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "unit", entityID: "x")
                    throw Boom()
                }
            }
            let v = try await AuditLog.verify(on: app.db)
            #expect(v.headSeq == 0 && v.checked == 0 && v.isIntact)
        }
    }

    /// Many writers at once: the head row serialises them and the chain never forks.
    @Test(arguments: TestBackend.available)
    func concurrentAppendsKeepOneChain(_ backend: TestBackend) async throws {
        try await withMigratedDatabase(backend) { app in
            let db = app.db
            let actor = actor
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await db.write { tx in
                            try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: "unit", entityID: "c\(i)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let v = try await AuditLog.verify(on: db)
            #expect(v.isIntact && v.checked == 40)
        }
    }

    func dropGuards(_ db: any Database) async throws {
        if db.isSQLite {
            try await db.sql.raw("DROP TRIGGER audit_log_no_update").run()
            try await db.sql.raw("DROP TRIGGER audit_log_no_delete").run()
        } else {
            try await db.sql.raw("DROP TRIGGER audit_log_no_change ON audit_log").run()
        }
    }
}
