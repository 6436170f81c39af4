import AsyncHTTPClient
import FazhiCore
import FazhiStore
import FazhiWeb
import Fluent
import Foundation
import SQLKit
import Vapor

/// 政务公开 search at scale: `documents` published normative documents; the portal's search (the
/// register's full-text index: FTS5 trigram on SQLite, pg_trgm on PostgreSQL) against the same
/// search as a `LIKE '%…%'` scan of the same table, side by side in the database, then the
/// portal page under `connections` concurrent clients.
extension Bench {
    static let portalTerm = "绿地认养"

    static func portal(documents: Int, duration: Int, connections: Int, location: DatabaseLocation) async throws {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        let type = NormativeDocument.declaration.type
        do {
            if case .postgres(let url) = location { try await emptyPostgres(url) }
            try await configure(app, config: AppConfig(database: location, demo: true, bcryptCost: 4, printCredentials: false))
            struct U: Decodable { var id: UUID }
            let issuers = try await app.db.sql.raw("SELECT id FROM units WHERE kind IN ('district', 'department')").all(decoding: U.self).map(\.id)
            let words = ["城市管理", "农村集体", "营商环境", "生态环境", "安全生产", "教育", "医疗卫生", "住房保障", "交通运输", "市场监管",
                         "文化旅游", "社会救助", "养老服务", "就业创业", "水利工程", "应急管理"]
            var start = DispatchTime.now().uptimeNanoseconds
            let chunk = 20_000
            for first in stride(from: 0, to: documents, by: chunk) {
                var rows: [RecordValues] = []
                for i in first..<min(first + chunk, documents) {
                    let w = words[i % words.count], v = words[(i / words.count) % words.count]
                    let year = 2019 + i % 5
                    let published = LocalDate(year: year, month: 1 + i % 12, day: 1 + i % 28)!
                    // One document in a thousand mentions the searched phrase.
                    let extra = i % 1000 == 7 ? "推行\(portalTerm)制度，" : ""
                    rows.append([
                        "title": .text("关于加强\(w)与\(v)工作的规定（\(i)）"), "doc_number": .text("东政发〔\(year)〕\(i)号"),
                        "issuer": .uuid(issuers[i % issuers.count]), "validity": .text("five_years"),
                        "body": .text("第一条 为规范\(w)工作，\(extra)根据有关法律法规，结合本区实际，制定本规定。第二条 本规定适用于本区行政区域内的\(v)活动。"
                                      + "第三条 区人民政府统一领导\(w)工作，有关部门按照职责分工负责\(v)相关工作。第四条 本规定自公布之日起施行。"),
                        "registration_number": .text(String(format: "LCDR-%d-001%04d", year, i % 10_000)),
                        "published_on": .date(published), "effective_from": .date(published.adding(days: 30)),
                        "expires_on": .date(published.adding(months: 60)),
                    ])
                }
                _ = try await RecordImport.bulk(type, rows, label: "基准测试：规范性文件 \(first)", actor: .system("基准测试"), on: app.db, now: Date())
            }
            try await app.db.sql.raw("UPDATE \(unsafeRaw: type.table) SET state = 'in_force'").run()
            // The table as autovacuum leaves it within a minute of that update: without the old row
            // versions, statistics gathered, the search index's pending list merged.
            if !app.db.isSQLite { try await app.db.sql.raw("VACUUM ANALYZE \(unsafeRaw: type.table)").run() }
            print(String(format: "  loaded %d published documents in %.1f s", documents, seconds(since: start)))

            // The search as the portal runs it, and as a scan.
            var q = RecordQuery()
            q.states = NormativeDocument.State.onThePortal.map(\.rawValue); q.search = portalTerm; q.sort = "published_on"; q.descending = true; q.limit = 20
            let hits = try await RecordStore.list(type, q, scope: .everything, on: app.db).total
            let runs = 20
            start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<runs { _ = try await RecordStore.list(type, q, scope: .everything, on: app.db) }
            let indexed = seconds(since: start) / Double(runs)
            let like: SQLQueryString = "(title || ' ' || coalesce(doc_number, '') || ' ' || coalesce(registration_number, '') || ' ' || coalesce(body, '')) LIKE \(bind: "%" + portalTerm + "%")"
            let states: SQLQueryString = "state IN (\(binds: NormativeDocument.State.onThePortal.map(\.rawValue)))"
            struct N: Decodable { var n: Int }
            start = DispatchTime.now().uptimeNanoseconds
            var scanned = 0
            for _ in 0..<runs {
                scanned = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: type.table) WHERE \(states) AND \(like)").first(decoding: N.self)?.n ?? 0
                _ = try await app.db.sql.raw("SELECT * FROM \(unsafeRaw: type.table) WHERE \(states) AND \(like) ORDER BY published_on DESC LIMIT 20").all()
            }
            let scan = seconds(since: start) / Double(runs)
            print(String(format: "  search「%@」: %d hits; full-text index %.2f ms, LIKE scan %.2f ms (%d hits): %.0f× faster (target ≥ 50×)",
                         portalTerm, hits, indexed * 1000, scan * 1000, scanned, scan / indexed))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()

        // The portal page itself, in the release server, under load.
        try await withServer(location: location, connections: connections) { client, base in
            let url = base + "/portal/documents?q=" + (portalTerm.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let result = try await Load.measure(client, url: url, token: nil, seconds: duration, connections: connections)
            print(String(format: "  GET /portal/documents?q=…, %d connections: %.0f requests/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %d errors (target p95 < 30 ms)",
                         connections, result.perSecond, result.p50 * 1000, result.p95 * 1000, result.p99 * 1000, result.errors))
        }
    }
}
