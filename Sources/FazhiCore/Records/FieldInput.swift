import Foundation

/// Turns what a person typed (a form, a CSV or XLSX cell, an API string) into a stored value,
/// and a stored value back into text. Every refusal names the field in Chinese.
public enum FieldInput {
    /// Longest long text, in characters.
    public static let longTextLimit = 20_000
    /// The largest count a field holds.
    public static let countLimit: Int64 = 1_000_000_000
    /// Largest amount of money, in fen (one trillion yuan).
    public static let moneyLimit: Int64 = 100_000_000_000_000

    /// Nil for an empty input. Unit, person and record fields take the id as text; the store
    /// resolves codes, names, sign-in names and titles to ids before this runs.
    public static func parse(_ raw: String, as field: FieldSpec) throws(CoreError) -> RecordValue? {
        let s = trim(raw)
        guard !s.isEmpty else { return nil }
        func bad(_ m: String) -> CoreError { .invalid(field: field.name, "「\(field.label)」\(m)") }
        guard !ControlCharacters.contained(in: s) else { throw ControlCharacters.refusal(field: field.name, label: field.label) }
        switch field.kind {
        case .text(let max):
            guard !s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { throw bad("不能换行") }
            // Counting characters walks the string; a string with few enough bytes cannot be too long.
            guard s.utf8.count <= max || s.count <= max else { throw bad("不能超过 \(max) 个字（现有 \(s.count) 个）") }
            return .text(s)
        case .longText:
            guard s.utf8.count <= longTextLimit || s.count <= longTextLimit else { throw bad("不能超过 \(longTextLimit) 个字") }
            return .text(s)
        case .date:
            guard let d = parseDate(s) else { throw bad("不是有效日期，请按 2024-03-01 的格式填写") }
            return .date(d)
        case .dateTime:
            guard let t = parseDateTime(s) else { throw bad("不是有效的日期时间，请按 2024-03-01 09:30 的格式填写") }
            return .text(t)
        case .count:
            guard let n = Int64(s.replacingOccurrences(of: ",", with: "")) else { throw bad("必须是整数") }
            guard n >= 0 else { throw bad("不能为负数") }
            guard n <= countLimit else { throw bad("数值过大") }
            return .integer(n)
        case .money:
            guard let fen = parseHundredths(s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "元", with: "")) else {
                throw bad("必须是金额（元），最多两位小数，如 1234.56")
            }
            guard fen >= 0 else { throw bad("不能为负数") }
            guard fen <= moneyLimit else { throw bad("金额过大") }
            return .integer(fen)
        case .percentage:
            let t = s.hasSuffix("%") ? String(s.dropLast()) : s
            guard let bp = parseHundredths(t) else { throw bad("必须是百分数，最多两位小数，如 98.5") }
            guard (0...10_000).contains(bp) else { throw bad("必须在 0 到 100 之间") }
            return .integer(bp)
        case .enumeration(let choices):
            guard let c = choices.first(where: { $0.code == s || $0.label == s }) else {
                throw bad("只能是以下之一：" + choices.map(\.label).joined(separator: "、"))
            }
            return .text(c.code)
        case .unit, .person:
            guard let id = UUID(uuidString: s) else { throw bad(field.kind == .unit ? "不是本平台的单位" : "不是本平台的人员") }
            return .uuid(id)
        case .record:
            guard let id = UUID(uuidString: s) else { throw bad("没有这条记录，请从列表中选择") }
            return .uuid(id)
        case .idNumber:
            guard s.count == 18 else { throw bad("应为 18 位") }
            guard IdentityCodes.isValidIDNumber(s) else { throw bad("校验位或出生日期不正确，请核对") }
            return .text(s.uppercased())
        case .creditCode:
            guard s.count == 18 else { throw bad("应为 18 位") }
            guard IdentityCodes.isValidCreditCode(s) else { throw bad("校验位不正确或含有不允许的字符（不使用 I、O、S、V、Z），请核对") }
            return .text(s.uppercased())
        case .phone:
            guard IdentityCodes.isValidPhone(s) else { throw bad("不是有效的手机号或带区号的固定电话（如 13812345678、0635-8888888）") }
            return .text(s)
        case .email:
            guard IdentityCodes.isValidEmail(s) else { throw bad("格式不正确，如 name@example.com") }
            return .text(s)
        case .attachments:
            throw bad("请通过附件上传提交")
        }
    }

    /// Without surrounding white space (ASCII, the ideographic space U+3000 and no-break space),
    /// on bytes; Foundation's `trimmingCharacters` was the largest cost of an import.
    public static func trim(_ s: String) -> String {
        let u = Array(s.utf8)
        var start = 0, end = u.count
        func spaceAt(_ i: Int, forward: Bool) -> Int {
            if forward {
                if u[i] == 0x20 || (u[i] >= 0x09 && u[i] <= 0x0D) { return 1 }
                if u[i] == 0xE3, i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0x80 { return 3 }
                if u[i] == 0xC2, i + 1 < u.count, u[i + 1] == 0xA0 { return 2 }
            } else {
                if u[i] == 0x20 || (u[i] >= 0x09 && u[i] <= 0x0D) { return 1 }
                if i >= 2, u[i] == 0x80, u[i - 1] == 0x80, u[i - 2] == 0xE3 { return 3 }
                if i >= 1, u[i] == 0xA0, u[i - 1] == 0xC2 { return 2 }
            }
            return 0
        }
        while start < end { let n = spaceAt(start, forward: true); if n == 0 { break }; start += n }
        while end > start { let n = spaceAt(end - 1, forward: false); if n == 0 { break }; end -= n }
        if start == 0 && end == u.count { return s }
        return String(decoding: u[start..<end], as: UTF8.self)
    }

    /// The value as text for pages and exports: money in yuan, percentages with %, choices by
    /// label; personal data masked unless `reveal`. Units and people are named by the caller.
    public static func display(_ value: RecordValue, as field: FieldSpec, reveal: Bool) -> String {
        let text = plain(value, as: field)
        guard field.personal, !reveal else { return text }
        return masked(text, as: field)
    }

    /// A personal field's text as those without 「查看完整个人信息」 read it, by the field's kind:
    /// what pages show, and what the audit trail shows of the same value in a record's snapshot.
    public static func masked(_ text: String, as field: FieldSpec) -> String {
        switch field.kind {
        case .idNumber: return Masking.idNumber(text)
        case .phone: return Masking.phone(text)
        default: return Masking.text(text)
        }
    }

    /// The value as a person would type it again (forms, templates for import): unmasked.
    public static func plain(_ value: RecordValue, as field: FieldSpec) -> String {
        switch (field.kind, value) {
        case (.money, .integer(let fen)): return hundredths(fen)
        case (.percentage, .integer(let bp)): return hundredths(bp) + "%"
        case (.enumeration(let choices), .text(let code)): return choices.first { $0.code == code }?.label ?? code
        case (_, .text(let s)): return s
        case (_, .integer(let n)): return String(n)
        case (_, .date(let d)): return d.description
        case (_, .uuid(let u)): return UUIDText.string(u)
        }
    }

    /// `2024-03-01`, `2024/3/1`, `2024.3.1` and `2024年3月1日`.
    public static func parseDate(_ s: String) -> LocalDate? {
        if let d = LocalDate(iso: s) { return d }
        var t = s.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-").replacingOccurrences(of: "日", with: "")
        t = t.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")
        let parts = t.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD HH:MM` from that form, from `T` between date and time, or with seconds.
    static func parseDateTime(_ s: String) -> String? {
        let parts = s.replacingOccurrences(of: "T", with: " ").split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let date = parseDate(String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard (2...3).contains(hm.count), let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m),
              hm.count == 2 || Int(hm[2]).map({ (0..<60).contains($0) }) == true else { return nil }
        return date.description + " " + (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// A decimal with at most two places as hundredths: "12.5" → 1250. No floating point.
    static func parseHundredths(_ s: String) -> Int64? {
        var t = Substring(s)
        var negative = false
        if t.first == "-" { negative = true; t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 15, parts[0].allSatisfy(\.isASCII),
              let whole = Int64(parts[0]) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let frac = parts[1]
            guard (1...2).contains(frac.count), frac.allSatisfy({ $0.isASCII && $0.isNumber }), let f = Int64(frac) else { return nil }
            cents = frac.count == 1 ? f * 10 : f
        }
        let value = whole * 100 + cents
        return negative ? -value : value
    }

    /// 1250 → "12.50".
    public static func hundredths(_ n: Int64) -> String {
        let sign = n < 0 ? "-" : "", a = abs(n)
        let cents = a % 100
        return sign + String(a / 100) + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}
