import Crypto
import Foundation

/// What happened, as the audit trail records it.
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case create, update, delete, transition
    case signIn = "sign_in", signOut = "sign_out", signInFailed = "sign_in_failed"
    case accountLocked = "account_locked", passwordChanged = "password_changed"
    case export, `import`

    public var label: String {
        switch self {
        case .create: return "新增"
        case .update: return "修改"
        case .delete: return "删除"
        case .transition: return "状态变更"
        case .signIn: return "登录"
        case .signOut: return "退出"
        case .signInFailed: return "登录失败"
        case .accountLocked: return "账户锁定"
        case .passwordChanged: return "修改密码"
        case .export: return "导出"
        case .import: return "导入"
        }
    }
}

/// One audit record's content, exactly what the hash covers.
public struct AuditContent: Sendable, Equatable {
    public var seq: Int64
    public var occurredAt: Date
    public var actorID: UUID?
    public var actorName: String
    public var unitID: UUID?
    public var address: String
    public var action: AuditAction
    public var entityType: String
    public var entityID: String
    public var before: String?
    public var after: String?

    public init(seq: Int64, occurredAt: Date, actorID: UUID?, actorName: String, unitID: UUID?, address: String,
                action: AuditAction, entityType: String, entityID: String, before: String?, after: String?) {
        self.seq = seq; self.occurredAt = occurredAt; self.actorID = actorID; self.actorName = actorName
        self.unitID = unitID; self.address = address; self.action = action; self.entityType = entityType
        self.entityID = entityID; self.before = before; self.after = after
    }

    /// Milliseconds since 1970; the stored time is truncated to this so that hashing is stable
    /// across databases with different time precision.
    public var occurredAtMillis: Int64 { Int64((occurredAt.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A canonical, unambiguous serialisation: fields in fixed order, each length-prefixed.
    public var canonical: String {
        let fields = [String(seq), String(occurredAtMillis), actorID?.uuidString.lowercased() ?? "", actorName,
                      unitID?.uuidString.lowercased() ?? "", address, action.rawValue, entityType, entityID,
                      before ?? "\u{0}", after ?? "\u{0}"]
        return fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }
}

public enum AuditChain {
    /// The hash that starts the chain.
    public static let genesis = String(repeating: "0", count: 64)

    /// Marks a link hashed with the audit key (HMAC-SHA256) rather than plain SHA-256.
    public static let keyedMark = "k1:"

    /// The link's hash: HMAC-SHA256 with the audit key when there is one (kept outside the
    /// database, so whoever can write the database cannot forge a link), else plain SHA-256.
    public static func hash(_ content: AuditContent, previous: String, key: SymmetricKey? = nil) -> String {
        let data = Data((previous + "|" + content.canonical).utf8)
        guard let key else { return Secrets.hex(SHA256.hash(data: data)) }
        return keyedMark + Secrets.hex(HMAC<SHA256>.authenticationCode(for: data, using: key))
    }

    /// The audit key from its text form (`FAZHI_AUDIT_KEY`): at least 32 characters.
    public static func key(_ text: String) throws(CoreError) -> SymmetricKey {
        guard text.utf8.count >= 32 else { throw CoreError.invalid(field: "FAZHI_AUDIT_KEY", "审计密钥 FAZHI_AUDIT_KEY 至少需要 32 个字符") }
        return SymmetricKey(data: SHA256.hash(data: Data(text.utf8)))
    }

    /// A checkpoint: the chain's head at a moment, signed with the key when there is one. One line
    /// of a file the operator keeps away from the database: `seq hash signature`.
    public struct Checkpoint: Equatable, Sendable {
        public let seq: Int64
        public let hash: String
        public let signature: String

        public init(seq: Int64, hash: String, key: SymmetricKey?) {
            self.seq = seq; self.hash = hash
            signature = key.map { Checkpoint.sign(seq: seq, hash: hash, key: $0) } ?? "-"
        }

        init(seq: Int64, hash: String, signature: String) { self.seq = seq; self.hash = hash; self.signature = signature }

        static func sign(seq: Int64, hash: String, key: SymmetricKey) -> String {
            Secrets.hex(HMAC<SHA256>.authenticationCode(for: Data("checkpoint|\(seq)|\(hash)".utf8), using: key))
        }

        public var line: String { "\(seq) \(hash) \(signature)" }

        /// A line of the file; nil for one that is not a checkpoint.
        public static func parse(_ line: some StringProtocol) -> Checkpoint? {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let seq = Int64(parts[0]), seq >= 0 else { return nil }
            return Checkpoint(seq: seq, hash: String(parts[1]), signature: String(parts[2]))
        }

        /// Whether the signature is the key's (an unsigned line counts only without a key).
        public func isSigned(by key: SymmetricKey?) -> Bool {
            guard let key else { return signature == "-" }
            return Secrets.equal(signature, Checkpoint.sign(seq: seq, hash: hash, key: key))
        }
    }

    public struct Link: Sendable {
        public let content: AuditContent
        public let previousHash: String
        public let hash: String
        public init(content: AuditContent, previousHash: String, hash: String) {
            self.content = content; self.previousHash = previousHash; self.hash = hash
        }
    }

    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case missing(expectedSeq: Int64, found: Int64)
        case previousMismatch(seq: Int64)
        case contentChanged(seq: Int64)
        case tailMissing(headSeq: Int64, lastSeq: Int64)
        /// A keyed link, but no key to check it with.
        case keyMissing(seq: Int64)
        /// A plain link after a keyed one: someone without the key rewrote the chain from here.
        case unkeyedAfterKeyed(seq: Int64)

        public var description: String {
            switch self {
            case .missing(let e, let f): return "第 \(e) 条缺失（下一条是第 \(f) 条）"
            case .previousMismatch(let s): return "第 \(s) 条的前一哈希与上一条不符"
            case .contentChanged(let s): return "第 \(s) 条的内容与哈希不符（已被篡改）"
            case .tailMissing(let h, let l): return "链尾缺失：应有 \(h) 条，实际最后一条是第 \(l) 条"
            case .keyMissing(let s): return "第 \(s) 条起由审计密钥保护，未配置 FAZHI_AUDIT_KEY，无法校验"
            case .unkeyedAfterKeyed(let s): return "第 \(s) 条未用审计密钥签名，而此前的记录已签名（链已被改写）"
            }
        }
    }

    /// Walks links in sequence order and reports the first broken or missing one. `state`
    /// carries the last verified link across batches.
    public struct Verifier: Sendable {
        public private(set) var lastSeq: Int64 = 0
        public private(set) var lastHash: String = AuditChain.genesis
        public private(set) var checked = 0
        let key: SymmetricKey?
        public init(key: SymmetricKey? = nil) { self.key = key }

        public mutating func check(_ link: Link) -> Break? {
            let seq = link.content.seq
            if seq != lastSeq + 1 { return .missing(expectedSeq: lastSeq + 1, found: seq) }
            if link.previousHash != lastHash { return .previousMismatch(seq: seq) }
            let keyed = link.hash.hasPrefix(AuditChain.keyedMark)
            // Once the chain is keyed it stays keyed: a plain link after a keyed one was written without the key.
            if !keyed, lastHash.hasPrefix(AuditChain.keyedMark) { return .unkeyedAfterKeyed(seq: seq) }
            if keyed && key == nil { return .keyMissing(seq: seq) }
            if AuditChain.hash(link.content, previous: link.previousHash, key: keyed ? key : nil) != link.hash { return .contentChanged(seq: seq) }
            lastSeq = link.content.seq; lastHash = link.hash; checked += 1
            return nil
        }

        /// Compares the end of the walk with the chain head the database keeps.
        public func finish(headSeq: Int64) -> Break? {
            headSeq == lastSeq ? nil : .tailMissing(headSeq: headSeq, lastSeq: lastSeq)
        }
    }
}
