import FazhiCore
import Foundation
import Vapor

/// A small JSON writer for the busiest list endpoints, where Foundation's `JSONEncoder` costs more
/// than the query. Keys come out in the order written; a test reads the output back with
/// `JSONDecoder`. Everything else uses `Content`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// A key inside an object; the value written next belongs to it.
    mutating func key(_ k: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// A key known only at run time (a register's field name), escaped as a string is.
    mutating func key(_ k: String) {
        value(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Copies runs of plain bytes at once; only quotes, backslashes, slashes and control
    /// characters are escaped.
    mutating func value(_ s: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var run = 0
            for i in utf8.indices {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "/") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                run = i + 1
                switch b {
                case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
                case 0..<0x20: bytes.append(contentsOf: "\\u00".utf8); bytes.append(contentsOf: Secrets.hex([b]).utf8)
                default: bytes.append(contentsOf: [92, b])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func value(_ s: String?) { if let s { value(s) } else { null() } }

    /// A string's JSON form without its quotes, for filling a value into a JSON template.
    static func escaped(_ s: String) -> String {
        var w = JSONWriter()
        w.value(s)
        return String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self)
    }
    mutating func value(_ n: Int) { separate(); bytes.append(contentsOf: String(n).utf8) }
    mutating func value(_ b: Bool) { separate(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func value(_ n: Int64) { separate(); bytes.append(contentsOf: String(n).utf8) }
    /// A whole number without a fraction, as `JSONEncoder` writes one; JSON has no NaN or infinity.
    mutating func value(_ d: Double) {
        guard d.isFinite else { return null() }
        if d == d.rounded(), abs(d) < 1e15 { return value(Int64(d)) }
        separate(); bytes.append(contentsOf: String(d).utf8)
    }
    mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }
    mutating func value(_ id: UUID) { value(UUIDText.string(id)) }

    /// `2024-03-01T08:00:00Z`: whole seconds in UTC, as Vapor's JSON encoder writes a date
    /// (`.iso8601`), without a date formatter.
    mutating func value(_ date: Date) {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400), inDay = Int(seconds - Int64(days) * 86_400)
        let d = LocalDate(dayNumber: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        value("\(d.description)T\(two(inDay / 3600)):\(two(inDay % 3600 / 60)):\(two(inDay % 60))Z")
    }

    func response(status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }
}
