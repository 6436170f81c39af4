import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Issues registration numbers inside the transaction of the move that registers: the counter
/// row of the district, prefix and year is incremented with `INSERT … ON CONFLICT DO UPDATE … RETURNING`,
/// which holds its row lock until the transaction ends. Concurrent registrations wait for each
/// other, a rolled-back one gives its number back, so numbers never repeat and never skip.
public enum RegistrationNumbers {
    public struct Rule: Sendable { public let prefix: String; public let pattern: String }

    /// A district's rule for a register: its own, else the platform's default, else the register's
    /// name and the default pattern.
    public static func rule(_ type: RecordType, district: UUID, on db: any Database) async throws -> Rule {
        struct Row: Decodable { var prefix: String; var pattern: String }
        if let own = try await db.sql.raw("""
            SELECT prefix, pattern FROM district_numbering_rules WHERE district_id = \(bind: district) AND register = \(bind: type.slug)
            """).first(decoding: Row.self) {
            return Rule(prefix: own.prefix, pattern: own.pattern)
        }
        let row = try await db.sql.raw("SELECT prefix, pattern FROM numbering_rules WHERE register = \(bind: type.slug)").first(decoding: Row.self)
        return Rule(prefix: row?.prefix ?? type.intake?.receiptPrefix ?? type.slug.uppercased(), pattern: row?.pattern ?? RegistrationNumber.defaultPattern)
    }

    /// Changes a district's prefix and pattern for a register (checked, audited). A new prefix
    /// starts its own sequences; numbers already issued stay as they are.
    public static func save(_ type: RecordType, district: UUID, prefix: String, pattern: String, actor: AuditActor, on db: any Database,
                            now: Date) async throws {
        try RegistrationNumber.check(prefix: prefix, pattern: pattern)
        try await db.write { tx in
            let before = try await rule(type, district: district, on: tx)
            try await tx.sql.raw("""
                INSERT INTO district_numbering_rules (district_id, register, prefix, pattern)
                VALUES (\(bind: district), \(bind: type.slug), \(bind: prefix), \(bind: pattern))
                ON CONFLICT (district_id, register) DO UPDATE SET prefix = excluded.prefix, pattern = excluded.pattern
                """).run()
            try await AuditLog.append(on: tx, actor: actor, action: .update, entityType: "numbering_rule", entityID: "\(district.uuidString):\(type.slug)",
                                      before: AuditLog.snapshot(["prefix": before.prefix, "pattern": before.pattern]),
                                      after: AuditLog.snapshot(["prefix": prefix, "pattern": pattern]), at: now)
        }
    }

    /// The last number a district issued in each year under a prefix, newest year first.
    public static func sequences(district: UUID, prefix: String, on db: any Database) async throws -> [(year: Int, last: Int)] {
        struct Row: Decodable { var year: Int; var last: Int }
        return try await db.sql.raw("""
            SELECT year, last FROM district_registration_sequences WHERE district_id = \(bind: district) AND prefix = \(bind: prefix) ORDER BY year DESC
            """).all(decoding: Row.self).map { ($0.year, $0.last) }
    }

    /// The next number, by the rule and counter of the district the record's unit belongs to.
    static func next(_ type: RecordType, values: RecordValues, year: Int, on tx: any Database) async throws -> String {
        try await numbered(type, values: values, year: year, on: tx).number
    }

    /// An application's receipt number: its district's code, then the district's next number for
    /// the register (`371502-YSQ-2026-0010001`). Each district numbers on its own, so the code makes
    /// the number unique on the platform, and the portal finds an application by its number alone;
    /// the register's unique index (`RecordTableMigration`) is the last guard.
    static func receipt(_ type: RecordType, values: RecordValues, year: Int, on tx: any Database) async throws -> String {
        let (district, number) = try await numbered(type, values: values, year: year, on: tx)
        return district.code.uppercased() + "-" + number
    }

    static func numbered(_ type: RecordType, values: RecordValues, year: Int, on tx: any Database) async throws -> (district: District, number: String) {
        guard let owner = values[type.ownerField]?.uuid, let district = try await Districts.of(unit: owner, on: tx) else {
            throw CoreError.invalid(field: type.ownerField, "编号需要记录所属的单位")
        }
        let rule = try await rule(type, district: district.id, on: tx)
        struct Seq: Decodable { var last: Int }
        guard let seq = try await tx.sql.raw("""
            INSERT INTO district_registration_sequences (district_id, prefix, year, last) VALUES (\(bind: district.id), \(bind: rule.prefix), \(bind: year), 1)
            ON CONFLICT (district_id, prefix, year) DO UPDATE SET last = district_registration_sequences.last + 1 RETURNING last
            """).first(decoding: Seq.self) else { throw RecordStoreError.notFound }
        struct Code: Decodable { var code: String }
        let unitCode = try await tx.sql.raw("SELECT code FROM units WHERE id = \(bind: owner)").first(decoding: Code.self)?.code
        return (district, RegistrationNumber.format(rule.pattern, prefix: rule.prefix, year: year,
                                                    issuer: RegistrationNumber.issuerCode(unitCode: unitCode ?? ""), sequence: seq.last))
    }
}
