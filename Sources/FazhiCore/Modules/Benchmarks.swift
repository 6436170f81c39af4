/// External benchmarks (对标数据): a figure's value for a wider area, such as the city's average
/// principal-head share that the city's justice bureau publishes, entered by the district office
/// with its period and source. A figure `.versus` one states the difference ("超过全市平均水平
/// 14.10 个百分点"); the number compared with is never typed into the report.

/// What the benchmark is the average of.
public enum BenchmarkScope: String, RecordChoice {
    case city, province
    public var label: String { self == .city ? "全市平均水平" : "全省平均水平" }
}

public enum Benchmark {
    /// The figures a benchmark may be entered for: the rates that `figures` compare with a wider
    /// area (`Figure.Measure.versus`), by their code and label. 制约监督 declares the register
    /// with its own figures; a test fails for a compared rate that no benchmark can be entered for.
    static func comparedRates(in figures: [Figure]) -> [Choice] {
        let byName = Dictionary(figures.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        return figures.compactMap { figure in
            guard case .versus(let name, _) = figure.measure, seen.insert(name).inserted, let rate = byName[name] else { return nil }
            return Choice(code: name, label: rate.label)
        }
    }

    public enum Key: String, RecordKey {
        case figure, scope, period, value, source, publishedOn = "published_on", unit, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "benchmarks", table: "rec_benchmarks", label: "对标数据",
        read: .oversightRead, write: .benchmarksManage,
        fields: [
            RecordField(.figure, "指标", .enumeration(comparedRates(in: Oversight.moduleFigures)), required: true),
            RecordField(.scope, "对标范围", .choices(BenchmarkScope.self), required: true),
            RecordField(.period, "统计截止日期", .date, required: true, help: "年度数据填该年年末"),
            RecordField(.value, "数值", .percentage, required: true),
            RecordField(.source, "来源", .text(maxLength: 200), required: true, help: "发布机关和文件名称，如：聊城市司法局关于全市行政应诉工作情况的通报"),
            RecordField(.publishedOn, "发布日期", .date),
            RecordField(.unit, "登记单位", .unit, required: true),
            RecordField(.files, "来源文件", .attachments),
        ],
        owner: .unit, title: .source, naturalKey: [.figure, .scope, .period, .unit], initial: .recorded,
        columns: [.figure, .scope, .period, .value, .source],
        filters: [.figure, .scope, .period, .unit],
        search: [.source], sort: .period)
}

extension Permission {
    public static let benchmarksManage = Permission("benchmarks.manage", "登记对标数据", .business)
}
