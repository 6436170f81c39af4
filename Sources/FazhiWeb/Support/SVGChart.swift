import FazhiStore
import Foundation

/// Bar charts drawn on the server as SVG: a title and description for screen readers, each bar a
/// link to the records it counts, labels escaped. Pages put the same numbers in a table beside it.
enum SVGChart {
    /// `shown`: the value as printed when it is not the count itself (a rate kept in hundredths).
    struct Bar: Encodable {
        let label: String; let value: Int; let href: String?; var shown: String? = nil
        var text: String { shown ?? String(value) }
    }

    /// Vertical bars, one per label (months).
    static func columns(id: String, title: String, bars: [Bar], width: Int = 640, height: Int = 200) -> String {
        let top = bars.map(\.value).max() ?? 0
        let plot = height - 40, slot = Double(width - 20) / Double(max(1, bars.count))
        var out = svgOpen(id: id, title: title, summary: bars, width: width, height: height)
        for (i, bar) in bars.enumerated() {
            let h = top == 0 ? 0 : Int((Double(bar.value) / Double(top) * Double(plot - 16)).rounded())
            let x = 10 + Double(i) * slot, w = max(2, slot * 0.7)
            let y = plot - h
            out += link(bar.href, label: "\(bar.label)：\(bar.text)") {
                "<rect x=\"\(fmt(x + slot * 0.15))\" y=\"\(y)\" width=\"\(fmt(w))\" height=\"\(h)\" class=\"bar\"/>"
                    + "<text x=\"\(fmt(x + slot / 2))\" y=\"\(y - 4)\" text-anchor=\"middle\" class=\"value\">\(XMLText.escape(bar.text))</text>"
            }
            out += "<text x=\"\(fmt(x + slot / 2))\" y=\"\(plot + 16)\" text-anchor=\"middle\" class=\"axis\">\(XMLText.escape(bar.label))</text>"
        }
        return out + "</svg>"
    }

    /// Horizontal bars, one per unit.
    static func rows(id: String, title: String, bars: [Bar], width: Int = 640) -> String {
        let top = bars.map(\.value).max() ?? 0, row = 22, labelWidth = 120
        let height = bars.count * row + 10
        var out = svgOpen(id: id, title: title, summary: bars, width: width, height: height)
        for (i, bar) in bars.enumerated() {
            let y = 5 + i * row
            let w = top == 0 ? 0 : Int((Double(bar.value) / Double(top) * Double(width - labelWidth - 50)).rounded())
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"axis\">\(XMLText.escape(bar.label))</text>"
            out += link(bar.href, label: "\(bar.label)：\(bar.text)") {
                "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(row - 6)\" class=\"bar\"/>"
                    + "<text x=\"\(labelWidth + max(w, 1) + 4)\" y=\"\(y + 15)\" class=\"value\">\(XMLText.escape(bar.text))</text>"
            }
        }
        return out + "</svg>"
    }

    static func svgOpen(id: String, title: String, summary bars: [Bar], width: Int, height: Int) -> String {
        let desc = bars.map { "\($0.label) \($0.text)" }.joined(separator: "，")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">"
            + "<title id=\"\(id)-t\">\(XMLText.escape(title))</title><desc id=\"\(id)-d\">\(XMLText.escape(desc))</desc>"
    }

    static func link(_ href: String?, label: String, _ body: () -> String) -> String {
        guard let href else { return body() }
        return "<a href=\"\(XMLText.escape(href))\" aria-label=\"\(XMLText.escape(label))\">" + body() + "</a>"
    }

    static func fmt(_ d: Double) -> String { String(Int(d.rounded())) }
}
