import FazhiCore
import Vapor

/// What a module brings to the web beyond its registers' generic pages, API and portal entries:
/// the controllers of its own pages, its commands and what runs beside the server. `configure`
/// registers every module's in the order of `Modules.all`; the navigation and the portal's home
/// come from the `Module` value itself (`pages`, `portalEntries`).
struct WebModule {
    var routes: [any RouteCollection] = []
    /// Each command under the name the module declares (`Module.commands`).
    var commands: [String: any AsyncCommand] = [:]
    /// Services started and stopped with the server, for this configuration.
    var lifecycle: (AppConfig) -> [any LifecycleHandler] = { _ in [] }
}

/// The web part of each module that has one, by module code. A code that names no module, a
/// declared page or portal entry that no route serves and a declared command that is not
/// registered each fail a test of "Modules are wired" (`ModuleWiringTests`).
enum WebModules {
    /// Made when asked (commands and handlers are values with state of their own).
    static var byCode: [String: WebModule] { [
        Module.licences.code: WebModule(routes: [PortalLicencesController()]),
        Module.reminders.code: WebModule(routes: [RemindersController()], commands: ["remind": RemindCommand()],
                                         lifecycle: { config in config.scheduler ? [ReminderScheduler()] : [] }),
        Module.disclosure.code: WebModule(routes: [DisclosureReportController()], commands: ["disclosure-report": DisclosureReportCommand()]),
    ] }

    /// Every module's web part, in the order of `Modules.all`.
    static var all: [WebModule] { Modules.all.compactMap { byCode[$0.code] } }
}
