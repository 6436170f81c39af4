/// What the platform's limits count a client by: its IPv4 address (an IPv4-mapped IPv6 address
/// as the IPv4 one), or the /64 of its IPv6 address, which one subscriber holds whole and can
/// otherwise walk through address by address.
public enum ClientNetwork {
    public static func of(_ address: String) -> String {
        var text = address.lowercased()
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        guard text.contains(":") else { return text }
        if let dot = text.lastIndex(of: "."), let colon = text[..<dot].lastIndex(of: ":"),
           text.hasPrefix("::ffff:") || text.hasPrefix("0:0:0:0:0:ffff:") {
            return String(text[text.index(after: colon)...])
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return text }
        let left = halves[0].split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        let right = halves.count == 2 ? halves[1].split(separator: ":", omittingEmptySubsequences: true).map(String.init) : []
        let missing = 8 - left.count - right.count
        guard missing >= 0, halves.count == 2 || missing == 0 else { return text }
        let groups = left + Array(repeating: "0", count: missing) + right
        let prefix = groups.prefix(4).map { g in String(g.drop { $0 == "0" }).isEmpty ? "0" : String(g.drop { $0 == "0" }) }
        return prefix.joined(separator: ":") + "::/64"
    }
}
