import FazhiCore
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
    public var queryParameters: [String]

    public init(_ summary: String, tag: String, request: String? = nil, response: String? = nil, status: Int = 200, query: [String] = []) {
        self.summary = summary; self.tag = tag; self.requestSchema = request; self.responseSchema = response
        self.successStatus = status; self.queryParameters = query
    }
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

    @discardableResult
    public func document(_ doc: APIDoc) -> Route {
        userInfo["fazhi.doc"] = doc
        return self
    }
}
