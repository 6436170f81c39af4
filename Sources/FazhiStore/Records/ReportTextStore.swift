import FazhiCore
import Fluent
import Foundation
import SQLKit

/// One saved version of a report text.
public struct ReportText: Sendable, Codable {
    public let section: String
    public let version: Int
    public let body: String
    public let authorName: String
    public let savedAt: Date
}

/// The report's edited texts with their history: a save adds a version, nothing is overwritten.
/// Each district (a root of the unit tree) writes its own.
public enum ReportTextStore {
    /// The opening and section 一's templates are shared by every year; 二 and 三 belong to one year.
    static func storedYear(_ section: String, _ year: Int) -> Int { ReportOutline.isTemplate(section) ? 0 : year }

    /// The latest text of each section that has one.
    public static func latest(year: Int, district: UUID, on db: any Database) async throws -> [String: ReportText] {
        var out: [String: ReportText] = [:]
        for t in try await rows("WHERE district_id = \(bind: district) AND year IN (0, \(bind: year))", on: db) where t.version > (out[t.section]?.version ?? 0) {
            out[t.section] = t
        }
        return out
    }

    public static func history(section: String, year: Int, district: UUID, on db: any Database) async throws -> [ReportText] {
        try await rows("WHERE district_id = \(bind: district) AND year = \(bind: storedYear(section, year)) AND section = \(bind: section)", on: db).sorted { $0.version > $1.version }
    }

    public static func save(section: String, year: Int, district: UUID, body: String, actor: AuditActor, on db: any Database, now: Date) async throws -> ReportText {
        guard ReportOutline.editable.contains(section) || DisclosureAnnualReport.texts.contains(where: { $0.key == section }) else {
            throw CoreError.invalid(field: "section", "没有这一部分")
        }
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if ReportOutline.isTemplate(section) {
            guard !text.isEmpty else { throw CoreError.invalid(field: "body", "模板不能为空") }
            try ReportOutline.check(template: text)
        } else {
            guard text.count <= 20_000 else { throw CoreError.invalid(field: "body", "内容不能超过 20000 字") }
        }
        let stored = storedYear(section, year)
        return try await db.write { tx in
            struct V: Decodable { var v: Int? }
            let last = try await tx.sql.raw("""
                SELECT MAX(version) AS v FROM report_texts WHERE district_id = \(bind: district) AND year = \(bind: stored) AND section = \(bind: section)
                """)
                .first(decoding: V.self)?.v ?? 0
            let t = ReportText(section: section, version: last + 1, body: text, authorName: actor.name, savedAt: now)
            try await tx.sql.raw("""
                INSERT INTO report_texts (id, district_id, year, section, version, body, author_id, author_name, saved_at)
                VALUES (\(bind: UUID()), \(bind: district), \(bind: stored), \(bind: section), \(bind: t.version), \(bind: text), \(bind: actor.userID),
                        \(bind: actor.name), \(bind: RecordSQL.millis(now)))
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "report_text", entityID: "\(district.uuidString):\(stored):\(section)",
                                      after: AuditLog.snapshot(["version": String(t.version), "body": text]), at: now)
            return t
        }
    }

    static func rows(_ filter: SQLQueryString, on db: any Database) async throws -> [ReportText] {
        struct Row: Decodable { var section: String; var version: Int; var body: String; var author_name: String; var saved_at: Int64 }
        return try await db.sql.raw("SELECT section, version, body, author_name, saved_at FROM report_texts \(filter)").all(decoding: Row.self).map {
            ReportText(section: $0.section, version: $0.version, body: $0.body, authorName: $0.author_name,
                       savedAt: Date(timeIntervalSince1970: Double($0.saved_at) / 1000))
        }
    }
}
