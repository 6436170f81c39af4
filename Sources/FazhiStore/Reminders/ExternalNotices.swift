import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The notices a register declares (`NoticeSpec`) as rows of the outbox: the one path by which an
/// applicant hears of a move on their application and a holder of its licence's expiry.
enum ExternalNotices {
    /// One notice for each address the party is told on, keyed `<key>:<channel>`.
    static func reminders(_ spec: NoticeSpec, register: String, recordID: UUID, key: String, step: Int, name: String?, phone: String?, email: String?,
                          chosen: HolderChannel? = nil, unit: UUID?, category: String, text: (subject: String, body: String), link: String,
                          sendAt: (ReminderChannel) -> Date) -> [NewReminder] {
        NoticeSpec.addresses(spec.contact, phone: phone, email: email, chosen: chosen).map { channel, address in
            NewReminder(key: "\(key):\(channel.rawValue)", source: spec.source, register: register, recordID: recordID, step: step, channel: channel,
                        recipient: address, recipientName: name, unitID: unit, category: category, subject: text.subject, body: text.body,
                        link: link, sendAt: sendAt(channel))
        }
    }

    /// A move's words for the party, in the move's transaction: keyed by the record's version, so
    /// each move tells once and a move rolled back tells no one.
    static func tell(_ type: RecordType, _ row: RecordRow, words: String, now: Date, on tx: any Database) async throws {
        guard let spec = type.notify, spec.step == .moves, case .fields(let phone, let email) = spec.contact else { return }
        let number = type.intake.flatMap { row.values[$0.receipt]?.text } ?? row.values[type.titleField]?.text ?? ""
        let unit = row.values[type.ownerField]?.uuid
        var signature = ""
        if let unit { signature = try await Districts.of(unit: unit, on: tx)?.name ?? "" }
        let text = ReminderText.applicant(signature: signature, label: type.intake?.label ?? type.label, receipt: number, words: words)
        let link = type.intake.map { "/portal/follow/\($0.path)?receipt=\(number)" } ?? ""
        _ = try await ReminderOutbox.add(
            reminders(spec, register: type.slug, recordID: row.id, key: "\(spec.source):\(type.slug):\(row.id.uuidString):\(row.version)", step: Int(row.version),
                      name: row.values[spec.name]?.text, phone: row.values[phone]?.text, email: row.values[email]?.text, unit: unit,
                      category: spec.source, text: text, link: link, sendAt: { _ in now }),
            now: now, on: tx)
    }
}
