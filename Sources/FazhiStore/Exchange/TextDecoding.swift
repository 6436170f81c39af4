import FazhiCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Text files as people in China save them: UTF-8 (with or without a byte-order mark), or GBK /
/// GB 18030 as Excel writes "CSV" on a Chinese Windows.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GBK/GB18030" }

    public static func decode(_ data: Data) throws(CoreError) -> (text: String, encoding: Encoding) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        guard let text = gb18030(bytes) else {
            throw .invalid(field: "file", "文件既不是 UTF-8 也不是 GBK 编码的文本，请另存为 CSV（UTF-8）或 XLSX 后重试")
        }
        return (text, .gb18030)
    }

    /// GB 18030 (a superset of GBK and GB 2312) through the C library's iconv.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf in
                var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count, outLeft = outBuf.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output.prefix(written), as: UTF8.self)
    }
}

/// Comma-separated values as RFC 4180 and Excel write them: quoted cells may hold commas,
/// quotes (doubled) and line breaks; lines end in CRLF or LF.
public enum CSVTable {
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell: [UInt8] = []
        var quoted = false, afterQuote = false
        let utf8 = Array(text.utf8)
        var i = 0
        func endCell() { row.append(String(decoding: cell, as: UTF8.self)); cell.removeAll(keepingCapacity: true); afterQuote = false }
        func endRow() { endCell(); if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }; row = [] }
        while i < utf8.count {
            let b = utf8[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < utf8.count && utf8[i + 1] == UInt8(ascii: "\"") { cell.append(b); i += 1 } else { quoted = false; afterQuote = true }
                } else { cell.append(b) }
            } else {
                switch b {
                case UInt8(ascii: "\""): if cell.isEmpty && !afterQuote { quoted = true } else { cell.append(b) }
                case UInt8(ascii: ","): endCell()
                case UInt8(ascii: "\r"): if i + 1 < utf8.count && utf8[i + 1] == UInt8(ascii: "\n") { i += 1 }; endRow()
                case UInt8(ascii: "\n"): endRow()
                default: cell.append(b)
                }
            }
            i += 1
        }
        if !cell.isEmpty || !row.isEmpty { endRow() }
        return rows
    }

    /// The cell with a leading apostrophe when a spreadsheet would run it as a formula: it starts
    /// with `=`, `+`, `-` or `@`, also after spaces, or with a tab or a carriage return.
    public static func defused(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        if first == "\t" || first == "\r" { return "'" + cell }
        guard let lead = cell.unicodeScalars.first(where: { $0 != " " && $0 != "\u{3000}" }), "=+-@".unicodeScalars.contains(lead) else { return cell }
        return "'" + cell
    }

    /// One line: cells quoted when they need it, each `defused` first.
    public static func line(_ cells: [String]) -> String {
        cells.map { cell -> String in
            let s = defused(cell)
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
