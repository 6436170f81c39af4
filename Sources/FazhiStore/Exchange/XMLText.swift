/// Text and attribute values in XML and HTML written by hand (DOCX, SVG, Atom, the portal's result
/// rows): the five special characters escaped, and the control characters XML 1.0 forbids dropped.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        // Most text has nothing to escape: one pass over the bytes finds out.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                        || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: if c.value >= 0x20 || c == "\t" || c == "\n" || c == "\r" { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
