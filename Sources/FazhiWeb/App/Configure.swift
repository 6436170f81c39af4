import FazhiCore
import FazhiStore
import Fluent
import Leaf
import LeafKit
import Vapor

/// Builds the whole application; `main`, the tests and the benchmark all call this.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.storage[FazhiServicesKey.self] = FazhiServices(config: config)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.routes.defaultMaxBodySize = "2mb"

    try await app.useDatabase(config.database, connectionsPerEventLoop: config.connectionsPerEventLoop)
    app.migrations.add(FazhiMigrations.all)
    try await app.autoMigrate()
    // A register whose table is not what its declaration implies stops the start, saying why.
    try await RegisterSchema.check(on: app.db)
    try await PlannerStatistics.gatherIfMissing(on: app.db)
    if case .sqlite = config.database { try await app.tuneSQLiteConnections() }

    let resources = Bundle.module.bundleURL.appendingPathComponent("Resources")
    app.views.use(.leaf)
    app.leaf.sources = .singleSource(ViewSource(directory: resources.appendingPathComponent("Views").path))
    // Parsed templates are kept (parsing was most of a page's cost); FAZHI_TEMPLATE_RELOAD=1 re-reads
    // them on every request while editing them.
    app.leaf.cache.isEnabled = ProcessInfo.processInfo.environment["FAZHI_TEMPLATE_RELOAD"] != "1"

    app.middleware = Middlewares()
    app.middleware.use(EdgeMiddleware())
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(AccessMiddleware())

    try app.register(collection: OpsController(staticDirectory: resources.appendingPathComponent("Public").path))
    try app.register(collection: AuthController())
    try app.register(collection: HomeController())
    try app.register(collection: UnitsController())
    try app.register(collection: UsersController())
    try app.register(collection: RolesController())
    try app.register(collection: AuditController())
    try app.register(collection: CalendarController())
    try app.register(collection: RulesController())
    try app.register(collection: LocalRulesController())
    for type in Registers.all { try app.register(collection: RecordsController(type: type)) }
    try app.register(collection: FiguresController())
    try app.register(collection: ReportController())
    try app.register(collection: DashboardController())
    try app.register(collection: PortalController())
    try app.register(collection: PortalIntakeController())
    try app.register(collection: NumberingController())
    for module in WebModules.all { for routes in module.routes { try app.register(collection: routes) } }
    try app.register(collection: OpenAPIController())
    app.fazhi.routeMethods.load(app.routes.all)

    app.asyncCommands.use(AuditCommands(), as: "audit")
    app.asyncCommands.use(DeadlineCommand(), as: "deadline")
    app.asyncCommands.use(RulesCommand(), as: "rules")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(FilesCommands(), as: "files")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(ReportCommand(), as: "report")
    for module in WebModules.all {
        for (name, command) in module.commands { app.asyncCommands.use(command, as: name) }
        for handler in module.lifecycle(config) { app.lifecycle.use(handler) }
    }
    if let key = config.auditKey { AuditLog.use(key: key) }

    guard config.bootstrap else { return }
    let hasher = app.password
    let credentials = try await Bootstrap.run(on: app.db, demo: config.demo) { try hasher.hash($0) }
    try await BuiltInGrants.apply(on: app.db, now: config.clock.now)
    if config.printCredentials && !credentials.isEmpty { say(Bootstrap.Credential.announcement(credentials)) }
    // The first start (the accounts were just made) asks for the demo's records and history; they
    // are made behind the serving platform, and a start after a stop during them resumes them.
    guard config.demo && config.demoRecords else { return }
    if !credentials.isEmpty { try await DemoSteps.request(.init(scale: 1, districts: 1), now: config.clock.now, on: app.db) }
    if let request = try await DemoSteps.pending(on: app.db) { app.lifecycle.use(DemoBuilder(request)) }
}

extension Bootstrap.Credential {
    /// The first accounts and their passwords, shown once (the first start, `fazhi demo`).
    static func announcement(_ credentials: [Bootstrap.Credential]) -> String {
        var lines = ["", "首次启动：已创建以下账户（密码只显示这一次，首次登录须修改密码）"]
        for c in credentials {
            lines.append("  \(c.role.padding(toLength: 10, withPad: "　", startingAt: 0))  登录名 \(c.username.padding(toLength: 10, withPad: " ", startingAt: 0))  密码 \(c.password)  （\(c.unit)）")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
