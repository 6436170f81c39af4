import FazhiCore
import Fluent
import Foundation
import SQLKit

/// Decides, at a given moment, which reminders have become due and writes them to the outbox:
/// licence expiry by each kind's plan, and every deadline a register declares (a reminder to the
/// people who can act on the record a few days before, and on the first day overdue an
/// escalation to the unit's head and the district office). Each page of candidates is read, and
/// its reminders written in one transaction; keys make a second pass, or a second instance, add
/// nothing.
public enum ReminderPlanner {
    public struct Outcome: Sendable, Equatable {
        public var licences = 0
        public var deadlines = 0
        public var total: Int { licences + deadlines }
    }

    /// How long after a step's day a scheduler that was down still sends it.
    public static let catchUpDays = 30
    static let page = 5_000

    public static func run(now: Date, on db: any Database) async throws -> Outcome {
        var outcome = Outcome()
        outcome.licences = try await licences(now: now, on: db)
        outcome.deadlines = try await deadlines(now: now, on: db)
        return outcome
    }

    // MARK: Licence expiry

    /// What planning licences' reminders reads besides the licences: every district's plan of
    /// every licence kind with the units whose licences it covers (nil: every unit, when there is
    /// only one district and narrowing would only cost time), the clerks of each issuing unit,
    /// and each unit's district. A caller planning many days (the demo's history) reads it once.
    public struct LicenceContext: Sendable {
        let plans: [(plan: ReminderPlan, issuers: [UUID]?)]
        let clerks: [UUID: [Person]]
        let districts: [UUID: District]

        public static func load(on db: any Database) async throws -> LicenceContext {
            let districts = try await Districts.all(on: db)
            var plans: [(plan: ReminderPlan, issuers: [UUID]?)] = []
            for district in districts {
                let issuers = districts.count == 1 ? nil : Array(try await Districts.scope(of: district, on: db).unitIDs)
                let byKind = try await ReminderPlans.all(district: district.id, on: db)
                plans += Licence.Kind.allCases.compactMap { byKind[$0] }.map { ($0, issuers) }
            }
            return LicenceContext(plans: plans, clerks: try await people(holding: [Licence.declaration.type.writePermission], on: db),
                                  districts: try await Districts.byUnit(on: db))
        }
    }

    /// Plans the licences' reminders due at `now`: for each plan and step, the window of expiry
    /// dates from the step's day back to the next step's (and `catchUpDays` after the last), so a
    /// scheduler that was down catches up.
    public static func licences(now: Date, on db: any Database) async throws -> Int {
        let context = try await LicenceContext.load(on: db)
        let today = LocalDate(now)
        var added = 0
        for (plan, issuers) in context.plans {
            for window in plan.windows(today: today, catchUpDays: catchUpDays) {
                let district: SQLQueryString = issuers.map { " AND l.\(unsafeRaw: Licence.declaration.type.ownerField) IN (\(binds: $0))" } ?? ""
                added += try await self.plan(plan, expiring: window.after, through: window.upTo, district: district, step: "\(bind: window.offset)",
                                        context: context, now: now, on: db)
            }
        }
        return added
    }

    /// Plans only the reminders whose step falls today (`ReminderPlan.todaysSteps`), for a
    /// caller that runs on every such day (the demo's history): one selection per district for
    /// every kind and step, and one write.
    public static func licencesToday(now: Date, context: LicenceContext, on db: any Database) async throws -> Int {
        let today = LocalDate(now), expires = Licence.declaration.type.column("expires_on")?.name ?? "expires_on"
        var added = 0
        for issuers in Set(context.plans.map { $0.issuers.map(Set.init) }) {
            let plans = context.plans.filter { $0.issuers.map(Set.init) == issuers && !$0.plan.offsets.isEmpty }.map(\.plan)
            guard !plans.isEmpty else { continue }
            let offsets = Set(plans.flatMap(\.offsets)).sorted()
            let arms: [SQLQueryString] = plans.map { plan in
                "(l.kind = \(bind: plan.kind.rawValue) AND l.\(unsafeRaw: expires) IN (\(binds: plan.offsets.map { today.adding(days: $0).description })))"
            }
            var condition: SQLQueryString = "(\(arms.joined(separator: " OR ")))"
            if let issuers { condition = condition + " AND l.\(unsafeRaw: Licence.declaration.type.ownerField) IN (\(binds: issuers.sorted { $0.uuidString < $1.uuidString }))" }
            let step: SQLQueryString = "CASE l.\(unsafeRaw: expires) "
                + offsets.map { "WHEN \(bind: today.adding(days: $0).description) THEN \(bind: $0) " as SQLQueryString }.joined() + "END"
            added += try await plan(nil, condition: condition, step: step, plans: plans, context: context, now: now, on: db)
        }
        return added
    }

    /// One window of one kind (`licences`).
    static func plan(_ plan: ReminderPlan, expiring after: LocalDate, through upTo: LocalDate, district: SQLQueryString, step: SQLQueryString,
                     context: LicenceContext, now: Date, on db: any Database) async throws -> Int {
        let expires = Licence.declaration.type.column("expires_on")?.name ?? "expires_on"
        let condition: SQLQueryString = "l.kind = \(bind: plan.kind.rawValue) AND l.\(unsafeRaw: expires) > \(bind: after.description) "
            + "AND l.\(unsafeRaw: expires) <= \(bind: upTo.description)" + district
        return try await self.plan(plan.kind, condition: condition, step: step, plans: [plan], context: context, now: now, on: db)
    }

    /// Writes the reminders of the valid licences matching `condition` that have not had their
    /// step (`step`, an expression of the licence's expiry) yet, page by page: each page read,
    /// then its reminders written in one transaction. A licence's plan is its kind's in `plans`.
    static func plan(_ kind: Licence.Kind?, condition: SQLQueryString, step: SQLQueryString, plans: [ReminderPlan], context: LicenceContext,
                     now: Date, on db: any Database) async throws -> Int {
        let type = Licence.declaration.type
        guard let holder = type.notify else { return 0 }
        let today = LocalDate(now)
        var added = 0, after: LicenceRow.Position? = nil
        while true {
            // Read before the write: an hour's windows are mostly empty, and an empty one then
            // costs no transaction. The outbox's keys keep a page read twice from adding twice.
            let rows = try await dueLicences(condition, step: step, after: after, notice: holder, on: db)
            guard !rows.isEmpty else { break }
            added += try await db.write { tx -> Int in
                var reminders: [NewReminder] = []
                for r in rows {
                    guard let expires = LocalDate(iso: r.expires_on), let plan = plans.first(where: { $0.kind.rawValue == (kind?.rawValue ?? r.kind) }) else { continue }
                    reminders += self.reminders(r, plan: plan, offset: expires.dayNumber - today.dayNumber, expires: expires, holder: holder,
                                                context: context, now: now)
                }
                return try await ReminderOutbox.add(reminders, now: now, on: tx)
            }
            if rows.count < page { break }
            after = rows.last?.position
        }
        return added
    }

    /// A licence's reminders at a step of its plan: its holder's, its issuing unit's clerks', the work group's.
    static func reminders(_ r: LicenceRow, plan: ReminderPlan, offset: Int, expires: LocalDate, holder: NoticeSpec, context: LicenceContext,
                          now: Date) -> [NewReminder] {
        let type = Licence.declaration.type
        // The step is the plan's offset the expiry falls on: a window's later days are the same
        // step, caught up.
        let step = plan.offsets.sorted().first { $0 >= offset } ?? offset
        let text = ReminderText.licence(signature: context.districts[r.issuer]?.name ?? "", kind: plan.kind.label, number: r.number, holder: r.holder,
                                        expiresOn: expires, offset: offset)
        let key = "licence:\(r.id.uuidString):\(step)", link = "/records/\(type.slug)/\(r.id.uuidString)"
        func reminder(_ channel: ReminderChannel, to recipient: String, name: String?, user: UUID? = nil) -> NewReminder {
            NewReminder(key: "\(key):\(channel.rawValue)" + (user.map { ":\($0.uuidString)" } ?? ""), source: "licence", register: type.slug,
                        recordID: r.id, step: step, channel: channel, recipient: recipient, recipientName: name, userID: user,
                        unitID: r.issuer, category: plan.kind.rawValue, subject: text.subject, body: text.body, link: link, sendAt: now)
        }
        var reminders: [NewReminder] = []
        if plan.remindHolder {
            reminders += ExternalNotices.reminders(holder, register: type.slug, recordID: r.id, key: key, step: step, name: r.holder,
                                                   phone: r.contact_phone, email: r.email, chosen: HolderChannel(rawValue: r.holder_channel ?? ""),
                                                   unit: r.issuer, category: plan.kind.rawValue, text: text, link: link,
                                                   sendAt: { $0 == .sms ? plan.smsAllowed(at: now) : now })
        }
        if plan.remindIssuer {
            for clerk in context.clerks[r.issuer] ?? [] { reminders.append(reminder(.inbox, to: clerk.id.uuidString, name: clerk.name, user: clerk.id)) }
        }
        if plan.webhook { reminders.append(reminder(.webhook, to: "webhook", name: nil)) }
        return reminders
    }

    struct LicenceRow: Decodable {
        var id: UUID; var kind: String; var number: String; var holder: String; var issuer: UUID
        var expires_on: String; var contact_phone: String?; var holder_channel: String?; var email: String?
        /// Where the next page of the window starts.
        typealias Position = (expiresOn: String, id: UUID)
        var position: Position { (expires_on, id) }
    }

    /// Ends a "not reminded yet" subquery so that PostgreSQL probes the reminders' index once for
    /// each candidate. As an anti-join, its planner used the reminders' statistics from before
    /// the hour's inserts (no reminder at this step), set the step's reminders aside as one row,
    /// and compared every candidate with every one of them: 50 million comparisons by the
    /// eighth page of 5,000, each page slower than the last (auto_explain, 1M licences). An
    /// `OFFSET` keeps the subquery from being turned into a join; SQLite probes per row anyway.
    static func probe(_ db: any Database) -> SQLQueryString { db.isSQLite ? "" : " OFFSET 0" }

    /// One page of valid licences matching `condition` that have not had the step `step` yet:
    /// the due-selection query. A window of one kind walks in expiry order on the register's
    /// index of kind, expiry and id (`RecordListIndexes`), so a page reads only the licences it
    /// returns and those already reminded, never the other licences of the register.
    static func dueLicences(_ condition: SQLQueryString, step: SQLQueryString, after: LicenceRow.Position?,
                            notice: NoticeSpec, on db: any Database) async throws -> [LicenceRow] {
        // The holder's contacts as the register declares them: its choice on the portal, else the
        // phone another register keeps for the same identity.
        guard case .before(let expires, let kindField) = notice.step, case .chosen(let identity, let phoneIn, let identityField, let phoneField) = notice.contact,
              let phones = Registers.type(slug: phoneIn) else { return [] }
        let keyset: SQLQueryString = after.map { "AND (l.\(unsafeRaw: expires), l.id) > (\(bind: $0.expiresOn), \(bind: $0.id))" } ?? ""
        return try await db.sql.raw("""
            SELECT l.id, l.\(unsafeRaw: kindField) AS kind, l.number, l.\(unsafeRaw: notice.name) AS holder,
                   l.\(unsafeRaw: Licence.declaration.type.ownerField) AS issuer,
                   l.\(unsafeRaw: expires) AS expires_on, e.\(unsafeRaw: phoneField) AS contact_phone, s.channel AS holder_channel, s.email
            FROM \(unsafeRaw: Licence.declaration.type.table) l
            LEFT JOIN \(unsafeRaw: phones.table) e ON e.\(unsafeRaw: identityField) = l.\(unsafeRaw: identity)
            LEFT JOIN holder_subscriptions s ON s.credit_code = l.\(unsafeRaw: identity)
            WHERE \(condition) AND l.state = \(bind: Licence.State.valid.rawValue) \(keyset)
              AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.record_id = l.id AND r.step = \(step) AND r.source = \(bind: notice.source)\(probe(db)))
            ORDER BY l.\(unsafeRaw: expires), l.id LIMIT \(bind: page)
            """).all(decoding: LicenceRow.self)
    }

    /// The due-selection alone, for the benchmark: how many licences are at a step now.
    public static func countDueLicences(now: Date, on db: any Database) async throws -> Int {
        guard let notice = Licence.declaration.type.notify else { return 0 }
        let expires = Licence.declaration.type.column("expires_on")?.name ?? "expires_on"
        var total = 0
        for (plan, issuers) in try await LicenceContext.load(on: db).plans {
            for window in plan.windows(today: LocalDate(now), catchUpDays: catchUpDays) {
                var condition: SQLQueryString = "l.kind = \(bind: plan.kind.rawValue) AND l.\(unsafeRaw: expires) > \(bind: window.after.description) "
                    + "AND l.\(unsafeRaw: expires) <= \(bind: window.upTo.description)"
                if let issuers { condition = condition + " AND l.\(unsafeRaw: Licence.declaration.type.ownerField) IN (\(binds: issuers))" }
                var after: LicenceRow.Position? = nil
                while true {
                    let rows = try await dueLicences(condition, step: "\(bind: window.offset)", after: after, notice: notice, on: db)
                    total += rows.count
                    if rows.count < page { break }
                    after = rows.last?.position
                }
            }
        }
        return total
    }

    // MARK: Deadlines of every register

    public static func deadlines(now: Date, on db: any Database) async throws -> Int {
        let today = LocalDate(now)
        let units = try await unitNames(on: db)
        let heads = try await people(inRole: BuiltInRole.unitHead.code, on: db)
        // An escalation goes to the office of the record's own district, never to another's.
        let districtOf = try await Districts.byUnit(on: db).mapValues(\.id)
        let office = try await people(inRole: BuiltInRole.districtOffice.code, on: db).reduce(into: [UUID: [Person]]()) { offices, entry in
            if let district = districtOf[entry.key] { offices[district, default: []] += entry.value }
        }
        var added = 0
        for type in Registers.all where type.slug != Licence.declaration.type.slug {
            for deadline in type.deadlines {
                guard let dueField = type.column(deadline.field) else { continue }
                let responsible = try await people(holding: type.actors(of: deadline), on: db)
                struct Row: Decodable { var id: UUID; var owner: UUID; var title: String?; var due: String; var named: UUID? }
                // The person a field names (the mediator), reminded with the unit's people when they
                // belong to the record's unit or one above it and may read the register.
                let parents = deadline.remind == nil ? [:] : try await unitParents(on: db)
                let named: SQLQueryString = deadline.remind.flatMap { type.column($0) }.map { ", t.\(unsafeRaw: $0.name) AS named" } ?? ", NULL AS named"
                // Due soon, then overdue: the step, the due dates it covers, and who hears of it.
                let steps: [(step: Int, from: LocalDate, to: LocalDate)] = [
                    (deadline.lead.step, today, deadline.lead.horizon(from: today)),
                    (-1, today.adding(days: -catchUpDays), today.adding(days: -1)),
                ]
                // A record's reminders for this deadline and step (a record may have several deadlines).
                let keyPrefix: SQLQueryString = "\(bind: "deadline:\(type.slug):") || \(unsafeRaw: db.isSQLite ? "t.id" : "upper(t.id::text)") || "
                    + "\(bind: ":\(deadline.field):")"
                // A window's end is no one's duty: nothing is late past it.
                for s in steps where s.step != -1 || deadline.canBeOverdue {
                    var after: UUID? = nil
                    while true {
                        let keyset: SQLQueryString = after.map { "AND t.id > \(bind: $0)" } ?? ""
                        let (count, last, n) = try await db.write { tx -> (Int, UUID?, Int) in
                            let rows = try await tx.sql.raw("""
                                SELECT t.id, t.\(unsafeRaw: type.ownerField) AS owner, t.\(unsafeRaw: type.titleField) AS title, t.\(unsafeRaw: deadline.field) AS due\(named)
                                FROM \(unsafeRaw: type.table) t
                                WHERE t.state IN (\(binds: deadline.openStates)) AND t.\(unsafeRaw: deadline.field) >= \(bind: s.from.description)
                                  AND t.\(unsafeRaw: deadline.field) <= \(bind: s.to.description) \(keyset)
                                  AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.record_id = t.id AND r.step = \(bind: s.step) AND r.source = 'deadline'
                                                  AND r.key LIKE \(keyPrefix) || \(bind: "\(s.step):%")\(probe(db)))
                                ORDER BY t.id LIMIT \(bind: page)
                                """).all(decoding: Row.self)
                            var reminders: [NewReminder] = []
                            let namedPeople = try await people(ids: Set(rows.compactMap(\.named)), holding: type.readPermission, on: tx)
                            for r in rows {
                                guard let due = LocalDate(iso: r.due) else { continue }
                                let title = r.title ?? type.label
                                let text = s.step > 0
                                    ? ReminderText.deadline(register: type.label, title: title, field: dueField.label, due: due, daysLeft: due.dayNumber - today.dayNumber,
                                                            ask: deadline.ask)
                                    : ReminderText.overdue(register: type.label, title: title, unit: units[r.owner] ?? "", field: dueField.label, due: due)
                                let receivers = s.step > 0
                                    ? (responsible[r.owner] ?? []) + (r.named.flatMap { namedPeople[$0] }.flatMap { named in
                                        Self.chain(r.owner, parents).contains { named.units.contains($0) } ? [named.person] : nil } ?? [])
                                    : (heads[r.owner] ?? []) + (districtOf[r.owner].flatMap { office[$0] } ?? [])
                                var seen = Set<UUID>()
                                for person in receivers where seen.insert(person.id).inserted {
                                    let key = "deadline:\(type.slug):\(r.id.uuidString):\(deadline.field):\(s.step):inbox:\(person.id.uuidString)"
                                    reminders.append(NewReminder(key: key, source: "deadline", register: type.slug, recordID: r.id, step: s.step,
                                                                 channel: .inbox, recipient: person.id.uuidString, recipientName: person.name,
                                                                 userID: person.id, unitID: r.owner, category: type.slug, subject: text.subject,
                                                                 body: text.body, link: "/records/\(type.slug)/\(r.id.uuidString)", sendAt: now))
                                }
                            }
                            return (try await ReminderOutbox.add(reminders, now: now, on: tx), rows.last?.id, rows.count)
                        }
                        added += count
                        if n < page { break }
                        after = last
                    }
                }
            }
        }
        return added
    }

    // MARK: Receivers

    public struct Person: Sendable { public let id: UUID; public let name: String }

    /// Active people holding any of the permissions, by each unit they belong to.
    static func people(holding permissions: Set<Permission>, on db: any Database) async throws -> [UUID: [Person]] {
        guard !permissions.isEmpty else { return [:] }
        return try await people(where: "rp.permission IN (\(binds: permissions.map(\.rawValue).sorted()))", join: "JOIN role_permissions rp ON rp.role_id = ur.role_id", on: db)
    }

    /// Active people by id, of those asked for who hold `permission`, with the units they belong to.
    static func people(ids: Set<UUID>, holding permission: Permission, on db: any Database) async throws -> [UUID: (person: Person, units: Set<UUID>)] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var display_name: String; var unit_id: UUID }
        let rows = try await db.sql.raw("""
            SELECT u.id, u.display_name, uu.unit_id FROM users u JOIN user_units uu ON uu.user_id = u.id
            WHERE u.is_active = \(bind: true) AND u.id IN (\(binds: ids.sorted { $0.uuidString < $1.uuidString }))
              AND EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                          WHERE ur.user_id = u.id AND rp.permission = \(bind: permission.rawValue))
            """).all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.id).compactMapValues { rows in
            rows.first.map { (Person(id: $0.id, name: $0.display_name), Set(rows.map(\.unit_id))) }
        }
    }

    /// Each unit's parent.
    static func unitParents(on db: any Database) async throws -> [UUID: UUID] {
        struct Row: Decodable { var id: UUID; var parent_id: UUID? }
        return Dictionary(uniqueKeysWithValues: try await db.sql.raw("SELECT id, parent_id FROM units").all(decoding: Row.self)
            .compactMap { row in row.parent_id.map { (row.id, $0) } })
    }

    /// A unit and the units above it, up to its district.
    static func chain(_ unit: UUID, _ parents: [UUID: UUID]) -> [UUID] {
        var out = [unit], seen: Set<UUID> = [unit]
        while let up = parents[out[out.count - 1]], seen.insert(up).inserted { out.append(up) }
        return out
    }

    /// Active people holding a role, by each unit they belong to.
    static func people(inRole code: String, on db: any Database) async throws -> [UUID: [Person]] {
        try await people(where: "r.code = \(bind: code)", join: "JOIN roles r ON r.id = ur.role_id", on: db)
    }

    private static func people(where condition: SQLQueryString, join: SQLQueryString, on db: any Database) async throws -> [UUID: [Person]] {
        struct Row: Decodable { var unit_id: UUID; var id: UUID; var display_name: String }
        let rows = try await db.sql.raw("""
            SELECT DISTINCT uu.unit_id, u.id, u.display_name FROM users u
            JOIN user_units uu ON uu.user_id = u.id JOIN user_roles ur ON ur.user_id = u.id \(join)
            WHERE u.is_active = \(bind: true) AND \(condition) ORDER BY u.display_name
            """).all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.unit_id).mapValues { $0.map { Person(id: $0.id, name: $0.display_name) } }
    }

    static func unitNames(on db: any Database) async throws -> [UUID: String] {
        struct Row: Decodable { var id: UUID; var name: String }
        return Dictionary(uniqueKeysWithValues: try await db.sql.raw("SELECT id, name FROM units").all(decoding: Row.self).map { ($0.id, $0.name) })
    }
}
