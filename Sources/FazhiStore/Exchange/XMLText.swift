/// Text and attribute values in XML and HTML written by hand (DOCX, SVG, Atom): the five
/// special characters escaped, and the control characters XML 1.0 forbids dropped.
public enum XMLText {
    public static func escape(_ s: String) -> String {
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
