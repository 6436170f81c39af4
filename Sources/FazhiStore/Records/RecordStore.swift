import FazhiCore
import Fluent
import Foundation
import SQLKit
import SQLiteKit

/// One stored record of any register.
public struct RecordRow: Sendable {
    public let id: UUID
    public let state: String
    public let version: Int64
    public let createdBy: UUID?
    public let createdAt: Date
    public let updatedAt: Date
    public let values: RecordValues
}

/// What a list asks for: filters, search, order and page. Names are checked against the
/// declaration before they reach SQL.
public struct RecordQuery: Sendable {
    public var search: String?
    public var state: String?
    /// Any of these states (the public portal: only what was published).
    public var states: [String] = []
    /// Equality on enumeration, unit and person fields.
    public var equals: [String: RecordValue] = [:]
    /// Inclusive date ranges on date fields.
    public var from: [String: LocalDate] = [:]
    public var to: [String: LocalDate] = [:]
    /// Date fields empty or after the day: what was not yet done by then (applications carried
    /// into the next year: not replied by 31 December).
    public var notBy: [String: LocalDate] = [:]
    /// Only records past one of their due dates while open on this day.
    public var overdueOn: LocalDate?
    /// With `overdueOn`: only past this due-date field (one of several deadlines).
    public var overdueField: String?
    public var sort: String?
    public var descending: Bool?
    public var limit = 50
    /// At most `RecordStore.countBound`; beyond it a list goes on from a cursor.
    public var offset = 0
    /// Go on after this row of the same order (`RecordPage.next`), instead of an offset.
    public var after: RecordCursor?
    /// The search text is common (more than `RecordStore.countBound` records hold it): the list
    /// tests each record it walks instead of asking the search index for every match first.
    var commonSearch = false
    public init() {}
}

/// Every read and write of register records: validated, narrowed to the caller's data scope,
/// and audited in the same transaction.
public enum RecordStore {
    /// A record the caller may see, or nil (the same for one that does not exist).
    public static func find(_ type: RecordType, id: UUID, scope: DataScope, on db: any Database, forUpdate: Bool = false) async throws -> RecordRow? {
        let lock: SQLQueryString = forUpdate && !db.isSQLite ? " FOR UPDATE" : ""
        return try await RecordSQL.rows("""
            SELECT \(unsafeRaw: RecordSQL.selectList(type)) FROM \(unsafeRaw: type.table)
            WHERE id = \(bind: id) AND \(RecordSQL.scope(type, scope))\(lock)
            """, type, on: db).first
    }

    public static func create(_ type: RecordType, _ values: RecordValues, actor: AuditActor, scope: DataScope,
                              calculator: DeadlineCalculator, on db: any Database, now: Date) async throws -> RecordRow {
        try await db.write { tx in
            try await insert(type, values, actor: actor, scope: scope, calculator: calculator, on: tx, now: now)
        }
    }

    /// The insert itself, inside the caller's transaction (an import adds many in one).
    static func insert(_ type: RecordType, _ values: RecordValues, actor: AuditActor, scope: DataScope,
                       calculator: DeadlineCalculator, on tx: any Database, now: Date) async throws -> RecordRow {
        var values = values
        // What the platform assigns is never taken from input.
        for f in type.columns where f.assigned { values[f.name] = nil }
        values = try RecordRules.prepare(type, values, calculator: calculator)
        try await checkReferences(type, values, scope: scope, on: tx)
        try await checkNaturalKey(type, values, except: nil, on: tx)
        // An application gets its receipt number as it is registered, whatever its channel.
        if let intake = type.intake {
            values[intake.receipt] = .text(try await RegistrationNumbers.receipt(type, values: values, year: values[intake.receivedOn]?.date?.year ?? LocalDate(now).year,
                                                                             on: tx))
        }
        let row = RecordRow(id: RecordIDs.make(at: now), state: type.initialState, version: 1, createdBy: actor.userID, createdAt: now, updatedAt: now, values: values)
        let names = ["id", "state", "version", "created_by", "created_at", "updated_at"] + type.columns.map(\.name)
        var binds: [SQLQueryString] = ["\(bind: row.id)", "\(bind: row.state)", "\(bind: row.version)", "\(bind: row.createdBy)",
                                       "\(bind: RecordSQL.millis(now))", "\(bind: RecordSQL.millis(now))"]
        binds += type.columns.map { RecordSQL.bind(values[$0.name], $0.kind.storage) }
        try await tx.sql.raw("INSERT INTO \(unsafeRaw: type.table) (\(unsafeRaw: names.joined(separator: ", "))) VALUES (\(binds.joined(separator: ", ")))").run()
        try await AuditLog.append(on: tx, actor: actor, action: .create, entityType: type.entityType, entityID: row.id.uuidString,
                                  after: snapshot(type, row.state, values), at: now)
        return row
    }

    /// Replaces the record's values. `version`, when given, must still be the stored one, so two
    /// people editing at once cannot silently overwrite each other.
    public static func update(_ type: RecordType, id: UUID, _ values: RecordValues, version: Int64?, actor: AuditActor, scope: DataScope,
                              calculator: DeadlineCalculator, on db: any Database, now: Date) async throws -> RecordRow {
        try await db.write { tx in
            guard let existing = try await find(type, id: id, scope: scope, on: tx, forUpdate: true) else { throw RecordStoreError.notFound }
            if let version, version != existing.version { throw CoreError.state("记录已被他人修改，请刷新后重试") }
            guard RecordRules.isEditable(type, state: existing.state) else {
                throw CoreError.state("「\(type.state(existing.state)?.label ?? existing.state)」的记录不能再修改")
            }
            var values = values
            for f in type.columns where f.assigned { values[f.name] = existing.values[f.name] }
            // A clock follows its start field, after what the moves did to it.
            let events = try await RecordClocks.events(type, id: id, on: tx)
            return try await store(type, existing, state: existing.state, values, events: events, action: .update, actor: actor, scope: scope,
                                   calculator: calculator, on: tx, now: now)
        }
    }

    /// Moves the record along its workflow, saving the values the move requires with it.
    public static func transition(_ type: RecordType, id: UUID, action: String, changes: RecordValues, permissions: Set<Permission>,
                                  today: LocalDate, actor: AuditActor, scope: DataScope, calculator: DeadlineCalculator,
                                  on db: any Database, now: Date) async throws -> RecordRow {
        try await db.write { tx in
            try await transition(type, id: id, action: action, changes: changes, permissions: permissions, today: today, actor: actor, scope: scope,
                                 calculator: calculator, within: tx, now: now)
        }
    }

    /// The same move inside a transaction the caller holds (`Database.write`), so that many
    /// records' moves share one commit (the demo's history renews a day's licences together).
    public static func transition(_ type: RecordType, id: UUID, action: String, changes: RecordValues, permissions: Set<Permission>,
                                  today: LocalDate, actor: AuditActor, scope: DataScope, calculator: DeadlineCalculator,
                                  within tx: any Database, now: Date) async throws -> RecordRow {
        guard let t = type.transition(action) else { throw RecordStoreError.notFound }
        // A move saves only the fields it asks for: it is not a way around the edit permission.
        if let other = changes.keys.sorted().first(where: { !t.requires.contains($0) }) {
            throw CoreError.invalid(field: other, "「\(t.label)」时只能填写：" + t.requires.compactMap { type.field($0)?.label }.joined(separator: "、"))
        }
        guard let existing = try await find(type, id: id, scope: scope, on: tx, forUpdate: true) else { throw RecordStoreError.notFound }
        var values = existing.values
        for (k, v) in changes { values[k] = v }
        try RecordRules.check(type, t, state: existing.state, values: values, permissions: permissions, today: today)
        if let numbering = t.numbering {
            values[numbering.field] = .text(try await RegistrationNumbers.next(type, values: values, year: numbering.yearOf.flatMap { values[$0]?.date?.year } ?? today.year,
                                                                                on: tx))
        }
        // The move's clock events: `prepare` reads every clock after them, so one the clock cannot
        // take (a second extension, a pause while paused, a reason the rule does not know) is refused.
        let earlier = try await RecordClocks.events(type, id: id, on: tx)
        let moves = t.clockMoves.map { $0.event(values, today: today) }
        let row = try await store(type, existing, state: t.to, values, events: earlier + moves, action: .transition, actor: actor, scope: scope,
                                  calculator: calculator, on: tx, now: now, clockNote: moves.map(\.text).joined(separator: "；"))
        try await RecordClocks.append(type, id: id, moves, after: earlier.count, actor: actor, now: now, on: tx)
        if let words = t.notice { try await ExternalNotices.tell(type, row, words: words, now: now, on: tx) }
        return row
    }

    /// One move of many records, inside a transaction the caller holds: the records read
    /// together, each checked and stored as `transition` does, their clock events and notices
    /// written as there, and their audit entries added to the chain together. For a move that
    /// saves no values (the demo's history renews a day's licences together).
    public static func transition(_ type: RecordType, ids: [UUID], action: String, permissions: Set<Permission>, today: LocalDate,
                                  actor: AuditActor, scope: DataScope, calculator: DeadlineCalculator, within tx: any Database,
                                  now: Date) async throws -> [RecordRow] {
        try await transition(type, moves: ids.map { ($0, [:]) }, action: action, permissions: permissions, today: today, actor: actor, scope: scope,
                             calculator: calculator, within: tx, now: now)
    }

    /// The same, each record with the values its move saves (a month's agreements, each on its day).
    public static func transition(_ type: RecordType, moves batch: [(id: UUID, changes: RecordValues)], action: String, permissions: Set<Permission>,
                                  today: LocalDate, actor: AuditActor, scope: DataScope, calculator: DeadlineCalculator, within tx: any Database,
                                  now: Date) async throws -> [RecordRow] {
        guard let t = type.transition(action) else { throw RecordStoreError.notFound }
        guard !batch.isEmpty else { return [] }
        let ids = batch.map(\.id)
        if let other = batch.flatMap(\.changes.keys).sorted().first(where: { !t.requires.contains($0) }) {
            throw CoreError.invalid(field: other, "「\(t.label)」时只能填写：" + t.requires.compactMap { type.field($0)?.label }.joined(separator: "、"))
        }
        guard Set(ids).count == ids.count else { throw CoreError.state("同一条记录在一次「\(t.label)」中出现了两次") }
        let lock: SQLQueryString = tx.isSQLite ? "" : " FOR UPDATE"
        let found = try await RecordSQL.rows("""
            SELECT \(unsafeRaw: RecordSQL.selectList(type)) FROM \(unsafeRaw: type.table)
            WHERE id IN (\(binds: ids)) AND \(RecordSQL.scope(type, scope))\(lock)
            """, type, on: tx)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let clocks = try await RecordClocks.entries(type, where: "record_id IN (\(binds: ids))", on: tx)
        var moved: [RecordRow] = [], entries: [AuditLog.Entry] = []
        for (id, changes) in batch {
            guard let existing = byID[id] else { throw RecordStoreError.notFound }
            var values = existing.values
            for (k, v) in changes { values[k] = v }
            try RecordRules.check(type, t, state: existing.state, values: values, permissions: permissions, today: today)
            if let numbering = t.numbering {
                values[numbering.field] = .text(try await RegistrationNumbers.next(type, values: values, year: numbering.yearOf.flatMap { values[$0]?.date?.year } ?? today.year,
                                                                                    on: tx))
            }
            let earlier = clocks[id]?.map(\.event) ?? []
            let moves = t.clockMoves.map { $0.event(values, today: today) }
            let (row, entry) = try await write(type, existing, state: t.to, values, events: earlier + moves, action: .transition, actor: actor, scope: scope,
                                               calculator: calculator, on: tx, now: now, clockNote: moves.map(\.text).joined(separator: "；"))
            try await RecordClocks.append(type, id: id, moves, after: earlier.count, actor: actor, now: now, on: tx)
            if let words = t.notice { try await ExternalNotices.tell(type, row, words: words, now: now, on: tx) }
            moved.append(row)
            entries.append(entry)
        }
        try await AuditLog.append(on: tx, entries: entries)
        return moved
    }

    public static func delete(_ type: RecordType, id: UUID, actor: AuditActor, scope: DataScope, on db: any Database) async throws {
        try await db.write { tx in
            guard let existing = try await find(type, id: id, scope: scope, on: tx, forUpdate: true) else { throw RecordStoreError.notFound }
            guard RecordRules.isDeletable(type, state: existing.state) else {
                throw CoreError.state("「\(type.state(existing.state)?.label ?? existing.state)」的记录已有办理过程，不能删除")
            }
            try await RecordReferences.checkUnreferenced(type, id: id, on: tx)
            try await tx.sql.raw("DELETE FROM \(unsafeRaw: type.table) WHERE id = \(bind: id)").run()
            // Its attachments go with it; the files stay, since other records may share a content.
            try await tx.sql.raw("DELETE FROM attachments WHERE record_type = \(bind: type.slug) AND record_id = \(bind: id)").run()
            try await RecordClocks.delete(type, id: id, on: tx)
            try await AuditLog.append(on: tx, actor: actor, action: .delete, entityType: type.entityType, entityID: id.uuidString,
                                      before: snapshot(type, existing.state, existing.values))
        }
    }

    /// The record's history, oldest first, from the audit trail.
    public static func history(_ type: RecordType, id: UUID, on db: any Database) async throws -> [AuditRow] {
        try await AuditLog.list(on: db, filter: .init(entityType: type.entityType, entityID: id.uuidString), limit: 500).rows
            .sorted { $0.seq < $1.seq }
    }

    static func store(_ type: RecordType, _ existing: RecordRow, state: String, _ values: RecordValues, events: [ClockEvent], action: AuditAction,
                      actor: AuditActor, scope: DataScope, calculator: DeadlineCalculator, on tx: any Database, now: Date,
                      clockNote: String = "") async throws -> RecordRow {
        let (row, entry) = try await write(type, existing, state: state, values, events: events, action: action, actor: actor, scope: scope,
                                           calculator: calculator, on: tx, now: now, clockNote: clockNote)
        try await AuditLog.append(on: tx, entries: [entry])
        return row
    }

    /// `store` but for its audit entry, which it gives back for the caller to append.
    static func write(_ type: RecordType, _ existing: RecordRow, state: String, _ values: RecordValues, events: [ClockEvent], action: AuditAction,
                      actor: AuditActor, scope: DataScope, calculator: DeadlineCalculator, on tx: any Database, now: Date,
                      clockNote: String) async throws -> (RecordRow, AuditLog.Entry) {
        let values = try RecordRules.prepare(type, values, events: events, calculator: calculator)
        // What the record already held was checked when it was stored (and foreign keys and the
        // refusal to delete a named record keep it so): only what changes is looked up again.
        try await checkReferences(type, values, scope: scope, unchangedFrom: existing.values, on: tx)
        // A key unique within a district is checked again when the record moves to another owner.
        let keyed = type.naturalKeyWithinDistrict ? type.naturalKey + [type.ownerField] : type.naturalKey
        if !type.naturalKey.isEmpty, keyed.contains(where: { values[$0] != existing.values[$0] }) {
            try await checkNaturalKey(type, values, except: existing.id, on: tx)
        }
        var sets: [SQLQueryString] = ["state = \(bind: state)", "version = \(bind: existing.version + 1)", "updated_at = \(bind: RecordSQL.millis(now))"]
        sets += type.columns.map { "\(unsafeRaw: $0.name) = \(RecordSQL.bind(values[$0.name], $0.kind.storage))" }
        try await tx.sql.raw("UPDATE \(unsafeRaw: type.table) SET \(sets.joined(separator: ", ")) WHERE id = \(bind: existing.id)").run()
        let entry = AuditLog.Entry(actor: actor, action: action, entityType: type.entityType, entityID: existing.id.uuidString,
                                   before: snapshot(type, existing.state, existing.values), after: snapshot(type, state, values, clock: clockNote), at: now)
        return (RecordRow(id: existing.id, state: state, version: existing.version + 1, createdBy: existing.createdBy,
                          createdAt: existing.createdAt, updatedAt: now, values: values), entry)
    }

    /// The owning unit must lie in the caller's scope; every unit, person and record named must
    /// exist (those named as in `unchangedFrom`, what the record held, are not looked up again).
    static func checkReferences(_ type: RecordType, _ values: RecordValues, scope: DataScope, unchangedFrom stored: RecordValues = [:],
                                on db: any Database) async throws {
        if let owner = values[type.ownerField]?.uuid, !scope.covers(unit: owner) {
            throw CoreError.invalid(field: type.ownerField, "「\(type.field(type.ownerField)?.label ?? "单位")」不在您的数据范围内")
        }
        // An application that only offices of its intake's kinds receive is theirs however it is
        // registered (a 行政复议 case is the district government's, not a town's).
        if let intake = type.intake, intake.officesOnly, let owner = values[type.ownerField]?.uuid, stored[type.ownerField]?.uuid != owner {
            struct Kind: Decodable { var kind: String }
            if let kind = try await db.sql.raw("SELECT kind FROM units WHERE id = \(bind: owner)").first(decoding: Kind.self)?.kind,
               !intake.officeKinds.contains(kind) {
                let kinds = intake.officeKinds.compactMap { UnitKind(rawValue: $0)?.label }.joined(separator: "、")
                throw CoreError.invalid(field: type.ownerField, "「\(type.field(type.ownerField)?.label ?? "受理机关")」须是\(kinds)一级的单位")
            }
        }
        struct N: Decodable { var n: Int }
        for f in type.columns where f.kind.storage == .uuid {
            guard let id = values[f.name]?.uuid, stored[f.name]?.uuid != id else { continue }
            if RecordReferences.target(of: f) != nil { try await RecordReferences.check(f, id, scope: scope, on: db); continue }
            let table = f.kind == .unit ? "units" : "users"
            let found = try await db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first(decoding: N.self)?.n ?? 0
            if found == 0 { throw CoreError.invalid(field: f.name, "「\(f.label)」\(f.kind == .unit ? "不是本平台的单位" : "不是本平台的人员")") }
        }
    }

    /// No other record has the same natural key (the register's unique index would refuse it
    /// anyway, but as a server error): the person is told which fields repeat another record's.
    /// Inside the write's transaction, which on SQLite no other writer shares; on PostgreSQL two
    /// transactions adding the same key at the same instant still meet the index.
    ///
    /// A key unique within a district (`NaturalKeyScope.district`) is looked for among the records
    /// of the owner's district only: another district's record is not the writer's to know of, and
    /// a refusal would tell them it exists. The index holds such a key with its owner (no column
    /// holds the district), so on PostgreSQL the check takes a lock on the key for the rest of the
    /// transaction: a second writer of the same key waits, then sees the first one's record.
    static func checkNaturalKey(_ type: RecordType, _ values: RecordValues, except id: UUID?, on tx: any Database) async throws {
        let key = type.naturalKey.compactMap(type.column)
        guard !key.isEmpty, key.allSatisfy({ values[$0.name] != nil }) else { return }
        var conditions: [SQLQueryString] = key.map { "\(unsafeRaw: $0.name) = \(RecordSQL.bind(values[$0.name], $0.kind.storage))" }
        if let id { conditions.append("id <> \(bind: id)") }
        let owner = type.naturalKeyWithinDistrict ? values[type.ownerField]?.uuid : nil
        if owner != nil, !tx.isSQLite {
            let text = key.compactMap { f in values[f.name].map { FieldInput.plain($0, as: f) } }.joined(separator: "\u{1F}")
            try await tx.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "natural-key:" + type.table + ":" + text)))").run()
        }
        struct Found: Decodable { var owner: UUID? }
        // The records with the key, by the index: almost always none, and a district is looked up
        // only for those found.
        let found = try await tx.sql.raw("""
            SELECT \(unsafeRaw: type.ownerField) AS owner FROM \(unsafeRaw: type.table) WHERE \(conditions.joined(separator: " AND "))
            """).all(decoding: Found.self)
        guard !found.isEmpty else { return }
        if let owner {
            let district = try await Districts.of(unit: owner, on: tx)?.id
            var alike = false
            for other in Set(found.compactMap(\.owner)) where !alike {
                alike = try await Districts.of(unit: other, on: tx)?.id == district
            }
            guard alike else { return }
        }
        throw CoreError.state("已有\(key.map { "「\($0.label)」" }.joined(separator: "、"))与此相同的\(type.label)记录")
    }

    /// What the audit trail keeps of a record: its state and every value as a person reads it.
    /// `clock`: what a move did to the record's clocks ("暂停计时（补正）2024-03-05").
    static func snapshot(_ type: RecordType, _ state: String, _ values: RecordValues, clock: String = "") -> String {
        var out = ["state": state]
        for f in type.columns { if let v = values[f.name] { out[f.name] = FieldInput.plain(v, as: f) } }
        if !clock.isEmpty { out["clock"] = clock }
        return AuditLog.snapshot(out)
    }
}

public enum RecordStoreError: Error { case notFound }

/// SQL shared by the register queries. Column names come from declarations, never from input.
enum RecordSQL {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func selectList(_ type: RecordType) -> String {
        (fixedColumns + type.columns.map(\.name)).joined(separator: ", ")
    }

    /// The text the PostgreSQL trigram index covers and the search matches.
    /// `%text%` for LIKE/ILIKE with `ESCAPE '\'`: the text's own `%`, `_` and `\` match themselves.
    static func likePattern(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    static func searchText(_ type: RecordType) -> String {
        type.searchFields.map { "coalesce(\($0), '')" }.joined(separator: " || ' ' || ")
    }

    /// A typed bind, so a missing value is a NULL of the column's own type (PostgreSQL refuses
    /// an untyped text NULL for a UUID column).
    static func bind(_ value: RecordValue?, _ storage: FieldStorage) -> SQLQueryString {
        switch (storage, value) {
        case (_, .text(let s)?): return "\(bind: s)"
        case (_, .integer(let n)?): return "\(bind: n)"
        case (_, .date(let d)?): return "\(bind: d.description)"
        case (_, .uuid(let u)?): return "\(bind: u)"
        case (.text, nil): return "\(bind: String?.none)"
        case (.integer, nil): return "\(bind: Int64?.none)"
        case (.uuid, nil): return "\(bind: UUID?.none)"
        }
    }

    /// The caller's scope over a register. `walking` (SQLite only): for a page, which walks its
    /// sort index and tests the scope on each entry (`ScopeSQL.predicate`).
    static func scope(_ type: RecordType, _ scope: DataScope, walking: Bool = false, sqlite: Bool = false) -> SQLQueryString {
        ScopeSQL.predicate(scope, unitColumn: type.ownerField, creatorColumn: "created_by", sqlite: sqlite, walking: walking)
    }

    static func filter(_ type: RecordType, _ q: RecordQuery, scope: DataScope, sqlite: Bool, walking: Bool = false) -> SQLQueryString {
        filter(type, q, within: self.scope(type, scope, walking: walking && sqlite, sqlite: sqlite), sqlite: sqlite)
    }

    /// The query's conditions within `scopeSQL` (a scope's predicate, or a part of one).
    static func filter(_ type: RecordType, _ q: RecordQuery, within scopeSQL: SQLQueryString, sqlite: Bool) -> SQLQueryString {
        var parts: [SQLQueryString] = [scopeSQL]
        if let s = q.state, type.state(s) != nil { parts.append("state = \(bind: s)") }
        if !q.states.isEmpty { parts.append("state IN (\(binds: q.states))") }
        for (name, value) in q.equals.sorted(by: { $0.key < $1.key }) {
            guard let f = type.field(name), f.kind.hasColumn else { continue }
            parts.append("\(unsafeRaw: name) = \(bind(value, f.kind.storage))")
        }
        for (name, day) in q.from.sorted(by: { $0.key < $1.key }) where type.field(name)?.kind == .date {
            parts.append("\(unsafeRaw: name) >= \(bind: day.description)")
        }
        for (name, day) in q.to.sorted(by: { $0.key < $1.key }) where type.field(name)?.kind == .date {
            parts.append("\(unsafeRaw: name) <= \(bind: day.description)")
        }
        for (name, day) in q.notBy.sorted(by: { $0.key < $1.key }) where type.field(name)?.kind == .date {
            parts.append("(\(unsafeRaw: name) IS NULL OR \(unsafeRaw: name) > \(bind: day.description))")
        }
        if let day = q.overdueOn {
            let each: [SQLQueryString] = type.deadlines.filter { $0.canBeOverdue && (q.overdueField == nil || $0.field == q.overdueField) }.map { d in
                "(state IN (\(binds: d.openStates)) AND \(unsafeRaw: d.field) < \(bind: day.description))"
            }
            parts.append(each.isEmpty ? "1 = 0" : "(" + each.joined(separator: " OR ") + ")")
        }
        if let text = q.search?.trimmingCharacters(in: .whitespaces), !text.isEmpty, !type.searchFields.isEmpty {
            if sqlite && text.count >= 3 && !q.commonSearch {
                // A phrase query on the trigram index; shorter text cannot make a trigram.
                let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                parts.append("rowid IN (SELECT rowid FROM \(unsafeRaw: type.table)_fts WHERE \(unsafeRaw: type.table)_fts MATCH \(bind: phrase))")
            } else {
                let like = likePattern(text)
                let op = sqlite ? "LIKE" : "ILIKE"
                parts.append("(\(unsafeRaw: searchText(type))) \(unsafeRaw: op) \(bind: like) ESCAPE '\\'")
            }
        }
        return parts.joined(separator: " AND ")
    }

    /// The fixed columns every select starts with (`selectList`), before the declaration's own.
    static let fixedColumns = ["id", "state", "version", "created_by", "created_at", "updated_at"]

    /// The register's rows a query selects (`selectList`, in its order). On SQLite each value is
    /// read from the driver's row by its place: `SQLRow`'s decoding by name (a hash per value and
    /// `Decodable` for each) was a seventh of a list's answer.
    static func rows(_ query: SQLQueryString, _ type: RecordType, on db: any Database) async throws -> [RecordRow] {
        let names = fixedColumns + type.columns.map(\.name), sqlite = db.isSQLite
        var places: [Int]?
        return try await db.fastRows(query).map { found in
            switch found.storage {
            case .sql(let row):
                return try decode(row, type, names: names, sqlite: sqlite)
            case .sqlite(let row):
                let columns = row.columns
                if places == nil {
                    var at: [String: Int] = [:]
                    for (i, c) in columns.enumerated() where at[c.name] == nil { at[c.name] = i }
                    places = try names.map { name in
                        guard let i = at[name] else { throw CoreError.invalid(field: name, "记录缺少必需的列") }
                        return i
                    }
                }
                let data = places!.map { columns[$0].data }
                return try decode(type, sqlite: true, text: { data[$0].string }, integer: { data[$0].integer.map(Int64.init) }, isNull: { data[$0].isNull })
            }
        }
    }

    /// A row of the register's table through SQLKit, its columns `names`. Each column is read as
    /// the driver's own type (text, an integer), not through `Decodable` for an optional.
    private static func decode(_ row: any SQLRow, _ type: RecordType, names: [String], sqlite: Bool) throws -> RecordRow {
        try decode(type, sqlite: sqlite,
                          text: { try row.decode(column: names[$0], as: String.self) },
                          integer: { try row.decode(column: names[$0], as: Int64.self) },
                          isNull: { try row.decodeNil(column: names[$0]) },
                          uuid: sqlite ? nil : { try row.decode(column: names[$0], as: UUID.self) })
    }

    /// A row from its values by place (`fixedColumns`, then the declaration's columns), read
    /// by the given functions for a value that is not null. On SQLite an id is parsed from its
    /// text by hand (`UUIDText`).
    private static func decode(_ type: RecordType, sqlite: Bool, text read: (Int) throws -> String?, integer readInteger: (Int) throws -> Int64?,
                               isNull: (Int) throws -> Bool, uuid native: ((Int) throws -> UUID?)? = nil) throws -> RecordRow {
        func text(_ i: Int) throws -> String? { try isNull(i) ? nil : try read(i) }
        func integer(_ i: Int) throws -> Int64? { try isNull(i) ? nil : try readInteger(i) }
        func uuid(_ i: Int) throws -> UUID? {
            guard !(try isNull(i)) else { return nil }
            if let native { return try native(i) }
            guard let raw = try read(i) else { return nil }
            guard let id = UUIDText.uuid(raw) else { throw CoreError.invalid(field: i < fixedColumns.count ? fixedColumns[i] : type.columns[i - fixedColumns.count].name, "不是有效的标识：\(raw.prefix(40))") }
            return id
        }
        var values: RecordValues = [:]
        values.reserveCapacity(type.columns.count)
        for (k, f) in type.columns.enumerated() {
            let i = fixedColumns.count + k
            switch f.kind.storage {
            case .integer:
                if let n = try integer(i) { values[f.name] = .integer(n) }
            case .uuid:
                if let u = try uuid(i) { values[f.name] = .uuid(u) }
            case .text:
                guard let s = try text(i) else { continue }
                if f.kind == .date { if let d = LocalDate(iso: s) { values[f.name] = .date(d) } } else { values[f.name] = .text(s) }
            }
        }
        guard let id = try uuid(0), let state = try text(1), let version = try integer(2),
              let created = try integer(4), let updated = try integer(5) else {
            throw CoreError.invalid(field: "id", "记录缺少必需的列")
        }
        return RecordRow(id: id, state: state, version: version, createdBy: try uuid(3),
                         createdAt: Date(timeIntervalSince1970: Double(created) / 1000), updatedAt: Date(timeIntervalSince1970: Double(updated) / 1000),
                         values: values)
    }
}
