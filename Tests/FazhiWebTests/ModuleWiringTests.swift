@testable import FazhiWeb
import FazhiCore
import FazhiTestSupport
import Testing
import Vapor

/// What a module declares (`Module.pages`, `commands`, `portalEntries`) is what the application
/// serves: a declaration without its controller or command, or a web part for no module, fails here.
@Suite("Modules are wired")
struct ModuleWiringTests {
    static func path(_ route: Route) -> String { "/" + route.path.map(\.description).joined(separator: "/") }

    @Test func everyWebPartBelongsToAModule() {
        let codes = Set(Modules.all.map(\.code))
        for code in WebModules.byCode.keys { #expect(codes.contains(code), "WebModules names \(code), which is no module") }
    }

    /// What of `modules`' declarations the application does not serve as declared.
    static func unwired(_ modules: [Module], in app: Application) -> [String] {
        let gets = Dictionary(app.routes.all.filter { $0.method == .GET }.map { (path($0), $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        for module in modules {
            for page in module.pages {
                if let route = gets[page.path] {
                    if route.access != .permission(page.permission) { problems.append("\(page.path) requires other than \(page.permission.rawValue)") }
                } else {
                    problems.append("\(module.code)'s page \(page.path) has no route")
                }
            }
            for entry in module.portalEntries {
                if let route = gets[entry.path] {
                    if route.access != .publicAccess { problems.append("\(entry.path) is not public") }
                } else {
                    problems.append("\(module.code)'s portal entry \(entry.path) has no route")
                }
            }
            for command in module.commands where app.asyncCommands.commands[command] == nil {
                problems.append("\(module.code)'s command \(command) is not registered")
            }
        }
        return problems
    }

    @Test(.sqliteOnly) func everyDeclaredPageEntryAndCommandIsServed() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            #expect(Self.unwired(Modules.all, in: t.app) == [])
            // A module that declares a page, a portal entry and a command and wires none of them.
            let unwired = Module(code: "unwired", name: "未接线", permissions: [], grants: [:],
                                 pages: [ModulePage("未接线的页面", path: "/unwired", permission: .reportRead, place: .reports)],
                                 commands: ["unwired"], portal: [PortalEntry("未接线的入口", path: "/portal/unwired", summary: "")])
            #expect(Self.unwired([unwired], in: t.app) == [
                "unwired's page /unwired has no route", "unwired's portal entry /portal/unwired has no route", "unwired's command unwired is not registered",
            ])
        }
    }

    @Test func theNavigationListsEveryModulePage() {
        let hrefs = Set(Page.navigation.flatMap(\.items).map(\.href))
        for page in Modules.all.flatMap(\.pages) { #expect(hrefs.contains(page.path), "the navigation does not list \(page.path)") }
        let portal = Set(Page.portalNavigation.flatMap(\.items).map(\.href))
        for entry in Modules.all.flatMap(\.portalEntries) { #expect(portal.contains(entry.path), "the portal's navigation does not list \(entry.path)") }
    }

    /// A citizen finds every form, follow-up and list from the portal's home, on its cards and in its navigation.
    @Test(.sqliteOnly) func thePortalHomeLinksEveryEntry() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            let home = try await t.send(.GET, "/portal")
            #expect(home.status == .ok)
            for entry in Modules.all.flatMap(\.portalEntries) {
                let links = home.body.string.components(separatedBy: "href=\"\(entry.path)\"").count - 1
                #expect(links >= 2, "/portal links \(entry.path) \(links) times (a card and the navigation)")
            }
        }
    }
}
