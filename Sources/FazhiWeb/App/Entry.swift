import FazhiCore
import FazhiStore
import Foundation
import Logging
import Vapor

/// What the `fazhi` executable does: `serve` (default), `audit verify`, `deadline`, `backup`,
/// `restore`, and Vapor's own `migrate` and `routes`.
public enum Entry {
    /// Runs a command and gives the process's exit status: a refusal is printed as one line on
    /// standard error (in Chinese where it has a message for people), not as a crash.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            try await main(arguments: arguments)
            return 0
        } catch {
            let text: String
            switch error {
            case let e as CoreError: text = e.message
            case let e as CommandFailure: text = e.description
            default: text = String(describing: error)
            }
            FileHandle.standardError.write(Data("错误：\(text)\n".utf8))
            return 1
        }
    }

    /// An option given several times (`--pause A --pause B`) as one comma-joined value, where the
    /// first of them stood: Vapor's commands keep one value per option.
    static func joiningRepeated(_ option: String, in arguments: [String]) -> [String] {
        var out: [String] = [], values: [String] = [], at: Int?
        var i = 0
        while i < arguments.count {
            if arguments[i] == option, i + 1 < arguments.count {
                if at == nil { at = out.count }
                values.append(arguments[i + 1]); i += 2
            } else if arguments[i].hasPrefix(option + "=") {
                if at == nil { at = out.count }
                values.append(String(arguments[i].dropFirst(option.count + 1))); i += 1
            } else {
                out.append(arguments[i]); i += 1
            }
        }
        if let at { out.insert(contentsOf: [option, values.joined(separator: ",")], at: at) }
        return out
    }

    public static func main(arguments: [String]) async throws {
        var args = joiningRepeated("--pause", in: arguments)
        let demo = !args.contains("--no-demo")
        args.removeAll { $0 == "--no-demo" }
        let command = args.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"

        if command == "restore" {
            // Restore replaces the database file or content; the app must not hold it open.
            guard args.count >= 3 else { throw CommandFailure("用法：fazhi restore FILE") }
            let location = try DatabaseLocation.parse(ProcessInfo.processInfo.environment["FAZHI_DATABASE_URL"])
            try Backup.restore(from: URL(fileURLWithPath: args[2]).path, into: location)
            say("已从 \(args[2]) 恢复")
            return
        }

        var env = try Environment.detect(arguments: args)
        // Vapor's default is development, which re-parses every page template on every request;
        // the platform runs as production unless told otherwise (or FAZHI_TEMPLATE_RELOAD=1).
        let explicit = args.contains { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") }
        if !explicit && ProcessInfo.processInfo.environment["FAZHI_TEMPLATE_RELOAD"] != "1" {
            env = Environment(name: Environment.production.name, arguments: env.arguments)
        }
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        let app = try await Application.make(env)
        do {
            var config = try AppConfig.fromEnvironment(demo: demo)
            config.bootstrap = command == "serve"
            config.demoRecords = command == "serve" && demo
            config.scheduler = command == "serve"
            if let day = ProcessInfo.processInfo.environment["FAZHI_TODAY"], !day.isEmpty {
                app.logger.warning("FAZHI_TODAY=\(day): the platform's clock runs from that day, not the system's")
            }
            try await configure(app, config: config)
            if command == "serve" { announce(args) }
            try await app.execute()
            // Stopped (Ctrl+C, SIGTERM): answers still being written finish before the databases close.
            await app.fazhi.drain()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// The address a person opens, from the same flags Vapor's serve command reads.
    static func announce(_ args: [String]) {
        func value(_ names: [String]) -> String? {
            guard let i = args.firstIndex(where: names.contains), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        let host = value(["--hostname", "-H"]) ?? "127.0.0.1"
        let port = value(["--port", "-p"]) ?? "8080"
        say("法治平台：http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/   （按 Ctrl+C 停止）")
    }
}

/// One JSON object per line: time, level, label, message and metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = JSONLogHandler.defaultLevel
    /// Read once: Vapor makes a logger for every request and response, and reading the
    /// environment each time costs more than the request itself.
    static let defaultLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = ["time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue, "logger": label,
                                        "message": event.message.description, "source": event.source]
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[k] = v.description }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            FileHandle.standardError.write(data + Data("\n".utf8))
        }
    }
}

/// Writes a line to standard output unbuffered, so it is seen even when the output is a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
