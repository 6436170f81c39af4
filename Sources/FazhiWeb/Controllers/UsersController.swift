import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// A person as the API gives them (`UserSummary`).
struct UserDTO: Content {
    var id: String
    var username: String
    var displayName: String
    /// Masked (138****5678) unless the caller may see personal data.
    var phone: String?
    var isActive: Bool
    var locked: Bool
    var units: [String]
}

struct UserWrite: Content {
    var username: String?
    var displayName: String?
    var phone: String?
    var isActive: Bool?
    var unitIDs: [UUID]?
    var primaryUnitID: UUID?
}

extension UserDTO {
    init(_ u: UserSummary) {
        id = u.id; username = u.username; displayName = u.displayName; phone = u.phone; isActive = u.isActive; locked = u.locked; units = u.units
    }
}

struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("users", use: listPage).require(.userRead)
        routes.get("users", "new", use: newPage).require(.userManage)
        routes.post("users", use: createPage).require(.userManage)
        // An account is kept by the system administrator, or, when it holds a security duty, by the
        // security administrator (三员分立); the handlers check which.
        routes.get("users", ":id", "edit", use: editPage).require(.anyOf([.userManage, .dutyAccountManage]))
        routes.post("users", ":id", use: updatePage).require(.anyOf([.userManage, .dutyAccountManage]))
        routes.post("users", ":id", "reset-password", use: resetPage).require(.anyOf([.userManage, .dutyAccountManage]))
        routes.get("users", ":id", "roles", use: rolesPage).require(.roleManage)
        routes.post("users", ":id", "roles", use: saveRolesPage).require(.roleManage)

        let api = routes.grouped("api", "v1", "users")
        api.get(use: list).require(.userRead)
            .document(APIDoc("用户列表（分页，按数据范围；手机号按权限脱敏）", tag: "组织", response: "UserList", query: [.page, .per(max: 200), .search]))
        api.post(use: create).require(.userManage)
            .document(APIDoc("新增用户（返回一次性初始密码）", tag: "组织", request: "UserWrite", response: "UserCreated", status: 201))
        api.get(":id", use: get).require(.userRead).document(APIDoc("用户详情", tag: "组织", response: "User"))
        api.patch(":id", use: update).require(.anyOf([.userManage, .dutyAccountManage])).document(APIDoc("修改用户", tag: "组织", request: "UserWrite", response: "User"))
        api.put(":id", "roles", use: setRoles).require(.roleManage)
            .document(APIDoc("设置用户角色（三员分立检查）", tag: "组织", request: "RoleAssignment", response: "User"))
    }

    // MARK: API

    /// Written by hand (`JSONWriter`): this is the hot list.
    struct UserList {
        let items: [UserSummary]; let total: Int; let page: Int; let per: Int

        func json() -> JSONWriter {
            var w = JSONWriter(capacity: 256 + items.count * 200)
            w.beginObject()
            w.key("items"); w.beginArray()
            for u in items {
                w.beginObject()
                w.key("id"); w.value(u.id)
                w.key("username"); w.value(u.username)
                w.key("displayName"); w.value(u.displayName)
                w.key("phone"); w.value(u.phone)
                w.key("isActive"); w.value(u.isActive)
                w.key("locked"); w.value(u.locked)
                w.key("units"); w.beginArray(); for n in u.units { w.value(n) }; w.endArray()
                w.endObject()
            }
            w.endArray()
            w.key("total"); w.value(total)
            w.key("page"); w.value(page)
            w.key("per"); w.value(per)
            w.endObject()
            return w
        }
    }
    struct UserCreated: Content { let user: UserDTO; let initialPassword: String }
    struct RoleAssignment: Content { var roleIDs: [UUID] }

    func list(req: Request) async throws -> Response {
        let p = try req.requirePrincipal()
        let query = QueryParams(req)
        let paging = try query.paging(per: 50, maxPer: 200), page = paging.page, per = paging.per
        let result = try await users(p, search: query.string("q"), limit: per, offset: paging.offset, req: req)
        return UserList(items: result.items, total: result.total, page: page, per: per).json().response()
    }

    func users(_ p: Principal, search: String?, limit: Int, offset: Int, req: Request) async throws -> (items: [UserSummary], total: Int) {
        let services = req.application.fazhi
        return try await UserQueries.page(scope: p.scope, search: search, limit: limit, offset: offset, revealPersonal: p.has(.personalDataView),
                                          now: req.now, totals: services.totals, unitNames: services.unitNames, on: req.db)
    }

    /// The person the path names, when the caller may see them (others answer as missing ones do).
    static func person(_ req: Request) async throws -> User {
        guard let user = try await UserQueries.find(req.parameters.get("id", as: UUID.self), scope: req.scope(), on: req.db) else {
            throw AppError.notFound
        }
        return user
    }

    static func dto(_ user: User, req: Request) async throws -> UserDTO {
        UserDTO(try await UserQueries.summary(user, revealPersonal: try req.requirePrincipal().has(.personalDataView), now: req.now, on: req.db))
    }

    func get(req: Request) async throws -> UserDTO {
        try await Self.dto(Self.person(req), req: req)
    }

    func input(_ w: UserWrite, existing: User? = nil, req: Request) throws -> UserInput {
        let units = w.unitIDs ?? []
        let scope = try req.scope()
        if let outside = units.first(where: { !scope.covers(unit: $0) }) {
            throw CoreError.invalid(field: "unitIDs", "单位 \(outside) 不在您的数据范围内")
        }
        return UserInput(username: (w.username ?? existing?.username ?? "").trimmingCharacters(in: .whitespaces).lowercased(),
                         displayName: w.displayName ?? existing?.displayName ?? "",
                         phone: w.phone ?? existing?.phone, isActive: w.isActive ?? existing?.isActive ?? true,
                         unitIDs: units, primaryUnitID: w.primaryUnitID)
    }

    func create(req: Request) async throws -> Response {
        let w = try req.decodeClosed(UserWrite.self)
        let password = PasswordPolicy.generate()
        let user = try await OrganisationStore.createUser(try input(w, req: req), passwordHash: try await req.password.async.hash(password),
                                                          actor: req.auditActor, on: req.db)
        return try await UserCreated(user: Self.dto(user, req: req), initialPassword: password).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> UserDTO {
        let user = try await Self.person(req)
        var w = try req.decodeClosed(UserWrite.self)
        if w.unitIDs == nil {
            w.unitIDs = try await UserQueries.memberships(of: user.id!, on: req.db).unitIDs
        }
        let updated = try await OrganisationStore.updateUser(user.id!, try input(w, existing: user, req: req), steward: try req.requirePrincipal().permissions,
                                                              actor: req.auditActor, on: req.db)
        return try await Self.dto(updated, req: req)
    }

    func setRoles(req: Request) async throws -> UserDTO {
        let user = try await Self.person(req)
        let body = try req.decodeClosed(RoleAssignment.self)
        try await OrganisationStore.assignRoles(user.id!, body.roleIDs, actor: req.auditActor, on: req.db)
        return try await Self.dto(user, req: req)
    }

    // MARK: Pages

    struct ListPage: Encodable {
        let users: [UserDTO]; let total: Int; let page: Int; let pages: Int; let q: String
        let canManage: Bool; let canAssign: Bool; let prev: Int?; let next: Int?
    }
    struct UnitOption: Encodable { let id: UUID; let label: String; let checked: Bool; let primary: Bool }
    struct FormValues: Encodable { var username: String; var displayName: String; var phone: String; var isActive: Bool }
    struct FormPage: Encodable {
        let id: UUID?; let values: FormValues; let units: [UnitOption]; let error: String?; let errorField: String?
        let newPassword: String?; let locked: Bool
    }

    func listPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        let query = QueryParams(req)
        let paging = try query.paging(per: 50, maxPer: 50), page = paging.page, per = paging.per
        let q = query.string("q") ?? ""
        let result = try await users(p, search: q, limit: per, offset: paging.offset, req: req)
        let pages = paging.pages(result.total)
        return try await Page.render("users", title: "用户", req: req, context: ListPage(
            users: result.items.map(UserDTO.init), total: result.total, page: page, pages: pages, q: q,
            canManage: p.has(.userManage), canAssign: p.has(.roleManage),
            prev: page > 1 ? page - 1 : nil, next: page < pages ? page + 1 : nil), breadcrumbs: [("用户", nil)])
    }

    /// The form posts unit ids as `unitIDs[]` checkboxes.
    struct FormBody: Content {
        var username: String?; var displayName: String?; var phone: String?; var isActive: String?
        var unitIDs: [String]?; var primaryUnitID: String?
        var write: UserWrite {
            UserWrite(username: username, displayName: displayName, phone: phone, isActive: isActive == "on" || isActive == "true",
                      unitIDs: (unitIDs ?? []).compactMap(UUID.init(uuidString:)), primaryUnitID: primaryUnitID.flatMap(UUID.init(uuidString:)))
        }
    }

    func form(_ req: Request, id: UUID?, values: FormValues, unitIDs: [UUID], primary: UUID?, error: CoreError? = nil,
              newPassword: String? = nil, locked: Bool = false) async throws -> View {
        let units = try await UnitQueries.visibleTree(scope: req.scope(), on: req.db).map {
            UnitOption(id: $0.id, label: String(repeating: "　", count: $0.depth) + $0.name, checked: unitIDs.contains($0.id), primary: $0.id == primary)
        }
        return try await Page.render("user-form", title: id == nil ? "新增用户" : "修改用户", req: req,
                                     context: FormPage(id: id, values: values, units: units, error: error?.message, errorField: error?.field,
                                                       newPassword: newPassword, locked: locked),
                                     breadcrumbs: [("用户", "/users"), (id == nil ? "新增用户" : "修改用户", nil)])
    }

    func newPage(req: Request) async throws -> View {
        try await form(req, id: nil, values: FormValues(username: "", displayName: "", phone: "", isActive: true), unitIDs: [], primary: nil)
    }

    func createPage(req: Request) async throws -> Response {
        let body = try req.content.decode(FormBody.self)
        let values = FormValues(username: body.username ?? "", displayName: body.displayName ?? "", phone: body.phone ?? "", isActive: true)
        let w = body.write
        do {
            let password = PasswordPolicy.generate()
            let user = try await OrganisationStore.createUser(try input(w, req: req), passwordHash: try await req.password.async.hash(password),
                                                              actor: req.auditActor, on: req.db)
            // The initial password is shown once, on the page that follows creation.
            let units = w.unitIDs ?? []
            return try await form(req, id: user.id, values: values, unitIDs: units, primary: w.primaryUnitID ?? units.first, newPassword: password)
                .encodeResponse(status: .created, for: req)
        } catch let e as CoreError {
            return try await form(req, id: nil, values: values, unitIDs: w.unitIDs ?? [], primary: w.primaryUnitID, error: e)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    /// The account page and its forms only for the duty that keeps the account (三员分立).
    static func checkStewardship(_ user: User, req: Request) async throws {
        try await OrganisationStore.checkStewardship(of: user.id!, by: try req.requirePrincipal().permissions, on: req.db)
    }

    func editPage(req: Request) async throws -> View {
        let user = try await Self.person(req)
        try await Self.checkStewardship(user, req: req)
        let memberships = try await UserQueries.memberships(of: user.id!, on: req.db)
        return try await form(req, id: user.id, values: FormValues(username: user.username, displayName: user.displayName, phone: user.phone ?? "", isActive: user.isActive),
                              unitIDs: memberships.unitIDs, primary: memberships.primary,
                              locked: (user.lockedUntil ?? .distantPast) > req.now)
    }

    func updatePage(req: Request) async throws -> Response {
        let user = try await Self.person(req)
        try await Self.checkStewardship(user, req: req)
        let body = try req.content.decode(FormBody.self)
        let w = body.write
        do {
            _ = try await OrganisationStore.updateUser(user.id!, try input(w, existing: user, req: req), steward: try req.requirePrincipal().permissions,
                                                              actor: req.auditActor, on: req.db)
            return req.redirect(to: "/users?notice=saved")
        } catch let e as CoreError {
            let values = FormValues(username: body.username ?? "", displayName: body.displayName ?? "", phone: body.phone ?? "", isActive: w.isActive ?? true)
            return try await form(req, id: user.id, values: values, unitIDs: w.unitIDs ?? [], primary: w.primaryUnitID, error: e)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    /// A new random password, shown once; it also lifts a lock-out.
    func resetPage(req: Request) async throws -> View {
        let user = try await Self.person(req)
        try await Self.checkStewardship(user, req: req)
        let password = PasswordPolicy.generate()
        try await OrganisationStore.resetPassword(user.id!, passwordHash: try await req.password.async.hash(password),
                                                  steward: try req.requirePrincipal().permissions, actor: req.auditActor, now: req.now, on: req.db)
        let memberships = try await UserQueries.memberships(of: user.id!, on: req.db)
        return try await form(req, id: user.id, values: FormValues(username: user.username, displayName: user.displayName, phone: user.phone ?? "", isActive: user.isActive),
                              unitIDs: memberships.unitIDs, primary: memberships.primary, newPassword: password)
    }

    struct RoleOption: Encodable { let id: UUID; let name: String; let duty: String?; let checked: Bool }
    struct RolesPage: Encodable { let id: UUID; let username: String; let displayName: String; let roles: [RoleOption]; let error: String? }
    struct RolesBody: Content { var roleIDs: [String]? }

    func rolesForm(_ req: Request, user: User, selected: Set<UUID>, error: String? = nil) async throws -> View {
        let roles = try await RoleQueries.all(on: req.db).sorted { $0.name < $1.name }.map {
            RoleOption(id: $0.id, name: $0.name, duty: $0.duty?.label, checked: selected.contains($0.id))
        }
        return try await Page.render("user-roles", title: "分配角色", req: req,
                                     context: RolesPage(id: user.id!, username: user.username, displayName: user.displayName, roles: roles, error: error),
                                     breadcrumbs: [("用户", "/users"), ("分配角色", nil)])
    }

    func rolesPage(req: Request) async throws -> View {
        let user = try await Self.person(req)
        let selected = try await UserQueries.roleIDs(of: user.id!, on: req.db)
        return try await rolesForm(req, user: user, selected: selected)
    }

    func saveRolesPage(req: Request) async throws -> Response {
        let user = try await Self.person(req)
        let ids = (try req.content.decode(RolesBody.self).roleIDs ?? []).compactMap(UUID.init(uuidString:))
        do {
            try await OrganisationStore.assignRoles(user.id!, ids, actor: req.auditActor, on: req.db)
            return req.redirect(to: "/users?notice=saved")
        } catch let e as CoreError {
            return try await rolesForm(req, user: user, selected: Set(ids), error: e.message).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}
