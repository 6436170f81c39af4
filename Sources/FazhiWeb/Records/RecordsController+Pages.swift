import FazhiCore
import FazhiStore
import Fluent
import Foundation
import Vapor

/// The register's pages. Everything shown comes through `RecordPresenter`, so masking and names
/// are the same as in the API and exports.
extension RecordsController {
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct FormField: Encodable {
        let name: String; let label: String; let control: String; let value: String; let options: [Option]
        var required: Bool; let help: String?; let invalid: Bool; let inputmode: String?
        /// The applicant kind the field is asked of, on a form that asks each kind for its own
        /// (`IntakeSpec.applicant(of:)`): shown, and required when `required`, for that kind only.
        var applicant: String? = nil
    }
    /// The inputs of one form, as the shared `record-fields` template reads them.
    struct FieldSet: Encodable { let prefix: String; let fields: [FormField] }
    struct Column: Encodable { let name: String; let label: String }
    struct ListRow: Encodable { let id: UUID; let cells: [String]; let stateLabel: String; let overdue: Bool }
    struct Filter: Encodable { let name: String; let label: String; let control: String; let options: [Option]; let from: String; let to: String }
    struct ListPage: Encodable {
        let label: String; let base: String; let canWrite: Bool; let columns: [Column]; let rows: [ListRow]; let hasWorkflow: Bool
        let filters: [Filter]; let states: [Option]; let q: String; let hasDeadlines: Bool; let overdue: Bool
        let pager: Pager
        let exportHref: String; let exportXLSX: String
    }
    /// A field on the detail page; a record of another register links to it for those who may read it.
    struct Shown: Encodable { let label: String; let value: String; let long: Bool; let href: String? }
    struct Move: Encodable { let action: String; let label: String; let inputs: FieldSet }
    struct Change: Encodable { let label: String; let before: String; let after: String }
    struct Event: Encodable { let time: String; let actor: String; let action: String; let changes: [Change] }
    struct Shelf: Encodable { let name: String; let label: String; let files: [FileLink] }
    struct FileLink: Encodable { let id: UUID; let filename: String; let size: String; let uploadedAt: String }
    struct DetailPage: Encodable {
        let label: String; let base: String; let id: UUID; let title: String; let stateLabel: String; let hasWorkflow: Bool
        let fields: [Shown]; let overdue: [String]; let canEdit: Bool; let canDelete: Bool; let moves: [Move]; let history: [Event]
        let shelves: [Shelf]; let accept: String; let error: String?; let clocks: [ClockDTO]; let related: [Related]
    }
    struct Related: Encodable { let label: String; let href: String }
    struct FormPage: Encodable {
        let label: String; let base: String; let action: String; let fields: FieldSet; let error: String?; let version: Int64?; let cancel: String
    }

    // MARK: List

    func listPage(req: Request) async throws -> View {
        let p = try req.requirePrincipal()
        let params = QueryParams(req)
        let (q, paging) = try query(req)
        let result = try await RecordStore.list(type, q, scope: p.scope, counts: req.application.fazhi.totals, on: req.db)
        let shown = try await RecordPresenter.make(type, rows: result.rows, req: req)
        let columns = type.listColumns.compactMap { type.field($0) }
        let rows = result.rows.map { row in
            ListRow(id: row.id, cells: columns.map { shown.text($0, row.values[$0.name]) }, stateLabel: shown.stateLabel(row),
                    overdue: !shown.overdue(row).isEmpty)
        }
        let visibleUnits = try await UnitQueries.visibleTree(scope: p.scope, on: req.db)
        let references = try await referenceChoices(p, req: req)
        let filters: [Filter] = type.filters.compactMap { name in
            guard let f = type.field(name) else { return nil }
            let value = params.string(name) ?? ""
            switch f.kind {
            case .date:
                return Filter(name: name, label: f.label, control: "date", options: [], from: params.string(name + ".from") ?? "", to: params.string(name + ".to") ?? "")
            case .enumeration(let choices):
                return Filter(name: name, label: f.label, control: "select",
                              options: choices.map { Option(value: $0.code, label: $0.label, selected: $0.code == value) }, from: "", to: "")
            case .unit:
                return Filter(name: name, label: f.label, control: "select",
                              options: visibleUnits.map { Option(value: $0.id.uuidString, label: String(repeating: "　", count: $0.depth) + $0.name, selected: $0.id.uuidString == value) },
                              from: "", to: "")
            case .record:
                guard let choices = references[name] else { return nil }
                return Filter(name: name, label: f.label, control: "select",
                              options: choices.map { Option(value: $0.id, label: $0.label, selected: $0.id == value) }, from: "", to: "")
            default:
                return nil
            }
        }
        let context = ListPage(
            label: type.label, base: base, canWrite: p.has(type.writePermission), columns: columns.map { Column(name: $0.name, label: $0.label) },
            rows: rows, hasWorkflow: type.hasWorkflow, filters: filters,
            states: type.hasWorkflow ? type.states.map { Option(value: $0.code, label: $0.label, selected: $0.code == q.state) } : [],
            q: q.search ?? "", hasDeadlines: type.deadlines.contains(where: \.canBeOverdue), overdue: q.overdueOn != nil,
            pager: Pager(req, paging: paging, total: result.total, exact: result.exact, continued: q.after != nil,
                         cursor: result.next.map { ("cursor", $0.token) }),
            exportHref: base + "/export.csv" + (req.url.query.map { "?" + $0 } ?? ""),
            exportXLSX: base + "/export.xlsx" + (req.url.query.map { "?" + $0 } ?? ""))
        return try await Page.render("record-list", title: type.label, req: req, context: context,
                                     breadcrumbs: [(type.module, nil), (type.label, nil)])
    }

    // MARK: Detail

    func detailPage(req: Request) async throws -> View {
        try await detail(req, row: try await record(req), error: nil)
    }

    func detail(_ req: Request, row: RecordRow, error: CoreError?, typed: [String: String] = [:]) async throws -> View {
        let p = try req.requirePrincipal()
        let shown = try await RecordPresenter.make(type, rows: [row], req: req)
        let fields = type.columns.map { f in
            var href: String?
            if let target = RecordReferences.target(of: f), p.has(target.readPermission), let id = row.values[f.name]?.uuid {
                href = "/records/\(target.slug)/\(id.uuidString)"
            }
            return Shown(label: f.label, value: shown.text(f, row.values[f.name]), long: f.kind == .longText, href: href)
        }
        let running = try await clocks(req, row)
        // A move the clock can no longer take (a second extension) is not offered.
        let extended = Set(running.filter(\.extended).map(\.field))
        let moves = RecordRules.available(type, state: row.state, permissions: p.permissions)
            .filter { t in !t.clockMoves.contains { $0.kind == .extend && extended.contains($0.clock) } }.map { t in
            Move(action: t.action, label: t.label,
                 inputs: FieldSet(prefix: t.action + "-", fields: inputs(t.requires.compactMap { type.field($0) }, values: row.values, typed: typed,
                                                                           error: error, reveal: true, units: [])))
        }
        let history = try await RecordStore.history(type, id: row.id, on: req.db).map { event(_: $0, shown) }
        let canWrite = p.has(type.writePermission)
        let attachments = try await AttachmentStore.list(type, recordID: row.id, on: req.db)
        let shelves = type.fields.filter { $0.kind == .attachments }.map { f in
            Shelf(name: f.name, label: f.label, files: attachments.filter { $0.field == f.name }.map {
                FileLink(id: $0.id, filename: $0.filename, size: Format.size($0.size), uploadedAt: Format.dateTime($0.uploadedAt))
            })
        }
        let title = row.values[type.titleField].map { FieldInput.plain($0, as: type.field(type.titleField)!) } ?? type.label
        return try await Page.render("record-detail", title: title, req: req, context: DetailPage(
            label: type.label, base: base, id: row.id, title: title, stateLabel: shown.stateLabel(row), hasWorkflow: type.hasWorkflow,
            fields: fields, overdue: shown.overdue(row), canEdit: canWrite && RecordRules.isEditable(type, state: row.state),
            canDelete: canWrite && RecordRules.isDeletable(type, state: row.state), moves: moves, history: history,
            shelves: shelves, accept: AttachmentPolicy.extensions.map { "." + $0 }.joined(separator: ","), error: error?.message,
            clocks: running,
            related: type.related.compactMap { r in
                // Only registers the person may read, filtered on their field that names this record.
                guard let other = Registers.type(slug: r.register), p.has(other.readPermission) else { return nil }
                guard let value = r.by.map({ row.values[$0]?.text }) ?? row.id.uuidString else { return nil }
                return Related(label: r.label, href: "/records/\(other.slug)?\(r.field)=" + (value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? ""))
            }),
            breadcrumbs: [(type.module, nil), (type.label, base), (title, nil)])
    }

    /// One audit entry as the record's history shows it: what changed, named and masked as on the page.
    func event(_ row: AuditRow, _ shown: RecordPresenter) -> Event {
        func decode(_ s: String?) -> [String: String] {
            guard let s, let d = s.data(using: .utf8) else { return [:] }
            return (try? JSONDecoder().decode([String: String].self, from: d)) ?? [:]
        }
        let before = decode(row.before), after = decode(row.after)
        func text(_ key: String, _ value: String?) -> String {
            guard let value else { return "" }
            if key == "state" { return type.state(value)?.label ?? value }
            guard let f = type.field(key) else { return value }
            switch f.kind {
            case .unit, .person, .record: return UUID(uuidString: value).map { shown.text(f, .uuid($0)) } ?? value
            default: return f.personal && !shown.reveal ? FieldInput.display(.text(value), as: f, reveal: false) : value
            }
        }
        let keys = ["state"] + type.columns.map(\.name) + ["attachment", "clock"]
        let changes = keys.filter { before[$0] != after[$0] }.map { key in
            Change(label: key == "state" ? "状态" : key == "attachment" ? "附件" : key == "clock" ? "计时" : type.field(key)?.label ?? key,
                   before: text(key, before[key]), after: text(key, after[key]))
        }
        return Event(time: Format.dateTime(row.occurredAt), actor: row.actorName, action: AuditAction(rawValue: row.action)?.label ?? row.action,
                     changes: changes)
    }

    // MARK: Forms

    func inputs(_ fields: [FieldSpec], values: RecordValues, typed: [String: String], error: CoreError?, reveal: Bool,
                units: [UnitEntry], references: [String: [ReferenceChoice]] = [:]) -> [FormField] {
        fields.map { f in
            let current = typed[f.name] ?? values[f.name].map { f.personal && !reveal ? FieldInput.display($0, as: f, reveal: false) : FieldInput.plain($0, as: f) } ?? ""
            var control = "text", options: [Option] = [], inputmode: String? = nil, help = f.kind == .person ? (f.help ?? "填写登录名") : f.help
            switch f.kind {
            case .longText: control = "textarea"
            case .date: control = "date"
            case .dateTime: control = "datetime-local"
            case .count: inputmode = "numeric"
            case .money, .percentage: inputmode = "decimal"
            case .phone: control = "tel"
            case .email: control = "email"
            case .enumeration(let choices):
                control = "select"
                options = choices.map { Option(value: $0.code, label: $0.label, selected: $0.code == current || $0.label == current) }
            case .unit:
                control = "select"
                options = units.map { Option(value: $0.id.uuidString, label: String(repeating: "　", count: $0.depth) + $0.name, selected: $0.id.uuidString == current) }
            case .record:
                if let choices = references[f.name] {
                    control = "select"
                    options = choices.map { Option(value: $0.id, label: $0.label, selected: $0.id == current) }
                } else {
                    help = "记录超过 \(RecordReferences.selectLimit) 条，不逐一列出：请填写名称（重名时填写记录 id）"
                }
            default: break
            }
            let value = control == "datetime-local" ? current.replacingOccurrences(of: " ", with: "T") : current
            return FormField(name: f.name, label: f.label, control: control, value: value, options: options, required: f.required,
                             help: help, invalid: error?.field == f.name, inputmode: inputmode)
        }
    }

    func form(_ req: Request, row: RecordRow?, typed: [String: String], error: CoreError?) async throws -> View {
        let p = try req.requirePrincipal()
        let units = try await UnitQueries.visibleTree(scope: p.scope, on: req.db)
        var references = try await referenceChoices(p, req: req)
        var values = row?.values ?? [:]
        for f in type.columns {
            guard let target = RecordReferences.target(of: f), let id = values[f.name]?.uuid else { continue }
            if references[f.name] == nil {
                // Typed by title: the field shows the title a person would type.
                values[f.name] = .text(try await RecordReferences.titles(target, ids: [id], on: req.db)[id] ?? id.uuidString)
            } else if references[f.name]?.contains(where: { $0.id == id.uuidString }) != true {
                // A record named from outside the person's districts stays on offer, or saving the
                // form would drop it.
                let title = try await RecordReferences.titles(target, ids: [id], on: req.db)[id] ?? id.uuidString
                references[f.name, default: []].append(ReferenceChoice(id: id.uuidString, label: title))
            }
        }
        // A person field shows the sign-in name a person would type.
        let personFields = type.columns.filter { $0.kind == .person }
        let usernames = try await UserQueries.usernames(Set(personFields.compactMap { values[$0.name]?.uuid }), on: req.db)
        for f in personFields {
            if let id = values[f.name]?.uuid, let username = usernames[id] { values[f.name] = .text(username) }
        }
        let title = row == nil ? "新增\(type.label)" : "修改\(type.label)"
        return try await Page.render("record-form", title: title, req: req, context: FormPage(
            label: type.label, base: base, action: row.map { "\(base)/\($0.id)" } ?? base,
            fields: FieldSet(prefix: "", fields: inputs(try await localHelp(req, type.inputColumns), values: values, typed: typed, error: error,
                                                        reveal: p.has(.personalDataView), units: units, references: references)),
            error: error?.message, version: row?.version, cancel: row.map { "\(base)/\($0.id)" } ?? base),
            breadcrumbs: [(type.module, nil), (type.label, base), (title, nil)])
    }

    /// The fields with a due date's help stating the person's district's own amount, where the
    /// district set one for the deadline's rule (in force today).
    func localHelp(_ req: Request, _ fields: [FieldSpec]) async throws -> [FieldSpec] {
        let local = try await calculator(req).local
        guard !local.isEmpty else { return fields }
        let district = try await req.district().id
        return fields.map { f in
            guard let d = type.deadlines.first(where: { $0.field == f.name && $0.computes }), let rule = d.statute, let base = d.base,
                  let own = local.setting(rule, unit: district, on: req.today),
                  let help = d.explained(base: type.field(base)?.label ?? base, own: own) else { return f }
            return FieldSpec(name: f.name, label: f.label, kind: f.kind, required: f.required, personal: f.personal, help: help, assigned: f.assigned)
        }
    }

    struct ReferenceChoice { let id: String; let label: String }

    /// What each reference field may name, for its select (`RecordReferences.choices`, the same
    /// records an import resolves titles among), each with its unit so that namesakes can be told
    /// apart. A field whose register offers more than `RecordReferences.selectLimit` is absent:
    /// its form field takes a typed title, and the list has no filter on it.
    func referenceChoices(_ p: Principal, req: Request) async throws -> [String: [ReferenceChoice]] {
        var out: [String: [ReferenceChoice]] = [:]
        for f in type.columns {
            guard let target = RecordReferences.target(of: f) else { continue }
            let units = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
            out[f.name] = try await RecordReferences.choices(target, scope: p.scope, on: req.db)?
                .map { ReferenceChoice(id: $0.id.uuidString, label: "\($0.title)（\(units[$0.owner.uuidString]?.name ?? "")）") }
        }
        return out
    }

    func submitted(_ req: Request) throws -> [String: String] {
        var out = try req.content.decode([String: String].self)
        out["_csrf"] = nil
        out["version"] = nil
        for f in type.columns where f.kind == .dateTime { out[f.name] = out[f.name]?.replacingOccurrences(of: "T", with: " ") }
        return out
    }

    func newPage(req: Request) async throws -> View {
        try await form(req, row: nil, typed: [:], error: nil)
    }

    func createPage(req: Request) async throws -> Response {
        let typed = try submitted(req)
        let p = try req.requirePrincipal()
        do {
            let values = try await RecordInput.values(type, typed, reveal: p.has(.personalDataView), req: req)
            let row = try await RecordStore.create(type, values, actor: req.auditActor, scope: p.scope, calculator: calculator(req), on: req.db, now: req.now)
            return req.redirect(to: "\(base)/\(row.id)?notice=created")
        } catch let e as CoreError {
            return try await form(req, row: nil, typed: typed, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func editPage(req: Request) async throws -> View {
        try await form(req, row: try await record(req), typed: [:], error: nil)
    }

    func updatePage(req: Request) async throws -> Response {
        let existing = try await record(req)
        let typed = try submitted(req)
        let version = try? req.content.get(Int64.self, at: "version")
        let p = try req.requirePrincipal()
        do {
            let values = try await RecordInput.values(type, typed, only: type.inputColumns.map(\.name),
                                                      existing: existing.values, reveal: p.has(.personalDataView), req: req)
            _ = try await RecordStore.update(type, id: existing.id, values, version: version, actor: req.auditActor, scope: p.scope,
                                             calculator: calculator(req), on: req.db, now: req.now)
            return req.redirect(to: "\(base)/\(existing.id)?notice=saved")
        } catch let e as CoreError {
            return try await form(req, row: existing, typed: typed, error: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func deletePage(req: Request) async throws -> Response {
        let existing = try await record(req)
        do {
            try await RecordStore.delete(type, id: existing.id, actor: req.auditActor, scope: req.scope(), on: req.db)
            return req.redirect(to: "\(base)?notice=deleted")
        } catch let e as CoreError {
            return try await detail(req, row: existing, error: e).encodeResponse(status: .conflict, for: req)
        }
    }

    func transitionPage(_ req: Request, _ t: TransitionSpec) async throws -> Response {
        let existing = try await record(req)
        let typed = try submitted(req).filter { t.requires.contains($0.key) }
        let p = try req.requirePrincipal()
        do {
            let changes = try await RecordInput.values(type, typed, only: Array(typed.keys), reveal: true, req: req)
            _ = try await RecordStore.transition(type, id: existing.id, action: t.action, changes: changes, permissions: p.permissions,
                                                 today: req.today, actor: req.auditActor, scope: p.scope,
                                                 calculator: calculator(req), on: req.db, now: req.now)
            return req.redirect(to: "\(base)/\(existing.id)?notice=saved")
        } catch let e as CoreError {
            return try await detail(req, row: existing, error: e, typed: typed).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}
