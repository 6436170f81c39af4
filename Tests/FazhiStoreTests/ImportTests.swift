import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SQLKit
import Testing
import ZIPFoundation

@Suite("Import, export files and attachments")
struct ImportTests {
    let calculator = DeadlineCalculator(calendar: .builtIn)
    let everything = DataScope.everything
    let study = StudyActivity.declaration.type

    let good = """
        类别,主题,日期,组织单位,参加人数
        专题讲座,习近平法治思想专题讲座（一）,2023-03-15,371502,120
        专题讲座,习近平法治思想专题讲座（二）,2023/5/10,区司法局（区委依法治区办）,95
        会前学法,区政府常务会会前学法,2023年6月1日,371502,30
        """

    @Test(.sqliteOnly) func csvAndEncodings() throws {
        #expect(try CSVTable.parse("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"多\n行\",x\n") == [["a", "b,c", "d \"e\""], ["多\n行", "x"]])
        #expect(CSVTable.line(["=1+1", "a,b", "普通"]) == "'=1+1,\"a,b\",普通")
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "  =HYPERLINK(\"x\")", "\t=1", "\r=1", "\u{3000}=1"] {
            #expect(CSVTable.defused(formula) == "'" + formula, "\(formula.debugDescription)")
        }
        #expect(CSVTable.defused("普通 = 文字") == "普通 = 文字" && CSVTable.defused("") == "")
        // GBK, as Excel on a Chinese Windows saves "CSV".
        let gbk: [UInt8] = [0xC0, 0xE0, 0xB1, 0xF0, 0x2C, 0xD6, 0xF7, 0xCC, 0xE2] // 类别,主题
        let decoded = try TextDecoding.decode(Data(gbk))
        #expect(decoded.text == "类别,主题" && decoded.encoding == .gb18030)
        #expect(try TextDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array("类别".utf8))).text == "类别")
    }

    @Test(.sqliteOnly) func xlsxRoundTrip() throws {
        let data = try XLSXWriter.workbook(sheet: "整改事项", header: ["问题", "金额", "备注"],
                                           rows: [[.text("A&B <c>"), .number("196.20"), .text("")], [.text("第二行"), .number("5"), .text("多\n行")]])
        #expect(try XLSXReader.rows(data) == [["问题", "金额", "备注"], ["A&B <c>", "196.20"], ["第二行", "5", "多\n行"]])
        #expect(XLSXWriter.column(0) == "A" && XLSXWriter.column(25) == "Z" && XLSXWriter.column(26) == "AA" && XLSXReader.columnIndex("AB12") == 27)
        #expect(throws: CoreError.self) { try XLSXReader.rows(Data("PK\u{3}\u{4}not really".utf8)) }
    }

    /// A form or a file names units by code, unique name or id and people by sign-in name or id;
    /// only what it names is read, so a unit it does not name is not found.
    @Test(arguments: TestBackend.available)
    func referencesResolveWhatTheInputNames(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let district = try #require(try await OrgUnit.query(on: db).filter(\.$code == DemoOrganisation.district.code).first())
            for code in ["D-901", "D-902"] {
                _ = try await OrganisationStore.createUnit(UnitInput(code: code, name: "同名部门", kind: .department, parentID: district.id),
                                                           actor: .system(), on: db)
            }
            let admin = try #require(try await User.query(on: db).filter(\.$username == "admin").first())
            let type = Rectification.declaration.type
            let unit = try #require(type.field("unit")), verifier = try #require(type.field("verifier"))
            let references = try await References.load(type, scope: everything, typed: [
                "unit": [DemoOrganisation.district.code, district.name, "同名部门", district.id!.uuidString.lowercased(), " D-902 "],
                "verifier": ["ADMIN", admin.id!.uuidString],
            ], on: db)
            for text in [DemoOrganisation.district.code, district.name, district.id!.uuidString.lowercased()] {
                #expect(try references.value(for: unit, text) == .uuid(district.id!), "\(text)")
            }
            #expect(try references.value(for: unit, "D-902") != nil)
            #expect(throws: CoreError.invalid(field: "unit", "「\(unit.label)」有多个同名单位，请填写单位编码")) { try references.value(for: unit, "同名部门") }
            #expect(throws: CoreError.self) { try references.value(for: unit, "D-901") }
            #expect(try references.value(for: verifier, "admin") == .uuid(admin.id!))
            #expect(try references.value(for: verifier, admin.id!.uuidString) == .uuid(admin.id!))
        }
    }

    @Test(arguments: TestBackend.available)
    func oneBadRowStoresNothingThenValidRowsImportOnce(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let bad = good + "\n专题讲座,,2023-02-30,不存在的单位,很多\n"
            let plan = try await RecordImport.plan(study, data: Data(bad.utf8), scope: everything, calculator: calculator, on: db)
            #expect(plan.valid.count == 3 && plan.badRows == 1)
            #expect(plan.problems == [
                ImportProblem(row: 5, column: "日期", message: "「日期」不是有效日期，请按 2024-03-01 的格式填写"),
                ImportProblem(row: 5, column: "组织单位", message: "「组织单位」不是本平台的单位"),
                ImportProblem(row: 5, column: "参加人数", message: "「参加人数」必须是整数"),
            ])
            let auditBefore = try await AuditLog.verify(on: db).headSeq
            await #expect(throws: CoreError.self) {
                _ = try await RecordImport.commit(self.study, plan, onlyValid: false, actor: .system(), on: db, now: TestClock.now)
            }
            #expect(try await RecordStore.list(study, RecordQuery(), scope: everything, on: db).total == 0)
            #expect(try await AuditLog.verify(on: db).headSeq == auditBefore)

            // Only the valid rows, when the person chooses so: one transaction, one audit entry.
            let ids = try await RecordImport.commit(study, plan, onlyValid: true, actor: .system("导入"), on: db, now: TestClock.now)
            #expect(ids.count == 3)
            let entries = try await AuditLog.list(on: db, filter: .init(action: "import"), limit: 10).rows
            #expect(entries.count == 1)
            #expect(entries[0].entityID == "file:" + plan.fileSHA256 && entries[0].after?.contains(ids[0].uuidString) == true)
            #expect(try await AuditLog.verify(on: db).headSeq == auditBefore + 1)

            // The same rows again are recognised by the natural key (kind, date, title): nothing added.
            let again = try await RecordImport.plan(study, data: Data(good.utf8), scope: everything, calculator: calculator, on: db)
            #expect(again.valid.isEmpty && again.duplicates == [2, 3, 4])
            let rows = try await RecordStore.list(study, RecordQuery(), scope: everything, on: db).rows
            #expect(rows.count == 3)
            #expect(rows.contains { $0.values["held_on"] == .date(LocalDate(iso: "2023-05-10")!) && $0.values["attendees"] == .integer(95) })

            // A header that names no field, or lacks a required one, is reported on row 1.
            let header = try await RecordImport.plan(study, data: Data("类别,题目\n专题讲座,x\n".utf8), scope: everything, calculator: calculator, on: db)
            #expect(header.problems.map(\.message).contains("没有名为「题目」的字段，请按导入模板的表头填写"))
            #expect(header.problems.map(\.message).contains("缺少必填列「主题」"))
        }
    }

    /// The pipelined import: more rows than one batch, a bad row near the end after earlier
    /// batches were written. All or nothing rolls them back and still reports every problem;
    /// only the valid rows stores them in one transaction. Text with quotes, backslashes, tabs and line
    /// breaks is stored as it was (the SQLite path carries each batch as JSON).
    @Test(arguments: TestBackend.available)
    func largeImportRollsBackOnALateBadRow(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let type = Rectification.declaration.type
            let tricky = "引号\"与反斜杠\\、'撇号'\n第二行\t制表"
            var csv = "问题,责任单位,发现日期,整改措施\n" + CSVTable.line(["第1项", "371502-T01", "2023-06-01", tricky]) + "\n"
            for i in 2...6_000 {
                csv += "第\(i)项,371502-T\(String(format: "%02d", i % 14 + 1)),\(i == 5_990 ? "2023-13-01" : "2023-06-02"),\n"
            }
            let auditBefore = try await AuditLog.verify(on: db).headSeq
            let refused = try await RecordImport.run(type, data: Data(csv.utf8), scope: everything, calculator: calculator, onlyValid: false,
                                                     actor: .system(), on: db, now: TestClock.now)
            #expect(refused.ids.isEmpty && refused.refusal?.contains("1 行不符合要求") == true)
            #expect(refused.plan.problems.map(\.row) == [5_991] && refused.plan.valid.count == 5_999)
            #expect(try await RecordStore.list(type, RecordQuery(), scope: everything, on: db).total == 0)
            #expect(try await AuditLog.verify(on: db).headSeq == auditBefore)

            let stored = try await RecordImport.run(type, data: Data(csv.utf8), scope: everything, calculator: calculator, onlyValid: true,
                                                    actor: .system(), on: db, now: TestClock.now)
            #expect(stored.refusal == nil && stored.ids.count == 5_999)
            #expect(try await RecordStore.list(type, RecordQuery(), scope: everything, on: db).total == 5_999)
            #expect(try await AuditLog.verify(on: db).headSeq == auditBefore + 1)
            let first = try #require(try await RecordStore.find(type, id: stored.ids[0], scope: everything, on: db))
            #expect(first.values["measures"] == .text(tricky) && first.values["finding"] == .text("第1项"))
        }
    }

    /// A workbook whose only sheet is `sheet` (the usual path, no workbook parts needed).
    static func workbook(sheet: [UInt8], repeatingBody: (chunk: [UInt8], times: Int)? = nil, tail: [UInt8] = []) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let total = sheet.count + (repeatingBody.map { $0.chunk.count * $0.times } ?? 0) + tail.count
        var parts: [[UInt8]] = [sheet]
        if let r = repeatingBody { parts += Array(repeating: r.chunk, count: r.times) }
        parts.append(tail)
        var index = 0, offset = 0
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(total), compressionMethod: .deflate) { _, size in
            var out = Data(capacity: size)
            while out.count < size, index < parts.count {
                let part = parts[index], take = min(size - out.count, part.count - offset)
                out.append(contentsOf: part[offset..<offset + take])
                offset += take
                if offset == part.count { index += 1; offset = 0 }
            }
            return out
        }
        return try #require(archive.data)
    }

    static let sheetHead = Array(#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>问题</t></is></c><c r="B1" t="inlineStr"><is><t>责任单位</t></is></c><c r="C1" t="inlineStr"><is><t>发现日期</t></is></c></row>"#.utf8)
    static let sheetTail = Array("</sheetData></worksheet>".utf8)

    /// A zip bomb, a reference longer than Excel's, and a cell beyond Excel's last row are each
    /// refused with a clear reason, and an import of them stores nothing.
    @Test(arguments: TestBackend.available)
    func xlsxBeyondExcelsLimitsIsRefused(_ backend: TestBackend) async throws {
        let row = Array(#"<row r="2"><c r="A2" t="inlineStr"><is><t>台账不全</t></is></c><c r="B2" t="inlineStr"><is><t>371502-T01</t></is></c><c r="C2" t="inlineStr"><is><t>2023-06-01</t></is></c></row>"#.utf8)
        let ok = try Self.workbook(sheet: Self.sheetHead + row + Self.sheetTail)
        #expect(try XLSXReader.rows(ok).count == 2)

        // 300 MB of white space inside a cell deflates to well under a megabyte.
        let bomb = try Self.workbook(sheet: Self.sheetHead + Array(#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#.utf8),
                                     repeatingBody: (Array(repeating: UInt8(ascii: " "), count: 1 << 20), 300),
                                     tail: Array("</t></is></c></row>".utf8) + Self.sheetTail)
        #expect(bomb.count < 2 * 1024 * 1024)
        let longReference = try Self.workbook(sheet: Self.sheetHead + Array(#"<row r="2"><c r="AAAAAAAAAAAAAAAA1" t="inlineStr"><is><t>x</t></is></c></row>"#.utf8) + Self.sheetTail)
        let farRow = try Self.workbook(sheet: Self.sheetHead + Array(#"<row r="10000000"><c r="A10000000" t="inlineStr"><is><t>x</t></is></c></row>"#.utf8) + Self.sheetTail)
        let farColumn = try Self.workbook(sheet: Self.sheetHead + Array(#"<row r="2"><c r="XFE2" t="inlineStr"><is><t>x</t></is></c></row>"#.utf8) + Self.sheetTail)
        let cases: [(Data, String)] = [(bomb, "解压后超过 256 MB"), (longReference, "单元格引用「AAAAAAAAAAAAAAAA1」无效"),
                                       (farRow, "行号「10000000」超出 Excel 的范围"), (farColumn, "单元格引用「XFE2」无效")]
        for (data, reason) in cases {
            #expect { try XLSXReader.rows(data) } throws: { ($0 as? CoreError)?.message.contains(reason) == true }
        }

        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let type = Rectification.declaration.type
            for (data, reason) in cases {
                await #expect { _ = try await RecordImport.run(type, data: data, scope: everything, calculator: calculator, onlyValid: true,
                                                              actor: .system(), on: db, now: TestClock.now) } throws: { ($0 as? CoreError)?.message.contains(reason) == true }
            }
            #expect(try await RecordStore.list(type, RecordQuery(), scope: everything, on: db).total == 0)
            let stored = try await RecordImport.run(type, data: ok, scope: everything, calculator: calculator, onlyValid: false, actor: .system(), on: db, now: TestClock.now)
            #expect(stored.ids.count == 1)
        }
    }

    /// A workbook of the given parts (path → XML), as Excel lays them out.
    static func workbook(parts: [(String, [UInt8])]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, bytes) in parts { try archive.addFile(path, Data(bytes)) }
        return try #require(archive.data)
    }

    /// The message of the `CoreError` that `body` throws, or nil when it throws none.
    static func refusal<T>(_ body: () throws -> T) -> String? {
        do { _ = try body(); return nil } catch { return (error as? CoreError)?.message ?? "\(error)" }
    }

    /// This process's resident memory in bytes (Linux: VmRSS of /proc/self/status), nil elsewhere.
    static func residentBytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let status = String(decoding: buffer.prefix(n), as: UTF8.self)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let kB = Int(fields[1]) else { return nil }
        return kB * 1024
        #else
        return nil
        #endif
    }

    /// A sheet of `rows` rows under the header, each holding one cell at column XFD: 70 bytes of
    /// XML a row, which once made a row of 16,384 cells (256 KB).
    static func sparseWorkbook(rows: Int, header: [UInt8] = ImportTests.sheetHead) throws -> Data {
        var sheet = header
        sheet.reserveCapacity(header.count + rows * 72 + sheetTail.count)
        for n in 2...(rows + 1) {
            sheet.append(contentsOf: "<row r=\"\(n)\"><c r=\"XFD\(n)\" t=\"inlineStr\"><is><t>x</t></is></c></row>".utf8)
        }
        return try workbook(sheet: sheet + sheetTail)
    }

    /// A row is never wider than the header, and the header never wider than the register's
    /// columns and a few more: 200,000 rows each with one cell at XFD are read as 200,000 empty
    /// rows, in a few megabytes, where they once took 50 GB. The same sheet with its header at
    /// XFD is refused, naming the column; so is one that needs more cells than the table may hold.
    @Test(.sqliteOnly) func sparseWorkbookIsReadWithinItsHeader() throws {
        let type = Rectification.declaration.type, limits = RecordImport.limits(type)
        let sparse = try Self.sparseWorkbook(rows: 200_000)
        let before = Self.residentBytes()
        let read = Result { () throws(CoreError) in try RecordImport.table(sparse, limits: limits) }
        let after = Self.residentBytes()
        switch read {
        case .success(let table):
            #expect(table.count == 200_001)
            #expect(table.first == ["问题", "责任单位", "发现日期"])
            #expect(table.dropFirst().allSatisfy { $0.isEmpty }, "nothing right of the header is held")
        case .failure(let refusal):
            // Foundation's XML parser on Linux stops near 190,000 such rows (libxml2's 10 MB
            // dictionary): then the file is refused with what to do, and nothing is held.
            #expect(refusal.message.contains("工作表过大") && refusal.message.contains("分批导入"), "\(refusal.message)")
        }
        if let before, let after {
            #expect(after - before < 300 * 1024 * 1024, "resident memory grew by \((after - before) / 1_048_576) MB")
        }

        // Every row at XFD, the header too: refused at once by a register's limits.
        let header = Array(#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="XFD1" t="inlineStr"><is><t>问题</t></is></c></row>"#.utf8)
        let everyRow = try Self.sparseWorkbook(rows: 200_000, header: header)
        #expect(Self.refusal { try RecordImport.table(everyRow, limits: limits) }
                == "表头（第 1 行）的 XFD 列超出可导入的 \(limits.columns) 列，请按导入模板的表头填写")
        // Read as wide as Excel allows, each row of 16,384 cells counts against the table's cells.
        #expect(Self.refusal { try XLSXReader.rows(everyRow, limits: TableLimits(cells: 100_000)) }
                == "文件的单元格过多（超过 100000 个），请拆分后分批导入")
        #expect(TableLimits() == TableLimits(columns: 16_384, rows: 1_048_576, cells: 8_388_608))
    }

    /// Lines of nothing but commas hold no cells, blank lines are no rows, and a header, a row
    /// count, a cell count or a cell longer than allowed is refused with the row and column.
    @Test(.sqliteOnly) func csvOfCommasAndNewlinesIsBounded() throws {
        let type = Rectification.declaration.type, limits = RecordImport.limits(type)
        let commas = String(repeating: ",", count: 200_000)
        let csv = "问题,责任单位,发现日期\n" + String(repeating: commas + "\n", count: 20) + String(repeating: ",\r\n", count: 200_000)
        let before = Self.residentBytes()
        let table = try RecordImport.table(Data(csv.utf8), limits: limits)
        let after = Self.residentBytes()
        #expect(table.count == 200_021)
        #expect(table.first == ["问题", "责任单位", "发现日期"] && table.dropFirst().allSatisfy { $0.isEmpty })
        if let before, let after {
            #expect(after - before < 300 * 1024 * 1024, "resident memory grew by \((after - before) / 1_048_576) MB")
        }
        // Commas only, the header too: a table of empty rows, which the import calls an empty file.
        #expect(try CSVTable.parse(String(repeating: commas + "\n", count: 20), limits: limits) == [[String]](repeating: [], count: 20))
        #expect(try CSVTable.parse(String(repeating: "\n", count: 1_000_000) + String(repeating: "\r\n", count: 1_000), limits: limits).isEmpty)
        // A cell right of the header is passed over, however long.
        #expect(try CSVTable.parse("问题\nx," + String(repeating: "a", count: 200_000) + "\n", limits: limits) == [["问题"], ["x"]])
        // Trailing empty cells are not held; quoted cells and line breaks read as before.
        #expect(try CSVTable.parse("a,b,c,,\n\"c,\"\"d\"\"\",,\"e\nf\"\n", limits: limits) == [["a", "b", "c"], ["c,\"d\"", "", "e\nf"]])

        #expect(Self.refusal { try CSVTable.parse(commas + "问题\n", limits: limits) }
                == "表头（第 1 行）的 \(XLSXWriter.column(200_000)) 列超出可导入的 \(limits.columns) 列，请按导入模板的表头填写")
        #expect(Self.refusal { try CSVTable.parse(String(repeating: "x\n", count: 1_001), limits: TableLimits(rows: 1_000)) }
                == "文件超过 1000 行，请拆分后分批导入")
        #expect(Self.refusal { try CSVTable.parse(String(repeating: "x\n", count: 1_001), limits: TableLimits(cells: 1_000)) }
                == "文件的单元格过多（超过 1000 个），请拆分后分批导入")
        // Excel's 32,767 characters a cell: counted in characters, whether they take one byte or three.
        let longest = "问题,备注\nx," + String(repeating: "长", count: 32_767) + "\n"
        #expect(try CSVTable.parse(longest, limits: limits)[1][1].count == 32_767)
        for cell in [String(repeating: "长", count: 32_768), String(repeating: "a", count: 32_768)] {
            #expect(Self.refusal { try CSVTable.parse("问题,备注\nx," + cell + "\n", limits: limits) }
                    == "第 2 行 B 列的单元格超过 32767 个字符（Excel 单元格的上限）")
        }
    }

    /// A workbook's shared strings are held as cells are, none longer than Excel's cell; a valid
    /// workbook reads as before, with what lies right of its header left out.
    @Test(.sqliteOnly) func xlsxSharedStringsAndCellsAreBounded() throws {
        let limits = RecordImport.limits(Rectification.declaration.type)
        let head = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        func book(strings: String, sheet: String) throws -> Data {
            try Self.workbook(parts: [
                ("xl/sharedStrings.xml", Array((#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"# + strings + "</sst>").utf8)),
                ("xl/worksheets/sheet1.xml", Array((head + sheet + "</sheetData></worksheet>").utf8)),
            ])
        }
        let header = #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#
        let valid = try book(strings: "<si><t>问题</t></si><si><t>责任单位</t></si><si><t>发现日期</t></si><si><r><t>台账</t></r><r><t>不全</t></r></si>",
                             sheet: header + #"<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><t>371502-T01</t></is></c><c r="C2" s="1"/><c r="D2" t="inlineStr"><is><t>备注</t></is></c></row><row r="4"><c r="C4"><v>45078</v></c></row>"#)
        #expect(try XLSXReader.rows(valid, limits: limits) == [["问题", "责任单位", "发现日期"], ["台账不全", "371502-T01"], [], ["", "", "45078"]])

        let many = try book(strings: String(repeating: "<si/>", count: 1_001), sheet: header)
        #expect(Self.refusal { try XLSXReader.rows(many, limits: TableLimits(cells: 1_000)) } == "文件的单元格过多（超过 1000 个），请拆分后分批导入")
        // The shared strings take their share: 1,000 of them leave no room for a header of three.
        let full = try book(strings: String(repeating: "<si><t>问题</t></si>", count: 1_000), sheet: header)
        #expect(Self.refusal { try XLSXReader.rows(full, limits: TableLimits(cells: 1_002)) } == "文件的单元格过多（超过 1002 个），请拆分后分批导入")
        let longString = try book(strings: "<si><t>" + String(repeating: "a", count: 32_768) + "</t></si>", sheet: header)
        #expect(Self.refusal { try XLSXReader.rows(longString, limits: limits) } == "工作簿中有字符串超过 32767 个字符（Excel 单元格的上限）")
        let longCell = try book(strings: "<si><t>问题</t></si><si><t>责任单位</t></si><si><t>发现日期</t></si>",
                                sheet: header + #"<row r="2"><c r="B2" t="inlineStr"><is><t>"# + String(repeating: "长", count: 40_000) + "</t></is></c></row>")
        #expect(Self.refusal { try XLSXReader.rows(longCell, limits: limits) } == "第 2 行 B 列的单元格超过 32767 个字符（Excel 单元格的上限）")
    }

    @Test(arguments: TestBackend.available)
    func xlsxImportWithDateSerialsAndScope(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let type = Rectification.declaration.type
            // Excel keeps 2023-06-01 as the serial 45078.
            let data = try XLSXWriter.workbook(sheet: "整改", header: ["问题", "责任单位", "发现日期"], rows: [
                [.text("执法公示不及时"), .text("371502-T01"), .number("45078")],
                [.text("台账不全"), .text("371502-T02"), .text("2023-06-02")],
            ])
            let town = try #require(try await OrgUnit.query(on: db).filter(\.$code == "371502-T01").first())
            let townScope = DataScope(allUnits: false, unitIDs: [town.id!], userID: UUID())
            let plan = try await RecordImport.plan(type, data: data, scope: townScope, calculator: calculator, on: db)
            #expect(plan.valid.first?.values["found_on"] == .date(LocalDate(iso: "2023-06-01")!))
            #expect(plan.problems == [ImportProblem(row: 3, column: "责任单位", message: "「责任单位」不在您的数据范围内")])
        }
    }

    @Test(arguments: TestBackend.available)
    func attachmentsAreStoredOnceAndChecked(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhi-blobs-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let blobs = BlobStore(directory: folder)
            let district = try #require(try await OrgUnit.query(on: db).filter(\.$code == "371502").first())
            let record = try await RecordStore.create(study, ["kind": .text("seminar"), "title": .text("专题研讨班"), "held_on": .date(LocalDate(iso: "2023-09-01")!),
                                                              "organiser": .uuid(district.id!)], actor: .system(), scope: everything, calculator: calculator, on: db, now: TestClock.now)
            let pdf = Data("%PDF-1.4\n研讨班通知\n".utf8)
            let a = try await AttachmentStore.add(study, recordID: record.id, field: "files", filename: "通知.pdf", data: pdf, blobs: blobs,
                                                  actor: .system(), scope: everything, on: db, now: TestClock.now)
            _ = try await AttachmentStore.add(study, recordID: record.id, field: "files", filename: "通知副本.pdf", data: pdf, blobs: blobs,
                                              actor: .system(), scope: everything, on: db, now: TestClock.now)
            #expect(blobs.read(a.sha256) == pdf)
            let stored = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix("/") && $0.contains("/") }
            #expect(stored.count == 1, "one file for one content")
            await #expect(throws: CoreError.invalid(field: "file", "文件内容与扩展名「pdf」不符")) {
                _ = try await AttachmentStore.add(self.study, recordID: record.id, field: "files", filename: "x.pdf", data: Data("MZ\u{90}".utf8),
                                                  blobs: blobs, actor: .system(), scope: self.everything, on: db, now: TestClock.now)
            }
            await #expect(throws: CoreError.self) {
                _ = try await AttachmentStore.add(self.study, recordID: record.id, field: "files", filename: "run.exe", data: Data("MZ".utf8),
                                                  blobs: blobs, actor: .system(), scope: self.everything, on: db, now: TestClock.now)
            }
            let other = DataScope(allUnits: false, unitIDs: [UUID()], userID: UUID())
            #expect(try await AttachmentStore.find(study, recordID: record.id, attachmentID: a.id, scope: other, on: db) == nil)
            #expect(try await AttachmentStore.list(study, recordID: record.id, on: db).count == 2)
            try await RecordStore.delete(study, id: record.id, actor: .system(), scope: everything, on: db)
            #expect(try await AttachmentStore.list(study, recordID: record.id, on: db).isEmpty, "attachments go with their record")
            #expect(blobs.read(a.sha256) == pdf, "the stored file stays for others that share it")
        }
    }

    @Test(arguments: TestBackend.available)
    func licencesCheckCreditCodesAndShowExpiry(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db
            let type = Licence.declaration.type
            let file = """
                证照类型,证照编号,持证主体,统一社会信用代码,发证单位,发证日期,有效期至
                食品经营许可证,JY13715020001234,聊城市东昌府区某某餐馆,91371502MA3C123457,区市场监督管理局,2021-03-01,2026-02-28
                营业执照,91371502MA3C123458,聊城市东昌府区某某商店,91371502MA3C123458,区市场监督管理局,2020-01-01,2040-01-01
                """
            let plan = try await RecordImport.plan(type, data: Data(file.utf8), scope: everything, calculator: calculator, on: db)
            #expect(plan.valid.count == 1)
            #expect(plan.problems.map(\.column) == ["统一社会信用代码"])
            _ = try await RecordImport.commit(type, plan, onlyValid: true, actor: .system(), on: db, now: TestClock.now)
            var overdue = RecordQuery(); overdue.overdueOn = LocalDate(iso: "2026-03-01")!
            #expect(try await RecordStore.list(type, overdue, scope: everything, on: db).total == 1, "expired while still marked valid")
            overdue.overdueOn = LocalDate(iso: "2026-02-28")!
            #expect(try await RecordStore.list(type, overdue, scope: everything, on: db).total == 0)
        }
    }
}
