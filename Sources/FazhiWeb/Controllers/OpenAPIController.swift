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
                parameters.append(["name": q.name, "in": "query", "description": q.label, "required": q.required, "schema": Schemas.query(q.kind, required: q.required)])
            }
            var op: [String: Any] = [
                "summary": doc.summary, "tags": [doc.tag],
                "operationId": route.method.rawValue.lowercased() + path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_"),
            ]
            if !parameters.isEmpty { op["parameters"] = parameters }
            if let request = doc.requestSchema {
                op["requestBody"] = ["required": doc.bodyRequired, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(request)"]]]]
            } else if !doc.fileTypes.isEmpty {
                op["requestBody"] = ["required": true, "content": Dictionary(uniqueKeysWithValues: doc.fileTypes.map {
                    ($0, ["schema": ["type": "string", "format": "binary"]] as [String: Any])
                })]
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
        addLinks(to: &paths)
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

extension OpenAPIController {
    /// Links from each create (a POST on a collection answering 201) to what can be done with
    /// the thing it made: every operation under `collection/{id}`, given the new id.
    static func addLinks(to paths: inout [String: [String: Any]]) {
        for (path, operations) in paths {
            guard var create = operations["post"] as? [String: Any], var responses = create["responses"] as? [String: Any],
                  var created = responses["201"] as? [String: Any], let pointer = idPointer(in: created) else { continue }
            var links: [String: Any] = [:]
            for (other, otherOperations) in paths where other.hasPrefix(path + "/{id}") {
                for (_, operation) in otherOperations {
                    guard let op = operation as? [String: Any], let id = op["operationId"] as? String else { continue }
                    links[id] = ["operationId": id, "parameters": ["id": "$response.body#" + pointer]]
                }
            }
            guard !links.isEmpty else { continue }
            created["links"] = links
            responses["201"] = created
            create["responses"] = responses
            paths[path]?["post"] = create
        }
    }

    /// Where the new id is in a created response: its `id`, or the `id` of the object it wraps
    /// (a new account comes with its initial password).
    static func idPointer(in response: [String: Any]) -> String? {
        func schema(_ s: Any?) -> [String: Any]? {
            guard let ref = (s as? [String: Any])?["$ref"] as? String else { return s as? [String: Any] }
            return Schemas.all[String(ref.split(separator: "/").last ?? "")] as? [String: Any]
        }
        let content = (response["content"] as? [String: Any])?["application/json"] as? [String: Any]
        guard let properties = schema(content?["schema"])?["properties"] as? [String: Any] else { return nil }
        if properties["id"] != nil { return "/id" }
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            if (schema(property)?["properties"] as? [String: Any])?["id"] != nil { return "/\(name)/id" }
        }
        return nil
    }
}

/// JSON Schemas of the API's bodies.
enum Schemas {
    /// An object; `closed` for a request body, whose unknown properties the server refuses.
    static func object(_ props: [String: Any], required: [String] = [], closed: Bool = false) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": props]
        if !required.isEmpty { o["required"] = required }
        if closed { o["additionalProperties"] = false }
        return o
    }
    /// Text without the control characters the server refuses (all but tab, CR and LF).
    static let textPattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$"
    /// One line of text: no control character at all.
    static let linePattern = "^[^\\u0000-\\u001F\\u007F]*$"
    /// The same with something other than white space in it.
    static let filledTextPattern = "^(?=[\\s\\S]*\\S)[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$"
    static let filledLinePattern = "^(?=.*\\S)[^\\u0000-\\u001F\\u007F]*$"
    static var string: [String: Any] { ["type": "string", "pattern": textPattern] }

    /// A query parameter's values. An empty value (`?state=`, as a list's filter form sends
    /// what was left blank) counts as not given, so a required parameter may not be empty.
    static func query(_ kind: QueryParam.Kind, required: Bool) -> [String: Any] {
        let value: [String: Any]
        switch kind {
        case .integer(let r): value = ["type": "integer", "minimum": r.lowerBound, "maximum": r.upperBound]
        case .date: value = ["type": "string", "format": "date", "pattern": "^(19|2[01])[0-9]{2}-"]
        case .text(let max): return ["type": "string", "maxLength": max, "pattern": linePattern, "minLength": required ? 1 : 0]
        case .choice(let values): return ["type": "string", "enum": required ? values : values + [""]]
        case .uuid: value = uuid
        case .cursor:
            value = ["type": "string", "format": "fazhi-cursor", "maxLength": 400,
                     "description": "上一页答复中 next 所带的翻页位置；它带着排序，与 sort 不同时以它为准"]
        }
        return required ? value : ["anyOf": [value, ["type": "string", "maxLength": 0]]]
    }

    /// A register filter on a field other than a date: what the list takes for it.
    static func filterKind(_ f: FieldSpec) -> QueryParam.Kind {
        switch f.kind {
        case .enumeration(let choices): return .choice(choices.flatMap { [$0.code, $0.label] })
        case .unit, .person, .record: return .uuid
        case .count: return .integer(0...Int(FieldInput.countLimit))
        // A text filter (a case's number) takes what the field holds.
        case .text(let maxLength): return .text(maxLength: maxLength)
        default: return .text(maxLength: 200)
        }
    }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var int: [String: Any] { ["type": "integer"] }
    static var bool: [String: Any] { ["type": "boolean"] }
    static func nullable(_ s: [String: Any]) -> [String: Any] { var c = s; c["type"] = [s["type"]!, "null"]; return c }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    /// A field's value as the API shows it (`read`) or takes it (a write: `required` fields are
    /// not nullable there). What the server checks beyond a pattern (check digits, whether a
    /// unit exists) the description says.
    static func field(_ f: FieldSpec, read: Bool, required: Bool = false) -> [String: Any] {
        // A required field (of the record, or of the move) may be left out of a change, but not
        // emptied (blank text is empty).
        let filled = (f.required || required) && !read
        var s: [String: Any]
        switch f.kind {
        case .text(let max): s = ["type": "string", "maxLength": max, "pattern": filled ? filledLinePattern : linePattern]
        case .longText: s = ["type": "string", "maxLength": FieldInput.longTextLimit, "pattern": filled ? filledTextPattern : textPattern]
        case .date: s = ["type": "string", "format": "date"]
        case .dateTime: s = ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?$"]
        case .count:
            // A number, or (as a form or a spreadsheet gives it) its digits.
            s = read ? ["type": "integer"] : ["type": ["integer", "string"], "minimum": 0, "maximum": FieldInput.countLimit, "pattern": "^[0-9]{1,9}$"]
        case .money: s = ["type": "string", "description": "金额（元），最多两位小数", "pattern": "^[0-9]{1,12}(\\.[0-9]{1,2})?$"]
        case .percentage: s = ["type": "string", "description": "百分数，最多两位小数", "pattern": "^(100(\\.0{1,2})?|[0-9]{1,2}(\\.[0-9]{1,2})?)%?$"]
        case .unit, .person: s = ["type": "string", "format": read ? "uuid" : referenceFormat(f.kind),
                                  "description": f.kind == .unit ? "单位 id（写入时也可用单位编码）" : "人员 id（写入时也可用登录名）"]
        case .record(let register): s = ["type": "string", "format": read ? "uuid" : referenceFormat(f.kind),
                                         "description": "「\(Registers.type(slug: register)?.label ?? register)」中的记录 id（写入时也可用不重名的标题）"]
        case .enumeration(let choices):
            s = ["type": "string", "enum": read ? choices.map(\.code) : choices.flatMap { [$0.code, $0.label] },
                 "description": choices.map { "\($0.code)=\($0.label)" }.joined(separator: "，")]
        case .idNumber: s = ["type": "string", "format": "gb11643", "pattern": "^[1-9][0-9]{16}[0-9X]$", "description": "身份证号（GB 11643，校验位由服务器核对）"]
        case .creditCode: s = ["type": "string", "format": "gb32100", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$", "description": "统一社会信用代码（GB 32100，校验位由服务器核对）"]
        case .phone: s = ["type": "string", "pattern": "^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?)$"]
        case .email: s = ["type": "string", "format": "email", "maxLength": 254,
                          "pattern": "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$"]
        case .attachments: s = ["type": "array", "items": string]
        }
        if read {
            // What a page shows: masked personal data, and values typed before a rule was tightened.
            s = ["type": [s["type"] ?? "string", "null"]].merging(s.filter { ["description"].contains($0.key) }) { a, _ in a }
        } else if !filled {
            // An optional field is emptied with null or an empty string.
            let empty: [[String: Any]] = [["type": "null"], ["type": "string", "maxLength": 0]]
            s = ["anyOf": [s.filter { $0.key != "description" }] + empty].merging(s.filter { $0.key == "description" }) { a, _ in a }
        }
        s["title"] = f.label
        if f.personal { s["description"] = ((s["description"] as? String).map { $0 + "；" } ?? "") + "个人信息：无权限者得到脱敏值" }
        if f.assigned { s["readOnly"] = true; s["description"] = "由系统编号，不能填写" }
        return s
    }

    /// The format of a value that must name something that exists: a unit (and, for the owner,
    /// one in the caller's scope), a person, or a record of a register. A string that merely
    /// looks like an id is not enough, so the document says which thing it names
    /// (`fazhi-unit`, `fazhi-person`, `fazhi-record-<register>`); a client that does not know
    /// the format reads it as a string. The contract test draws such values from the lists.
    static func referenceFormat(_ kind: FieldKind) -> String {
        switch kind {
        case .unit: return "fazhi-unit"
        case .person: return "fazhi-person"
        case .record(let register): return "fazhi-record-" + register
        default: return "uuid"
        }
    }

    /// A write body: `fields` with exactly these properties (the server refuses any other), and
    /// the record's version for an optimistic check.
    static func write(_ fields: [FieldSpec], required: Set<String>) -> [String: Any] {
        var properties: [String: Any] = [:]
        for f in fields { properties[f.name] = field(f, read: false, required: required.contains(f.name)) }
        // Without a field that must be given, `fields` may be left out or null.
        var fieldsObject: [String: Any] = ["type": required.isEmpty ? ["object", "null"] : "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { fieldsObject["required"] = required.sorted() }
        var body: [String: Any] = ["type": "object", "properties": ["fields": fieldsObject, "version": ["type": ["integer", "null"], "minimum": 0, "maximum": Int64.max,
                                                                                                   "description": "记录的版本；给出时检查并发修改，null 或不给则不检查"]],
                                   "additionalProperties": false]
        if !required.isEmpty { body["required"] = ["fields"] }
        return body
    }

    /// The schema of a move's body: only the fields the move takes.
    static func moveSchemaName(_ type: RecordType, _ t: TransitionSpec) -> String {
        RecordsController.schemaName(type) + "Move_" + t.action
    }

    /// Each register's record, list and write bodies, from its declaration: a new record
    /// (`…Write`, its required fields required), a change (`…Update`, any of them) and each move.
    static var registers: [String: Any] {
        var out: [String: Any] = [:]
        for type in Registers.all {
            let name = RecordsController.schemaName(type)
            var fields: [String: Any] = [:]
            for f in type.columns { fields[f.name] = field(f, read: true) }
            out[name] = object(["id": uuid, "state": ["type": "string", "enum": type.states.map(\.code)], "stateLabel": string, "version": int,
                                "overdue": array(string), "createdAt": string, "updatedAt": string, "fields": object(fields)],
                               required: ["id", "state", "version", "fields"])
            out[name + "List"] = object(["items": array(ref(name)), "total": int, "totalExact": bool, "page": nullable(int), "per": int,
                                         "next": nullable(string)])
            let inputs = type.inputColumns
            out[name + "Write"] = write(inputs, required: Set(inputs.filter(\.required).map(\.name)))
            out[name + "Update"] = write(inputs, required: [])
            for t in type.transitions {
                out[moveSchemaName(type, t)] = write(inputs.filter { t.requires.contains($0.name) }, required: Set(t.requires))
            }
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
        "ReminderList": object(["total": int, "totalExact": bool, "page": nullable(int), "next": nullable(string), "items": array(object(["id": int, "subject": string, "channel": string, "recipient": string,
                                                                                 "state": string, "stateLabel": string, "attempts": int, "next": string,
                                                                                 "sent": nullable(string), "error": nullable(string)]))]),
        "ImportReport": object(["fileSHA256": string, "rows": int, "valid": int, "added": int, "duplicates": array(int),
                                "problems": array(object(["row": int, "column": string, "message": string])), "problemCount": int]),
        "Problem": object(["type": string, "title": string, "status": int, "detail": string, "code": string, "field": string, "instance": string],
                          required: ["type", "title", "status", "detail", "code"]),
        "Me": object(["id": uuid, "username": string, "displayName": string, "permissions": array(string), "allUnits": bool,
                      "unitIDs": array(uuid), "mustChangePassword": bool]),
        "Unit": object(["id": uuid, "code": string, "name": string, "kind": string, "kindLabel": string, "parentID": nullable(uuid),
                        "sortOrder": int, "depth": int], required: ["id", "code", "name", "kind"]),
        "UnitList": object(["items": array(ref("Unit")), "total": int]),
        "UnitWrite": object(["code": string, "name": string, "kind": ["type": "string", "enum": ["district", "department", "town", "section", "justice_office", "village"]],
                             "parentID": nullable(string), "sortOrder": string], closed: true),
        "User": object(["id": uuid, "username": string, "displayName": string, "phone": nullable(string), "isActive": bool, "locked": bool,
                        "units": array(string)], required: ["id", "username", "displayName"]),
        "UserList": object(["items": array(ref("User")), "total": int, "page": int, "per": int]),
        "UserWrite": object(["username": string, "displayName": string, "phone": nullable(string), "isActive": bool,
                             "unitIDs": array(uuid), "primaryUnitID": nullable(uuid)], closed: true),
        "UserCreated": object(["user": ref("User"), "initialPassword": string]),
        "RoleAssignment": object(["roleIDs": array(uuid)], required: ["roleIDs"], closed: true),
        "Role": object(["id": uuid, "code": string, "name": string, "duty": nullable(string), "dutyLabel": nullable(string), "scope": string,
                        "scopeLabel": string, "permissions": array(string), "scopeUnitIDs": array(uuid), "builtIn": bool]),
        "RoleList": object(["items": array(ref("Role"))]),
        "RoleWrite": object(["code": string, "name": string, "scope": ["type": "string", "enum": DataScopeKind.allCases.map(\.rawValue)],
                             "permissions": array(["type": "string", "enum": Permission.allCases.map(\.rawValue)]), "scopeUnitIDs": array(uuid)], closed: true),
        "AuditItem": object(["seq": int, "occurredAt": string, "actorName": string, "address": string, "action": string, "actionLabel": string,
                             "entityType": string, "entityID": string, "before": nullable(string), "after": nullable(string)]),
        "AuditList": object(["items": array(ref("AuditItem")), "total": int, "totalExact": bool, "page": nullable(int), "per": int,
                             "next": nullable(string)]),
        "AuditVerification": object(["intact": bool, "checked": int, "headSeq": int, "firstBreak": nullable(string)]),
        "DeadlineResult": object(["from": string, "rule": string, "due": ["type": "string", "format": "date"], "provisional": bool, "note": nullable(string)]),
        "Rule": object(["id": string, "name": string, "statute": string, "article": string, "amount": int,
                        "unit": ["type": "string", "enum": ["working_days", "days", "months"]],
                        "bound": ["type": "string", "enum": ["within", "at_least", "before"]], "starts": string, "pauses": array(string),
                        "restarts": array(string), "extension": nullable(object(["amount": int, "unit": string, "times": int, "approver": string])),
                        "effective_from": nullable(["type": "string", "format": "date"]), "effective_to": nullable(["type": "string", "format": "date"]),
                        "configurable": bool, "verify_locally": bool]),
        "RuleList": object(["items": array(ref("Rule"))]),
        "LocalRule": object(["rule": string, "name": string, "amount": int, "unit": ["type": "string", "enum": ["working_days", "days", "months"]],
                             "effectiveFrom": ["type": "string", "format": "date"], "basis": string, "setBy": string, "setAt": string]),
        "LocalRuleList": object(["district": string, "items": array(ref("LocalRule"))]),
        "LocalRuleWrite": object(["rule": ["type": "string", "enum": LocalRulesController.configurable.map(\.id)],
                                  "amount": ["type": "integer", "minimum": 1, "maximum": 365],
                                  "unit": ["type": "string", "enum": ["working_days", "days", "months"]],
                                  "effectiveFrom": ["type": "string", "format": "date", "description": "不早于今天"],
                                  "basis": ["type": "string", "minLength": 1, "maxLength": 200]],
                                 required: ["rule", "amount", "unit", "effectiveFrom", "basis"], closed: true),
        "ClockList": object(["items": array(object([
            "field": string, "label": string, "rule": string, "source": string, "start": ["type": "string", "format": "date"],
            "due": nullable(["type": "string", "format": "date"]), "provisional": bool, "pausedSince": nullable(["type": "string", "format": "date"]),
            "extended": bool, "text": string,
            "events": array(object(["kind": ["type": "string", "enum": ClockEvent.Kind.allCases.map(\.rawValue)], "label": string,
                                    "day": ["type": "string", "format": "date"], "reason": string, "days": int, "recordedAt": string])),
        ]))]),
        "CalendarYears": object(["items": array(object(["year": int, "papers": array(string), "offDays": int, "workDays": int, "loadedAt": string, "loadedBy": string]))]),
        "HolidayNotice": object(["$schema": string, "$id": string,
                                 "year": ["type": "integer", "minimum": 2000, "maximum": 2100],
                                 "papers": array(string),
                                 "days": ["type": "array", "description": "每个日期只出现一次，且在 year 的前后一年之内（由服务器核对）",
                                          "items": object(["name": string, "date": ["type": "string", "format": "date"], "isOffDay": bool],
                                                          required: ["name", "date", "isOffDay"], closed: true)]],
                                required: ["year", "papers", "days"], closed: true),
    ]
}
}
