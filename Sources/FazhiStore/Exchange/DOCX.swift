import FazhiCore
import Foundation
import ZIPFoundation

/// A Word document in the layout of Party and government documents (GB/T 9704): A4, margins
/// 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in 方正小标宋简体 二号, first-level
/// headings in 黑体 三号, second-level in 楷体_GB2312 三号, body text in 仿宋_GB2312 三号 with
/// two-character indent; page numbers in the footer. Opens in Word, WPS, LibreOffice and python-docx.
public enum DOCXWriter {
    public enum Block: Sendable {
        case title(String)
        case heading1(String)
        case heading2(String)
        /// Runs of text; `true` runs are figures (set in bold).
        case paragraph([(String, Bool)])
        /// A ruled table of text cells, the first `header` rows in bold, in 五号 type.
        case table([[String]], header: Int)
    }

    public static func document(_ blocks: [Block]) throws -> Data {
        var body = ""
        for block in blocks {
            switch block {
            case .title(let t): body += paragraph(style: "Title", runs: [(t, false)], centered: true)
            case .heading1(let t): body += paragraph(style: "Heading1", runs: [(t, false)])
            case .heading2(let t): body += paragraph(style: "Heading2", runs: [(t, false)])
            case .paragraph(let runs): body += paragraph(style: nil, runs: runs)
            case .table(let rows, let header): body += table(rows, header: header)
            }
        }
        // A4 with GB/T 9704 margins, in twentieths of a point (1 mm ≈ 56.7).
        let section = #"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#
        let document = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"# + body + section + "</w:body></w:document>"
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws { try archive.addFile(path, Data(text.utf8)) }
        try add("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#)
        try add("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#)
        try add("word/_rels/document.xml.rels", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#)
        try add("word/document.xml", document)
        try add("word/styles.xml", styles)
        try add("word/footer1.xml", #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#)
        guard let data = archive.data else { throw CoreError.state("无法生成 DOCX 文件") }
        return data
    }

    static func table(_ rows: [[String]], header: Int) -> String {
        let border = #"w:val="single" w:sz="4" w:space="0" w:color="000000""#
        var t = "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
            + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) \(border)/>" }.joined() + "</w:tblBorders></w:tblPr>"
        for (n, row) in rows.enumerated() {
            t += "<w:tr>"
            for cell in row {
                t += "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr><w:p><w:pPr><w:spacing w:line=\"280\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"left\"/></w:pPr>"
                    + "<w:r><w:rPr>" + (n < header ? "<w:b/>" : "") + "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr><w:t xml:space=\"preserve\">"
                    + XMLText.escape(cell) + "</w:t></w:r></w:p></w:tc>"
            }
            t += "</w:tr>"
        }
        // Word needs a paragraph between two tables and after the last.
        return t + "</w:tbl><w:p/>"
    }

    static func paragraph(style: String?, runs: [(String, Bool)], centered: Bool = false) -> String {
        var p = "<w:p>"
        if style != nil || centered {
            p += "<w:pPr>" + (style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? "") + (centered ? "<w:jc w:val=\"center\"/>" : "") + "</w:pPr>"
        }
        for (text, strong) in runs {
            p += "<w:r>" + (strong ? "<w:rPr><w:b/></w:rPr>" : "") + "<w:t xml:space=\"preserve\">" + XMLText.escape(text) + "</w:t></w:r>"
        }
        return p + "</w:p>"
    }

    /// 三号 = 16 pt (w:sz 32), 二号 = 22 pt (44); fixed 28.95 pt line spacing as in government documents.
    static let styles = #"""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="579" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:before="0" w:after="579"/></w:pPr><w:rPr><w:rFonts w:ascii="方正小标宋简体" w:hAnsi="方正小标宋简体" w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="楷体_GB2312" w:hAnsi="楷体_GB2312" w:eastAsia="楷体_GB2312"/><w:sz w:val="32"/></w:rPr></w:style></w:styles>
    """#
}
