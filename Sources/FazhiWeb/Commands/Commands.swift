import FazhiCore
import FazhiStore
import Fluent
import Foundation
import SQLKit
import Vapor

/// `fazhi audit verify`: re-computes the hash chain; exits non-zero at the first broken link.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify") var action: String
    }
    var help: String { "审计日志：verify 校验哈希链" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure("未知操作「\(signature.action)」，可用：verify") }
        let v = try await AuditLog.verify(on: context.application.db)
        if let broken = v.firstBreak {
            context.console.error("审计链已损坏：\(broken)（此前 \(v.checked) 条完好）")
            throw CommandFailure("audit chain broken at \(broken)")
        }
        context.console.print("审计链完好：共 \(v.checked) 条，链头第 \(v.headSeq) 条")
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// `fazhi deadline --from 2024-02-08 --working-days 20` prints the due date as YYYY-MM-DD.
struct DeadlineCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "起算日期 YYYY-MM-DD（当日不计）") var from: String?
        @Option(name: "working-days", help: "工作日数") var workingDays: Int?
        @Option(name: "days", help: "自然日数（末日遇休息日顺延）") var days: Int?
        @Option(name: "months", help: "月数（末日遇休息日顺延）") var months: Int?
    }
    var help: String { "计算法定期限" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let raw = signature.from, let from = LocalDate(iso: raw) else { throw CommandFailure("--from 必填，格式 YYYY-MM-DD") }
        let rule = try CalendarController.rule(workingDays: signature.workingDays, days: signature.days, months: signature.months)
        let calendar = try await context.application.fazhi.calendar(on: context.application.db)
        let d = try DeadlineCalculator(calendar: calendar).due(from: from, rule)
        context.console.output(d.due.description, style: .plain)
        if d.provisional {
            FileHandle.standardError.write(Data("注意：计算涉及尚未载入节假日安排的年份，结果为暂定\n".utf8))
        }
    }
}

/// `fazhi backup FILE`: a consistent copy while the platform runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "备份文件路径") var file: String
    }
    var help: String { "备份数据库（SQLite: VACUUM INTO；PostgreSQL: pg_dump）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let target = URL(fileURLWithPath: signature.file).path
        try await Backup.create(at: target, from: context.application.fazhi.config.database, db: context.application.db)
        context.console.print("已备份到 \(target)")
    }
}

public enum Backup {
    /// A consistent copy taken while the platform runs: SQLite's `VACUUM INTO`, or `pg_dump`.
    public static func create(at target: String, from location: DatabaseLocation, db: any Database) async throws {
        guard !FileManager.default.fileExists(atPath: target) else { throw CommandFailure("备份文件已存在：\(target)") }
        switch location {
        case .sqlite:
            try await db.sql.raw("VACUUM INTO \(bind: target)").run()
        case .postgres(let url):
            try run("pg_dump", ["--format=custom", "--no-owner", "--file=\(target)", "--dbname=\(url)"])
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CommandFailure("\(tool) 失败，退出码 \(process.terminationStatus)") }
    }

    /// Restores without opening the target through the app, so no connection holds it.
    public static func restore(from source: String, into location: DatabaseLocation) throws {
        switch location {
        case .sqlite(let path):
            let fm = FileManager.default
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let staging = path + ".restoring"
            try? fm.removeItem(atPath: staging)
            try fm.copyItem(atPath: source, toPath: staging)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
            if fm.fileExists(atPath: path) { _ = try fm.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: staging)) }
            else { try fm.moveItem(atPath: staging, toPath: path) }
        case .postgres(let url):
            try run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname=\(url)", source])
        }
    }
}
