import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOCore
import Vapor

extension DatabaseID {
    /// The same database through connections of their own, for long work behind the serving
    /// platform (the demo being made): a transaction held there for seconds takes no connection
    /// from the requests (on SQLite an event loop has only one).
    public static let background = DatabaseID(string: "background")
}

extension Application {
    /// Uses the database at `location`: a SQLite file (made with its folder when missing, in WAL
    /// mode so that readers run beside the one writer; the setting is kept in the file) or a
    /// PostgreSQL server (TLS only when the URL asks for it with `sslmode`).
    public func useDatabase(_ location: DatabaseLocation, connectionsPerEventLoop: Int) async throws {
        switch location {
        case .sqlite(let path):
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            useSQLite(file: path)
            try await db.sql.raw("PRAGMA journal_mode=WAL").run()
        case .postgres(let url):
            var pg = try SQLPostgresConfiguration(url: url)
            if !url.contains("sslmode") { pg.coreConfiguration.tls = .disable }
            databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: connectionsPerEventLoop, sqlLogLevel: .debug), as: .psql)
            databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: 1, sqlLogLevel: .debug), as: .background, isDefault: false)
        }
    }

    /// Uses the SQLite file at `path`, with a blocking thread pool of the application's own.
    ///
    /// SQLite's driver answers a locked database by retrying at once, on the pool thread that
    /// runs the statement, until the lock is free. On NIO's shared blocking pool (one thread per
    /// core, shared by every application in the process) the connections waiting for a lock
    /// could take every thread while the connection that holds the lock waits for a thread to
    /// commit on, and the whole process would stop. An application keeps one SQLite connection
    /// per event loop; its own pool has a thread for each of them and some to spare for password
    /// hashing and files, so the holder always finds a thread.
    public func useSQLite(file path: String, poolTimeout: TimeAmount = .seconds(10), sqlLogLevel: Logger.Level? = .debug) {
        threadPool = NIOThreadPool(numberOfThreads: System.coreCount + 4)
        databases.use(.sqlite(.file(path), connectionPoolTimeout: poolTimeout, dataEncoder: .init(), dataDecoder: .init(), sqlLogLevel: sqlLogLevel), as: .sqlite)
        databases.use(.sqlite(.file(path), connectionPoolTimeout: poolTimeout, dataEncoder: .init(), dataDecoder: .init(), sqlLogLevel: sqlLogLevel),
                      as: .background, isDefault: false)
    }

    /// Sets up each event loop's SQLite connection for reading a large file: the file mapped into
    /// memory (1 GB of it), so a page already in the system's cache is read without a system call
    /// and a copy, and a 32 MB page cache instead of SQLite's 2 MB. Both settings belong to a
    /// connection, and the driver has no hook for a new one; the pool keeps its connections, so
    /// this runs once after start-up. A connection the pool makes later (after an error) reads
    /// with SQLite's defaults, which is slower, not wrong.
    public func tuneSQLiteConnections() async throws {
        for eventLoop in eventLoopGroup.makeIterator() {
            guard let db = databases.database(.sqlite, logger: logger, on: eventLoop) else { continue }
            try await db.withConnection { conn in
                try await conn.sql.raw("PRAGMA mmap_size = 1073741824").run()
                try await conn.sql.raw("PRAGMA cache_size = -32768").run()
            }
        }
    }
}
