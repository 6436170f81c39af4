import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// `fazhi demo [--scale N] [--districts N] [--organisation-only]`: on an empty platform the demo
/// organisation and its first accounts (their passwords printed once, as the first start prints
/// them), then the demo districts' records from 2019 and their history up to today. A district
/// whose registers already hold records is left alone; the command refuses when that leaves
/// nothing to add (`--districts` with a larger number adds the districts not there yet).
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "scale", help: "数据量倍数（性能测试用），默认 1") var scale: Int?
        @Option(name: "districts", help: "演示区县个数（第一个为东昌府区），默认 1") var districts: Int?
        @Flag(name: "organisation-only", help: "只建立演示区的组织架构和账户，不生成登记簿记录") var organisationOnly: Bool
    }
    var help: String { "生成演示区 2022 年以来的登记簿记录及其提醒历史（可续做中断的生成）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var scale = signature.scale ?? 1, districts = signature.districts ?? 1
        guard (1...1000).contains(scale) else { throw CommandFailure("--scale 应在 1 到 1000 之间") }
        guard (1...DemoOrganisation.maxDistricts).contains(districts) else { throw CommandFailure("--districts 应在 1 到 \(DemoOrganisation.maxDistricts) 之间") }
        // A demo stopped before its end is finished as it was asked for.
        if let pending = try await DemoSteps.pending(on: app.db), pending != DemoSteps.Request(scale: scale, districts: districts) {
            context.console.print("继续完成中断的演示数据（\(pending.districts) 个区县，\(pending.scale) 倍），未采用本次的参数")
            (scale, districts) = (pending.scale, pending.districts)
        }
        let hash: @Sendable (String) throws -> String = { try app.password.hash($0) }
        let credentials = try await Bootstrap.run(on: app.db, demo: true, hash: hash)
        try await BuiltInGrants.apply(on: app.db, now: app.fazhi.config.clock.now)
        if !credentials.isEmpty { context.console.print(Bootstrap.Credential.announcement(credentials)) }
        guard !signature.organisationOnly else { return }
        do {
            let made = try await DemoHistory.generate(scale: scale, districts: districts, on: app.db, config: app.fazhi.config.reminders,
                                                      calculator: app.fazhi.calculator(on: app.db),
                                                      now: app.fazhi.config.clock.now, hash: hash)
            context.console.print("已生成 \(made.records) 条登记簿记录（\(made.districts.joined(separator: "、"))，\(scale) 倍）；"
                                  + "按日运行提醒计划与发送 \(made.history.days) 天，发送提醒 \(made.history.sent) 条，证照延续换发 \(made.history.renewed) 件"
                                  + String(format: "（用时：计划 %.1f 秒，发送 %.1f 秒，换发 %.1f 秒）", made.history.planning, made.history.dispatching, made.history.renewing))
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
        @Option(name: "district", help: "区县代码（平台有多个区县时必填），如 371502") var district: String?
    }
    var help: String { "从登记簿记录生成年度报告" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let format = signature.format ?? "json"
        guard ["html", "docx", "pdf", "json"].contains(format) else { throw CommandFailure("--format 只能是 html、docx、pdf 或 json") }
        let districts = try await Districts.all(on: app.db)
        let district: District
        if let code = signature.district {
            guard let chosen = districts.first(where: { $0.code == code }) else {
                throw CommandFailure("没有代码为 \(code) 的区县；可选：" + districts.map { "\($0.code) \($0.name)" }.joined(separator: "，"))
            }
            district = chosen
        } else {
            guard districts.count == 1, let only = districts.first else {
                throw CommandFailure("平台有 \(districts.count) 个区县，请用 --district 指定：" + districts.map { "\($0.code) \($0.name)" }.joined(separator: "，"))
            }
            district = only
        }
        let report = try await AnnualReport.build(year: signature.year, district: district, on: app.db)
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

/// `fazhi disclosure-report 2023 [--unit CODE] [--format json|docx] [--output FILE]`: an agency's
/// 政府信息公开工作年度报告 in the national tables, as the page makes it.
struct DisclosureReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "year", help: "年度，如 2023") var year: Int
        @Option(name: "unit", help: "公开主体的单位代码（默认平台唯一的区县），如 371502-D03") var unit: String?
        @Option(name: "format", help: "json 或 docx（默认 json）") var format: String?
        @Option(name: "output", help: "输出文件；json 不给则写到标准输出") var output: String?
    }
    var help: String { "从登记簿记录生成政府信息公开工作年度报告" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let format = signature.format ?? "json"
        guard ["json", "docx"].contains(format) else { throw CommandFailure("--format 只能是 json 或 docx") }
        let unit: UUID
        if let code = signature.unit {
            guard let found = try await UnitQueries.id(code: code, on: app.db) else { throw CommandFailure("没有代码为 \(code) 的单位") }
            unit = found
        } else {
            let districts = try await Districts.all(on: app.db)
            guard districts.count == 1, let only = districts.first else {
                throw CommandFailure("平台有 \(districts.count) 个区县，请用 --unit 指定：" + districts.map { "\($0.code) \($0.name)" }.joined(separator: "，"))
            }
            unit = only.id
        }
        let report = try await DisclosureAnnualReport.build(year: signature.year, unit: unit, scope: .everything, on: app.db)
        let data = format == "docx" ? try DisclosureReportController.docx(report) : try DisclosureReportController.json(report)
        guard let output = signature.output else {
            guard format == "json" else { throw CommandFailure("--format docx 须给出 --output 文件") }
            FileHandle.standardOutput.write(data)
            return
        }
        try data.write(to: URL(fileURLWithPath: output))
        context.console.print("已生成 \(output)")
    }
}
