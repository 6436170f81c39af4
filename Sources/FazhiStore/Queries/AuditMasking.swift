import FazhiCore
import Foundation

/// The audit trail as a reader without 「查看完整个人信息」 sees it: the personal data in its
/// snapshots masked as the registers' pages mask it, by the declarations of what is personal.
/// Applied where the trail is shown or exported, never to what is stored: the chain is hashed over
/// the stored rows (`AuditLog.verify`), so it verifies whatever a reader is shown.
///
/// Snapshots name what they hold as it is stored. A record's (entity type `record:<register>`,
/// `RecordStore.snapshot`) names each value by its field's name, and the register's declaration
/// says which fields are personal; an attachment's entry of a record names the file and its
/// field. A person's is a `UserSnapshot`, whose phone the users list masks. The other entries hold
/// nothing personal, or hold it masked when written: the portal's verification codes (the subject
/// is a receipt number or a credit code, the address masked), a holder's e-mail, and an
/// applicant's name as the portal's actor.
public enum AuditMasking {
    /// The row with its snapshots masked, everything else as stored but the hash of a row that was
    /// masked: a hash over the full values beside their masked form (the unkeyed chain's plain
    /// SHA-256, and the previous row's hash in the line above) would let a reader try the few
    /// values a masked phone or ID number leaves until one gives the hash. The chain is verified on
    /// the server (`AuditLog.verify`), not from an export.
    public static func masked(_ row: AuditRow) -> AuditRow {
        var out = row
        out.before = row.before.map { snapshot($0, entityType: row.entityType) }
        out.after = row.after.map { snapshot($0, entityType: row.entityType) }
        if out.before != row.before || out.after != row.after { out.hash = "" }
        return out
    }

    /// One snapshot's JSON with its personal values masked; as stored when it holds none.
    public static func snapshot(_ json: String, entityType: String) -> String {
        if let type = registers[entityType] { return record(json, type) }
        if entityType == "user" || entityType == "user_roles" { return person(json) }
        return json
    }

    /// Every register by its audit entity type.
    static let registers: [String: RecordType] = Dictionary(Registers.all.map { ($0.entityType, $0) }, uniquingKeysWith: { a, _ in a })

    /// A record's values by field name (or an attachment's or an import's entry, whose keys are
    /// not fields and stay as they are).
    static func record(_ json: String, _ type: RecordType) -> String {
        guard var values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { return json }
        var changed = false
        for (name, value) in values {
            guard let field = type.field(name), field.personal else { continue }
            values[name] = FieldInput.masked(value, as: field)
            changed = true
        }
        // A file kept in a personal field is named as its field is shown.
        if let file = values["attachment"], let name = values["field"], type.field(name)?.personal == true {
            values["attachment"] = Masking.text(file)
            changed = true
        }
        return changed ? AuditLog.snapshot(values) : json
    }

    /// A person's account: the phone, as the users list shows it.
    static func person(_ json: String) -> String {
        guard var user = try? JSONDecoder().decode(UserSnapshot.self, from: Data(json.utf8)), let phone = user.phone else { return json }
        user.phone = Masking.phone(phone)
        return AuditLog.snapshot(user)
    }
}
