import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Removes the files of the file store that no attachment names: an upload whose transaction
/// rolled back, an import file checked but never confirmed, a temporary part left by a crash.
/// A file put within the last hour is kept (`BlobStore.put` makes a content put again young), so a
/// row about to name it in a transaction still open keeps its file. `fazhi files sweep` runs it,
/// and `serve` once a day on the one instance that claims the day (`JobRuns`); the file store is
/// shared by the instances as the database is.
public enum FileSweep {
    public static let job = "files.sweep"
    public static let minimumAge: TimeInterval = 3600

    public struct Outcome: Sendable, Equatable {
        public var examined = 0, removed = 0, removedBytes: Int64 = 0
        public var summary: String { "examined \(examined), removed \(removed) (\(removedBytes) bytes)" }
    }

    /// Unless `force`d, a sweep that would remove most of a store of some size is refused: a
    /// server started against the wrong or an empty database would otherwise empty the file store.
    public static func run(_ blobs: BlobStore, now: Date, force: Bool = false, on db: any Database) async throws -> Outcome {
        let fm = FileManager.default, cutoff = now.addingTimeInterval(-minimumAge)
        var outcome = Outcome()
        // Old enough to go, by content: the two-level folders `ab/cdef…` of `BlobStore.path`.
        var candidates: [String: (url: URL, size: Int64)] = [:], parts: [URL] = []
        let folders = (try? fm.contentsOfDirectory(at: blobs.directory, includingPropertiesForKeys: nil)) ?? []
        for folder in folders where folder.lastPathComponent.count == 2 {
            let files = (try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey])) ?? []
            for file in files {
                let values = try? file.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                guard let modified = values?.contentModificationDate, modified < cutoff else { continue }
                let name = file.lastPathComponent
                if name.hasPrefix(".") && name.hasSuffix(".part") { parts.append(file); continue }
                let sha = folder.lastPathComponent + name
                guard sha.count == 64, sha.allSatisfy(\.isHexDigit) else { continue }
                outcome.examined += 1
                candidates[sha] = (file, Int64(values?.fileSize ?? 0))
            }
        }
        let shas = candidates.keys.sorted()
        var named = Set<String>()
        struct Row: Decodable { var sha256: String }
        for start in stride(from: 0, to: shas.count, by: 500) {
            let batch = Array(shas[start..<min(shas.count, start + 500)])
            let rows = try await db.sql.raw("SELECT DISTINCT sha256 FROM attachments WHERE sha256 IN (\(binds: batch))").all(decoding: Row.self)
            named.formUnion(rows.map(\.sha256))
        }
        let unnamed = shas.filter { !named.contains($0) }
        if !force && unnamed.count > 100 && unnamed.count * 2 > outcome.examined {
            throw CoreError.state("文件存储中 \(outcome.examined) 个旧文件有 \(unnamed.count) 个未被任何附件引用，超过一半：请确认连接的是正确的数据库，再以 --force 清理")
        }
        for sha in unnamed {
            // Looked at again just before: an upload of the same content since the listing made it young.
            guard let file = candidates[sha], let modified = try? file.url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate,
                  modified < cutoff, (try? fm.removeItem(at: file.url)) != nil else { continue }
            outcome.removed += 1
            outcome.removedBytes += file.size
        }
        for part in parts where (try? fm.removeItem(at: part)) != nil { outcome.removed += 1 }
        if outcome.removed > 0 {
            try await AuditLog.append(on: db, actor: .system("文件清理"), action: .delete, entityType: "file_store", entityID: "sweep",
                                      before: AuditLog.snapshot(["未被引用的文件": String(outcome.removed), "字节": String(outcome.removedBytes)]), at: now)
        }
        return outcome
    }
}
