import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// `fazhi audit verify [--checkpoint FILE]` re-computes the hash chain, and compares it with the
/// checkpoints in the file; it exits non-zero at the first disagreement. `fazhi audit checkpoint
/// FILE` appends the chain's signed head to the file (kept away from the database).
struct AuditCommands: AsyncCommandGroup {
    var help: String { "审计日志：verify 校验哈希链；checkpoint FILE 追加签名的链头" }
    var commands: [String: any AnyAsyncCommand] { ["verify": Verify(), "checkpoint": Checkpoint()] }

    struct Verify: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "checkpoint", help: "同时与该检查点文件比对") var checkpoint: String?
        }
        var help: String { "校验审计哈希链（--checkpoint FILE 同时比对检查点，发现截断与改写）" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let db = context.application.db
            let v = try await AuditLog.verify(on: db)
            if let broken = v.firstBreak {
                context.console.error("审计链已损坏：\(broken)（此前 \(v.checked) 条完好）")
                throw CommandFailure("audit chain broken at \(broken)")
            }
            if let file = signature.checkpoint {
                let checkpoints = try AuditCheckpointFile.read(file)
                if let problem = try await AuditLog.compare(checkpoints, on: db) {
                    context.console.error("审计链与检查点不符：\(problem)")
                    throw CommandFailure("audit chain disagrees with \(file): \(problem)")
                }
                context.console.print("与 \(checkpoints.count) 个检查点一致")
            }
            context.console.print("审计链完好：共 \(v.checked) 条，链头第 \(v.headSeq) 条")
        }
    }

    struct Checkpoint: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file", help: "检查点文件（存放在数据库之外）") var file: String
        }
        var help: String { "把签名的审计链头追加到检查点文件" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let checkpoint = try await AuditLog.checkpoint(on: context.application.db)
            try AuditCheckpointFile.append(checkpoint, to: signature.file)
            context.console.print("已追加检查点：第 \(checkpoint.seq) 条 \(checkpoint.hash)")
        }
    }
}

/// `fazhi files sweep` removes the files of the file store that no attachment names and that were
/// put more than an hour ago (`FileSweep`); `serve` does it once a day.
struct FilesCommands: AsyncCommandGroup {
    var help: String { "文件存储：sweep 清理未被任何附件引用的文件" }
    var commands: [String: any AnyAsyncCommand] { ["sweep": Sweep()] }

    struct Sweep: AsyncCommand {
        struct Signature: CommandSignature {
            @Flag(name: "force", help: "未被引用的文件超过一半时仍然清理") var force: Bool
        }
        var help: String { "清理 1 小时前存入、未被任何附件引用的文件（被退回的上传、未确认的导入文件）" }

        func run(using context: CommandContext, signature: Signature) async throws {
            let blobs = context.application.fazhi.blobs
            let outcome = try await FileSweep.run(blobs, now: blobs.clock.now, force: signature.force, on: context.application.db)
            context.console.print("已检查 \(outcome.examined) 个文件，清理 \(outcome.removed) 个（\(Format.size(outcome.removedBytes))）")
        }
    }
}

/// The checkpoint file: one signed head a line, appended, never rewritten.
enum AuditCheckpointFile {
    static func append(_ checkpoint: AuditChain.Checkpoint, to path: String) throws {
        let line = Data((checkpoint.line + "\n").utf8)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure("无法创建检查点文件：\(path)")
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }

    static func read(_ path: String) throws -> [AuditChain.Checkpoint] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("无法读取检查点文件：\(path)") }
        var out: [AuditChain.Checkpoint] = []
        for (i, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() where !line.isEmpty {
            guard let c = AuditChain.Checkpoint.parse(line) else { throw CommandFailure("检查点文件第 \(i + 1) 行无法识别") }
            out.append(c)
        }
        return out
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// `fazhi deadline --from 2024-02-08 --working-days 20` prints the due date as YYYY-MM-DD;
/// `fazhi deadline --rule disclosure.reply --from DATE [--pause FROM:TO]… [--extend]` the due date
/// of a statutory rule (the version in force on DATE) and its source. A pause excludes the days
/// after FROM up to and including TO.
struct DeadlineCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "起算日期 YYYY-MM-DD（当日不计）") var from: String?
        @Option(name: "working-days", help: "工作日数") var workingDays: Int?
        @Option(name: "days", help: "自然日数（末日遇休息日顺延）") var days: Int?
        @Option(name: "months", help: "月数（末日遇休息日顺延）") var months: Int?
        @Option(name: "rule", help: "法定期限规则（fazhi rules 列出）") var rule: String?
        @Option(name: "pause", help: "不计入的期间 FROM:TO（FROM 之后至 TO 当日），可多次") var pause: String?
        @Flag(name: "extend", help: "按规则延长一次") var extend: Bool
        @Option(name: "district", help: "区县代码：按该区设置的地方期限计算（可调整的规则）") var district: String?
    }
    var help: String { "计算法定期限" }

    /// `--pause` may be given several times; Vapor keeps one value per option, so `Entry` joins
    /// them with commas first.
    static func pauses(_ raw: String?) throws -> [ClockPause] {
        guard let raw, !raw.isEmpty else { return [] }
        return try raw.split(separator: ",").map { part in
            let ends = part.split(separator: ":")
            guard ends.count == 2, let from = QueryParams.date(String(ends[0])), let to = QueryParams.date(String(ends[1])), from <= to else {
                throw CommandFailure("--pause 应为 FROM:TO（YYYY-MM-DD:YYYY-MM-DD，FROM 不晚于 TO）：\(part)")
            }
            return ClockPause(pausedOn: from, resumedOn: to)
        }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let raw = signature.from, let from = QueryParams.date(raw) else {
            throw CommandFailure("--from 必填，格式 YYYY-MM-DD，\(QueryParams.dateYears.lowerBound) 到 \(QueryParams.dateYears.upperBound) 年间")
        }
        let db = context.application.db
        let calculator = try await CalendarStore.calculator(on: db)
        var unit: UUID?
        if let code = signature.district {
            guard let district = try await Districts.all(on: db).first(where: { $0.code == code }) else { throw CommandFailure("没有代码为「\(code)」的区县") }
            unit = district.id
        }
        let d: Deadline
        if let id = signature.rule {
            guard signature.workingDays == nil, signature.days == nil, signature.months == nil else {
                throw CommandFailure("--rule 与 --working-days、--days、--months 不能同时使用")
            }
            guard let rule = calculator.rule(id, on: from, unit: unit) else {
                throw CommandFailure(StatutoryRules.versions(id).isEmpty ? "没有规则「\(id)」（fazhi rules 列出全部）" : "规则「\(id)」在 \(from) 不在施行期间")
            }
            d = try rule.due(from: from, pauses: try Self.pauses(signature.pause), extended: signature.extend, calculator: calculator)
            context.console.output(d.due.description, style: .plain)
            let source = rule.local == nil ? "《\(rule.statute)》\(rule.article)" : "\(rule.statute)（本区设置，自 \(rule.effectiveFrom?.description ?? "") 起施行）"
            FileHandle.standardError.write(Data("\(source) \(rule.name)：\(RulesController.period(rule))\n".utf8))
        } else {
            guard signature.pause == nil, !signature.extend else { throw CommandFailure("--pause 与 --extend 须与 --rule 一起使用") }
            let given = [signature.workingDays.map(DeadlineRule.workingDays), signature.days.map(DeadlineRule.days), signature.months.map(DeadlineRule.months)]
            let amounts = CalendarController.amounts
            guard given.compactMap({ $0 }).count == 1, let rule = given.compactMap({ $0 }).first,
                  let n = signature.workingDays ?? signature.days ?? signature.months, amounts.contains(n) else {
                throw CommandFailure("请在 --rule、--working-days、--days、--months 中只填写一项，取值 \(amounts.lowerBound) 到 \(amounts.upperBound)")
            }
            d = try calculator.due(from: from, rule)
            context.console.output(d.due.description, style: .plain)
        }
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
            try await db.copySQLite(into: target)
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

/// `fazhi rules [--format json]`: every statutory clock with its source and days in force.
struct RulesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "format", help: "text（默认）或 json") var format: String?
    }
    var help: String { "列出法定期限规则及其依据" }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.format ?? "text" {
        case "json":
            FileHandle.standardOutput.write(try RuleDTO.json() + Data("\n".utf8))
        case "text":
            for r in StatutoryRules.all {
                let inForce = "\(r.effectiveFrom?.description ?? "")至\(r.effectiveTo?.description ?? "今")"
                context.console.output("\(r.id)\t\(r.name)\t\(RulesController.period(r))\t《\(r.statute)》\(r.article)\t\(inForce)", style: .plain)
            }
        default:
            throw CommandFailure("--format 应为 text 或 json")
        }
    }
}
