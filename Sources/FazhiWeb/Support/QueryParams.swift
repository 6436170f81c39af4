import Vapor

/// The URL query read once. `req.query[...]` decodes the whole query for every key it is asked.
struct QueryParams {
    private var values: [String: String] = [:]

    init(_ req: Request) {
        guard let query = req.url.query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            if values[key] == nil { values[key] = value }
        }
    }

    func string(_ key: String) -> String? { values[key] }
    func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
}
