import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Applications from the public (`IntakeSpec`): registered from the portal's form with a receipt
/// number at once, within limits per client address and per applicant; followed with the receipt
/// number and a code sent to the contact the applicant gave (`PortalCodes`).
public enum PublicIntake {
    /// Attempts from one client address in an hour, accepted or refused: a refused attempt costs
    /// the server its body as much as an accepted one.
    public static let perClientPerHour = 10
    /// Applications accepted from one applicant (by ID number or credit code) in a day.
    public static let perApplicantPerDay = 5
    public static let maxFiles = 5
    /// What the files of one application may weigh together: a few scans and PDFs.
    public static let maxFilesBytes = 20 * 1024 * 1024
    /// The largest request the form takes: its files and its text.
    public static let maxBodyBytes = maxFilesBytes + 1024 * 1024

    /// An office the applicant may address: a unit of the intake's kinds within the portal's
    /// district (the whole platform without `?district=`).
    public struct Office: Sendable { public let id: UUID; public let name: String; public let kind: String }
    struct OfficeRow: Decodable { var id: UUID; var name: String; var kind: String }

    public static func offices(_ type: RecordType, within scope: DataScope, on db: any Database) async throws -> [Office] {
        guard let intake = type.intake else { return [] }
        return try await db.sql.raw("SELECT id, name, kind FROM units WHERE kind IN (\(binds: intake.officeKinds)) ORDER BY sort_order, code")
            .all(decoding: OfficeRow.self).filter { scope.covers(unit: $0.id) }.map { Office(id: $0.id, name: $0.name, kind: $0.kind) }
    }

    /// The office the applicant chose, when it is one they may address.
    static func office(_ type: RecordType, typed: String?, within scope: DataScope, on db: any Database) async throws -> UUID? {
        guard let intake = type.intake, let id = typed.flatMap(UUID.init(uuidString:)), scope.covers(unit: id) else { return nil }
        let row = try await db.sql.raw("SELECT id, name, kind FROM units WHERE id = \(bind: id)").first(decoding: OfficeRow.self)
        return row.flatMap { intake.officeKinds.contains($0.kind) ? $0.id : nil }
    }

    /// A file the applicant attaches.
    public struct Upload: Sendable {
        public let filename: String; public let data: Data
        public init(filename: String, data: Data) { self.filename = filename; self.data = data }
    }

    /// An attempt admitted against its client address's limit, counted whatever becomes of it.
    public struct Attempt: Sendable { let token: String }

    /// Counts an attempt from a client address, in its own transaction, before the request's body
    /// is read: over the limit it answers `TooMany` and nothing is counted or read; otherwise the
    /// attempt counts even when the application is refused later.
    public static func admit(_ type: RecordType, client address: String, now: Date, on db: any Database) async throws -> Attempt {
        let token = Secrets.random(bytes: 12), client = ClientNetwork.of(address)
        try await db.write { tx in
            if !tx.isSQLite { try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "intake:" + client)))").run() }
            struct N: Decodable { var n: Int }
            let byClient = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM intake_submissions WHERE client = \(bind: client) AND created_at > \(bind: RecordSQL.millis(now.addingTimeInterval(-3600)))
                """).first(decoding: N.self)?.n ?? 0
            if byClient >= perClientPerHour { throw PortalCodes.TooMany(message: "您的网络地址 1 小时内提交申请的次数过多，请稍后再试") }
            try await tx.sql.raw("""
                INSERT INTO intake_submissions (register, client, identity_hash, created_at, attempt)
                VALUES (\(bind: type.slug), \(bind: client), '', \(bind: RecordSQL.millis(now)), \(bind: token))
                """).run()
        }
        return Attempt(token: token)
    }

    /// Registers an application typed on the portal: each field and each file checked as the staff
    /// form checks them before anything is kept, received online today, numbered, with its files, in
    /// one transaction that counts the applicant's limit. The attempt (`admit`, made here when not
    /// given) counts towards the client's limit whatever the outcome.
    public static func submit(_ type: RecordType, typed: [String: String], files: [Upload], within scope: DataScope, blobs: BlobStore,
                              client: String, attempt given: Attempt? = nil, calculator: DeadlineCalculator, now: Date,
                              on db: any Database) async throws -> RecordRow {
        guard let intake = type.intake else { throw RecordStoreError.notFound }
        let token: String
        if let given { token = given.token } else { token = try await admit(type, client: client, now: now, on: db).token }
        let uploads = files.filter { !$0.data.isEmpty }
        if uploads.count > maxFiles { throw CoreError.invalid(field: "files", "申请材料最多 \(maxFiles) 个文件") }
        if uploads.reduce(0, { $0 + $1.data.count }) > maxFilesBytes {
            throw CoreError.invalid(field: "files", "申请材料合计不能超过 \(maxFilesBytes / 1024 / 1024) MB")
        }
        // Every file is checked before any is kept.
        let checked = try uploads.map { try AttachmentStore.checked(type, field: intake.files ?? "", filename: $0.filename, data: $0.data) }
        var values: RecordValues = [:]
        for name in intake.applicantFields {
            guard let f = type.field(name), let raw = typed[name] else { continue }
            values[name] = try FieldInput.parse(raw, as: f)
        }
        try intake.checkAskedOf(type, values)
        guard let office = try await self.office(type, typed: typed[intake.office], within: scope, on: db) else {
            throw CoreError.invalid(field: intake.office, "请选择受理机关")
        }
        values[intake.office] = .uuid(office)
        values[intake.channel] = .text(IntakeChannel.online.rawValue)
        values[intake.receivedOn] = .date(LocalDate(now))
        let identity = values[intake.idNumber]?.text ?? intake.creditCode.flatMap { values[$0]?.text } ?? ""
        let applicant = Secrets.sha256Hex(type.slug + ":" + identity)
        let actor = AuditActor(userID: nil, name: "公众端：" + Masking.text(values[intake.name]?.text ?? "申请人"), unitID: nil, address: client)
        let application = values
        return try await db.write { tx in
            if !tx.isSQLite { try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "intake:" + applicant)))").run() }
            struct N: Decodable { var n: Int }
            let byApplicant = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM intake_submissions WHERE identity_hash = \(bind: applicant)
                AND created_at > \(bind: RecordSQL.millis(now.addingTimeInterval(-86_400)))
                """).first(decoding: N.self)?.n ?? 0
            if byApplicant >= perApplicantPerDay { throw PortalCodes.TooMany(message: "同一申请人 1 天内提交的申请过多，请明日再试") }
            try await tx.sql.raw("UPDATE intake_submissions SET identity_hash = \(bind: applicant) WHERE attempt = \(bind: token)").run()
            let row = try await RecordStore.insert(type, application, actor: actor, scope: .everything, calculator: calculator, on: tx, now: now)
            // The files are kept once the application is valid and within the limits; should the
            // commit still fail, the sweep removes them after the hour.
            for file in checked {
                _ = try await AttachmentStore.insert(type, recordID: row.id, try file.keep(in: blobs), actor: actor, now: now, on: tx)
            }
            return row
        }
    }

    /// The application with this receipt number, or nil. A number issued before receipts carried
    /// their district's code (M023 put it in front) is still found by what follows the code, when
    /// exactly one application's number ends so.
    static func find(_ type: RecordType, receipt: String, on db: any Database) async throws -> RecordRow? {
        guard let intake = type.intake else { return nil }
        let select = RecordSQL.selectList(type)
        if let row = try await RecordSQL.rows("""
            SELECT \(unsafeRaw: select) FROM \(unsafeRaw: type.table) WHERE \(unsafeRaw: intake.receipt) = \(bind: receipt)
            """, type, on: db).first { return row }
        guard receipt.first?.isLetter == true else { return nil }
        let pattern = "%-" + receipt.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let legacy = try await RecordSQL.rows("""
            SELECT \(unsafeRaw: select) FROM \(unsafeRaw: type.table) WHERE \(unsafeRaw: intake.receipt) LIKE \(bind: pattern) ESCAPE '\\' LIMIT 2
            """, type, on: db)
        return legacy.count == 1 ? legacy[0] : nil
    }

    /// Sends a follow-up code to `contact` when it is the phone or e-mail address the application
    /// with this receipt number gave; the answer and the limits are the same when it is not.
    public static func requestCode(_ type: RecordType, receipt raw: String, contact typed: String, nonce: String, client: String, now: Date,
                                   on db: any Database) async throws -> PortalCodes.Request {
        let receipt = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard !receipt.isEmpty, receipt.count <= 40 else { throw CoreError.invalid(field: "receipt", "请填写受理编号") }
        let actor = AuditActor(userID: nil, name: "公众端：" + receipt, unitID: nil, address: client)
        return try await PortalCodes.request(subject: receipt, contact: typed, nonce: nonce, client: client, actor: actor, now: now, on: db) { tx in
            guard let intake = type.intake, let row = try await find(type, receipt: receipt, on: tx),
                  let office = row.values[intake.office]?.uuid else { return nil }
            let phone = row.values[intake.phone]?.text, email = row.values[intake.email]?.text
            let channel: ReminderChannel, address: String
            if let phone, IdentityCodes.isValidPhone(typed.trimmingCharacters(in: .whitespacesAndNewlines)) {
                channel = .sms; address = phone
            } else if let email { channel = .email; address = email } else { return nil }
            return PortalCodes.Contact(channel: channel, address: address, name: row.values[intake.name]?.text ?? "", unit: office,
                                       signature: try await Districts.of(unit: office, on: tx)?.name ?? "", purpose: "查看\(intake.label)的办理情况")
        }
    }

    public static func verify(_ type: RecordType, receipt raw: String, code: String, nonce: String, client: String, now: Date,
                              on db: any Database) async throws -> String {
        let receipt = raw.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return try await PortalCodes.verify(subject: receipt, code: code, nonce: nonce,
                                            actor: AuditActor(userID: nil, name: "公众端：" + receipt, unitID: nil, address: client), now: now, on: db)
    }

    /// What the applicant sees of their application.
    public struct Followed: Sendable {
        public let row: RecordRow
        public let clock: ClockReading?
        /// The clock's due field, whose label names it (答复期限, 审理期限).
        public let clockField: String?
        /// The documents sent to the applicant.
        public let sent: [Attachment]
    }

    /// The application a grant speaks for, with its clock and the documents sent; nil when the
    /// grant is not for one of this register.
    public static func followed(_ type: RecordType, grant: String, calculator: DeadlineCalculator, now: Date, on db: any Database) async throws -> Followed? {
        guard let intake = type.intake, let receipt = try await PortalCodes.subject(grant: grant, now: now, on: db),
              let row = try await find(type, receipt: receipt, on: db) else { return nil }
        let events = try await RecordClocks.events(type, id: row.id, on: db)
        // The clock running in the record's state, the last declared when several run (the decision's,
        // not the copy's); when none runs, the last the record has (its decision's, or its review's).
        let readings = try RecordClocks.readings(type, row, events: events, calculator: calculator)
        let clock = readings.last { $0.spec.openStates.contains(row.state) } ?? readings.last
        let sent = try await AttachmentStore.list(type, recordID: row.id, on: db).filter { $0.field == intake.sent }
        return Followed(row: row, clock: clock?.reading, clockField: clock?.spec.field, sent: sent)
    }
}
