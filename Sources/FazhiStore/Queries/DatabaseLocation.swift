import Foundation

/// Where the data lives: `sqlite:///absolute/path.sqlite` or a `postgres://` URL.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "data/fazhi.sqlite"

    public static func parse(_ raw: String?) throws -> DatabaseLocation {
        guard let raw, !raw.isEmpty else {
            return .sqlite(path: FileManager.default.currentDirectoryPath + "/" + defaultSQLitePath)
        }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard path.hasPrefix("/") else { throw DatabaseLocationError.invalid(raw) }
            return .sqlite(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") { return .postgres(url: raw) }
        throw DatabaseLocationError.invalid(raw)
    }
}

public enum DatabaseLocationError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        "FAZHI_DATABASE_URL 无法识别：应为 sqlite:///绝对路径.sqlite 或 postgres://用户:密码@主机:端口/库名"
    }
}
