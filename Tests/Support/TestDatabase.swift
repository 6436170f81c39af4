import FazhiCore
import FazhiStore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Testing
import Vapor

/// The databases a test runs on: SQLite always; PostgreSQL when `FAZHI_TEST_POSTGRES_URL` names
/// a server (the test command starts one). Never a mock.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    /// The backends of this run: `FAZHI_TEST_BACKENDS` (`sqlite`, `postgres` or both, comma
    /// separated; the test command runs one process for each), PostgreSQL only with a server.
    public static var available: [TestBackend] {
        let asked = ProcessInfo.processInfo.environment["FAZHI_TEST_BACKENDS"].map {
            $0.split(separator: ",").compactMap { TestBackend(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        } ?? allCases
        return asked.filter { $0 == .sqlite || adminURL != nil }
    }

    static var adminURL: String? {
        let url = ProcessInfo.processInfo.environment["FAZHI_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }
}

extension Trait where Self == ConditionTrait {
    /// A test that takes no backend argument: it runs on SQLite or on no database at all, so a
    /// run on PostgreSQL alone leaves it out.
    public static var sqliteOnly: Self {
        .enabled(if: TestBackend.available.contains(.sqlite), "runs in the SQLite run")
    }
}

/// The suite's one clock. Its day is `FAZHI_TEST_TODAY` (YYYY-MM-DD) when that is set, else the
/// machine's; its time of day runs on from the machine's. Every test, and every platform a test
/// starts, takes "now" and "today" from here, so the suite passes on any date it is given.
public enum TestClock {
    public static let clock: Clock = {
        guard let raw = ProcessInfo.processInfo.environment["FAZHI_TEST_TODAY"], !raw.isEmpty else { return .system }
        guard let day = LocalDate(iso: raw) else { fatalError("FAZHI_TEST_TODAY 应为日期 YYYY-MM-DD，现为「\(raw)」") }
        return .shifted(to: day)
    }()
    public static var now: Date { clock.now }
    public static var today: LocalDate { clock.today }
}

/// A fresh database that is removed afterwards: empty, or a copy of a template.
public struct ScratchDatabase: Sendable {
    public let location: DatabaseLocation
    let drop: @Sendable () async throws -> Void

    public static func make(_ backend: TestBackend, from template: DatabaseLocation? = nil) async throws -> ScratchDatabase {
        let name = "fazhi_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            if case .sqlite(let path)? = template { try DatabaseTemplates.copySQLite(path, into: dir) }
            return ScratchDatabase(location: .sqlite(path: dir.appendingPathComponent("test.sqlite").path)) {
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            let admin = try PostgresAdmin.url()
            var statement = "CREATE DATABASE \(name)"
            if case .postgres(let url)? = template { statement += " TEMPLATE \(PostgresAdmin.databaseName(url))" }
            try await PostgresAdmin.run(statement)
            return ScratchDatabase(location: .postgres(url: PostgresAdmin.url(admin, database: String(name)))) {
                try await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    public func remove() async { try? await drop() }
}

public enum ScratchError: Error {
    case noPostgres
    case notLocal(String)
}

/// Statements on the test server's administrative database.
enum PostgresAdmin {
    static func url() throws -> String {
        guard let admin = TestBackend.adminURL else { throw ScratchError.noPostgres }
        // Refuse anything but a local server: tests create and drop databases.
        guard admin.contains("@127.0.0.1") || admin.contains("@localhost") else { throw ScratchError.notLocal(admin) }
        return admin
    }

    static func url(_ admin: String, database: String) -> String { "\(admin[..<admin.lastIndex(of: "/")!])/\(database)" }

    static func databaseName(_ url: String) -> String { String(url[url.index(after: url.lastIndex(of: "/")!)...]) }

    static func run(_ statement: String) async throws { _ = try await rows(statement) }

    static func rows(_ statement: String) async throws -> [String] {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        var config = try SQLPostgresConfiguration(url: try url())
        config.coreConfiguration.tls = .disable
        app.databases.use(.postgres(configuration: config), as: .psql)
        do {
            let rows = try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).all()
            try await app.asyncShutdown()
            return rows.compactMap { try? $0.decode(column: "name", as: String.self) }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// Databases made once per test run and copied for each test that starts from them: the migrated
/// schema, a bootstrapped district, the demo districts. A SQLite template is a folder whose files
/// are copied; a PostgreSQL template is a database that `CREATE DATABASE … TEMPLATE` copies. A
/// template is built the first time a test asks for it; the tests asking meanwhile wait for it.
public actor DatabaseTemplates {
    public static let shared = DatabaseTemplates()
    private var made: [String: Task<DatabaseLocation, any Error>] = [:]
    /// Before the first template, those of test runs that were stopped are removed.
    private let sweep = Task { await DatabaseTemplates.removeStale() }

    /// The template `name` on `backend`: a copy of `base` (or an empty database) that `build`
    /// attached an application to and filled; the application is shut down before any copy.
    public func location(_ name: String, _ backend: TestBackend, from base: DatabaseLocation? = nil,
                         build: @escaping @Sendable (Application, DatabaseLocation) async throws -> Void) async throws -> DatabaseLocation {
        let key = "\(backend)-\(name)"
        if let task = made[key] { return try await task.value }
        // Stored before any wait, so that a second caller meanwhile waits for this one.
        let task = Task { [sweep] in
            await sweep.value
            return try await Self.make(key, backend, from: base, build: build)
        }
        made[key] = task
        return try await task.value
    }

    /// Template names carry the test process's id.
    static let prefix = "fazhi_tpl_\(ProcessInfo.processInfo.processIdentifier)_"

    static func make(_ key: String, _ backend: TestBackend, from base: DatabaseLocation?,
                     build: @Sendable (Application, DatabaseLocation) async throws -> Void) async throws -> DatabaseLocation {
        let name = prefix + key.replacingOccurrences(of: "-", with: "_")
        let location: DatabaseLocation
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            if case .sqlite(let path)? = base { try copySQLite(path, into: dir) }
            location = .sqlite(path: dir.appendingPathComponent("test.sqlite").path)
        case .postgres:
            var statement = "CREATE DATABASE \(name)"
            if case .postgres(let url)? = base { statement += " TEMPLATE \(PostgresAdmin.databaseName(url))" }
            try await PostgresAdmin.run(statement)
            location = .postgres(url: PostgresAdmin.url(try PostgresAdmin.url(), database: name))
        }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        do {
            try await build(app, location)
            // Everything in the database file itself, so that a copy of the file is the whole database.
            if case .sqlite = location { try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return location
    }

    /// A SQLite template's folder: its database file (checkpointed, so the write-ahead log and
    /// its index are left behind) and its file store.
    static func copySQLite(_ path: String, into dir: URL) throws {
        let source = URL(fileURLWithPath: path).deletingLastPathComponent()
        for item in try FileManager.default.contentsOfDirectory(atPath: source.path) where !item.hasSuffix("-wal") && !item.hasSuffix("-shm") {
            try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
    }

    /// Templates left by test processes that are gone (a run that was stopped).
    static func removeStale() async {
        func gone(_ name: String) -> Bool {
            guard name.hasPrefix("fazhi_tpl_"), let pid = Int32(name.dropFirst("fazhi_tpl_".count).prefix { $0.isNumber }) else { return false }
            return pid != ProcessInfo.processInfo.processIdentifier && kill(pid, 0) != 0 && errno == ESRCH
        }
        let temporary = FileManager.default.temporaryDirectory
        for item in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where gone(item) {
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(item))
        }
        guard TestBackend.adminURL != nil,
              let names = try? await PostgresAdmin.rows("SELECT datname AS name FROM pg_database WHERE datname LIKE 'fazhi\\_tpl\\_%'") else { return }
        for name in names where gone(name) { try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    /// Every migration applied.
    public static func migrated(_ backend: TestBackend) async throws -> DatabaseLocation {
        try await shared.location("migrated", backend) { app, location in
            try attach(app, to: location)
            app.migrations.add(FazhiMigrations.all)
            try await app.autoMigrate()
        }
    }

    /// The first accounts and the district (with the demo organisation's units when `demo`), as
    /// `Bootstrap` makes them; passwords are "hashed" as themselves.
    public static func district(_ backend: TestBackend, demo: Bool) async throws -> DatabaseLocation {
        let migrated = try await migrated(backend)
        return try await shared.location(demo ? "district-demo" : "district", backend, from: migrated) { app, location in
            try attach(app, to: location)
            _ = try await Bootstrap.run(on: app.db, demo: demo) { $0 }
        }
    }
}

/// An application on a scratch database (a copy of `template`, or empty) that is removed
/// afterwards, whatever `body` does.
public func withScratchApplication(_ backend: TestBackend, from template: DatabaseLocation? = nil,
                                   _ body: (Application, DatabaseLocation) async throws -> Void) async throws {
    let scratch = try await ScratchDatabase.make(backend, from: template)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .critical
    do {
        try await body(app, scratch.location)
    } catch {
        try? await app.asyncShutdown()
        await scratch.remove()
        throw error
    }
    try await app.asyncShutdown()
    await scratch.remove()
}

/// Opens a scratch database with every migration applied, for tests of the storage layer.
public func withMigratedDatabase(_ backend: TestBackend, _ body: (Application) async throws -> Void) async throws {
    try await withScratchApplication(backend, from: try await DatabaseTemplates.migrated(backend)) { app, location in
        try attach(app, to: location)
        app.migrations.add(FazhiMigrations.all)
        try await body(app)
    }
}

/// A bootstrapped platform for a test of the storage layer: its district, the working calendar's
/// calculator, and departments made on demand.
public struct TestDistrict: Sendable {
    public let app: Application
    public let district: District
    public let calculator: DeadlineCalculator

    public var db: any Database { app.db }
    public var now: Date { TestClock.now }
    public var today: LocalDate { TestClock.today }

    /// A new department of the district.
    public func department(_ code: String) async throws -> UUID {
        try await OrganisationStore.createUnit(UnitInput(code: code, name: code, kind: .department, parentID: district.id), actor: .system(), on: db).id!
    }

    /// A unit by its code (the demo organisation's, or one made by the test).
    public func unit(_ code: String) async throws -> UUID {
        guard let unit = try await OrgUnit.query(on: db).filter(\.$code == code).first(), let id = unit.id else { throw Abort(.notFound, reason: code) }
        return id
    }
}

/// Runs `body` on a copy of a bootstrapped platform: its first district alone, or the demo
/// organisation (`demo`).
public func withDistrict(_ backend: TestBackend, demo: Bool = false, _ body: (TestDistrict) async throws -> Void) async throws {
    try await withScratchApplication(backend, from: try await DatabaseTemplates.district(backend, demo: demo)) { app, location in
        try attach(app, to: location)
        app.migrations.add(FazhiMigrations.all)
        guard let district = try await Districts.all(on: app.db).first else { throw Abort(.internalServerError, reason: "no district") }
        try await body(TestDistrict(app: app, district: district, calculator: try await CalendarStore.calculator(on: app.db)))
    }
}

/// Points an application at a database, as another app instance would connect to it.
public func attach(_ app: Application, to location: DatabaseLocation) throws {
    switch location {
    // As for PostgreSQL below: under the full suite's load a writer may queue longer than 10 s.
    case .sqlite(let path): app.useSQLite(file: path, poolTimeout: .seconds(60))
    case .postgres(let url):
        var config = try SQLPostgresConfiguration(url: url)
        config.coreConfiguration.tls = .disable
        // The whole suite shares one PostgreSQL on two cores: a test's writers may queue longer
        // for a connection than the default 10 s while other tests load the server.
        app.databases.use(.postgres(configuration: config, connectionPoolTimeout: .seconds(60)), as: .psql)
    }
}
