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
        // Straight from the file's bytes: a copy of a large file is as large again.
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        guard let text = gb18030([UInt8](body)) else {
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

/// How much of a file read as a table may be held, so that no shape of file costs more memory
/// than its content does: a cell at column XFD on every row, lines of nothing but commas, a vast
/// shared-strings table or one enormous cell is cut off or refused, never padded out in memory.
public struct TableLimits: Sendable, Equatable {
    /// Excel's limit of a cell's length, in UTF-16 units as Excel counts them.
    public static let cellCharacters = 32_767
    /// 8,388,608 cells: 128 MB of cells (16 bytes each) before any text longer than 15 bytes.
    public static let defaultCells = 1 << 23

    /// How wide the header (the first row) may be: a non-empty header cell further right refuses
    /// the file. Every later row is cut to the header's width, since nothing right of it is read.
    public var columns: Int
    /// Rows at most, the header and empty rows included.
    public var rows: Int
    /// Cells held at most: the empty cells left of a non-empty one, and a workbook's shared
    /// strings, count too; empty cells after a row's last non-empty one are not held.
    public var cells: Int

    public init(columns: Int = XLSXReader.maxColumns, rows: Int = XLSXReader.maxRows, cells: Int = TableLimits.defaultCells) {
        self.columns = columns
        self.rows = rows
        self.cells = cells
    }

    /// Longer than Excel lets a cell be. Counting UTF-16 walks the text, so only long text is walked.
    static func tooLong(_ text: String) -> Bool { text.utf8.count > cellCharacters && text.utf16.count > cellCharacters }
    /// Text still growing that is too long already: one UTF-16 unit takes at most three UTF-8 bytes.
    static func tooLong(bytes: Int) -> Bool { bytes > 3 * cellCharacters }

    static func cellTooLong(row: Int, column: Int) -> CoreError {
        .invalid(field: "file", "第 \(row) 行 \(XLSXWriter.column(column)) 列的单元格超过 \(cellCharacters) 个字符（Excel 单元格的上限）")
    }
    func tooManyCells() -> CoreError {
        .invalid(field: "file", "文件的单元格过多（超过 \(cells) 个），请拆分后分批导入")
    }
}

/// Rows as a reader finds their cells, held within `TableLimits`: a row holds no empty cell after
/// its last non-empty one, and rows after the header are no wider than the header.
struct TableBuilder {
    let limits: TableLimits
    private(set) var rows: [[String]] = []
    /// The row being read, reused from row to row; each finished row is copied at its own size.
    private var row: [String] = []
    /// Cells that may still be held.
    private var budget: Int
    /// How far right cells are kept: the header's limit while the header is read, then its width.
    private var width: Int

    /// `reserved`: cells already held elsewhere (a workbook's shared strings).
    init(limits: TableLimits, reserved: Int = 0) {
        self.limits = limits
        budget = limits.cells - reserved
        width = limits.columns
    }

    /// Whether the header (row 1) is being read.
    var readingHeader: Bool { rows.isEmpty }
    /// The spreadsheet row number of the row being read.
    var rowNumber: Int { rows.count + 1 }

    /// Whether a cell at `column` of the row being read is needed at all. A header cell always is,
    /// to refuse a header wider than allowed; other cells right of the header are not.
    func needs(_ column: Int) -> Bool { column < width || readingHeader }

    mutating func cell(_ text: String, at column: Int) throws(CoreError) {
        guard !text.isEmpty else { return }
        guard column < width else {
            guard readingHeader else { return }
            throw .invalid(field: "file", "表头（第 1 行）的 \(XLSXWriter.column(column)) 列超出可导入的 \(limits.columns) 列，请按导入模板的表头填写")
        }
        guard !TableLimits.tooLong(text) else { throw TableLimits.cellTooLong(row: rowNumber, column: column) }
        if column < row.count { row[column] = text; return }
        let added = column + 1 - row.count
        guard added <= budget else { throw limits.tooManyCells() }
        budget -= added
        while row.count < column { row.append("") }
        row.append(text)
    }

    mutating func endRow() throws(CoreError) {
        guard rows.count < limits.rows else {
            throw .invalid(field: "file", "文件超过 \(limits.rows) 行，请拆分后分批导入")
        }
        if readingHeader { width = row.count }
        if row.isEmpty {
            rows.append([])
        } else {
            var exact: [String] = []
            exact.reserveCapacity(row.count)
            exact.append(contentsOf: row)
            rows.append(exact)
            row.removeAll(keepingCapacity: true)
        }
    }

    /// Empty rows before spreadsheet row `number`, where a sheet leaves rows out.
    mutating func skip(to number: Int) throws(CoreError) {
        while rows.count < number - 1 { try endRow() }
    }
}

/// Comma-separated values as RFC 4180 and Excel write them: quoted cells may hold commas,
/// quotes (doubled) and line breaks; lines end in CRLF or LF. A blank line is no row.
public enum CSVTable {
    public static func parse(_ text: String, limits: TableLimits = TableLimits()) throws(CoreError) -> [[String]] {
        // Read in place: a copy of the bytes would double a large file.
        let result: Result<[[String]], CoreError> = text.utf8.withContiguousStorageIfAvailable { parseBytes($0, limits: limits) }
            ?? Array(text.utf8).withUnsafeBufferPointer { parseBytes($0, limits: limits) }
        switch result {
        case .success(let rows): return rows
        case .failure(let error): throw error
        }
    }

    static func parseBytes(_ utf8: UnsafeBufferPointer<UInt8>, limits: TableLimits) -> Result<[[String]], CoreError> {
        var table = TableBuilder(limits: limits)
        var cell: [UInt8] = [], length = 0, column = 0, keep = table.needs(0)
        var quoted = false, afterQuote = false
        func add(_ b: UInt8) throws(CoreError) {
            length += 1
            // A cell the table does not need is passed over, not gathered.
            guard keep else { return }
            cell.append(b)
            if TableLimits.tooLong(bytes: cell.count) { throw TableLimits.cellTooLong(row: table.rowNumber, column: column) }
        }
        func endCell() throws(CoreError) {
            if !cell.isEmpty { try table.cell(String(decoding: cell, as: UTF8.self), at: column) }
            cell.removeAll(keepingCapacity: true)
            length = 0; afterQuote = false; column += 1
            keep = table.needs(column)
        }
        func endLine() throws(CoreError) {
            if column == 0 && length == 0 {
                afterQuote = false
                return
            }
            try endCell()
            try table.endRow()
            column = 0
            keep = table.needs(0)
        }
        do throws(CoreError) {
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                if quoted {
                    if b == UInt8(ascii: "\"") {
                        if i + 1 < utf8.count && utf8[i + 1] == UInt8(ascii: "\"") { try add(b); i += 1 } else { quoted = false; afterQuote = true }
                    } else { try add(b) }
                } else {
                    switch b {
                    case UInt8(ascii: "\""): if length == 0 && !afterQuote { quoted = true } else { try add(b) }
                    case UInt8(ascii: ","): try endCell()
                    case UInt8(ascii: "\r"): if i + 1 < utf8.count && utf8[i + 1] == UInt8(ascii: "\n") { i += 1 }; try endLine()
                    case UInt8(ascii: "\n"): try endLine()
                    default: try add(b)
                    }
                }
                i += 1
            }
            if length > 0 || column > 0 { try endLine() }
        } catch {
            return .failure(error)
        }
        return .success(table.rows)
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
