import FazhiCore
import FazhiStore
import Vapor

/// What a route requires. Every route declares one; the access middleware refuses routes without.
public enum Access: Sendable, Equatable {
    /// Anyone, signed in or not (sign-in page, health checks, static files).
    case publicAccess
    /// Any signed-in person (their own account pages).
    case signedIn
    case permission(Permission)
    /// Any one of these; the handler decides what each allows (an account kept by one duty or another).
    case anyOf([Permission])
}

/// Route documentation for the OpenAPI document.
public struct APIDoc: Sendable {
    public var summary: String
    public var tag: String
    public var requestSchema: String?
    public var responseSchema: String?
    public var successStatus: Int
    public var queryParameters: [QueryParam]
    /// A body taken as a file rather than JSON (an import): its media types.
    public var fileTypes: [String] = []
    /// Whether the request may come without a body (a move that needs no fields).
    public var bodyRequired = true

    public init(_ summary: String, tag: String, request: String? = nil, response: String? = nil, status: Int = 200, query: [QueryParam] = []) {
        self.summary = summary; self.tag = tag; self.requestSchema = request; self.responseSchema = response
        self.successStatus = status; self.queryParameters = query
    }

    /// The same, its body optional.
    public func bodyOptional(_ optional: Bool = true) -> APIDoc {
        var doc = self
        doc.bodyRequired = !optional
        return doc
    }

    /// The same, taking its body as a file of one of these media types.
    public func taking(files types: [String]) -> APIDoc {
        var doc = self
        doc.fileTypes = types
        return doc
    }
}

/// A query parameter as the document states it: what values the handler takes.
public struct QueryParam: Sendable {
    public enum Kind: Sendable {
        case integer(ClosedRange<Int>)
        case date
        case text(maxLength: Int)
        case choice([String])
        case uuid
        /// Where a list goes on (`RecordCursor`): opaque, made by the server.
        case cursor
    }
    public let name: String
    /// What a refusal calls it, in Chinese.
    public let label: String
    public let kind: Kind
    public var required = false

    public init(_ name: String, _ label: String, _ kind: Kind, required: Bool = false) {
        self.name = name; self.label = label; self.kind = kind; self.required = required
    }

    public static let page = QueryParam("page", "页码", .integer(1...QueryParams.pageLimit))
    public static func per(max: Int) -> QueryParam { QueryParam("per", "每页条数", .integer(1...max)) }
    /// Numbered pages of a list counted up to `RecordStore.countBound`: at the largest page size
    /// they reach the bound, and a client goes on by the list's cursor.
    public static func page(maxPer: Int) -> QueryParam { QueryParam("page", "页码", .integer(1...max(1, RecordStore.countBound / maxPer))) }
    /// A keyed list's cursor: the last key of the page before (the response's `next` has it).
    public static let before = QueryParam("before", "翻页位置（上一页最后一条的序号）", .integer(1...Int.max))
    public static let year = QueryParam("year", "年度", .integer(QueryParams.years))
    public static let search = QueryParam("q", "搜索词", .text(maxLength: 100))
    public static func flag(_ name: String, _ label: String) -> QueryParam { QueryParam(name, label, .choice(["0", "1"])) }
}

extension Route {
    public var access: Access? { userInfo["fazhi.access"] as? Access }
    public var apiDoc: APIDoc? { userInfo["fazhi.doc"] as? APIDoc }

    @discardableResult
    public func require(_ access: Access) -> Route {
        userInfo["fazhi.access"] = access
        return self
    }

    @discardableResult
    public func require(_ permission: Permission) -> Route { require(.permission(permission)) }

    /// Largest body the route takes (uploads); others keep the application's default.
    public var maxBodyBytes: Int? { userInfo["fazhi.maxBody"] as? Int }

    @discardableResult
    public func accepts(upTo bytes: Int) -> Route {
        userInfo["fazhi.maxBody"] = bytes
        return self
    }

    /// What the route checks before anything reads its body (a public upload's limits): an answer
    /// it gives is sent as it is, and the body is never read.
    public typealias Gate = @Sendable (Request) async throws -> Response?
    var gate: Gate? { userInfo["fazhi.gate"] as? Gate }

    @discardableResult
    public func admits(_ gate: @escaping Gate) -> Route {
        userInfo["fazhi.gate"] = gate
        return self
    }

    @discardableResult
    public func document(_ doc: APIDoc) -> Route {
        userInfo["fazhi.doc"] = doc
        return self
    }
}
