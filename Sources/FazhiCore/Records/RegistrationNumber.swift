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
