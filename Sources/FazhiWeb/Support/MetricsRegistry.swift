import Foundation
import NIOConcurrencyHelpers

/// Request counts and latency histograms by route pattern and status, in Prometheus text format.
final class MetricsRegistry: Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Key: Hashable { let method: String; let route: String; let status: Int }
    struct Histogram { var counts = [Int](repeating: 0, count: MetricsRegistry.buckets.count); var sum = 0.0; var total = 0 }

    private let state = NIOLockedValueBox<(requests: [Key: Int], latency: [String: Histogram])>(([:], [:]))

    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLockedValue { s in
            s.requests[Key(method: method, route: route, status: status), default: 0] += 1
            var h = s.latency["\(method) \(route)"] ?? Histogram()
            for (i, b) in Self.buckets.enumerated() where seconds <= b { h.counts[i] += 1 }
            h.sum += seconds; h.total += 1
            s.latency["\(method) \(route)"] = h
        }
    }

    func render() -> String {
        let (requests, latency) = state.withLockedValue { ($0.requests, $0.latency) }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        var out = "# HELP fazhi_http_requests_total HTTP requests by route pattern and status.\n# TYPE fazhi_http_requests_total counter\n"
        for (k, v) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "fazhi_http_requests_total{method=\"\(k.method)\",route=\"\(esc(k.route))\",status=\"\(k.status)\"} \(v)\n"
        }
        out += "# HELP fazhi_http_request_duration_seconds Request latency by route pattern.\n# TYPE fazhi_http_request_duration_seconds histogram\n"
        for (key, h) in latency.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            let labels = "method=\"\(parts[0])\",route=\"\(esc(parts[1]))\""
            for (i, b) in Self.buckets.enumerated() {
                out += "fazhi_http_request_duration_seconds_bucket{\(labels),le=\"\(b)\"} \(h.counts[i])\n"
            }
            out += "fazhi_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(h.total)\n"
            out += "fazhi_http_request_duration_seconds_sum{\(labels)} \(h.sum)\n"
            out += "fazhi_http_request_duration_seconds_count{\(labels)} \(h.total)\n"
        }
        return out
    }
}
