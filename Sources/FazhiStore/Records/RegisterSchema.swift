import Crypto
import FazhiCore
import Fluent
import Foundation
import SQLKit

/// A register's table as a database's catalog has it: its columns with their types, its keys and
/// foreign keys, its indexes with their columns (or, on PostgreSQL, their whole definition, the
/// search expression included), and its search table and triggers on SQLite. One line each,
/// sorted, so two shapes compare line by line and hash to a fingerprint.
public struct TableShape: Sendable, Equatable {
    public let lines: [String]

    /// The first 16 hex digits of the SHA-256 of the lines.
    public var fingerprint: String {
        SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// Whether each register's table is what its declaration implies. The declaration's shape is
/// made by the register's own migrations, run on a scratch copy of the table in a transaction
/// that is rolled back, and read from the catalog like the real table; so the comparison needs no
/// second description of the schema, and on PostgreSQL the search index's expression is compared
/// as PostgreSQL prints it. A declaration changed without a numbered migration that brings
/// existing databases to the same shape shows here as a difference, and startup refuses.
public enum RegisterSchema {
    public struct Drift: Sendable, Equatable {
        public let register: String
        public let table: String
        /// Lines the declaration implies that the table lacks, and lines the table has that it does not imply.
        public let missing: [String]
        public let unexpected: [String]
    }

    static let scratchPrefix = "fx_"

    /// The shape the declaration implies.
    public static func expected(_ type: RecordType, on db: any Database) async throws -> TableShape {
        struct Made: Error { let shape: TableShape }
        let scratch = scratchPrefix + type.table
        do {
            try await db.write { tx in
                try await RecordTableMigration.create(type, as: scratch, on: tx)
                try await RecordListIndexes.apply(type, to: scratch, on: tx)
                try await RecordLookupIndexes.apply(type, to: scratch, on: tx)
                // Thrown to roll the scratch table back.
                throw Made(shape: try await actual(scratch, as: type.table, on: tx))
            }
        } catch let made as Made {
            return made.shape
        }
        throw CoreError.state("登记簿「\(type.label)」的结构无法核对")
    }

    /// The shape of `table` in the database, its names written as `name`'s.
    public static func actual(_ table: String, as name: String? = nil, on db: any Database) async throws -> TableShape {
        let sql = db.sql
        var lines: [String] = []
        if db.isSQLite {
            struct Column: Decodable { var name: String; var type: String; var notnull: Int; var pk: Int }
            for c in try await sql.raw("SELECT name, type, \"notnull\", pk FROM pragma_table_info(\(bind: table))").all(decoding: Column.self) {
                lines.append("column \(c.name) \(c.type)" + (c.notnull != 0 ? " NOT NULL" : "") + (c.pk != 0 ? " PRIMARY KEY" : ""))
            }
            struct Key: Decodable { var from: String; var table: String; var to: String?; var on_delete: String }
            for k in try await sql.raw("SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(\(bind: table))").all(decoding: Key.self) {
                lines.append("foreign key \(k.from) references \(k.table) (\(k.to ?? "")) on delete \(k.on_delete)")
            }
            struct Index: Decodable { var name: String; var unique: Int; var origin: String }
            struct Part: Decodable { var seqno: Int; var name: String? }
            for i in try await sql.raw("SELECT name, \"unique\", origin FROM pragma_index_list(\(bind: table))").all(decoding: Index.self) where i.origin != "pk" {
                let parts = try await sql.raw("SELECT seqno, name FROM pragma_index_info(\(bind: i.name))").all(decoding: Part.self).sorted { $0.seqno < $1.seqno }
                lines.append("index \(i.name)" + (i.unique != 0 ? " unique" : "") + " (" + parts.map { $0.name ?? "expression" }.joined(separator: ", ") + ")")
            }
            struct Object: Decodable { var type: String; var name: String; var sql: String? }
            for o in try await sql.raw("""
                SELECT type, name, sql FROM sqlite_master WHERE (type = 'trigger' AND tbl_name = \(bind: table)) OR (type = 'table' AND name = \(bind: table + "_fts"))
                """).all(decoding: Object.self) {
                lines.append("\(o.type) \(o.name): \(o.sql ?? "")")
            }
        } else {
            struct Column: Decodable { var column_name: String; var data_type: String; var is_nullable: String }
            for c in try await sql.raw("""
                SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)
                """).all(decoding: Column.self) {
                lines.append("column \(c.column_name) \(c.data_type)" + (c.is_nullable == "NO" ? " NOT NULL" : ""))
            }
            struct Constraint: Decodable { var def: String }
            for c in try await sql.raw("""
                SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = to_regclass(\(bind: table))
                """).all(decoding: Constraint.self) {
                lines.append("constraint \(c.def)")
            }
            struct Index: Decodable { var indexdef: String }
            for i in try await sql.raw("""
                SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = \(bind: table)
                """).all(decoding: Index.self) {
                lines.append("index \(i.indexdef)")
            }
        }
        let rename = name.map { (table, $0) }
        return TableShape(lines: lines.map { line in
            var l = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let (from, to) = rename { l = l.replacingOccurrences(of: from, with: to) }
            return l
        }.sorted())
    }

    /// Whether the database has a table of this name.
    public static func tableExists(_ table: String, on db: any Database) async throws -> Bool {
        try await !db.sql.raw(db.isSQLite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: table)")
            .all().isEmpty
    }

    /// Every table of the database (registers' and the platform's) with its shape.
    public static func tables(on db: any Database) async throws -> [String: TableShape] {
        struct Row: Decodable { var name: String }
        let names = try await db.sql.raw(db.isSQLite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
            .all(decoding: Row.self).map(\.name)
        var out: [String: TableShape] = [:]
        for name in names { out[name] = try await actual(name, on: db) }
        return out
    }

    /// Every register whose table is not what its declaration implies.
    public static func drift(of types: [RecordType] = Registers.all, on db: any Database) async throws -> [Drift] {
        var out: [Drift] = []
        for type in types {
            let expected = try await expected(type, on: db), actual = try await actual(type.table, on: db)
            guard expected != actual else { continue }
            let have = Set(actual.lines), want = Set(expected.lines)
            out.append(Drift(register: type.label, table: type.table, missing: expected.lines.filter { !have.contains($0) },
                             unexpected: actual.lines.filter { !want.contains($0) }))
        }
        return out
    }

    /// Refuses, naming each register and what differs, when a table is not what its declaration
    /// implies; for an index that differs it gives the statement that mends it, to be written into
    /// a new numbered migration (`docs/architecture.md`, "Registers").
    public static func check(on db: any Database) async throws {
        let drifts = try await drift(on: db)
        guard !drifts.isEmpty else { return }
        let detail = drifts.map { d in
            "登记簿「\(d.register)」（\(d.table)）：" + (d.missing.map { "缺少 \($0)" } + d.unexpected.map { "多出 \($0)" }).joined(separator: "；")
        }.joined(separator: "\n")
        let statements = drifts.flatMap { $0.statements(sqlite: db.isSQLite) }
        throw CoreError.state("数据库的登记簿表结构与声明不一致，拒绝启动。登记簿的声明改动后，须有一个编号的迁移把已有数据库改到同样的结构：\n" + detail
            + (statements.isEmpty ? "" : "\n索引的差异可在新的编号迁移（Sources/FazhiStore/Migrations/M0NN_…，SQLite 与 PostgreSQL 各自核对）中这样补齐：\n"
                + statements.joined(separator: "\n")))
    }
}

extension RegisterSchema.Drift {
    /// The statements that bring the table's indexes to the declared ones, for this backend: a
    /// missing index created, an unexpected one dropped. Columns, keys and the search table are
    /// not written here; their migration needs the data in mind.
    public func statements(sqlite: Bool) -> [String] {
        func name(_ line: String) -> String? {
            let words = line.split(separator: " ").map(String.init)
            if sqlite { return words.count > 1 && words[0] == "index" ? words[1] : nil }
            // PostgreSQL: "index CREATE [UNIQUE] INDEX name ON …"
            guard let at = words.firstIndex(of: "INDEX"), at + 1 < words.count, words[0] == "index" else { return nil }
            return words[at + 1]
        }
        let create = missing.compactMap { line -> String? in
            guard line.hasPrefix("index "), let index = name(line) else { return nil }
            if !sqlite { return String(line.dropFirst("index ".count)) + ";" }
            guard let open = line.firstIndex(of: "("), !line.contains("(expression") else { return nil }
            return "CREATE \(line.contains(" unique (") ? "UNIQUE " : "")INDEX \(index) ON \(table) \(line[open...]);"
        }
        let drop = unexpected.compactMap { line in line.hasPrefix("index ") ? name(line).map { "DROP INDEX \($0);" } : nil }
        return drop + create
    }
}
