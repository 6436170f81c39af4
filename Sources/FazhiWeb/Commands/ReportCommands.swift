import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// `fazhi demo [--scale N]`: the demo district's register records for 2022 and 2023. Refuses a
/// database whose registers already hold records.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "scale", help: "数据量倍数（性能测试用），默认 1") var scale: Int?
    }
    var help: String { "生成演示区 2022、2023 年的登记簿记录" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let scale = signature.scale ?? 1
        guard (1...1000).contains(scale) else { throw CommandFailure("--scale 应在 1 到 1000 之间") }
        _ = try await Bootstrap.run(on: app.db, demo: true) { try app.password.hash($0) }
        do {
            let made = try await DemoRecords.generate(scale: scale, on: app.db, calculator: DeadlineCalculator(calendar: app.fazhi.calendar(on: app.db)))
            context.console.print("已生成 \(made) 条登记簿记录（2022、2023 年，\(scale) 倍）")
        } catch let e as DemoRecords.Failure {
            throw CommandFailure(e.description)
        }
    }
}

/// `fazhi report YEAR --format html|docx|pdf|json --output FILE`: the annual report from the
/// records. HTML links each number to the records behind it (`--base-url` makes the links absolute).
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "year", help: "年度，如 2023") var year: Int
        @Option(name: "format", help: "html、docx、pdf 或 json（默认 json）") var format: String?
        @Option(name: "output", help: "输出文件；json 不给则写到标准输出") var output: String?
        @Option(name: "base-url", help: "HTML 中记录链接的地址前缀，如 http://127.0.0.1:8080") var baseURL: String?
    }
    var help: String { "从登记簿记录生成年度报告" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let format = signature.format ?? "json"
        guard ["html", "docx", "pdf", "json"].contains(format) else { throw CommandFailure("--format 只能是 html、docx、pdf 或 json") }
        let report = try await AnnualReport.build(year: signature.year, on: app.db)
        let data: Data
        switch format {
        case "docx": data = try ReportFiles.docx(report)
        case "json": data = try ReportFiles.json(report)
        default: data = try await ReportFiles.html(report, base: signature.baseURL ?? "", on: app)
        }
        guard let output = signature.output else {
            guard format != "docx" && format != "pdf" else { throw CommandFailure("--format \(format) 须给出 --output 文件") }
            FileHandle.standardOutput.write(data)
            return
        }
        if format == "pdf" { try ReportFiles.pdf(data, to: output) } else { try data.write(to: URL(fileURLWithPath: output)) }
        context.console.print("已生成 \(output)")
    }
}
