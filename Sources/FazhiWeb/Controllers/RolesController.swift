import FazhiCore
import FazhiStore
import Fluent
import Vapor

struct RoleDTO: Content {
    var id: UUID
    var code: String
    var name: String
    var duty: String?
    var dutyLabel: String?
    var scope: String
    var scopeLabel: String
    var permissions: [String]
    var scopeUnitIDs: [UUID]
    var builtIn: Bool
}

struct RoleWrite: Content {
    var code: String?
    var name: String?
    var scope: String?
    var permissions: [String]?
    var scopeUnitIDs: [UUID]?

    func input() throws -> RoleInput {
        guard let scope = scope.flatMap(DataScopeKind.init(rawValue:)) else { throw CoreError.invalid(field: "scope", "请选择数据范围") }
        var perms = Set<Permission>()
        for raw in permissions ?? [] {
            guard let p = Permission(rawValue: raw) else { throw CoreError.invalid(field: "permissions", "未知权限「\(raw)」") }
            perms.insert(p)
        }
        return RoleInput(code: (code ?? "").trimmingCharacters(in: .whitespaces), name: name ?? "", scope: scope, permissions: perms, scopeUnitIDs: scopeUnitIDs ?? [])
    }
}

struct RolesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("roles", use: listPage).require(.roleRead)
        routes.get("roles", "new", use: newPage).require(.roleManage)
        routes.post("roles", use: createPage).require(.roleManage)
        routes.get("roles", ":id", "edit", use: editPage).require(.roleManage)
        routes.post("roles", ":id", use: updatePage).require(.roleManage)
        routes.post("roles", ":id", "delete", use: deletePage).require(.roleManage)

        let api = routes.grouped("api", "v1", "roles")
        api.get(use: list).require(.roleRead).document(APIDoc("角色列表", tag: "组织", response: "RoleList"))
        api.post(use: create).require(.roleManage).document(APIDoc("新增角色", tag: "组织", request: "RoleWrite", response: "Role", status: 201))
        api.patch(":id", use: update).require(.roleManage).document(APIDoc("修改角色", tag: "组织", request: "RoleWrite", response: "Role"))
        api.delete(":id", use: delete).require(.roleManage).document(APIDoc("删除角色", tag: "组织", status: 204))
    }

    static func dtos(on db: any Database) async throws -> [RoleDTO] {
        try await RoleQueries.all(on: db).map { r in
            RoleDTO(id: r.id, code: r.code, name: r.name, duty: r.duty?.rawValue, dutyLabel: r.duty?.label, scope: r.scope.rawValue,
                    scopeLabel: r.scope.label, permissions: r.permissions, scopeUnitIDs: r.scopeUnitIDs, builtIn: r.builtIn)
        }
    }

    static func dto(_ id: UUID, on db: any Database) async throws -> RoleDTO {
        guard let d = try await dtos(on: db).first(where: { $0.id == id }) else { throw AppError.notFound }
        return d
    }

    struct RoleList: Content { let items: [RoleDTO] }

    func list(req: Request) async throws -> RoleList { RoleList(items: try await Self.dtos(on: req.db)) }

    func create(req: Request) async throws -> Response {
        let role = try await OrganisationStore.createRole(try req.decodeClosed(RoleWrite.self).input(), actor: req.auditActor, on: req.db)
        return try await Self.dto(role.id!, on: req.db).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> RoleDTO {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        let current = try await Self.dto(id, on: req.db)
        let patch = try req.decodeClosed(RoleWrite.self)
        let merged = RoleWrite(code: patch.code ?? current.code, name: patch.name ?? current.name, scope: patch.scope ?? current.scope,
                               permissions: patch.permissions ?? current.permissions, scopeUnitIDs: patch.scopeUnitIDs ?? current.scopeUnitIDs)
        _ = try await OrganisationStore.updateRole(id, try merged.input(), actor: req.auditActor, on: req.db)
        return try await Self.dto(id, on: req.db)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        try await OrganisationStore.deleteRole(id, actor: req.auditActor, on: req.db)
        return .noContent
    }

    // MARK: Pages

    struct Option: Encodable { let value: String; let label: String; let note: String?; let checked: Bool }
    struct ListRow: Encodable { let role: RoleDTO; let permissionLabels: String }
    struct ListPage: Encodable { let roles: [ListRow]; let canManage: Bool }
    struct FormPage: Encodable {
        let id: UUID?; let code: String; let name: String; let builtIn: Bool
        let permissions: [Option]; let scopes: [Option]; let units: [Option]; let error: String?; let errorField: String?
    }
    struct FormBody: Content {
        var code: String?; var name: String?; var scope: String?; var permissions: [String]?; var scopeUnitIDs: [String]?
        var write: RoleWrite {
            RoleWrite(code: code, name: name, scope: scope, permissions: permissions ?? [], scopeUnitIDs: (scopeUnitIDs ?? []).compactMap(UUID.init(uuidString:)))
        }
    }

    func listPage(req: Request) async throws -> View {
        let rows = try await Self.dtos(on: req.db).map { r in
            ListRow(role: r, permissionLabels: r.permissions.compactMap { Permission(rawValue: $0)?.label }.joined(separator: "、"))
        }
        return try await Page.render("roles", title: "角色与授权", req: req,
                                     context: ListPage(roles: rows, canManage: try req.requirePrincipal().has(.roleManage)),
                                     breadcrumbs: [("角色与授权", nil)])
    }

    func form(_ req: Request, id: UUID?, write: RoleWrite, builtIn: Bool, error: CoreError? = nil) async throws -> View {
        let perms = Set(write.permissions ?? []), chosen = Set(write.scopeUnitIDs ?? [])
        let units = try await UnitQueries.visibleTree(scope: DataScope.everything, on: req.db)
        return try await Page.render("role-form", title: id == nil ? "新增角色" : "修改角色", req: req, context: FormPage(
            id: id, code: write.code ?? "", name: write.name ?? "", builtIn: builtIn,
            permissions: Permission.allCases.map { Option(value: $0.rawValue, label: $0.label, note: $0.duty?.label, checked: perms.contains($0.rawValue)) },
            scopes: DataScopeKind.allCases.map { Option(value: $0.rawValue, label: $0.label, note: nil, checked: write.scope == $0.rawValue) },
            units: units.map { Option(value: $0.id.uuidString, label: String(repeating: "　", count: $0.depth) + $0.name, note: nil, checked: chosen.contains($0.id)) },
            error: error?.message, errorField: error?.field),
            breadcrumbs: [("角色与授权", "/roles"), (id == nil ? "新增角色" : "修改角色", nil)])
    }

    func newPage(req: Request) async throws -> View {
        try await form(req, id: nil, write: RoleWrite(code: "", name: "", scope: DataScopeKind.ownUnit.rawValue, permissions: [], scopeUnitIDs: []), builtIn: false)
    }

    func createPage(req: Request) async throws -> Response {
        let w = try req.content.decode(FormBody.self).write
        do {
            _ = try await OrganisationStore.createRole(try w.input(), actor: req.auditActor, on: req.db)
            return req.redirect(to: "/roles?notice=created")
        } catch let e as CoreError {
            return try await form(req, id: nil, write: w, builtIn: false, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func editPage(req: Request) async throws -> View {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        let r = try await Self.dto(id, on: req.db)
        return try await form(req, id: id, write: RoleWrite(code: r.code, name: r.name, scope: r.scope, permissions: r.permissions, scopeUnitIDs: r.scopeUnitIDs), builtIn: r.builtIn)
    }

    func updatePage(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        let r = try await Self.dto(id, on: req.db)
        let w = try req.content.decode(FormBody.self).write
        do {
            _ = try await OrganisationStore.updateRole(id, try w.input(), actor: req.auditActor, on: req.db)
            return req.redirect(to: "/roles?notice=saved")
        } catch let e as CoreError {
            return try await form(req, id: id, write: w, builtIn: r.builtIn, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func deletePage(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        try await OrganisationStore.deleteRole(id, actor: req.auditActor, on: req.db)
        return req.redirect(to: "/roles?notice=deleted")
    }
}
