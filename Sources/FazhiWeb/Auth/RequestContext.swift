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

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest address
    /// in `X-Forwarded-For` that is not itself a trusted proxy. Anyone else's header is ignored.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard fromTrustedProxy, let forwarded = headers.first(name: "X-Forwarded-For") else { return peer }
        let trusted = application.fazhi.config.trustedProxies
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (hops.last { !trusted.contains($0) } ?? hops.first).map { String($0.prefix(64)) } ?? peer
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
        application.fazhi.config.forceSecureCookies || url.scheme == "https" || fromTrustedProxy && headers.first(name: "X-Forwarded-Proto") == "https"
    }

    /// Whether the peer is one of `FAZHI_TRUSTED_PROXIES`, whose forwarding headers count.
    var fromTrustedProxy: Bool {
        guard let peer = remoteAddress?.ipAddress else { return false }
        return application.fazhi.config.trustedProxies.contains(peer)
    }

    /// The scope to narrow every query of unit-owned records.
    func scope() throws -> DataScope { try requirePrincipal().scope }

    /// Business time now and today, from the application's `Clock`.
    var now: Date { application.fazhi.config.clock.now }
    var today: LocalDate { application.fazhi.config.clock.today }
}

extension Request {
    /// The district a report or dashboard is about: `?district=CODE` when the person's scope
    /// covers it, otherwise the district of the person's own unit.
    func district() async throws -> District {
        let p = try requirePrincipal()
        let all = try await Districts.all(on: db)
        if let code = QueryParams(self).string("district"), !code.isEmpty {
            guard let chosen = all.first(where: { $0.code == code }) else { throw AppError.notFound }
            guard p.scope.covers(unit: chosen.id) else { throw AppError.forbidden }
            return chosen
        }
        if let unit = p.primaryUnitID, let home = try await Districts.of(unit: unit, on: db) { return home }
        guard p.scope.allUnits, let first = all.first else { throw AppError.forbidden }
        return first
    }

    /// The district whose settings (numbering rules, reminder plans, local rules) the person
    /// changes: their own or `?district=`, and only when their data scope covers all of it —
    /// every unit, not only the root (仅本单位 on the district's own unit is not the district).
    func settingsDistrict() async throws -> District {
        let district = try await district()
        guard try await Districts.coversWhole(district, scope: try requirePrincipal().scope, on: db) else { throw AppError.forbidden }
        return district
    }

    /// The unit whose figures a person sees: their district when their scope covers it (nil, the
    /// whole platform, when it is the only district), otherwise their own unit and below; with the
    /// district it belongs to.
    func figureUnit() async throws -> (unit: UUID?, name: String, district: District) {
        let p = try requirePrincipal()
        let district = try await district()
        if p.scope.covers(unit: district.id) { return (try await Districts.figureUnit(district, on: db), district.name, district) }
        guard let unit = p.primaryUnitID else { throw AppError.forbidden }
        let names = try await UnitDirectory.names(cache: application.fazhi.unitNames, on: db)
        return (unit, names[unit.uuidString]?.name ?? "本单位", district)
    }
}
