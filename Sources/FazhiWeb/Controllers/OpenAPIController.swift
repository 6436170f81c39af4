import FazhiCore
import Vapor

/// The OpenAPI 3.1 document, generated from the routes' own declarations so that it cannot
/// drift from what is registered.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("api", "v1", "openapi.json", use: document).require(.publicAccess)
            .document(APIDoc("本 OpenAPI 文档", tag: "系统", response: nil))
    }

    func document(req: Request) async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: Self.build(routes: req.application.routes.all), options: [.sortedKeys, .prettyPrinted])
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static func build(routes: [Route]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            guard let doc = route.apiDoc else { continue }
            var parameters: [[String: Any]] = []
            let path = "/" + route.path.map { component -> String in
                if case .parameter(let name) = component {
                    parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]])
                    return "{\(name)}"
                }
                return component.description
            }.joined(separator: "/")
            for q in doc.queryParameters {
                parameters.append(["name": q, "in": "query", "required": false, "schema": ["type": "string"]])
            }
            var op: [String: Any] = [
                "summary": doc.summary, "tags": [doc.tag],
                "operationId": route.method.rawValue.lowercased() + path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_"),
            ]
            if !parameters.isEmpty { op["parameters"] = parameters }
            if let request = doc.requestSchema {
                op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(request)"]]]]
            }
            var success: [String: Any] = ["description": "成功"]
            if let response = doc.responseSchema {
                success["content"] = ["application/json": ["schema": ["$ref": "#/components/schemas/\(response)"]]]
            }
            let problem: [String: Any] = ["description": "错误（RFC 9457）", "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]
            var responses: [String: Any] = [String(doc.successStatus): success, "default": problem]
            if route.access != .publicAccess {
                responses["401"] = problem
                responses["403"] = problem
            }
            op["responses"] = responses
            if route.access == .publicAccess { op["security"] = [[String: Any]]() }
            paths[path, default: [:]][route.method.rawValue.lowercased()] = op
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "法治 Fazhi API", "version": "1.0.0", "description": "依法治区工作平台接口。个人 API 令牌以 Bearer 方式提交。"],
            "servers": [["url": "/"]],
            "security": [["bearerAuth": [String]()]],
            "paths": paths,
            "components": ["schemas": Schemas.all, "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]]],
        ]
    }
}

/// JSON Schemas of the API's bodies.
enum Schemas {
    static func object(_ props: [String: Any], required: [String] = []) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": props]
        if !required.isEmpty { o["required"] = required }
        return o
    }
    static var string: [String: Any] { ["type": "string"] }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var int: [String: Any] { ["type": "integer"] }
    static var bool: [String: Any] { ["type": "boolean"] }
    static func nullable(_ s: [String: Any]) -> [String: Any] { var c = s; c["type"] = [s["type"]!, "null"]; return c }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    /// Each register's record, list and write bodies, from its declaration.
    static var registers: [String: Any] {
        var out: [String: Any] = [:]
        for type in Registers.all {
            let name = RecordsController.schemaName(type)
            var fields: [String: Any] = [:]
            for f in type.columns {
                var s: [String: Any]
                switch f.kind {
                case .count: s = ["type": ["integer", "null"], "minimum": 0]
                case .money: s = ["type": ["string", "null"], "description": "金额（元），最多两位小数", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$"]
                case .percentage: s = ["type": ["string", "null"], "description": "百分数，最多两位小数"]
                case .date: s = ["type": ["string", "null"], "format": "date"]
                case .unit, .person: s = ["type": ["string", "null"], "description": f.kind == .unit ? "单位 id（写入时也可用单位编码）" : "人员 id（写入时也可用登录名）"]
                case .record(let register): s = ["type": ["string", "null"], "description": "「\(Registers.type(slug: register)?.label ?? register)」中的记录 id（写入时也可用不重名的标题）"]
                case .enumeration(let choices): s = ["type": ["string", "null"], "enum": choices.map(\.code) + [NSNull()], "description": choices.map { "\($0.code)=\($0.label)" }.joined(separator: "，")]
                default: s = ["type": ["string", "null"]]
                }
                s["title"] = f.label
                if f.personal { s["description"] = ((s["description"] as? String).map { $0 + "；" } ?? "") + "个人信息：无权限者得到脱敏值" }
                if f.assigned { s["readOnly"] = true; s["description"] = "由系统编号，不能填写" }
                fields[f.name] = s
            }
            let fieldsObject = object(fields)
            out[name] = object(["id": uuid, "state": ["type": "string", "enum": type.states.map(\.code)], "stateLabel": string, "version": int,
                                "overdue": array(string), "createdAt": string, "updatedAt": string, "fields": fieldsObject],
                               required: ["id", "state", "version", "fields"])
            out[name + "List"] = object(["items": array(ref(name)), "total": int, "page": int, "per": int])
            out[name + "Write"] = object(["fields": object(fields.filter { name, _ in type.column(name)?.assigned != true }), "version": int])
        }
        return out
    }

    static var all: [String: Any] { registers.merging(platform) { a, _ in a } }

    static var platform: [String: Any] { [
        "FigureList": object(["year": int, "unitName": string, "items": array(object(["name": string, "label": string, "definition": string,
                                                                                     "unit": string, "value": string, "previous": string, "change": string]))]),
        "DistrictComparison": object(["year": int, "districts": array(string),
                                      "items": array(object(["name": string, "label": string, "unit": string, "values": array(string)]))]),
        "ToDoList": object(["today": string, "items": array(object(["register": string, "title": string, "unit": string, "field": string,
                                                                   "due": string, "daysLeft": int, "overdue": bool, "href": string, "lateDays": int]))]),
        "ReminderList": object(["total": int, "page": int, "items": array(object(["id": int, "subject": string, "channel": string, "recipient": string,
                                                                                 "state": string, "stateLabel": string, "attempts": int, "next": string,
                                                                                 "sent": nullable(string), "error": nullable(string)]))]),
        "ImportReport": object(["fileSHA256": string, "rows": int, "valid": int, "added": int, "duplicates": array(int),
                                "problems": array(object(["row": int, "column": string, "message": string]))]),
        "Problem": object(["type": string, "title": string, "status": int, "detail": string, "code": string, "field": string, "instance": string],
                          required: ["type", "title", "status", "detail", "code"]),
        "Me": object(["id": uuid, "username": string, "displayName": string, "permissions": array(string), "allUnits": bool,
                      "unitIDs": array(uuid), "mustChangePassword": bool]),
        "Unit": object(["id": uuid, "code": string, "name": string, "kind": string, "kindLabel": string, "parentID": nullable(uuid),
                        "sortOrder": int, "depth": int], required: ["id", "code", "name", "kind"]),
        "UnitList": object(["items": array(ref("Unit")), "total": int]),
        "UnitWrite": object(["code": string, "name": string, "kind": ["type": "string", "enum": ["district", "department", "town", "section", "justice_office", "village"]],
                             "parentID": nullable(string), "sortOrder": string]),
        "User": object(["id": uuid, "username": string, "displayName": string, "phone": nullable(string), "isActive": bool, "locked": bool,
                        "units": array(string)], required: ["id", "username", "displayName"]),
        "UserList": object(["items": array(ref("User")), "total": int, "page": int, "per": int]),
        "UserWrite": object(["username": string, "displayName": string, "phone": nullable(string), "isActive": bool,
                             "unitIDs": array(uuid), "primaryUnitID": nullable(uuid)]),
        "UserCreated": object(["user": ref("User"), "initialPassword": string]),
        "RoleAssignment": object(["roleIDs": array(uuid)], required: ["roleIDs"]),
        "Role": object(["id": uuid, "code": string, "name": string, "duty": nullable(string), "dutyLabel": nullable(string), "scope": string,
                        "scopeLabel": string, "permissions": array(string), "scopeUnitIDs": array(uuid), "builtIn": bool]),
        "RoleList": object(["items": array(ref("Role"))]),
        "RoleWrite": object(["code": string, "name": string, "scope": ["type": "string", "enum": DataScopeKind.allCases.map(\.rawValue)],
                             "permissions": array(string), "scopeUnitIDs": array(uuid)]),
        "AuditItem": object(["seq": int, "occurredAt": string, "actorName": string, "address": string, "action": string, "actionLabel": string,
                             "entityType": string, "entityID": string, "before": nullable(string), "after": nullable(string)]),
        "AuditList": object(["items": array(ref("AuditItem")), "total": int, "page": int, "per": int]),
        "AuditVerification": object(["intact": bool, "checked": int, "headSeq": int, "firstBreak": nullable(string)]),
        "DeadlineResult": object(["from": string, "rule": string, "due": ["type": "string", "format": "date"], "provisional": bool, "note": nullable(string)]),
        "CalendarYears": object(["items": array(object(["year": int, "papers": array(string), "offDays": int, "workDays": int, "loadedAt": string, "loadedBy": string]))]),
        "HolidayNotice": object(["year": int, "papers": array(string),
                                 "days": array(object(["name": string, "date": ["type": "string", "format": "date"], "isOffDay": bool], required: ["name", "date", "isOffDay"]))],
                                required: ["year", "papers", "days"]),
    ]
}
}
