import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// The public portal (政务公开): without signing in, anyone browses what the registers publish
/// (`publish:` in their declarations). Each published register gets a list with full-text search,
/// an Atom feed and a stable address per record; every query here is limited to what is public.
///
/// A platform with several districts has a portal per district (`?district=CODE` on every page,
/// carried by its links and forms), narrowed to what the district's units published, and a home
/// page that lists the districts; without the parameter the pages cover the whole platform.
struct PortalController: RouteCollection {
    static let perPage = 20

    /// The registers the portal shows, in the modules' order.
    static let published = Registers.all.filter { $0.publish != nil }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", use: home).require(.publicAccess)
        for type in Self.published {
            let page = PublishedPages(type: type), path = PathComponent(stringLiteral: type.publish!.path)
            routes.get("portal", path, use: page.list).require(.publicAccess)
            routes.get("portal", path, "feed.atom", use: page.feed).require(.publicAccess)
            routes.get("portal", path, ":id", use: page.record).require(.publicAccess)
        }
    }

    /// Whose portal a page is: one district, with the units whose publications it shows, or the
    /// whole platform.
    struct Publisher {
        /// The district's name, or empty for the whole platform.
        let name: String
        /// The district's code when the page was asked for one (`?district=`), for its links.
        let code: String
        /// Owners whose records the page shows: everything for the whole platform or its only district.
        let scope: DataScope
        /// The districts to choose from, when there are several and none was chosen.
        let choices: [District]

        /// The whole platform, unnamed: the search page's default, which asks the database nothing
        /// more than its search (it is the portal's busiest page).
        static let platform = Publisher(name: "", code: "", scope: .everything, choices: [])

        /// `?district=CODE` or `&district=CODE` for a link, or nothing.
        func parameter(_ first: Bool) -> String { code.isEmpty ? "" : (first ? "?" : "&") + "district=" + code }
    }

    /// The district a portal page is for: the one asked for (404 for an unknown code), else the
    /// only one, else the whole platform.
    static func publisher(_ req: Request) async throws -> Publisher {
        let districts = try await Districts.all(on: req.db)
        guard let code = QueryParams(req).string("district"), !code.isEmpty else {
            return districts.count == 1 ? Publisher(name: districts[0].name, code: "", scope: .everything, choices: [])
                : Publisher(name: "", code: "", scope: .everything, choices: districts)
        }
        guard let district = districts.first(where: { $0.code == code }) else { throw AppError.notFound }
        guard districts.count > 1 else { return Publisher(name: district.name, code: code, scope: .everything, choices: []) }
        return Publisher(name: district.name, code: code, scope: try await Districts.scope(of: district, on: req.db), choices: [])
    }

    struct Choice: Encodable { let name: String; let href: String }
    struct Latest: Encodable { let title: String; let href: String; let note: String }
    struct Section: Encodable { let label: String; let path: String; let summary: String; let href: String; let searchHint: String?; let latest: [Latest] }
    struct Entry: Encodable { let label: String; let href: String; let summary: String }
    struct Home: Encodable { let name: String; let district: String; let districts: [Choice]; let sections: [Section]; let entries: [Entry] }

    /// The modules' portal entries that are not a published register's list (those are the
    /// sections): the application forms, their follow-ups and the modules' own entries.
    static let entries = Modules.all.flatMap(\.portalEntries).filter { entry in !published.contains { "/portal/" + $0.publish!.path == entry.path } }

    func home(req: Request) async throws -> View {
        let publisher = try await Self.publisher(req)
        var sections: [Section] = []
        for type in Self.published {
            let pages = PublishedPages(type: type), spec = pages.spec
            let shown = try await pages.presenter(req)
            let rows = try await pages.list(req, publisher: publisher, search: nil, limit: 5, offset: 0).rows
            sections.append(Section(label: spec.label, path: spec.path, summary: spec.summary, href: "/portal/\(spec.path)" + publisher.parameter(true),
                                    searchHint: spec.searchable ? spec.searchHint(type) : nil,
                                    latest: rows.map { r in
                                        Latest(title: pages.title(r), href: "/portal/\(spec.path)/\(r.id.uuidString)" + publisher.parameter(true),
                                               note: spec.columns.filter { $0 != type.titleField }.compactMap(type.column).map { shown.text($0, r.values[$0.name]) }
                                                   .filter { !$0.isEmpty }.joined(separator: " · "))
                                    }))
        }
        let home = Home(name: publisher.name, district: publisher.code,
                        districts: publisher.choices.map { Choice(name: $0.name, href: "/portal?district=" + $0.code) }, sections: sections,
                        entries: Self.entries.map { Entry(label: $0.label, href: $0.path, summary: $0.summary) })
        return try await Page.render("portal-home", title: publisher.name + "政务公开", req: req, context: home, postsForms: false)
    }
}

/// One published register's portal pages, from its `publish:` declaration.
struct PublishedPages {
    let type: RecordType
    var spec: PublishSpec { type.publish! }

    /// Names units as the public reads them; nothing on the portal is personal (`PublishSpec.check`).
    func presenter(_ req: Request) async throws -> RecordPresenter {
        RecordPresenter(type: type, reveal: false, units: try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db),
                        people: [:], records: [:], today: req.today)
    }

    func title(_ r: RecordRow) -> String { r.values[type.titleField]?.text ?? "" }

    func status(_ r: RecordRow, today: LocalDate) -> String { spec.status?.text(r.state, r.values, today) ?? "" }

    /// A page of what is public on the day, newest first, within the publisher's units.
    func list(_ req: Request, publisher: PortalController.Publisher, search text: String?, limit: Int, offset: Int) async throws -> (rows: [RecordRow], total: Int) {
        // The prepared search covers the whole platform; one district's is narrowed by the list.
        if let text, publisher.scope.allUnits, type.slug == PreparedPortalSearch.type.slug,
           let found = try await PreparedPortalSearch.fetch(text, today: req.today, limit: limit, offset: offset, on: req.db) {
            return found
        }
        var q = RecordQuery()
        q.states = spec.states; q.to[spec.from] = req.today
        q.search = text; q.sort = spec.from; q.descending = true; q.limit = limit; q.offset = offset
        let found = try await RecordStore.list(type, q, scope: publisher.scope, on: req.db)
        return (found.rows, found.total)
    }

    struct ListPage: Encodable {
        let label: String; let path: String; let name: String; let district: String; let searchable: Bool; let searchHint: String
        let q: String; let headers: [String]; let tablesHTML: String; let empty: Bool; let total: Int
        let page: Int; let pages: Int; let previous: String?; let next: String?
    }

    func list(req: Request) async throws -> View {
        let params = QueryParams(req)
        let text = (params.string("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 100 else { throw CoreError.invalid(field: "q", "检索词不能超过 100 字") }
        guard text.isEmpty || spec.searchable else { throw CoreError.invalid(field: "q", "此栏目不提供检索") }
        let paging = try params.paging(per: PortalController.perPage, maxPer: PortalController.perPage), page = paging.page
        let publisher = params.string("district")?.isEmpty == false ? try await PortalController.publisher(req) : .platform
        let (rows, total) = try await list(req, publisher: publisher, search: text.isEmpty ? nil : text, limit: paging.per, offset: paging.offset)
        let pages = max(1, (total + PortalController.perPage - 1) / PortalController.perPage)
        func link(_ n: Int) -> String {
            "/portal/\(spec.path)?" + (text.isEmpty ? "" : "q=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&") + "page=\(n)"
                + publisher.parameter(false)
        }
        let columns = spec.columns.compactMap(type.column)
        let data = ListPage(label: spec.label, path: spec.path, name: publisher.name, district: publisher.code, searchable: spec.searchable,
                            searchHint: spec.searchHint(type), q: text, headers: columns.map(\.label) + [spec.status?.label].compactMap { $0 },
                            tablesHTML: tablesHTML(rows, columns: columns, shown: try await presenter(req), today: req.today, district: publisher.parameter(true)),
                            empty: rows.isEmpty, total: total, page: page, pages: pages,
                            previous: page > 1 ? link(page - 1) : nil, next: page < pages ? link(page + 1) : nil)
        return try await Page.render("portal-list", title: publisher.name + spec.label, req: req, context: data, postsForms: false)
    }

    /// The list's tables, written here rather than by the template: on the portal's busiest page the
    /// template's loop over the rows was a third of the server's time under load. One table, or
    /// one per group ("2023 年度目录") in the list's order.
    func tablesHTML(_ rows: [RecordRow], columns: [FieldSpec], shown: RecordPresenter, today: LocalDate, district: String) -> String {
        var html = "", group: String?
        html.reserveCapacity(rows.count * 400 + 200)
        let head = "<thead><tr>" + (columns.map(\.label) + [spec.status?.label].compactMap { $0 }).map { "<th scope=\"col\">\(XMLText.escape($0))</th>" }.joined()
            + "</tr></thead><tbody>"
        for (i, r) in rows.enumerated() {
            if let g = spec.group {
                let value = type.column(g.field).map { shown.text($0, r.values[g.field]) } ?? ""
                if i == 0 || value != group {
                    if i > 0 { html += "</tbody></table>" }
                    html += "<h2>\(XMLText.escape(g.heading.replacingOccurrences(of: "{}", with: value)))</h2>"
                    html += "<table><caption class=\"sr\">\(XMLText.escape(spec.label))</caption>" + head
                    group = value
                }
            } else if i == 0 {
                html += "<table><caption class=\"sr\">\(XMLText.escape(spec.label))</caption>" + head
            }
            html += "<tr>"
            for f in columns {
                let text = XMLText.escape(shown.text(f, r.values[f.name]))
                html += f.name == type.titleField
                    ? "<td><a href=\"/portal/\(spec.path)/\(r.id.uuidString)\(XMLText.escape(district))\">\(text)</a></td>" : "<td>\(text)</td>"
            }
            if spec.status != nil { html += "<td>\(XMLText.escape(status(r, today: today)))</td>" }
            html += "</tr>"
        }
        if !rows.isEmpty { html += "</tbody></table>" }
        return html
    }

    struct Shown: Encodable { let label: String; let value: String; let long: Bool }
    struct RecordPage: Encodable { let title: String; let label: String; let path: String; let fields: [Shown]; let status: Shown? }

    /// A public record at its stable address; one that is not public answers 404.
    func record(req: Request) async throws -> View {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let row = try await RecordStore.find(type, id: id, scope: .everything, on: req.db),
              spec.isPublic(state: row.state, values: row.values, today: req.today) else {
            throw AppError.notFound
        }
        let shown = try await presenter(req)
        let fields = spec.fields.filter { $0 != type.titleField }.compactMap(type.column).map { f in
            Shown(label: f.label, value: shown.text(f, row.values[f.name]), long: f.kind == .longText)
        }
        let page = RecordPage(title: title(row), label: spec.label, path: spec.path, fields: fields,
                              status: spec.status.map { Shown(label: $0.label, value: status(row, today: req.today), long: false) })
        return try await Page.render("portal-record", title: page.title, req: req, context: page, postsForms: false)
    }

    /// The newest 50 public records as Atom, for the whole platform or one district.
    func feed(req: Request) async throws -> Response {
        let publisher = try await PortalController.publisher(req)
        let rows = try await list(req, publisher: publisher, search: nil, limit: 50, offset: 0).rows
        let shown = try await presenter(req)
        let base = (req.isSecure ? "https://" : "http://") + (req.headers.first(name: .host) ?? "localhost")
        let updated = rows.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0)
        let iso = ISO8601DateFormatter(), home = base + "/portal/" + spec.path, district = publisher.parameter(true)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(XMLText.escape(publisher.name + spec.label))</title>
            <id>\(XMLText.escape(home + district))</id>
            <link rel="self" href="\(XMLText.escape(home + "/feed.atom" + district))"/>
            <link href="\(XMLText.escape(home + district))"/>
            <updated>\(iso.string(from: updated))</updated>

            """
        let owner = type.column(type.ownerField)
        for r in rows {
            let published = r.values[spec.from]?.date?.instant(atHour: 0) ?? r.updatedAt
            let summary = spec.columns.filter { $0 != type.titleField }.compactMap(type.column).map { "\($0.label) \(shown.text($0, r.values[$0.name]))" }
                + [spec.status.map { "\($0.label) \(status(r, today: req.today))" }].compactMap { $0 }
            xml += """
                <entry><title>\(XMLText.escape(title(r)))</title><id>urn:uuid:\(r.id.uuidString.lowercased())</id>
                <link href="\(XMLText.escape(home))/\(r.id.uuidString)"/>
                <published>\(iso.string(from: published))</published><updated>\(iso.string(from: r.updatedAt))</updated>
                <author><name>\(XMLText.escape(owner.map { shown.text($0, r.values[$0.name]) } ?? ""))</name></author>
                <summary>\(XMLText.escape(summary.joined(separator: "；")))</summary></entry>

                """
        }
        xml += "</feed>\n"
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }
}
