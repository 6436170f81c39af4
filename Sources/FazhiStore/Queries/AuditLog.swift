import Crypto
import FazhiCore
import Fluent
import Foundation
import SQLKit
import Synchronization

enum AuditGenesis { static let hash = AuditChain.genesis }

/// Who did something, and from where; attached to every audit record.
public struct AuditActor: Sendable {
    public var userID: UUID?
    public var name: String
    public var unitID: UUID?
    public var address: String
    public init(userID: UUID?, name: String, unitID: UUID?, address: String) {
        self.userID = userID; self.name = name; self.unitID = unitID; self.address = address
    }
    public static func system(_ name: String = "系统") -> AuditActor {
        AuditActor(userID: nil, name: name, unitID: nil, address: "local")
    }
}

public struct AuditRow: Sendable, Codable {
    public var seq: Int64
    public var occurredAt: Date
    public var actorID: UUID?
    public var actorName: String
    public var unitID: UUID?
    public var address: String
    public var action: String
    public var entityType: String
    public var entityID: String
    public var before: String?
    public var after: String?
    public var hash: String
}

public enum AuditLog {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    /// Canonical JSON of a snapshot (sorted keys), for the before/after columns.
    public static func snapshot(_ value: some Encodable) -> String {
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// The key every new link is hashed with (`FAZHI_AUDIT_KEY`, kept outside the database), and
    /// that verification checks keyed links with. Set once at start-up.
    public static var key: SymmetricKey? { keyBox.withLock { $0 } }
    public static func use(key: SymmetricKey?) { keyBox.withLock { $0 = key } }
    private static let keyBox = LockedValue<SymmetricKey?>(nil)

    /// One record on its own, in its own transaction: for an action that changes nothing else
    /// (an export). A change's record goes through `append` in the change's transaction.
    public static func record(on db: any Database, actor: AuditActor, action: AuditAction, entityType: String, entityID: String,
                              before: String? = nil, after: String? = nil, at now: Date = Date()) async throws {
        try await db.write { tx in
            try await append(on: tx, actor: actor, action: action, entityType: entityType, entityID: entityID, before: before, after: after, at: now)
        }
    }

    /// Appends one record. Call it with the transaction that makes the change, so the record
    /// and the change commit or fail together.
    public static func append(
        on db: any Database, actor: AuditActor, action: AuditAction,
        entityType: String, entityID: String, before: String? = nil, after: String? = nil,
        at now: Date = Date(), key: SymmetricKey? = AuditLog.key
    ) async throws {
        try await append(on: db, entries: [Entry(actor: actor, action: action, entityType: entityType, entityID: entityID, before: before, after: after, at: now)],
                         key: key)
    }

    /// One entry of `append(on:entries:)`.
    public struct Entry: Sendable {
        public var actor: AuditActor, action: AuditAction, entityType: String, entityID: String
        public var before: String?, after: String?, at: Date
    }

    /// Appends several entries in order, with one claim of the head and one insert per thousand:
    /// the chain is extended in memory from the head's hash. Inside `gathering` they are kept and
    /// chained with the others of the scope.
    public static func append(on db: any Database, entries: [Entry], key: SymmetricKey? = AuditLog.key) async throws {
        guard !entries.isEmpty else { return }
        if let gathered = Self.gathered {
            switch gathered.add(entries) {
            case .held: return
            case .full(let all): return try await chain(on: gathered.db, entries: all, key: key)
            case .closed: break
            }
        }
        try await chain(on: db, entries: entries, key: key)
    }

    /// Entries a `gathering` scope holds, for its transaction `db`, until it ends or holds `limit`.
    final class Gathered: Sendable {
        static let limit = 5_000
        let db: any Database
        private let held = Mutex<(entries: [Entry], closed: Bool)>(([], false))
        init(_ db: any Database) { self.db = db }

        enum Added { case held, full([Entry]), closed }
        /// Keeps `entries`; when that makes the limit, gives back everything held, in order, to
        /// chain now; once the scope has ended (a task it started appending late), keeps nothing.
        func add(_ entries: [Entry]) -> Added {
            held.withLock { held in
                guard !held.closed else { return .closed }
                held.entries += entries
                guard held.entries.count >= Self.limit else { return .held }
                defer { held.entries = [] }
                return .full(held.entries)
            }
        }
        /// Everything held, and no more keeping.
        func close() -> [Entry] { held.withLock { held in defer { held = ([], true) }; return held.entries } }
    }
    @TaskLocal static var gathered: Gathered?

    /// Runs `body`, a part of one transaction `db` that makes many writes (a demo module's tens
    /// of thousands of records and moves), with their audit entries kept in memory and chained
    /// together, in the order they were made, at most five thousand at a time and when it ends:
    /// one claim of the chain's head where each write made two updates of it. On PostgreSQL every
    /// update of the head row in a long transaction adds a version that the next must step over,
    /// so a module's head updates cost more and more (18 s for 67,000 of them in one demo).
    /// Nothing in `body` may read the audit trail for what it wrote, and every write in it goes
    /// through `db`: entries are chained on `db` whichever handle they were appended on. A
    /// gathering inside another joins it.
    public static func gathering<T>(on db: any Database, key: SymmetricKey? = AuditLog.key, _ body: () async throws -> T) async throws -> T {
        guard Self.gathered == nil else { return try await body() }
        let gathered = Gathered(db)
        let result = try await $gathered.withValue(gathered) { try await body() }
        try await chain(on: db, entries: gathered.close(), key: key)
        return result
    }

    /// Extends the chain by `entries`, now.
    static func chain(on db: any Database, entries: [Entry], key: SymmetricKey?) async throws {
        guard !entries.isEmpty else { return }
        let sql = db.sql
        // Taking the head row first serialises appenders; the chain never forks.
        guard let head = try await sql.raw("UPDATE audit_head SET seq = seq + \(bind: Int64(entries.count)) WHERE id = 1 RETURNING seq, hash")
            .first(decoding: Head.self) else { throw AuditLogError.headMissing }
        var previous = head.hash, seq = head.seq - Int64(entries.count)
        for part in stride(from: 0, to: entries.count, by: 1_000) {
            var rows: [SQLQueryString] = []
            for e in entries[part..<min(entries.count, part + 1_000)] {
                seq += 1
                let millis = Int64((e.at.timeIntervalSince1970 * 1000).rounded(.down))
                let content = AuditContent(
                    seq: seq, occurredAt: Date(timeIntervalSince1970: Double(millis) / 1000),
                    actorID: e.actor.userID, actorName: e.actor.name, unitID: e.actor.unitID, address: e.actor.address,
                    action: e.action, entityType: e.entityType, entityID: e.entityID, before: e.before, after: e.after)
                let hash = AuditChain.hash(content, previous: previous, key: key)
                rows.append("""
                    (\(bind: seq), \(bind: millis), \(bind: e.actor.userID), \(bind: e.actor.name), \(bind: e.actor.unitID), \(bind: e.actor.address),
                     \(bind: e.action.rawValue), \(bind: e.entityType), \(bind: e.entityID), \(bind: e.before), \(bind: e.after), \(bind: previous), \(bind: hash))
                    """)
                previous = hash
            }
            try await sql.raw("""
                INSERT INTO audit_log (seq, occurred_at_ms, actor_id, actor_name, unit_id, address, action,
                  entity_type, entity_id, before_json, after_json, prev_hash, hash)
                VALUES \(rows.joined(separator: ", "))
                """).run()
        }
        try await sql.raw("UPDATE audit_head SET hash = \(bind: previous) WHERE id = 1").run()
    }

    struct Head: Decodable { var seq: Int64; var hash: String }

    struct StoredRow: Decodable, Sendable {
        var seq: Int64
        var occurred_at_ms: Int64
        var actor_id: UUID?
        var actor_name: String
        var unit_id: UUID?
        var address: String
        var action: String
        var entity_type: String
        var entity_id: String
        var before_json: String?
        var after_json: String?
        var prev_hash: String
        var hash: String

        var row: AuditRow {
            AuditRow(seq: seq, occurredAt: Date(timeIntervalSince1970: Double(occurred_at_ms) / 1000), actorID: actor_id,
                     actorName: actor_name, unitID: unit_id, address: address, action: action, entityType: entity_type,
                     entityID: entity_id, before: before_json, after: after_json, hash: hash)
        }
    }

    public struct Verification: Sendable {
        public let checked: Int
        public let headSeq: Int64
        public let firstBreak: AuditChain.Break?
        public var isIntact: Bool { firstBreak == nil }
    }

    /// Re-computes the whole chain in batches and reports the first broken or missing link.
    public static func verify(on db: any Database, batchSize: Int = 5_000, key: SymmetricKey? = AuditLog.key) async throws -> Verification {
        let sql = db.sql
        guard let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self) else {
            throw AuditLogError.headMissing
        }
        var verifier = AuditChain.Verifier(key: key)
        var after: Int64 = 0
        while true {
            let rows = try await sql.raw("SELECT * FROM audit_log WHERE seq > \(bind: after) ORDER BY seq LIMIT \(unsafeRaw: String(batchSize))")
                .all(decoding: StoredRow.self)
            if rows.isEmpty { break }
            for r in rows {
                guard let action = AuditAction(rawValue: r.action) else {
                    return Verification(checked: verifier.checked, headSeq: head.seq, firstBreak: .contentChanged(seq: r.seq))
                }
                let content = AuditContent(
                    seq: r.seq, occurredAt: Date(timeIntervalSince1970: Double(r.occurred_at_ms) / 1000), actorID: r.actor_id,
                    actorName: r.actor_name, unitID: r.unit_id, address: r.address, action: action,
                    entityType: r.entity_type, entityID: r.entity_id, before: r.before_json, after: r.after_json)
                if let broken = verifier.check(.init(content: content, previousHash: r.prev_hash, hash: r.hash)) {
                    return Verification(checked: verifier.checked, headSeq: head.seq, firstBreak: broken)
                }
            }
            after = rows.last!.seq
        }
        return Verification(checked: verifier.checked, headSeq: head.seq, firstBreak: verifier.finish(headSeq: head.seq))
    }

    /// The chain's head now, signed with the key, for `fazhi audit checkpoint`.
    public static func checkpoint(on db: any Database, key: SymmetricKey? = AuditLog.key) async throws -> AuditChain.Checkpoint {
        guard let head = try await db.sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self) else {
            throw AuditLogError.headMissing
        }
        return AuditChain.Checkpoint(seq: head.seq, hash: head.hash, key: key)
    }

    /// Compares the chain with checkpoints kept elsewhere: each must be signed by the key, and
    /// the chain must still hold its link with the same hash. Returns the first disagreement, in
    /// Chinese; nil when every checkpoint agrees. Catches a cut tail and a rewritten chain, even
    /// one whose own links and head were made to agree again.
    public static func compare(_ checkpoints: [AuditChain.Checkpoint], on db: any Database, key: SymmetricKey? = AuditLog.key) async throws -> String? {
        guard let head = try await db.sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self) else {
            throw AuditLogError.headMissing
        }
        struct Row: Decodable { var hash: String }
        for c in checkpoints {
            guard c.isSigned(by: key) else { return "检查点第 \(c.seq) 条的签名与审计密钥不符" }
            guard c.seq <= head.seq else { return "审计链比检查点短：检查点已到第 \(c.seq) 条，链头只到第 \(head.seq) 条（链尾被截断）" }
            if c.seq == 0 { continue }
            guard let row = try await db.sql.raw("SELECT hash FROM audit_log WHERE seq = \(bind: c.seq)").first(decoding: Row.self) else {
                return "检查点第 \(c.seq) 条在审计链中不存在（已被删除）"
            }
            guard row.hash == c.hash else { return "第 \(c.seq) 条的哈希与检查点不符（链已被改写）" }
        }
        return nil
    }

    public struct Filter: Sendable {
        public var action: String?
        public var entityType: String?
        public var entityID: String?
        public var actorID: UUID?
        public var from: Date?
        public var to: Date?
        public init(action: String? = nil, entityType: String? = nil, entityID: String? = nil, actorID: UUID? = nil, from: Date? = nil, to: Date? = nil) {
            self.action = action; self.entityType = entityType; self.entityID = entityID; self.actorID = actorID; self.from = from; self.to = to
        }
    }

    /// Newest first: a page at an offset (within `RecordStore.countBound`) or before a sequence
    /// number, and the count up to the bound. Each filter has an index that ends with `seq`.
    public static func list(on db: any Database, filter: Filter, limit: Int, at position: KeyedPosition = KeyedPosition()) async throws -> KeyedPage<AuditRow> {
        let page: KeyedPage<StoredRow> = try await KeyedList.page("audit_log", key: "seq", where: clauses(filter), limit: limit, at: position,
                                                                  on: db.sql, keyOf: \.seq)
        return page.map(\.row)
    }

    static func clauses(_ filter: Filter) -> [SQLQueryString] {
        var clauses: [SQLQueryString] = []
        if let a = filter.action { clauses.append("action = \(bind: a)") }
        if let t = filter.entityType { clauses.append("entity_type = \(bind: t)") }
        if let i = filter.entityID { clauses.append("entity_id = \(bind: i)") }
        if let u = filter.actorID { clauses.append("actor_id = \(bind: u)") }
        if let f = filter.from { clauses.append("occurred_at_ms >= \(bind: Int64(f.timeIntervalSince1970 * 1000))") }
        if let t = filter.to { clauses.append("occurred_at_ms < \(bind: Int64(t.timeIntervalSince1970 * 1000))") }
        return clauses
    }
}

public enum AuditLogError: Error, CustomStringConvertible {
    case headMissing
    public var description: String { "audit_head row is missing: the audit trail was not migrated or was tampered with" }
}

/// A value behind a lock, for the few process-wide settings the store keeps.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        return body(&value)
    }
}
