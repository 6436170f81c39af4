import Foundation
import LeafKit
import NIOCore

/// Reads templates from the package's resource bundle. Names are plain words, so no path can
/// leave the views folder; files are small and read once when caching is on.
struct ViewSource: LeafSource {
    let directory: String

    func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
        guard template.wholeMatch(of: /[a-z][a-z0-9-]*/) != nil else {
            throw LeafError(.illegalAccess("template name \(template) is not allowed"))
        }
        guard let data = FileManager.default.contents(atPath: directory + "/" + template + ".leaf") else {
            return eventLoop.makeFailedFuture(LeafError(.noTemplateExists(template)))
        }
        return eventLoop.makeSucceededFuture(ByteBuffer(data: data))
    }
}
