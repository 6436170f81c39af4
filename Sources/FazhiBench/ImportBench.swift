import FazhiCore
import FazhiStore
import FazhiWeb
import Fluent
import Foundation
import Vapor

/// Import of a large CSV into a register against `sqlite3`'s `.import` of the same file into a
/// plain table, and XLSX export of the imported rows.
extension Bench {
    static func importAndExport(rows: Int, location: DatabaseLocation, dir: URL) async throws {
        let type = Rectification.declaration.type
        let csv = dir.appendingPathComponent("rectifications-\(rows).csv")
        try generate(rows: rows, to: csv)
        let size = (try FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print(String(format: "  %d rows, %.1f MB of CSV (UTF-8)", rows, Double(size) / 1_048_576))

        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            try await configure(app, config: AppConfig(database: location, demo: true, bcryptCost: 4, printCredentials: false))
            let db = app.db
            let calculator = DeadlineCalculator(calendar: .builtIn)

            let start = DispatchTime.now().uptimeNanoseconds
            let data = try Data(contentsOf: csv)
            let outcome = try await RecordImport.run(type, data: data, scope: .everything, calculator: calculator, onlyValid: false,
                                                     actor: .system("基准测试"), on: db, now: Date())
            let ours = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "  ours: %.2f s (read, check, store with indexes, full-text index and audit), %d rows added",
                         ours, outcome.ids.count))
            // Checking alone: what the checking half of the pipeline costs.
            let checkStart = DispatchTime.now().uptimeNanoseconds
            _ = try await RecordImport.plan(type, data: data, scope: .everything, calculator: calculator, on: db)
            print(String(format: "  reading and checking alone: %.2f s", Double(DispatchTime.now().uptimeNanoseconds - checkStart) / 1e9))

            if case .sqlite = location {
                if let plain = try sqlite3Import(csv, dir: dir) {
                    print(String(format: "  sqlite3 .import into a plain table: %.2f s", plain))
                    print(String(format: "  ours / sqlite3: %.1f× (target ≤ 5×)", ours / plain))
                } else {
                    print("  sqlite3 not installed: no comparison (apt-get install sqlite3)")
                }
            }

            let exportStart = DispatchTime.now().uptimeNanoseconds
            var query = RecordQuery()
            query.limit = rows + 1
            let listed = try await RecordStore.list(type, query, scope: .everything, on: db).rows
            let directory = try await Dictionary(uniqueKeysWithValues: OrgUnit.query(on: db).all().map { ($0.id!, $0.name) })
            let cells = listed.map { row in
                type.columns.map { f -> XLSXCell in
                    guard let v = row.values[f.name] else { return .text("") }
                    if case .uuid(let id) = v { return .text(directory[id] ?? id.uuidString) }
                    return f.kind == .count || f.kind == .money ? .number(FieldInput.plain(v, as: f)) : .text(FieldInput.display(v, as: f, reveal: false))
                } + [.text(type.state(row.state)?.label ?? row.state)]
            }
            let workbook = try XLSXWriter.workbook(sheet: type.label, header: type.columns.map(\.label) + ["状态"], rows: cells)
            let exported = Double(DispatchTime.now().uptimeNanoseconds - exportStart) / 1e9
            print(String(format: "  XLSX export of %d rows: %.2f s, %.1f MB (target < 10 s)", listed.count, exported, Double(workbook.count) / 1_048_576))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// A plausible file: findings spread over the 14 towns and the year, valid phones, no due date
    /// (the importer computes it: 30 working days after the finding).
    static func generate(rows: Int, to url: URL) throws {
        let problems = ["行政执法公示信息更新不及时", "合法性审查台账不完整", "重大执法决定法制审核缺少记录", "执法案卷文书不规范",
                        "村居法律顾问值班记录不全", "普法责任清单未按期更新", "行政复议答复超期", "规范性文件未按时报备"]
        let people = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"]
        var text = "问题,来源（督察批次）,责任单位,责任人,联系电话,发现日期\n"
        text.reserveCapacity(rows * 120)
        let first = LocalDate(iso: "2023-01-03")!
        for i in 0..<rows {
            let town = String(format: "371502-T%02d", i % 14 + 1)
            let day = first.adding(days: (i * 7) % 350)
            text += "第\(i + 1)项：\(problems[i % problems.count]),2023年法治建设专项督察,\(town),\(people[i % people.count])某,1380\(String(format: "%07d", i)),\(day)\n"
        }
        try Data(text.utf8).write(to: url)
    }

    /// Seconds for `sqlite3` to import the same CSV into a table it creates from the header.
    static func sqlite3Import(_ csv: URL, dir: URL) throws -> Double? {
        let db = dir.appendingPathComponent("plain-\(UUID().uuidString).sqlite")
        return try timed("/usr/bin/sqlite3", [db.path, ".mode csv", ".import \(csv.path) plain", "SELECT COUNT(*) FROM plain"])
    }
}
