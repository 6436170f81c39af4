import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Content-addressed files under one folder: each distinct content is stored once, named by its
/// SHA-256 (`ab/cdef…`), written to a temporary name first so a reader never sees half a file.
public struct BlobStore: Sendable {
    public let directory: URL
    /// The platform's clock: a file's time is when it was put by that clock, which the sweep
    /// (`FileSweep`, run with the same clock) reads its age from. (A part being written carries
    /// the system's time until it is renamed; only a platform run on another day, `FAZHI_TODAY`,
    /// tells the two apart.)
    public let clock: Clock
    public init(directory: URL, clock: Clock = .system) { self.directory = directory; self.clock = clock }

    public func path(_ sha: String) -> URL {
        directory.appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(String(sha.dropFirst(2)))
    }

    @discardableResult
    public func put(_ data: Data) throws -> String {
        let sha = Secrets.sha256Hex(data)
        let target = path(sha)
        let fm = FileManager.default
        // A content kept again is young again: the sweep spares files put within the hour, and a
        // row about to name this one may not be committed yet.
        if fm.fileExists(atPath: target.path) {
            try? fm.setAttributes([.modificationDate: clock.now], ofItemAtPath: target.path)
            return sha
        }
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).part")
        try data.write(to: temporary)
        try? fm.setAttributes([.modificationDate: clock.now], ofItemAtPath: temporary.path)
        if rename(temporary.path, target.path) != 0 { try? fm.removeItem(at: temporary) }
        return sha
    }

    /// The space the public's uploads leave free on the file store's disk: below it the portal's
    /// forms take no more files (`hasRoom`), so staff uploads and the database keep their room.
    public static let reserve: Int64 = 512 * 1024 * 1024

    /// Whether the file store's disk has `bytes` to spare above the reserve (true when it cannot tell).
    public func hasRoom(for bytes: Int) -> Bool {
        var folder = directory
        while !FileManager.default.fileExists(atPath: folder.path), folder.pathComponents.count > 1 { folder.deleteLastPathComponent() }
        guard let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder.path))?[.systemFreeSize] as? NSNumber else { return true }
        return free.int64Value - Int64(bytes) > Self.reserve
    }

    public func read(_ sha: String) -> Data? {
        guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: path(sha).path)
    }
}

public struct Attachment: Sendable, Codable {
    public let id: UUID
    public let field: String
    public let sha256: String
    public let filename: String
    public let contentType: String
    public let size: Int64
    public let uploadedAt: Date
}

/// What may be attached: common office formats, checked by extension and by the first bytes, so
/// that a renamed program is not served as a PDF.
public enum AttachmentPolicy {
    public static let maxBytes = 20 * 1024 * 1024
    static let kinds: [String: (type: String, magic: [[UInt8]])] = [
        "pdf": ("application/pdf", [[0x25, 0x50, 0x44, 0x46]]),
        "png": ("image/png", [[0x89, 0x50, 0x4E, 0x47]]),
        "jpg": ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        "jpeg": ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [[0x50, 0x4B, 0x03, 0x04]]),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [[0x50, 0x4B, 0x03, 0x04]]),
        "ofd": ("application/ofd", [[0x50, 0x4B, 0x03, 0x04]]),
        "doc": ("application/msword", [[0xD0, 0xCF, 0x11, 0xE0]]),
        "xls": ("application/vnd.ms-excel", [[0xD0, 0xCF, 0x11, 0xE0]]),
    ]
    public static var extensions: [String] { kinds.keys.sorted() }

    /// The content type to serve, or the reason in Chinese why the file is refused.
    public static func check(filename: String, data: Data) throws(CoreError) -> String {
        let ext = (filename as NSString).pathExtension.lowercased()
        guard let kind = kinds[ext] else {
            throw .invalid(field: "file", "不支持的文件类型「\(ext.isEmpty ? "无扩展名" : ext)」，可上传：" + extensions.joined(separator: "、"))
        }
        guard !data.isEmpty else { throw .invalid(field: "file", "文件是空的") }
        guard data.count <= maxBytes else { throw .invalid(field: "file", "文件超过 \(maxBytes / 1024 / 1024) MB 的上限") }
        guard kind.magic.contains(where: { data.starts(with: $0) }) else {
            throw .invalid(field: "file", "文件内容与扩展名「\(ext)」不符")
        }
        return kind.type
    }
}

public enum AttachmentStore {
    public static func list(_ type: RecordType, recordID: UUID, on db: any Database) async throws -> [Attachment] {
        struct Row: Decodable { var id: UUID; var field: String; var sha256: String; var filename: String; var content_type: String; var size: Int64; var uploaded_at: Int64 }
        return try await db.sql.raw("""
            SELECT id, field, sha256, filename, content_type, size, uploaded_at FROM attachments
            WHERE record_type = \(bind: type.slug) AND record_id = \(bind: recordID) ORDER BY uploaded_at, filename
            """).all(decoding: Row.self).map {
            Attachment(id: $0.id, field: $0.field, sha256: $0.sha256, filename: $0.filename, contentType: $0.content_type, size: $0.size,
                       uploadedAt: Date(timeIntervalSince1970: Double($0.uploaded_at) / 1000))
        }
    }

    /// Attaches a file to a record the caller may see and still change.
    public static func add(_ type: RecordType, recordID: UUID, field: String, filename: String, data: Data, blobs: BlobStore,
                           actor: AuditActor, scope: DataScope, on db: any Database, now: Date) async throws -> Attachment {
        // The bytes are kept first: a file without a row is harmless (the sweep removes it after an
        // hour); a row without its file is not.
        let file = try checked(type, field: field, filename: filename, data: data).keep(in: blobs)
        return try await db.write { tx in
            guard let record = try await RecordStore.find(type, id: recordID, scope: scope, on: tx, forUpdate: true) else { throw RecordStoreError.notFound }
            guard RecordRules.isEditable(type, state: record.state) else { throw CoreError.state("该记录已办结，不能再添加附件") }
            return try await insert(type, recordID: recordID, file, actor: actor, now: now, on: tx)
        }
    }

    /// A file that passed its checks, not yet kept (`keep`).
    struct Checked: Sendable {
        let field: String; let name: String; let contentType: String; let data: Data
        /// Its bytes kept in the file store, ready to be attached (`insert`).
        func keep(in blobs: BlobStore) throws -> Stored {
            Stored(field: field, name: name, contentType: contentType, sha: try blobs.put(data), size: Int64(data.count))
        }
    }

    /// A file checked and its bytes kept, ready to be attached (`insert`).
    struct Stored: Sendable { let field: String; let name: String; let contentType: String; let sha: String; let size: Int64 }

    /// Checks a file for an attachment field: its name, type, size and first bytes. Nothing is written.
    static func checked(_ type: RecordType, field: String, filename: String, data: Data) throws -> Checked {
        guard type.field(field)?.kind == .attachments else { throw CoreError.invalid(field: "field", "没有名为 \(field) 的附件字段") }
        // A Windows browser may send the whole path.
        let name = ((filename as NSString).lastPathComponent.split(separator: "\\").last.map(String.init) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw CoreError.invalid(field: "file", "文件名为空或过长") }
        guard !ControlCharacters.contained(in: name) else { throw CoreError.invalid(field: "file", "文件名含有控制字符") }
        return Checked(field: field, name: name, contentType: try AttachmentPolicy.check(filename: name, data: data), data: data)
    }

    /// The attachment's row and its audit entry, inside the caller's transaction.
    static func insert(_ type: RecordType, recordID: UUID, _ f: Stored, actor: AuditActor, now: Date, on tx: any Database) async throws -> Attachment {
        let a = Attachment(id: UUID(), field: f.field, sha256: f.sha, filename: f.name, contentType: f.contentType, size: f.size, uploadedAt: now)
        try await tx.sql.raw("""
            INSERT INTO attachments (id, record_type, record_id, field, sha256, filename, content_type, size, uploaded_by, uploaded_at)
            VALUES (\(bind: a.id), \(bind: type.slug), \(bind: recordID), \(bind: f.field), \(bind: f.sha), \(bind: f.name), \(bind: f.contentType),
                    \(bind: a.size), \(bind: actor.userID), \(bind: RecordSQL.millis(now)))
            """).run()
        try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: type.entityType, entityID: recordID.uuidString,
                                  after: AuditLog.snapshot(["attachment": f.name, "sha256": f.sha, "field": f.field, "size": String(f.size)]), at: now)
        return a
    }

    /// An attachment of a record the caller may see, or nil.
    public static func find(_ type: RecordType, recordID: UUID, attachmentID: UUID, scope: DataScope, on db: any Database) async throws -> Attachment? {
        guard try await RecordStore.find(type, id: recordID, scope: scope, on: db) != nil else { return nil }
        return try await list(type, recordID: recordID, on: db).first { $0.id == attachmentID }
    }

    public static func remove(_ type: RecordType, recordID: UUID, attachmentID: UUID, actor: AuditActor, scope: DataScope, on db: any Database) async throws {
        try await db.write { tx in
            guard let record = try await RecordStore.find(type, id: recordID, scope: scope, on: tx, forUpdate: true),
                  let a = try await list(type, recordID: recordID, on: tx).first(where: { $0.id == attachmentID }) else { throw RecordStoreError.notFound }
            guard RecordRules.isEditable(type, state: record.state) else { throw CoreError.state("该记录已办结，附件不能删除") }
            try await tx.sql.raw("DELETE FROM attachments WHERE id = \(bind: attachmentID)").run()
            try await AuditLog.append(on: tx, actor: actor, action: .delete, entityType: type.entityType, entityID: recordID.uuidString,
                                      before: AuditLog.snapshot(["attachment": a.filename, "sha256": a.sha256, "field": a.field]))
        }
    }
}
