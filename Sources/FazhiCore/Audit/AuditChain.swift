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

    public static func hash(_ content: AuditContent, previous: String) -> String {
        Secrets.hex(SHA256.hash(data: Data((previous + "|" + content.canonical).utf8)))
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

        public var description: String {
            switch self {
            case .missing(let e, let f): return "第 \(e) 条缺失（下一条是第 \(f) 条）"
            case .previousMismatch(let s): return "第 \(s) 条的前一哈希与上一条不符"
            case .contentChanged(let s): return "第 \(s) 条的内容与哈希不符（已被篡改）"
            case .tailMissing(let h, let l): return "链尾缺失：应有 \(h) 条，实际最后一条是第 \(l) 条"
            }
        }
    }

    /// Walks links in sequence order and reports the first broken or missing one. `state`
    /// carries the last verified link across batches.
    public struct Verifier: Sendable {
        public private(set) var lastSeq: Int64 = 0
        public private(set) var lastHash: String = AuditChain.genesis
        public private(set) var checked = 0
        public init() {}

        public mutating func check(_ link: Link) -> Break? {
            if link.content.seq != lastSeq + 1 { return .missing(expectedSeq: lastSeq + 1, found: link.content.seq) }
            if link.previousHash != lastHash { return .previousMismatch(seq: link.content.seq) }
            if AuditChain.hash(link.content, previous: link.previousHash) != link.hash { return .contentChanged(seq: link.content.seq) }
            lastSeq = link.content.seq; lastHash = link.hash; checked += 1
            return nil
        }

        /// Compares the end of the walk with the chain head the database keeps.
        public func finish(headSeq: Int64) -> Break? {
            headSeq == lastSeq ? nil : .tailMissing(headSeq: headSeq, lastSeq: lastSeq)
        }
    }
}
