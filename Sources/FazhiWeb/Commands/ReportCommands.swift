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

/// `fazhi report YEAR --format json [--output FILE]`: every figure of the catalogue for the year,
/// with the year before for comparison.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "year", help: "年度，如 2023") var year: Int
        @Option(name: "format", help: "json（其余格式待实现）") var format: String?
        @Option(name: "output", help: "输出文件；不给则写到标准输出") var output: String?
    }
    var help: String { "生成年度报告的指标（目前为 JSON）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard (signature.format ?? "json") == "json" else { throw CommandFailure("目前只支持 --format json") }
        let data = try await AnnualFigures.json(year: signature.year, on: context.application.db)
        if let output = signature.output {
            try data.write(to: URL(fileURLWithPath: output))
            context.console.print("已写入 \(output)")
        } else {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}

/// The year's figures as machines read them: name, label, value, unit, year, and last year's value.
enum AnnualFigures {
    struct Entry: Codable { let name: String; let label: String; let definition: String; let unit: String; let year: Int; let value: String; let previous: String }
    struct Report: Codable { let district: String; let year: Int; let figures: [Entry] }

    static func json(year: Int, on db: any Database) async throws -> Data {
        guard (2000...2100).contains(year) else { throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间") }
        let current = try await FigureStore.year(year, on: db), previous = try await FigureStore.year(year - 1, on: db)
        guard current.contains(where: { ($0.value ?? 0) > 0 }) else {
            throw CoreError.state("\(year) 年没有任何登记簿记录，无法生成报告")
        }
        let entries = zip(FigureCatalogue.all, zip(current, previous)).map { f, v in
            Entry(name: f.name, label: f.label, definition: f.definition, unit: f.unit, year: year, value: v.0.text, previous: v.1.text)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Report(district: "东昌府区", year: year, figures: entries))
    }
}
