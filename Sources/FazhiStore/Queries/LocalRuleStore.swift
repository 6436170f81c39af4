import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The districts' own amounts for the configurable local rules (`local_rule_settings`): each in
/// force from a day, so a record keeps the amount in force when its clock started.
public enum LocalRuleStore {
    /// A setting with who made it and when, for the settings page.
    public struct Entry: Sendable {
        public let setting: LocalRuleSetting
        public let setBy: String
        public let setAt: Date
    }

    struct Row: Decodable {
        var district_id: UUID; var rule_id: String; var effective_from: String; var amount: Int; var unit: String; var basis: String
        var set_by: String?; var set_at: Int64

        var setting: LocalRuleSetting? {
            guard let period = DeadlineRule(amount: amount, unitCode: unit), let from = LocalDate(iso: effective_from) else { return nil }
            return LocalRuleSetting(rule: rule_id, district: district_id, period: period, from: from, basis: basis)
        }
    }

    static func rows(_ condition: SQLQueryString, on db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            SELECT s.district_id, s.rule_id, s.effective_from, s.amount, s.unit, s.basis, u.display_name AS set_by, s.set_at
            FROM local_rule_settings s LEFT JOIN users u ON u.id = s.set_by WHERE \(condition)
            ORDER BY s.rule_id, s.effective_from DESC
            """).all(decoding: Row.self)
    }

    /// Every district's settings with the district of each unit, as a calculator takes them; the
    /// unit tree is read only when some district has a setting.
    public static func rules(on db: any Database) async throws -> LocalRules {
        let settings = try await rows("1 = 1", on: db).compactMap(\.setting)
        guard !settings.isEmpty else { return .none }
        let tree = try await AccessStore.unitTree(on: db)
        return LocalRules(settings: settings, districtOf: DataScope.districts(of: tree.map(\.id), tree: tree))
    }

    /// A district's settings, newest first for each rule.
    public static func entries(district: UUID, on db: any Database) async throws -> [Entry] {
        try await rows("s.district_id = \(bind: district)", on: db).compactMap { r in
            r.setting.map { Entry(setting: $0, setBy: r.set_by ?? "", setAt: Date(timeIntervalSince1970: Double(r.set_at) / 1000)) }
        }
    }

    /// Sets a district's amount of a configurable rule from a day (today or later), replacing a
    /// setting of the same day, with its audit entry, in one transaction. The clocks of the
    /// district's records that start on or after that day (registered in advance) are computed
    /// again with it; returns how many changed.
    @discardableResult
    public static func set(_ setting: LocalRuleSetting, today: LocalDate, actor: AuditActor, now: Date, on db: any Database) async throws -> Int {
        try setting.check(today: today)
        let basis = setting.basis.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await db.write { tx in
            let before = try await rows("""
                s.district_id = \(bind: setting.district) AND s.rule_id = \(bind: setting.rule) AND s.effective_from = \(bind: setting.from.description)
                """, on: tx).first
            try await tx.sql.raw("""
                INSERT INTO local_rule_settings (district_id, rule_id, effective_from, amount, unit, basis, set_by, set_at)
                VALUES (\(bind: setting.district), \(bind: setting.rule), \(bind: setting.from.description), \(bind: setting.period.amount),
                        \(bind: setting.period.unitCode), \(bind: basis), \(bind: actor.userID), \(bind: RecordSQL.millis(now)))
                ON CONFLICT (district_id, rule_id, effective_from) DO UPDATE SET amount = excluded.amount, unit = excluded.unit,
                  basis = excluded.basis, set_by = excluded.set_by, set_at = excluded.set_at
                """).run()
            struct Snapshot: Encodable { let amount: Int; let unit: String; let basis: String }
            try await AuditLog.append(on: tx, actor: actor, action: before == nil ? .create : .update, entityType: "local_rule_setting",
                                      entityID: "\(setting.district.uuidString):\(setting.rule):\(setting.from)",
                                      before: before.map { AuditLog.snapshot(Snapshot(amount: $0.amount, unit: $0.unit, basis: $0.basis)) },
                                      after: AuditLog.snapshot(Snapshot(amount: setting.period.amount, unit: setting.period.unitCode, basis: basis)), at: now)
            let calculator = try await CalendarStore.calculator(on: tx)
            let tree = try await AccessStore.unitTree(on: tx)
            let units = DataScope.districts(of: tree.map(\.id), tree: tree).filter { $0.value == setting.district }.map(\.key)
            var changed = 0
            for type in Registers.all {
                for clock in type.deadlines where clock.isClock && clock.statutes.contains(setting.rule) {
                    guard let base = clock.base else { continue }
                    changed += try await RecordClocks.recompute(type, where: """
                        \(unsafeRaw: base) >= \(bind: setting.from.description) AND \(unsafeRaw: type.ownerField) IN (\(ScopeSQL.ids(units, sqlite: tx.isSQLite)))
                        """, calculator: calculator, actor: actor, now: now, on: tx)
                }
            }
            return changed
        }
    }
}
