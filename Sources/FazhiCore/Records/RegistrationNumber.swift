/// Registration numbers (登记号) of 三统一: a pattern with the prefix, the year, the issuing
/// body's code and a sequence that never repeats or skips within a prefix and year
/// (`../shared/docs/rules.md` §3; the pattern is a setting, this is the default).
public enum RegistrationNumber {
    public static let defaultPattern = "{prefix}-{year}-{issuer:3}{seq:4}"

    /// `{prefix}`, `{year}`, `{issuer:N}` and `{seq:N}` (zero-padded to N digits) filled in.
    public static func format(_ pattern: String, prefix: String, year: Int, issuer: String, sequence: Int) -> String {
        var out = ""
        for piece in ReportOutline.pieces(pattern) {
            switch piece {
            case .text(let t): out += t
            case .figure(let name):
                let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
                let width = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
                func pad(_ s: String) -> String { String(repeating: "0", count: max(0, width - s.count)) + s }
                switch parts[0] {
                case "prefix": out += prefix
                case "year": out += String(year)
                case "issuer": out += pad(issuer)
                case "seq": out += pad(String(sequence))
                default: out += "{\(name)}"
                }
            }
        }
        return out
    }

    /// Checks a prefix and pattern a person typed; the messages name the field in Chinese.
    public static func check(prefix: String, pattern: String) throws(CoreError) {
        guard (1...16).contains(prefix.count), prefix.allSatisfy({ ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "-" }) else {
            throw .invalid(field: "prefix", "「前缀」为 1 到 16 位大写字母、数字或连字符")
        }
        guard (1...80).contains(pattern.count) else { throw .invalid(field: "pattern", "「编号规则」不能为空，也不能超过 80 字") }
        var hasSequence = false, hasYear = false
        for case .figure(let name) in ReportOutline.pieces(pattern) {
            let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
            let width = parts.count == 2 ? Int(parts[1]) : 0
            switch (parts[0], width) {
            case ("prefix", 0) where parts.count == 1: break
            case ("year", 0) where parts.count == 1: hasYear = true
            case ("issuer", let w?) where (0...6).contains(w): break
            case ("seq", let w?) where (1...9).contains(w): hasSequence = true
            default: throw .invalid(field: "pattern", "「编号规则」中的 {\(name)} 无法识别；可用 {prefix}、{year}、{issuer:3}、{seq:4}")
            }
        }
        guard hasSequence else { throw .invalid(field: "pattern", "「编号规则」须含顺序号 {seq:N}（N 为 1 到 9 位）") }
        guard hasYear else { throw .invalid(field: "pattern", "「编号规则」须含年度 {year}，顺序号按年度编排") }
    }

    /// The issuing body's code from its unit code: the district itself 001, departments 1NN,
    /// towns 2NN (`371502-D06` → 106), anything else 900.
    public static func issuerCode(unitCode: String) -> String {
        let parts = unitCode.split(separator: "-")
        if parts.count == 1 { return "001" }
        let second = parts[1]
        guard let kind = second.first, let n = Int(second.dropFirst()), n < 100 else { return "900" }
        switch kind {
        case "D": return String(100 + n)
        case "T": return String(200 + n)
        default: return "900"
        }
    }
}
