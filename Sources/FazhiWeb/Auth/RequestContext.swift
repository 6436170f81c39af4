import FazhiCore
import FazhiStore
import Vapor

/// How the principal proved who they are.
enum Credential: Sendable {
    case session(id: String, csrfToken: String)
    case apiToken(id: UUID)
}

struct PrincipalKey: StorageKey { typealias Value = Principal }
struct CredentialKey: StorageKey { typealias Value = Credential }

extension Request {
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    var credential: Credential? {
        get { storage[CredentialKey.self] }
        set { storage[CredentialKey.self] = newValue }
    }

    /// The principal of a route that declared a permission; the access middleware guarantees it.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw AppError.unauthenticated }
        return principal
    }

    var clientAddress: String {
        headers.first(name: "X-Forwarded-For")?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? remoteAddress?.ipAddress ?? "unknown"
    }

    /// The audit actor for this request.
    var auditActor: AuditActor {
        if let p = principal {
            return AuditActor(userID: p.userID, name: "\(p.displayName)（\(p.username)）", unitID: p.primaryUnitID, address: clientAddress)
        }
        return AuditActor(userID: nil, name: "匿名", unitID: nil, address: clientAddress)
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }

    var isSecure: Bool {
        application.fazhi.config.forceSecureCookies || headers.first(name: "X-Forwarded-Proto") == "https" || url.scheme == "https"
    }

    /// The scope to narrow every query of unit-owned records.
    func scope() throws -> DataScope { try requirePrincipal().scope }
}
