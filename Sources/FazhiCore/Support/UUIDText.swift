import Foundation

/// A UUID as text and back, by hand: Foundation formats one through `snprintf` and parses one
/// through `sscanf`, which cost a tenth of a register list's answer (50 rows, several ids each).
/// The text is Foundation's: upper-case hex in the 8-4-4-4-12 groups.
public enum UUIDText {
    private static let digits = Array("0123456789ABCDEF".utf8)

    public static func string(_ id: UUID) -> String {
        let u = id.uuid
        let bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
        return String(unsafeUninitializedCapacity: 36) { out in
            var i = 0
            for (n, b) in bytes.enumerated() {
                if n == 4 || n == 6 || n == 8 || n == 10 { out[i] = UInt8(ascii: "-"); i += 1 }
                out[i] = digits[Int(b >> 4)]; out[i + 1] = digits[Int(b & 0x0F)]; i += 2
            }
            return 36
        }
    }

    /// The UUID `text` spells (either case), or nil.
    public static func uuid(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { s -> UUID? in
            guard s.count == 36, s[8] == UInt8(ascii: "-"), s[13] == UInt8(ascii: "-"), s[18] == UInt8(ascii: "-"), s[23] == UInt8(ascii: "-") else { return nil }
            func nibble(_ c: UInt8) -> UInt8? {
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
                case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
                case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
                default: return nil
                }
            }
            var b = [UInt8](repeating: 0, count: 16), n = 0, i = 0
            while i < 36 {
                if i == 8 || i == 13 || i == 18 || i == 23 { i += 1; continue }
                guard let hi = nibble(s[i]), let lo = nibble(s[i + 1]) else { return nil }
                b[n] = hi << 4 | lo; n += 1; i += 2
            }
            return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        }
    }
}
