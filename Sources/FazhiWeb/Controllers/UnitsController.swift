import FazhiCore
import FazhiStore
import Fluent
import Vapor

struct UnitDTO: Content {
    var id: UUID
    var code: String
    var name: String
    var kind: String
    var kindLabel: String
    var parentID: UUID?
    var sortOrder: Int
    var depth: Int

    init(_ u: UnitEntry) {
        id = u.id; code = u.code; name = u.name; kind = u.kind.rawValue; kindLabel = u.kind.label
        parentID = u.parentID; sortOrder = u.sortOrder; depth = u.depth
    }

    init(_ u: OrgUnit) {
        id = u.id!; code = u.code; name = u.name; kind = u.kind.rawValue; kindLabel = u.kind.label
        parentID = u.$parent.id; sortOrder = u.sortOrder; depth = 0
    }
}

struct UnitWrite: Content {
    var code: String?
    var name: String?
    var kind: String?
    var parentID: String?
    var sortOrder: String?

    func input() throws -> UnitInput {
        guard let kind = kind.flatMap(UnitKind.init(rawValue:)) else { throw CoreError.invalid(field: "kind", "请选择单位类型") }
        let parent: UUID?
        if let raw = parentID, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw CoreError.invalid(field: "parentID", "上级单位编号格式不正确") }
            parent = id
        } else { parent = nil }
        let order: Int
        if let raw = sortOrder, !raw.isEmpty {
            guard let n = Int(raw), (0...9999).contains(n) else { throw CoreError.invalid(field: "sortOrder", "排序号应为 0–9999 的整数") }
            order = n
        } else { order = 0 }
        return UnitInput(code: (code ?? "").trimmingCharacters(in: .whitespaces), name: name ?? "", kind: kind, parentID: parent, sortOrder: order)
    }
}

struct UnitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("units", use: listPage).require(.unitRead)
        routes.get("units", "new", use: newPage).require(.unitManage)
        routes.post("units", use: createPage).require(.unitManage)
        routes.get("units", ":id", "edit", use: editPage).require(.unitManage)
        routes.post("units", ":id", use: updatePage).require(.unitManage)
        routes.post("units", ":id", "delete", use: deletePage).require(.unitManage)

        let api = routes.grouped("api", "v1", "units")
        api.get(use: list).require(.unitRead).document(APIDoc("单位列表（树序，按数据范围）", tag: "组织", response: "UnitList"))
        api.post(use: create).require(.unitManage).document(APIDoc("新增单位", tag: "组织", request: "UnitWrite", response: "Unit", status: 201))
        api.get(":id", use: get).require(.unitRead).document(APIDoc("单位详情", tag: "组织", response: "Unit"))
        api.patch(":id", use: update).require(.unitManage).document(APIDoc("修改单位", tag: "组织", request: "UnitWrite", response: "Unit"))
        api.delete(":id", use: delete).require(.unitManage).document(APIDoc("删除单位", tag: "组织", status: 204))
    }

    // MARK: API

    struct UnitList: Content { let items: [UnitDTO]; let total: Int }

    func list(req: Request) async throws -> UnitList {
        let items = try await UnitQueries.visibleTree(scope: req.scope(), on: req.db).map(UnitDTO.init)
        return UnitList(items: items, total: items.count)
    }

    func get(req: Request) async throws -> UnitDTO {
        UnitDTO(try await scopedUnit(req))
    }

    func create(req: Request) async throws -> Response {
        let input = try req.decodeClosed(UnitWrite.self).input()
        try checkParentInScope(input, req)
        let unit = try await OrganisationStore.createUnit(input, actor: req.auditActor, on: req.db)
        req.unitsChanged()
        return try await UnitDTO(unit).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> UnitDTO {
        let existing = try await scopedUnit(req)
        let patch = try req.decodeClosed(UnitWrite.self)
        let merged = UnitWrite(code: patch.code ?? existing.code, name: patch.name ?? existing.name, kind: patch.kind ?? existing.kind.rawValue,
                               parentID: patch.parentID ?? existing.parentID?.uuidString, sortOrder: patch.sortOrder ?? String(existing.sortOrder))
        let input = try merged.input()
        try checkParentInScope(input, req)
        let unit = try await OrganisationStore.updateUnit(existing.id, input, actor: req.auditActor, on: req.db)
        req.unitsChanged()
        return UnitDTO(unit)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let unit = try await scopedUnit(req)
        try await OrganisationStore.deleteUnit(unit.id, actor: req.auditActor, on: req.db)
        req.unitsChanged()
        return .noContent
    }

    /// The unit the path names, when the caller's scope covers it.
    func scopedUnit(_ req: Request) async throws -> UnitEntry {
        guard let unit = try await UnitQueries.find(req.parameters.get("id", as: UUID.self), scope: req.scope(), on: req.db) else {
            throw AppError.notFound
        }
        return unit
    }

    func checkParentInScope(_ input: UnitInput, _ req: Request) throws {
        if let parent = input.parentID, !(try req.scope().covers(unit: parent)) {
            throw CoreError.invalid(field: "parentID", "上级单位不在您的数据范围内")
        }
    }

    // MARK: Pages

    struct ListPage: Encodable { let units: [UnitDTO]; let canManage: Bool }
    struct KindOption: Encodable { let value: String; let label: String }
    struct FormPage: Encodable {
        let id: UUID?; let values: UnitWrite; let parents: [UnitDTO]; let kinds: [KindOption]; let error: String?; let errorField: String?
    }

    func listPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        let units = try await UnitQueries.visibleTree(scope: p.scope, on: req.db).map(UnitDTO.init)
        return try await Page.render("units", title: "单位", req: req, context: ListPage(units: units, canManage: p.has(.unitManage)),
                                     breadcrumbs: [("单位", nil)])
    }

    func form(_ req: Request, id: UUID?, values: UnitWrite, error: CoreError? = nil) async throws -> View {
        let parents = try await UnitQueries.visibleTree(scope: req.scope(), on: req.db).filter { $0.id != id }.map(UnitDTO.init)
        return try await Page.render(
            "unit-form", title: id == nil ? "新增单位" : "修改单位", req: req,
            context: FormPage(id: id, values: values, parents: parents, kinds: UnitKind.allCases.map { KindOption(value: $0.rawValue, label: $0.label) },
                              error: error?.message, errorField: error?.field),
            breadcrumbs: [("单位", "/units"), (id == nil ? "新增单位" : "修改单位", nil)])
    }

    func newPage(req: Request) async throws -> View {
        try await form(req, id: nil, values: UnitWrite(code: "", name: "", kind: UnitKind.department.rawValue, parentID: req.query[String.self, at: "parent"], sortOrder: "0"))
    }

    func createPage(req: Request) async throws -> Response {
        let values = try req.content.decode(UnitWrite.self)
        do {
            let input = try values.input()
            try checkParentInScope(input, req)
            _ = try await OrganisationStore.createUnit(input, actor: req.auditActor, on: req.db)
            req.unitsChanged()
            return req.redirect(to: "/units?notice=created")
        } catch let e as CoreError {
            return try await form(req, id: nil, values: values, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func editPage(req: Request) async throws -> View {
        let unit = try await scopedUnit(req)
        return try await form(req, id: unit.id, values: UnitWrite(code: unit.code, name: unit.name, kind: unit.kind.rawValue,
                                                                   parentID: unit.parentID?.uuidString, sortOrder: String(unit.sortOrder)))
    }

    func updatePage(req: Request) async throws -> Response {
        let unit = try await scopedUnit(req)
        let values = try req.content.decode(UnitWrite.self)
        do {
            let input = try values.input()
            try checkParentInScope(input, req)
            _ = try await OrganisationStore.updateUnit(unit.id, input, actor: req.auditActor, on: req.db)
            req.unitsChanged()
            return req.redirect(to: "/units?notice=saved")
        } catch let e as CoreError {
            return try await form(req, id: unit.id, values: values, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func deletePage(req: Request) async throws -> Response {
        let unit = try await scopedUnit(req)
        try await OrganisationStore.deleteUnit(unit.id, actor: req.auditActor, on: req.db)
        req.unitsChanged()
        return req.redirect(to: "/units?notice=deleted")
    }
}

extension Request {
    /// The unit tree changed: the districts' own deadline amounts follow each unit's district.
    func unitsChanged() { application.fazhi.invalidateCalculator() }
}
