import Foundation

/// A district's own amount for a rule the table marks configurable (the local practice of
/// rules.md §3), in force from a day: a record whose clock starts on or after that day takes it,
/// one that started earlier keeps the amount it started under.
public struct LocalRuleSetting: Sendable, Equatable {
    public let rule: String
    public let district: UUID
    public let period: DeadlineRule
    public let from: LocalDate
    /// The district's text that sets it ("东昌府区合法性审查工作规则第十条").
    public let basis: String

    public init(rule: String, district: UUID, period: DeadlineRule, from: LocalDate, basis: String) {
        self.rule = rule; self.district = district; self.period = period; self.from = from; self.basis = basis
    }

    /// Refuses what no district may set: a rule the table does not let districts change, an
    /// amount out of bounds, a basis that names nothing, or a day already past (`today`), since a
    /// record registered earlier keeps the amount it started under.
    public func check(today: LocalDate) throws(CoreError) {
        guard let rule = StatutoryRules.latest(rule) else { throw .invalid(field: "rule", "没有编号为 \(self.rule) 的期限规则") }
        guard rule.configurable else { throw .invalid(field: "rule", "「\(rule.name)」由法律规定，本区不能调整") }
        let most = period.unitCode == "months" ? 60 : 365
        guard (1...most).contains(period.amount) else { throw .invalid(field: "amount", "期限应在 1 到 \(most) 之间") }
        guard from >= today else { throw .invalid(field: "effectiveFrom", "施行日期不能早于今天：已登记的记录按其起算时的期限办理") }
        let basis = basis.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !basis.isEmpty, basis.count <= 200 else { throw .invalid(field: "basis", "请填写本区规定的名称和条款（不超过 200 字）") }
    }
}

/// The districts' settings and the district of each unit: what a calculator needs to give a
/// record its district's version of a configurable rule.
public struct LocalRules: Sendable {
    /// Per district and rule, newest first.
    let settings: [UUID: [String: [LocalRuleSetting]]]
    let districtOf: [UUID: UUID]

    public static let none = LocalRules(settings: [], districtOf: [:])

    public init(settings: [LocalRuleSetting], districtOf: [UUID: UUID]) {
        var byDistrict: [UUID: [String: [LocalRuleSetting]]] = [:]
        for s in settings.sorted(by: { $0.from > $1.from }) { byDistrict[s.district, default: [:]][s.rule, default: []].append(s) }
        self.settings = byDistrict
        self.districtOf = districtOf
    }

    public var isEmpty: Bool { settings.isEmpty }

    public func district(of unit: UUID?) -> UUID? { unit.flatMap { districtOf[$0] } }

    /// The district's setting of `rule` in force on `day`, if it made one.
    public func setting(_ rule: String, unit: UUID?, on day: LocalDate) -> LocalRuleSetting? {
        guard !settings.isEmpty, let district = district(of: unit) else { return nil }
        return settings[district]?[rule]?.first { $0.from <= day }
    }
}

extension DeadlineCalculator {
    /// The version of rule `id` in force on `day` for a record of `unit`: the table's, with the
    /// amount of the unit's district when the rule is configurable and the district set one in
    /// force that day. Nil when no version was in force.
    public func rule(_ id: String, on day: LocalDate, unit: UUID?) -> StatutoryRule? {
        guard let rule = StatutoryRules.rule(id, on: day) else { return nil }
        guard rule.configurable, let own = local.setting(id, unit: unit, on: day) else { return rule }
        return rule.localised(own)
    }
}
