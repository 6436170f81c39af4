import Foundation

/// The rules every record type shares: required fields, computed due dates, which moves a
/// person may make, and when a record may still be changed.
public enum RecordRules {
    /// Due dates already computed in a batch (an import): many records share a start date.
    public struct DueDates: Sendable {
        var known: [String: LocalDate] = [:]
        public init() {}
    }

    /// Checks a whole record before it is stored, fills due dates left empty and sets each clock's
    /// from its start field and `events` (the record's clock events, in order).
    public static func prepare(_ type: RecordType, _ values: RecordValues, events: [ClockEvent] = [],
                               calculator: DeadlineCalculator) throws(CoreError) -> RecordValues {
        var once = DueDates()
        return try prepare(type, values, events: events, calculator: calculator, dueDates: &once)
    }

    public static func prepare(_ type: RecordType, _ values: RecordValues, events: [ClockEvent] = [], calculator: DeadlineCalculator,
                               dueDates: inout DueDates) throws(CoreError) -> RecordValues {
        var values = values
        var moved = Set<String>()
        let unit = values[type.ownerField]?.uuid
        let district = calculator.local.district(of: unit)?.uuidString ?? ""
        for d in type.deadlines where d.isClock {
            values[d.field] = nil
            // Without moves a clock is its rule from the start (below, where a batch's cache applies).
            guard events.contains(where: { $0.clock == d.field }) else { continue }
            moved.insert(d.field)
            values[d.field] = try ClockReading.read(d, values: values, unit: unit, events: events, calculator: calculator)?.deadline.map { .date($0.due) }
        }
        for d in type.deadlines where values[d.field] == nil && !moved.contains(d.field) {
            guard let base = d.base, let start = values[base]?.date else { continue }
            let key = "\(d.field)|\(start.dayNumber)|\(district)|\(d.statute(for: values) ?? "")"
            if let due = dueDates.known[key] { values[d.field] = .date(due); continue }
            guard let due = try d.due(from: start, values: values, unit: unit, calculator: calculator)?.due else { continue }
            dueDates.known[key] = due
            values[d.field] = .date(due)
        }
        for f in type.columns where f.required && values[f.name] == nil {
            throw .invalid(field: f.name, "「\(f.label)」为必填项")
        }
        try type.intake?.checkApplicant(type, values)
        if let (field, message) = type.valuesCheck?(values) { throw .invalid(field: field, message) }
        for name in values.keys where type.column(name) == nil {
            throw .invalid(field: name, "没有名为 \(name) 的字段")
        }
        return values
    }

    /// The transitions a person holding `permissions` may make from `state`.
    public static func available(_ type: RecordType, state: String, permissions: Set<Permission>) -> [TransitionSpec] {
        type.transitions.filter { $0.from.contains(state) && permissions.contains($0.permission) }
    }

    /// Refuses a move that is not allowed, naming the reason in Chinese.
    public static func check(_ type: RecordType, _ t: TransitionSpec, state: String, values: RecordValues,
                             permissions: Set<Permission>, today: LocalDate) throws(CoreError) {
        let from = type.state(state)?.label ?? state
        guard t.from.contains(state) else { throw .state("「\(from)」的记录不能「\(t.label)」") }
        guard permissions.contains(t.permission) else { throw .state("您没有「\(t.label)」的权限（需要「\(t.permission.label)」）") }
        for name in t.requires where values[name] == nil {
            throw .invalid(field: name, "「\(t.label)」前须填写「\(type.field(name)?.label ?? name)」")
        }
        if let reason = t.check?(values, today) { throw .state(reason) }
    }

    /// A record may be edited until its workflow reaches a state with no way out.
    public static func isEditable(_ type: RecordType, state: String) -> Bool {
        !type.hasWorkflow || type.transitions.contains { $0.from.contains(state) }
    }

    /// Only a record still in its first state may be deleted; later ones are history.
    public static func isDeletable(_ type: RecordType, state: String) -> Bool {
        state == type.initialState
    }

    /// Due dates the record has passed while still open.
    public static func overdue(_ type: RecordType, state: String, values: RecordValues, today: LocalDate) -> [DeadlineSpec] {
        type.deadlines.filter { d in d.canBeOverdue && d.openStates.contains(state) && (values[d.field]?.date.map { $0 < today } ?? false) }
    }
}
