/// Check digits of the two national identifiers the registers hold.
public enum IdentityCodes {
    /// 公民身份号码 (GB 11643-1999): 17 digits, then a check character over ISO 7064 MOD 11-2;
    /// the 7th to 14th characters are the date of birth. Lower-case `x` is accepted.
    public static func isValidIDNumber(_ value: String) -> Bool {
        let chars = Array(value.uppercased().utf8)
        guard chars.count == 18, chars.prefix(17).allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(chars.prefix(17), weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        let check = Array("10X98765432".utf8)[sum % 11]
        guard chars[17] == check else { return false }
        let digits = chars.map { Int($0) - 48 }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11], day = digits[12] * 10 + digits[13]
        return year >= 1900 && LocalDate(year: year, month: month, day: day) != nil
    }

    /// The number made of 17 given digits and their check character, or nil when they are not 17
    /// digits (demo data makes numbers with it).
    public static func idNumber(_ first17: String) -> String? {
        let chars = Array(first17.utf8)
        guard chars.count == 17, chars.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(chars, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return first17 + String(UnicodeScalar(Array("10X98765432".utf8)[sum % 11]))
    }

    /// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, S, V
    /// and Z; the last is a check character: 31 − (Σ value × 3^i mod 31) mod 31.
    public static func isValidCreditCode(_ value: String) -> Bool {
        let chars = Array(value.uppercased().utf8)
        guard chars.count == 18, let check = creditCheck(chars.prefix(17)) else { return false }
        return chars[17] == check
    }

    /// The code made of 17 given characters and their check character, or nil when one of them
    /// is not in the code's alphabet (demo data and benchmarks make codes with it).
    public static func creditCode(_ first17: String) -> String? {
        let chars = Array(first17.uppercased().utf8)
        guard chars.count == 17, let check = creditCheck(chars[...]) else { return nil }
        return String(decoding: chars + [check], as: UTF8.self)
    }

    private static let creditAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    private static func creditCheck(_ chars: ArraySlice<UInt8>) -> UInt8? {
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        var sum = 0
        for (c, w) in zip(chars, weights) {
            guard let v = creditAlphabet.firstIndex(of: c) else { return nil }
            sum += v * w
        }
        return creditAlphabet[(31 - sum % 31) % 31]
    }

    /// An e-mail address as a form accepts it: one @, a dotted domain, printable ASCII only.
    public static func isValidEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard s.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// A mainland mobile number (11 digits from 13–19) or a landline with its area code
    /// (0635-8888888, optionally with an extension after another hyphen).
    public static func isValidPhone(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
        if bytes.count == 11, bytes[0] == UInt8(ascii: "1"), bytes[1] >= UInt8(ascii: "3"), bytes.allSatisfy(isDigit) { return true }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isDigit) }) else { return false }
        return parts[0].first == "0" && (3...4).contains(parts[0].count) && (7...8).contains(parts[1].count)
            && (parts.count == 2 || (1...6).contains(parts[2].count))
    }
}
