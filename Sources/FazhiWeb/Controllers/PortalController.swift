import FazhiCore
import FazhiStore
import Fluent
import Vapor

/// The public portal (政务公开): without signing in, anyone browses and searches the published
/// normative documents (title, numbers and body) with their registration number, validity and
/// status, reads each at a stable address, follows new ones by Atom, and sees the published
/// catalogues of major decisions. Every query here is limited to what was published.
///
/// A platform with several districts has a portal per district (`?district=CODE` on every page,
/// carried by its links and forms), narrowed to what the district's units published, and a home
/// page that lists the districts; without the parameter the pages cover the whole platform.
struct PortalController: RouteCollection {
    static let perPage = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", use: home).require(.publicAccess)
        routes.get("portal", "documents", use: documents).require(.publicAccess)
        routes.get("portal", "documents", "feed.atom", use: feed).require(.publicAccess)
        routes.get("portal", "documents", ":id", use: document).require(.publicAccess)
        routes.get("portal", "decisions", use: decisions).require(.publicAccess)
    }

    static let docs = NormativeDocument.declaration.type
    static let published = NormativeDocument.State.onThePortal.map(\.rawValue)

    struct DocumentRow: Encodable {
        let id: String; let title: String; let registrationNumber: String; let docNumber: String; let issuer: String
        let publishedOn: String; let effectiveFrom: String; let expiresOn: String; let status: String; let body: String
    }

    /// What the public sees of a document.
    static func row(_ r: RecordRow, names: [String: UnitDirectory.Entry], today: LocalDate) -> DocumentRow {
        func text(_ k: NormativeDocument.Key) -> String { r.values[k.rawValue]?.text ?? "" }
        func date(_ k: NormativeDocument.Key) -> String { r.values[k.rawValue]?.date?.description ?? "" }
        let status = NormativeDocument.publicStatus(state: r.state, expiresOn: r.values["expires_on"]?.date, today: today)
        return DocumentRow(id: r.id.uuidString, title: text(.title), registrationNumber: text(.registrationNumber), docNumber: text(.docNumber),
                           issuer: r.values["issuer"]?.uuid.flatMap { names[$0.uuidString]?.name } ?? "", publishedOn: date(.publishedOn),
                           effectiveFrom: date(.effectiveFrom), expiresOn: date(.expiresOn), status: status, body: text(.body))
    }

    /// A row of the prepared PostgreSQL search (no body: the list does not show it).
    static func row(_ r: PreparedPortalSearch.Row, names: [String: UnitDirectory.Entry], today: LocalDate) -> DocumentRow {
        let status = NormativeDocument.publicStatus(state: r.state, expiresOn: r.expiresOn.flatMap { LocalDate(iso: $0) }, today: today)
        return DocumentRow(id: r.id.uuidString, title: r.title, registrationNumber: r.registrationNumber ?? "", docNumber: r.docNumber ?? "",
                           issuer: names[r.issuer.uuidString]?.name ?? "", publishedOn: r.publishedOn ?? "", effectiveFrom: r.effectiveFrom ?? "",
                           expiresOn: r.expiresOn ?? "", status: status, body: "")
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
    struct Home: Encodable { let name: String; let district: String; let districts: [Choice]; let latest: [DocumentRow] }

    func home(req: Request) async throws -> View {
        let publisher = try await Self.publisher(req)
        var q = RecordQuery()
        q.states = Self.published; q.sort = "published_on"; q.descending = true; q.limit = 5
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let rows = try await RecordStore.list(Self.docs, q, scope: publisher.scope, on: req.db).rows
        let home = Home(name: publisher.name, district: publisher.code,
                        districts: publisher.choices.map { Choice(name: $0.name, href: "/portal?district=" + $0.code) },
                        latest: rows.map { Self.row($0, names: names, today: req.today) })
        return try await Page.render("portal-home", title: publisher.name + "政务公开", req: req, context: home, postsForms: false)
    }

    struct DocumentList: Encodable {
        let name: String; let district: String; let q: String; let rowsHTML: String; let empty: Bool; let total: Int; let page: Int; let pages: Int; let previous: String?; let next: String?
    }

    /// The results table's rows, written here rather than by the template: on the portal's busiest
    /// page the template's loop over the rows was a third of the server's time under load.
    static func rowsHTML(_ rows: [DocumentRow]) -> String {
        var html = ""
        html.reserveCapacity(rows.count * 400)
        for d in rows {
            html += "<tr><td><a href=\"/portal/documents/\(XMLText.escape(d.id))\">\(XMLText.escape(d.title))</a></td>"
            for cell in [d.registrationNumber, d.docNumber, d.issuer, d.publishedOn, d.expiresOn, d.status] { html += "<td>\(XMLText.escape(cell))</td>" }
            html += "</tr>"
        }
        return html
    }

    func documents(req: Request) async throws -> View {
        let params = QueryParams(req)
        let text = (params.string("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 100 else { throw CoreError.invalid(field: "q", "检索词不能超过 100 字") }
        let paging = try params.paging(per: Self.perPage, maxPer: Self.perPage), page = paging.page
        let publisher = params.string("district")?.isEmpty == false ? try await Self.publisher(req) : .platform
        var q = RecordQuery()
        q.states = Self.published; q.search = text.isEmpty ? nil : text; q.sort = "published_on"; q.descending = true
        q.limit = paging.per; q.offset = paging.offset
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let today = req.today
        let rows: [DocumentRow], total: Int
        // The prepared search covers the whole platform; one district's is narrowed by the list.
        if !text.isEmpty, publisher.scope.allUnits, let found = try await PreparedPortalSearch.fetch(text, limit: q.limit, offset: q.offset, on: req.db) {
            rows = found.map { Self.row($0, names: names, today: today) }
            total = found.first?.total ?? 0
        } else {
            let list = try await RecordStore.list(Self.docs, q, scope: publisher.scope, on: req.db)
            rows = list.rows.map { Self.row($0, names: names, today: today) }
            total = list.total
        }
        let pages = max(1, (total + Self.perPage - 1) / Self.perPage)
        func link(_ n: Int) -> String {
            "/portal/documents?" + (text.isEmpty ? "" : "q=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&") + "page=\(n)"
                + publisher.parameter(false)
        }
        let data = DocumentList(name: publisher.name, district: publisher.code, q: text, rowsHTML: Self.rowsHTML(rows), empty: rows.isEmpty, total: total, page: page,
                                pages: pages, previous: page > 1 ? link(page - 1) : nil, next: page < pages ? link(page + 1) : nil)
        return try await Page.render("portal-documents", title: publisher.name + "行政规范性文件", req: req, context: data, postsForms: false)
    }

    func document(req: Request) async throws -> View {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let row = try await RecordStore.find(Self.docs, id: id, scope: .everything, on: req.db), Self.published.contains(row.state) else {
            throw AppError.notFound
        }
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let shown = Self.row(row, names: names, today: req.today)
        return try await Page.render("portal-document", title: shown.title, req: req, context: shown, postsForms: false)
    }

    func feed(req: Request) async throws -> Response {
        let publisher = try await Self.publisher(req)
        var q = RecordQuery()
        q.states = Self.published; q.sort = "published_on"; q.descending = true; q.limit = 50
        let rows = try await RecordStore.list(Self.docs, q, scope: publisher.scope, on: req.db).rows
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        let base = (req.isSecure ? "https://" : "http://") + (req.headers.first(name: .host) ?? "localhost")
        let updated = rows.first.map { $0.updatedAt } ?? Date(timeIntervalSince1970: 0)
        let iso = ISO8601DateFormatter()
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(XMLText.escape(publisher.name))行政规范性文件</title>
            <id>\(XMLText.escape(base))/portal/documents\(XMLText.escape(publisher.parameter(true)))</id>
            <link rel="self" href="\(XMLText.escape(base))/portal/documents/feed.atom\(XMLText.escape(publisher.parameter(true)))"/>
            <link href="\(XMLText.escape(base))/portal/documents\(XMLText.escape(publisher.parameter(true)))"/>
            <updated>\(iso.string(from: updated))</updated>

            """
        for r in rows {
            let d = Self.row(r, names: names, today: req.today)
            let published = r.values["published_on"]?.date?.instant(atHour: 0) ?? r.updatedAt
            xml += """
                <entry><title>\(XMLText.escape(d.title))</title><id>urn:uuid:\(d.id.lowercased())</id>
                <link href="\(XMLText.escape(base))/portal/documents/\(d.id)"/>
                <published>\(iso.string(from: published))</published><updated>\(iso.string(from: r.updatedAt))</updated>
                <author><name>\(XMLText.escape(d.issuer))</name></author>
                <summary>\(XMLText.escape("登记号 \(d.registrationNumber)；文号 \(d.docNumber)；\(d.status)；有效期至 \(d.expiresOn)"))</summary></entry>

                """
        }
        xml += "</feed>\n"
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }

    struct DecisionRow: Encodable { let title: String; let organiser: String; let status: String; let decidedOn: String; let publishedOn: String }
    struct Catalogue: Encodable { let year: Int; let publishedOn: String; let rows: [DecisionRow] }
    struct Catalogues: Encodable { let name: String; let catalogues: [Catalogue] }

    /// The published catalogues, newest year first: each decision with how far it has come. An
    /// entry appears once its catalogue's publication date has come.
    func decisions(req: Request) async throws -> View {
        let publisher = try await Self.publisher(req)
        var q = RecordQuery()
        q.from["catalogue_published_on"] = LocalDate(year: 1990, month: 1, day: 1)
        q.to["catalogue_published_on"] = req.today
        q.sort = "catalogue_published_on"; q.descending = true; q.limit = 1000
        let rows = try await RecordStore.list(MajorDecision.declaration.type, q, scope: publisher.scope, on: req.db).rows
        let names = try await UnitDirectory.names(cache: req.application.fazhi.unitNames, on: req.db)
        var byYear: [Int: [RecordRow]] = [:]
        for r in rows { byYear[Int(r.values["catalogue_year"]?.integer ?? 0), default: []].append(r) }
        let catalogues = byYear.keys.sorted(by: >).map { year in
            let list = byYear[year] ?? []
            return Catalogue(year: year, publishedOn: list.compactMap { $0.values["catalogue_published_on"]?.date }.min()?.description ?? "",
                             rows: list.map { r in
                                 let status = MajorDecision.State(rawValue: r.state)?.publicProgress ?? ""
                                 return DecisionRow(title: r.values["title"]?.text ?? "", organiser: r.values["organiser"]?.uuid.flatMap { names[$0.uuidString]?.name } ?? "",
                                                    status: status, decidedOn: r.values["decided_on"]?.date?.description ?? "",
                                                    publishedOn: r.values["published_on"]?.date?.description ?? "")
                             })
        }
        return try await Page.render("portal-decisions", title: publisher.name + "重大行政决策事项目录", req: req,
                                     context: Catalogues(name: publisher.name, catalogues: catalogues), postsForms: false)
    }
}
