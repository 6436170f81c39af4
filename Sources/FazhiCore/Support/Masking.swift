/// Masks personal data for people without the permission to see it in full.
public enum Masking {
    /// `13812345678` → `138****5678`.
    public static func phone(_ value: String) -> String {
        // Phone numbers are ASCII digits: mask bytes, not grapheme clusters (runs for every listed person).
        let bytes = Array(value.utf8)
        if bytes.count >= 7, bytes.allSatisfy({ $0 < 0x80 }) {
            var out = bytes
            for i in 3..<(bytes.count - 4) { out[i] = UInt8(ascii: "*") }
            return String(decoding: out, as: UTF8.self)
        }
        let chars = Array(value)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    /// `371502199001011234` → `3715**********1234`.
    public static func idNumber(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }

    /// Other personal text (a name, an address): the first character, then one star per character.
    public static func text(_ value: String) -> String {
        guard let first = value.first else { return value }
        return String(first) + String(repeating: "*", count: max(1, value.count - 1))
    }
}
