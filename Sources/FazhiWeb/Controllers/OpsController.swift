import FazhiStore
import Fluent
import Vapor

/// Health, readiness, metrics and static files.
struct OpsController: RouteCollection {
    let staticDirectory: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz") { _ in Response(status: .ok, body: .init(string: "ok")) }
            .require(.publicAccess)
        routes.get("readyz", use: readyz).require(.publicAccess)
        routes.get("metrics", use: metrics).require(.opsMetrics)
        routes.get("static", ":file", use: file).require(.publicAccess)
    }

    /// Ready once the database answers and no demo is being made behind this instance.
    func readyz(req: Request) async throws -> Response {
        do {
            try await req.db.ping()
            if let progress = req.application.fazhi.demoProgress.withLockedValue({ $0 }) {
                return Response(status: .serviceUnavailable, body: .init(string: "demo data being made: \(progress.percent)%"))
            }
            return Response(status: .ok, body: .init(string: "ready"))
        } catch {
            return Response(status: .serviceUnavailable, body: .init(string: "database unavailable"))
        }
    }

    func metrics(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.application.fazhi.metrics.render()))
    }

    /// Only the named files in Public/; no paths.
    func file(req: Request) async throws -> Response {
        let name = req.parameters.get("file") ?? ""
        guard name.wholeMatch(of: /[a-z0-9-]+\.(css|js|svg)/) != nil else { throw AppError.notFound }
        let path = staticDirectory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { throw AppError.notFound }
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}

struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home).require(.signedIn)
    }

    struct Home: Encodable { let permissions: [String] }

    func home(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        return try await Page.render("home", title: "工作台", req: req,
                                     context: Home(permissions: p.permissions.map(\.label).sorted()))
    }
}
