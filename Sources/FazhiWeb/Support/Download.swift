import FazhiCore
import FazhiStore
import Foundation
import Vapor

extension Response {
    /// A file to save (or, `inline`, to show): the name in ASCII for old clients and in UTF-8
    /// (RFC 5987) for the rest, since most names here are Chinese.
    static func download(_ data: Data, filename: String, contentType: String, inline: Bool = false) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        let ascii = filename.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" } ? filename : "download." + (filename as NSString).pathExtension
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        headers.replaceOrAdd(name: .contentDisposition, value: "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        // A file is the person's data: never kept by a cache. One shown in the browser (a PDF, an
        // image) runs in a sandbox, so a crafted PDF cannot script the platform's origin.
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if inline { headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'") }
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// A record's attachment as kept in the blob store: a PDF or an image shows in the browser,
    /// anything else is saved. Nil when its bytes are missing.
    static func attachment(_ a: Attachment, blobs: BlobStore) -> Response? {
        blobs.read(a.sha256).map { download($0, filename: a.filename, contentType: a.contentType,
                                            inline: a.contentType == "application/pdf" || a.contentType.hasPrefix("image/")) }
    }
}
