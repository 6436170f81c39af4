import Fluent
import Foundation
import SQLKit
import SQLiteKit

/// Rows read column by column without Codable, for the few list queries that run on every call of
/// an integration. On SQLite the values come straight from the driver; elsewhere through SQLKit.
public struct FastRow: Sendable {
    enum Storage: Sendable {
        case sqlite(SQLiteRow)
        case sql(any SQLRow)
    }
    let storage: Storage

    public func string(_ column: String) throws -> String? {
        switch storage {
        case .sqlite(let row): return row.column(column)?.string
        case .sql(let row): return try row.decode(column: column, as: String?.self)
        }
    }

    public func int(_ column: String) throws -> Int? {
        switch storage {
        case .sqlite(let row): return row.column(column)?.integer.map { Int($0) }
        case .sql(let row): return try row.decode(column: column, as: Int?.self)
        }
    }

    public func bool(_ column: String) throws -> Bool? {
        switch storage {
        case .sqlite(let row): return row.column(column)?.bool
        case .sql(let row): return try row.decode(column: column, as: Bool?.self)
        }
    }
}

extension Database {
    public func fastRows(_ query: SQLQueryString) async throws -> [FastRow] {
        guard isSQLite, let sqlite = self as? any SQLiteDatabase else {
            return try await sql.raw(query).all().map { FastRow(storage: .sql($0)) }
        }
        let (text, binds) = sql.serialize(query)
        let encoder = SQLiteDataEncoder()
        let data = try binds.map { try encoder.encode($0) }
        return try await sqlite.query(text, data).map { FastRow(storage: .sqlite($0)) }
    }
}
