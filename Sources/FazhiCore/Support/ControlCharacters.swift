/// Control characters in what people and clients send: a NUL byte cannot be stored in a
/// PostgreSQL text column, and the others have no place in a title, a name or a search.
public enum ControlCharacters {
    /// The C0 controls and DEL, except tab, line feed and carriage return, which a long text may
    /// hold (a single-line field refuses line breaks itself).
    @inline(__always)
    static func isForbidden(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    /// Whether decoded text holds a forbidden control character.
    public static func contained(in text: some StringProtocol) -> Bool {
        text.utf8.contains(where: isForbidden)
    }

    /// Whether percent-encoded text (a URL's query, a form body) holds one, raw or as `%XX`.
    public static func containedEncoded(in bytes: some Sequence<UInt8>) -> Bool {
        var it = bytes.makeIterator()
        while let b = it.next() {
            if isForbidden(b) { return true }
            guard b == UInt8(ascii: "%") else { continue }
            guard let h = it.next() else { break }
            if isForbidden(h) { return true }
            guard let high = hexValue(h), let l = it.next() else { continue }
            if isForbidden(l) { return true }
            if let low = hexValue(l), isForbidden(high << 4 | low) { return true }
        }
        return false
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Whether a JSON text holds one in a string, as `\u00XX` or raw. An escaped backslash
    /// (`\\u0000`) is text, not an escape.
    public static func containedInJSON(_ bytes: some Collection<UInt8>) -> Bool {
        var it = bytes.makeIterator()
        while let b = it.next() {
            if isForbidden(b) { return true }
            guard b == UInt8(ascii: "\\") else { continue }
            guard let e = it.next() else { return false }
            guard e == UInt8(ascii: "u") else { continue }
            var value: UInt16 = 0
            for _ in 0..<4 {
                guard let digit = it.next().flatMap(hexValue) else { return false }
                value = value << 4 | UInt16(digit)
            }
            if value < 0x100, isForbidden(UInt8(value)) { return true }
        }
        return false
    }

    /// The refusal people read.
    public static func refusal(field: String, label: String? = nil) -> CoreError {
        .invalid(field: field, (label.map { "「\($0)」" } ?? "") + "含有不可见的控制字符（如 NUL），请删除后重试")
    }
}
