import FazhiCore
import FazhiStore
import Foundation
import Vapor

/// `fazhi import TYPE FILE [--dry-run] [--only-valid]`: the same checks and the same single
/// transaction as the upload page, with a progress bar on standard error.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "type", help: "登记簿标识，如 rectifications") var type: String
        @Argument(name: "file", help: "CSV（UTF-8 或 GBK）或 XLSX 文件") var file: String
        @Flag(name: "dry-run", help: "只检查，不导入") var dryRun: Bool
        @Flag(name: "only-valid", help: "有问题的行跳过，仅导入有效行") var onlyValid: Bool
    }
    var help: String { "从 CSV 或 XLSX 文件导入登记簿记录：" + Registers.all.map(\.slug).joined(separator: "、") }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let type = Registers.type(slug: signature.type) else {
            throw CommandFailure("没有登记簿「\(signature.type)」，可用：" + Registers.all.map(\.slug).joined(separator: "、"))
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure("无法读取文件：\(signature.file)") }
        let app = context.application
        let calculator = try await app.fazhi.calculator(on: app.db)
        let report = { (plan: ImportPlan) in
            context.console.print("文件 SHA-256 \(plan.fileSHA256)：共 \(plan.rows) 行，有效 \(plan.valid.count) 行，有问题 \(plan.badRows) 行，重复 \(plan.duplicates.count) 行")
            for p in plan.problems.prefix(200) { context.console.print("  第 \(p.row) 行「\(p.column)」：\(p.message)") }
            if plan.problemCount > 200 { context.console.print("  ……另有 \(plan.problemCount - 200) 处问题") }
        }
        do {
            if signature.dryRun {
                report(try await RecordImport.plan(type, data: data, scope: .everything, calculator: calculator, on: app.db))
                return
            }
            let outcome = try await RecordImport.run(type, data: data, scope: .everything, calculator: calculator, onlyValid: signature.onlyValid,
                                                     actor: .system("命令行导入"), on: app.db, now: app.fazhi.config.clock.now) { done, total in
                let width = 30, filled = total == 0 ? width : done * width / total
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            report(outcome.plan)
            if outcome.plan.valid.isEmpty && outcome.plan.isClean { context.console.print("没有可导入的行"); return }
            if outcome.refusal != nil { throw CommandFailure("有问题的行未改正，未导入任何数据（可用 --only-valid 仅导入有效行）") }
            context.console.print("已导入 \(outcome.ids.count) 条「\(type.label)」")
        } catch let e as CoreError {
            throw CommandFailure(e.message)
        }
    }
}
