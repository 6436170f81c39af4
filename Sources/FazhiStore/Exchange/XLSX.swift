import FazhiCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One cell of a sheet the platform writes.
public enum XLSXCell: Sendable {
    case text(String)
    case number(String)
}

/// The smallest workbook Excel, WPS, LibreOffice and openpyxl all open: one sheet, inline
/// strings, a bold header row and frozen panes.
public enum XLSXWriter {
    public static func workbook(sheet name: String, header: [String], rows: [[XLSXCell]]) throws -> Data {
        var xml = [UInt8]()
        xml.reserveCapacity(256 + rows.count * max(1, header.count) * 40)
        xml += Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#.utf8)
        func row(_ number: Int, _ cells: [XLSXCell], style: Int) {
            xml += Array("<row r=\"\(number)\">".utf8)
            for (i, cell) in cells.enumerated() {
                let ref = column(i) + String(number)
                switch cell {
                case .number(let n) where !n.isEmpty:
                    xml += Array("<c r=\"\(ref)\"\(style > 0 ? " s=\"\(style)\"" : "")><v>\(n)</v></c>".utf8)
                case .number: break
                case .text(let s):
                    guard !s.isEmpty else { continue }
                    xml += Array("<c r=\"\(ref)\" t=\"inlineStr\"\(style > 0 ? " s=\"\(style)\"" : "")><is><t xml:space=\"preserve\">".utf8)
                    escape(s, into: &xml)
                    xml += Array("</t></is></c>".utf8)
                }
            }
            xml += Array("</row>".utf8)
        }
        row(1, header.map { .text($0) }, style: 1)
        for (i, cells) in rows.enumerated() { row(i + 2, cells, style: 0) }
        xml += Array("</sheetData></worksheet>".utf8)

        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ data: Data) throws { try archive.addFile(path, data) }
        let sheetName = String(name.prefix(31)).replacingOccurrences(of: "/", with: "／")
        var nameXML = [UInt8](); escape(sheetName, into: &nameXML)
        try add("[Content_Types].xml", Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.utf8))
        try add("_rels/.rels", Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.utf8))
        try add("xl/workbook.xml", Data((#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name=""#.utf8) + nameXML + Array(#"" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)))
        try add("xl/_rels/workbook.xml.rels", Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.utf8))
        try add("xl/styles.xml", Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#.utf8))
        try add("xl/worksheets/sheet1.xml", Data(xml))
        guard let data = archive.data else { throw CoreError.state("无法生成 XLSX 文件") }
        return data
    }

    /// A1-style column letters: 0 → A, 25 → Z, 26 → AA.
    public static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    static func escape(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case 0x09, 0x0A, 0x0D: out.append(b)
            case 0..<0x20: continue // not allowed in XML 1.0
            default: out.append(b)
            }
        }
    }
}

/// Reads the first sheet of a workbook into rows of text, as a person sees the cells (shared and
/// inline strings, numbers as written). Dates stored as serial numbers are left as numbers; the
/// importer turns them into dates where the column is a date. What is held stays within
/// `TableLimits` and `maxUnpackedBytes`, whatever the workbook's shape.
public enum XLSXReader {
    /// Excel's own limits: 1,048,576 rows and 16,384 columns (A to XFD), so no reference is
    /// longer than `XFD1048576` (`columnIndex` reads at most three letters and seven digits).
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    /// The most the parts of one workbook may unpack to; a zip bomb stops here.
    public static let maxUnpackedBytes = 256 * 1024 * 1024

    public static func rows(_ data: Data, limits: TableLimits = TableLimits()) throws(CoreError) -> [[String]] {
        let bad = CoreError.invalid(field: "file", "无法读取该 XLSX 文件，请确认它是 Excel 工作簿（.xlsx）")
        let tooLarge = CoreError.invalid(field: "file", "该 XLSX 文件解压后超过 \(maxUnpackedBytes / 1024 / 1024) MB，请拆分后分批导入")
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read, pathEncoding: nil) } catch { throw bad }
        var unpacked = 0
        func read(_ path: String) throws(CoreError) -> Data? {
            guard let entry = archive[path] else { return nil }
            // The declared size can lie: count what is actually unpacked, and stop at the limit.
            guard entry.uncompressedSize <= Int64(maxUnpackedBytes - unpacked) else { throw tooLarge }
            var out = Data(), over = false
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    unpacked += chunk.count
                    guard unpacked <= maxUnpackedBytes else { over = true; throw CocoaError(.fileReadTooLarge) }
                    out.append(chunk)
                }
            } catch {
                if over { throw tooLarge }
                return nil
            }
            return out
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let workbook = try read("xl/workbook.xml"), let rels = try read("xl/_rels/workbook.xml.rels") {
            // A workbook without these parts still has its first sheet at the usual path.
            let first = FirstSheet(); let p = XMLParser(data: workbook); p.delegate = first; _ = p.parse()
            let targets = Relationships(); let r = XMLParser(data: rels); r.delegate = targets; _ = r.parse()
            if let id = first.relationshipID, let target = targets.targets[id] {
                sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var shared: [String] = []
        if let strings = try read("xl/sharedStrings.xml") {
            let s = SharedStrings(limits: limits); let p = XMLParser(data: strings); p.delegate = s
            let parsed = p.parse()
            if let failure = s.failure { throw failure }
            guard parsed else { throw bad }
            shared = s.strings
        }
        guard let sheet = try read(sheetPath) else { throw bad }
        let reader = SheetReader(shared: shared, limits: limits); let p = XMLParser(data: sheet); p.delegate = reader
        let parsed = p.parse()
        if let failure = reader.failure { throw failure }
        // Foundation's parser stops at libxml2's limits for a document that is not marked huge
        // (its dictionary of names and values holds 10 MB): a sheet of some 190,000 rows of cells
        // each with its own reference. Such a sheet is refused with what to do about it.
        guard parsed else {
            if reader.table.rowNumber > 10_000 {
                throw CoreError.invalid(field: "file", "工作表过大，读到第 \(reader.table.rowNumber) 行时无法继续读取，请拆分为多个文件后分批导入（或另存为 CSV 导入）")
            }
            throw bad
        }
        return reader.table.rows
    }

    final class FirstSheet: NSObject, XMLParserDelegate {
        var relationshipID: String?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if name == "sheet" || qualifiedName?.hasSuffix(":sheet") == true, relationshipID == nil {
                relationshipID = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value
            }
        }
    }

    final class Relationships: NSObject, XMLParserDelegate {
        var targets: [String: String] = [:]
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
        }
    }

    /// The shared-strings table: no more strings than the sheet may hold cells (an entry as short
    /// as `<si/>` still takes a cell's memory), none longer than a cell may be.
    final class SharedStrings: NSObject, XMLParserDelegate {
        let limits: TableLimits
        var strings: [String] = []
        var current = "", inText = false, inPhonetic = false
        var failure: CoreError?
        init(limits: TableLimits) { self.limits = limits }

        private func refuse(_ parser: XMLParser, _ error: CoreError) {
            failure = error
            parser.abortParsing()
        }
        private func tooLong() -> CoreError {
            .invalid(field: "file", "工作簿中有字符串超过 \(TableLimits.cellCharacters) 个字符（Excel 单元格的上限）")
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            guard failure == nil else { return }
            switch name {
            case "si": current = ""
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard failure == nil, inText && !inPhonetic else { return }
            current += string
            if TableLimits.tooLong(bytes: current.utf8.count) { refuse(parser, tooLong()) }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil else { return }
            switch name {
            case "si":
                guard !TableLimits.tooLong(current) else { return refuse(parser, tooLong()) }
                guard strings.count < limits.cells else { return refuse(parser, limits.tooManyCells()) }
                strings.append(current)
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }
    }

    final class SheetReader: NSObject, XMLParserDelegate {
        let shared: [String]
        var table: TableBuilder
        /// The cell being read: its column, type and text, and whether the table needs it at all
        /// (a cell right of the header is passed over, not gathered).
        var column = -1, type = "", value = "", inValue = false, needed = false
        /// Why the sheet was refused, when a row or cell lies beyond Excel's limits or the table's.
        var failure: CoreError?
        init(shared: [String], limits: TableLimits) {
            self.shared = shared
            // The shared strings are held while the sheet is read: they count against its cells.
            table = TableBuilder(limits: limits, reserved: shared.count)
        }

        private func refuse(_ parser: XMLParser, _ error: CoreError) {
            failure = error
            parser.abortParsing()
        }
        private func refuse(_ parser: XMLParser, _ message: String) { refuse(parser, .invalid(field: "file", message)) }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            guard failure == nil else { return }
            switch name {
            case "row":
                column = -1
                // Rows a person left empty still count, so reported row numbers match the sheet.
                if let raw = attributes["r"] {
                    guard raw.utf8.count <= 7, let r = Int(raw), (1...XLSXReader.maxRows).contains(r) else {
                        return refuse(parser, "工作表的行号「\(raw.prefix(20))」超出 Excel 的范围（最多 \(XLSXReader.maxRows) 行）")
                    }
                    do throws(CoreError) { try table.skip(to: r) } catch { return refuse(parser, error) }
                }
            case "c":
                type = attributes["t"] ?? "n"; value = ""
                if let ref = attributes["r"] {
                    guard let index = XLSXReader.columnIndex(ref) else {
                        return refuse(parser, "单元格引用「\(ref.prefix(20))」无效或超出 Excel 的范围（最多 XFD 列、\(XLSXReader.maxRows) 行）")
                    }
                    column = index
                } else {
                    column += 1
                }
                guard column < XLSXReader.maxColumns else { return refuse(parser, "工作表超过 Excel 的 \(XLSXReader.maxColumns) 列") }
                needed = table.needs(column)
            case "v", "t": inValue = needed
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard failure == nil, inValue else { return }
            value += string
            if TableLimits.tooLong(bytes: value.utf8.count) { refuse(parser, TableLimits.cellTooLong(row: table.rowNumber, column: column)) }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil else { return }
            switch name {
            case "v", "t": inValue = false
            case "c":
                guard needed else { return }
                var text = value
                if type == "s", let i = Int(value), shared.indices.contains(i) { text = shared[i] }
                if type == "b" { text = value == "1" ? "TRUE" : "FALSE" }
                do throws(CoreError) { try table.cell(text, at: column) } catch { refuse(parser, error) }
            case "row":
                do throws(CoreError) { try table.endRow() } catch { refuse(parser, error) }
            default: break
            }
        }
    }

    /// "BC12" → 54 (zero-based column of the reference); nil for a reference that is not one
    /// to three letters and then a row number within Excel's limits.
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0, letters = 0, digits = 0, row = 0
        for u in reference.utf8 {
            if u >= 65 && u <= 90 && digits == 0 {
                letters += 1
                guard letters <= 3 else { return nil }
                n = n * 26 + Int(u - 64)
            } else if u >= 48 && u <= 57 && letters > 0 {
                digits += 1
                guard digits <= 7 else { return nil }
                row = row * 10 + Int(u - 48)
            } else {
                return nil
            }
        }
        guard letters > 0, n <= maxColumns, digits == 0 || (1...maxRows).contains(row) else { return nil }
        return n - 1
    }
}

extension Archive {
    /// A deflated file from memory: the parts of the Office documents the platform writes.
    func addFile(_ path: String, _ data: Data) throws {
        try addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
