/// Masks personal data for people without the permission to see it in full.
public enum Masking {
    /// `13812345678` → `138****5678`.
    public static func phone(_ value: String) -> String {
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
}
