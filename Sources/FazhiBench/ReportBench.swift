import FazhiCore
import FazhiStore
import FazhiWeb
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// The 2023 report on a demo district `scale` times the seed's volume, against the same figures
/// written by hand as SQL and run in the `sqlite3` or `psql` command-line tool.
extension Bench {
    static func report(scale: Int, location: DatabaseLocation) async throws {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            if case .postgres(let url) = location { try await emptyPostgres(url) }
            try await configure(app, config: AppConfig(database: location, demo: true, bcryptCost: 4, printCredentials: false))
            let seeding = DispatchTime.now().uptimeNanoseconds
            let made = try await DemoRecords.generate(scale: scale, on: app.db, calculator: DeadlineCalculator(calendar: .builtIn), now: Date(), hash: { $0 }).records
            let district = try await Districts.all(on: app.db)[0]
            print(String(format: "  generated %d records (×%d) in %.1f s", made, scale, Double(DispatchTime.now().uptimeNanoseconds - seeding) / 1e9))
            _ = try await ReportGenerator.docx(year: 2023, district: district, on: app.db) // warm
            let start = DispatchTime.now().uptimeNanoseconds
            let docx = try await ReportGenerator.docx(year: 2023, district: district, on: app.db)
            let ours = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "  ours: the 2023 report (%d figures, DOCX %d KB): %.3f s (target < 5 s)", FigureCatalogue.all.count, docx.count / 1024, ours))
            // The comparison is only fair with every figure written by hand.
            guard handWrittenSQL(year: 2023, sqlite: true).count == FigureCatalogue.all.count else {
                print("  hand-written SQL covers \(handWrittenSQL(year: 2023, sqlite: true).count) of \(FigureCatalogue.all.count) figures: comparison skipped")
                return
            }
            if let tool = try handWritten(location) {
                print(String(format: "  the same figures as hand-written SQL in %@: %.3f s (process start included); ours / that: %.1f× (target ≤ 2×)",
                             tool.name, tool.seconds, ours / tool.seconds))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func emptyPostgres(_ url: String) async throws {
        let setup = try await Application.make(.production)
        setup.logger.logLevel = .error
        var pg = try SQLPostgresConfiguration(url: url)
        pg.coreConfiguration.tls = .disable
        setup.databases.use(.postgres(configuration: pg), as: .psql)
        try await (setup.db as! any SQLDatabase).raw("DROP SCHEMA public CASCADE").run()
        try await (setup.db as! any SQLDatabase).raw("CREATE SCHEMA public").run()
        try await setup.asyncShutdown()
    }

    /// The catalogue's figures for a year, each written out by hand.
    static func handWrittenSQL(year: Int, sqlite: Bool) -> [String] {
        let from = "'\(year)-01-01'", to = "'\(year)-12-31'"
        let held = "held_on BETWEEN \(from) AND \(to)"
        let kinds = Licence.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let portal = NormativeDocument.State.onThePortal.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let days = sqlite ? "julianday(completed_on) - julianday(received_on)" : "CAST(completed_on AS DATE) - CAST(received_on AS DATE)"
        return [
            "SELECT COUNT(*) FROM rec_study_activities WHERE \(held) AND kind = 'meeting_study'",
            "SELECT COUNT(*) FROM rec_study_activities WHERE \(held) AND kind = 'pre_meeting_study' AND body = 'theory_group'",
            "SELECT COUNT(*) FROM rec_study_activities WHERE \(held) AND kind = 'pre_meeting_study' AND body = 'government_executive'",
            "SELECT COUNT(*) FROM rec_study_activities WHERE \(held) AND kind = 'lecture'",
            "SELECT COUNT(*) FROM rec_study_activities WHERE \(held) AND kind = 'seminar'",
            "SELECT COUNT(*) FROM rec_study_activities WHERE \(held) AND kind = 'committee_meeting'",
            "SELECT COUNT(DISTINCT i.target) FROM rec_inspections i JOIN units u ON u.id = i.target WHERE i.started_on BETWEEN \(from) AND \(to) AND u.kind = 'town'",
            "SELECT COUNT(DISTINCT i.target) FROM rec_inspections i JOIN units u ON u.id = i.target WHERE i.started_on BETWEEN \(from) AND \(to) AND u.kind = 'department'",
            "SELECT COUNT(*) FROM rec_rectifications WHERE found_on BETWEEN \(from) AND \(to)",
            "SELECT COUNT(*) FILTER (WHERE state = 'closed') * 10000 / NULLIF(COUNT(*), 0) FROM rec_rectifications WHERE found_on BETWEEN \(from) AND \(to)",
            "SELECT COUNT(*) FROM reminders WHERE sent_on BETWEEN \(from) AND \(to) AND category IN (\(kinds)) AND channel IN ('sms', 'email') AND state = 'sent'",
            "SELECT COUNT(*) FILTER (WHERE state = 'sent') * 10000 / NULLIF(COUNT(*), 0) FROM reminders WHERE due_on BETWEEN \(from) AND \(to) AND state IN ('sent', 'dead')",
            """
            SELECT COUNT(*) FROM rec_licences l WHERE l.expires_on BETWEEN \(from) AND \(to) AND l.state IN ('valid', 'renewed')
            AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.record_id = l.id AND r.state = 'sent')
            """,
            "SELECT COUNT(*) FROM rec_normative_documents WHERE published_on BETWEEN \(from) AND \(to) AND state IN (\(portal))",
            """
            SELECT COUNT(*) FILTER (WHERE state IN ('in_force', 'amended', 'repealed', 'lapsed')) * 10000 / NULLIF(COUNT(*), 0)
            FROM rec_normative_documents WHERE published_on BETWEEN \(from) AND \(to) AND state IN (\(portal))
            """,
            """
            SELECT COUNT(*) FILTER (WHERE review_opinion IN ('lawful', 'lawful_after_changes')) * 10000 / NULLIF(COUNT(*), 0)
            FROM rec_normative_documents WHERE published_on BETWEEN \(from) AND \(to) AND state IN (\(portal))
            """,
            "SELECT COUNT(*) FROM rec_normative_documents WHERE expires_on BETWEEN \(from) AND \(to) AND state IN ('published', 'in_force')",
            "SELECT COUNT(*) FROM rec_major_decisions WHERE catalogue_published_on BETWEEN \(from) AND \(to)",
            "SELECT COUNT(*) FROM rec_legality_reviews WHERE received_on BETWEEN \(from) AND \(to)",
            "SELECT COUNT(*) FROM rec_legality_reviews WHERE received_on BETWEEN \(from) AND \(to) AND requester IN (SELECT id FROM units WHERE kind = 'town')",
            "SELECT COUNT(*) FROM rec_legality_reviews WHERE received_on BETWEEN \(from) AND \(to) AND kind = 'major_decision'",
            "SELECT ROUND(AVG(\(days))) FROM rec_legality_reviews WHERE completed_on BETWEEN \(from) AND \(to) AND state = 'done' AND received_on IS NOT NULL",
            "SELECT MAX(\(days)) FROM rec_legality_reviews WHERE completed_on BETWEEN \(from) AND \(to) AND state = 'done' AND received_on IS NOT NULL",
        ]
    }

    static func handWritten(_ location: DatabaseLocation) throws -> (name: String, seconds: Double)? {
        func sql(_ sqlite: Bool) -> String { handWrittenSQL(year: 2023, sqlite: sqlite).joined(separator: ";\n") + ";" }
        switch location {
        case .sqlite(let path):
            return try timed("/usr/bin/sqlite3", [path, sql(true)]).map { ("sqlite3", $0) }
        case .postgres(let url):
            guard let psql = ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
            return try timed(psql, [url, "-q", "-A", "-t", "-c", sql(false)]).map { ("psql", $0) }
        }
    }

    /// Seconds a command-line tool takes, start to exit; nil when it is missing or fails.
    static func timed(_ tool: String, _ arguments: [String]) throws -> Double? {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
