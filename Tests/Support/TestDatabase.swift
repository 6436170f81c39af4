import FazhiStore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// The databases a test runs on: SQLite always; PostgreSQL when `FAZHI_TEST_POSTGRES_URL` names
/// a server (the test command starts one). Never a mock.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    public static var available: [TestBackend] {
        adminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var adminURL: String? {
        let url = ProcessInfo.processInfo.environment["FAZHI_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }
}

/// A fresh, empty database that is removed afterwards.
public struct ScratchDatabase: Sendable {
    public let location: DatabaseLocation
    let drop: @Sendable () async throws -> Void

    public static func make(_ backend: TestBackend) async throws -> ScratchDatabase {
        let name = "fazhi_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return ScratchDatabase(location: .sqlite(path: dir.appendingPathComponent("test.sqlite").path)) {
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            guard let admin = TestBackend.adminURL else { throw ScratchError.noPostgres }
            // Refuse anything but a local server: tests create and drop databases.
            guard admin.contains("@127.0.0.1") || admin.contains("@localhost") else { throw ScratchError.notLocal(admin) }
            try await adminSQL(admin, "CREATE DATABASE \(name)")
            let base = admin[..<admin.lastIndex(of: "/")!]
            return ScratchDatabase(location: .postgres(url: "\(base)/\(name)")) {
                try await adminSQL(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    public func remove() async { try? await drop() }

    static func adminSQL(_ url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        var config = try SQLPostgresConfiguration(url: url)
        config.coreConfiguration.tls = .disable
        app.databases.use(.postgres(configuration: config), as: .psql)
        do {
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

public enum ScratchError: Error {
    case noPostgres
    case notLocal(String)
}

/// An application on a scratch database that is removed afterwards, whatever `body` does.
public func withScratchApplication(_ backend: TestBackend, _ body: (Application, DatabaseLocation) async throws -> Void) async throws {
    let scratch = try await ScratchDatabase.make(backend)
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
    try await withScratchApplication(backend) { app, location in
        try attach(app, to: location)
        app.migrations.add(FazhiMigrations.all)
        try await app.autoMigrate()
        try await body(app)
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
