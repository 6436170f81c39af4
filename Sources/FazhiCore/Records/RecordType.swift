import Foundation

/// A state of a record's workflow.
public struct StateSpec: Sendable, Equatable {
    public let code: String
    public let label: String
}

/// A move from one state to another: who may make it, which fields must be filled, and an
/// optional rule in Swift that answers why not (in Chinese), or nil when the move is allowed.
public struct TransitionSpec: Sendable {
    public let action: String
    public let label: String
    public let from: [String]
    public let to: String
    public let permission: Permission
    public let requires: [String]
    public let check: (@Sendable (RecordValues, LocalDate) -> String?)?
    /// A number the move issues from a sequence that never repeats or skips (a registration
    /// number), into an assigned field.
    public let numbering: NumberingSpec?
    /// What the move does to the record's clocks (pause, resume, restart, extend).
    public let clockMoves: [ClockMoveSpec]
    /// What the applicant of an application (`IntakeSpec`) is told when the move is made
    /// ("需要补正"), by SMS to the phone they gave and by e-mail when they gave one.
    public let notice: String?
}

/// A link from a record to the records of another register that refer to it: that register's
/// list filtered on its reference field `field` (`.record(register:)` naming this register), as an
/// adviser's page links to the reviews they took part in.
public struct RelatedSpec: Sendable {
    public let label: String
    public let register: String
    /// The other register's field that names this record.
    public let field: String
    /// The field of this record whose value it holds (a case's number), or nil for the record's id.
    public let by: String?
}

/// Which field a move numbers, and the date field whose year the sequence runs in (today's when nil).
public struct NumberingSpec: Sendable {
    public let field: String
    public let yearOf: String?
}

/// The move the platform makes when a clock's period ends with the record still open (an
/// application not refused within the review is deemed accepted): `action`, one of the
/// register's moves, saving in `field` the day the rule's `StatutoryRule.Lapse` names.
public struct LapseSpec: Sendable {
    public let action: String
    public let field: String
}

/// A due date a record carries. When the due field is left empty and a base date and a rule are
/// declared, the due date is computed from the working-day calendar. The record is overdue
/// while it is in one of the open states after the due date.
public struct DeadlineSpec: Sendable {
    public let field: String
    public let base: String?
    /// A period that is not a statute's (a district's own practice).
    public let rule: DeadlineRule?
    /// The statutory rule (`StatutoryRules`) the period comes from, by id: the version in force on
    /// the base date applies.
    public let statute: String?
    /// A rule chosen by the record's kind instead: the value of `field` names the rule (an NPC
    /// deputy's suggestion is answered under 代表法, a CPPCC proposal under the local rules).
    public let statuteBy: (field: String, rules: [String: String])?
    /// For a rule chosen by kind: the kind a record with none is under (the ordinary procedure
    /// of an application deemed accepted, for which no one chose).
    public let statuteOtherwise: String?
    public let openStates: [String]
    /// How far ahead the people who can act on the record are reminded.
    public let lead: ReminderLead
    /// What the reminder asks them to do, when more than "act in time".
    public let ask: String?
    /// A clock (`ClockReading`): the due date is always the statutory rule's from `base`, after the
    /// pauses, restarts and extension the record's moves made; no one types it.
    public let isClock: Bool
    /// For a clock, the date field that holds when its duty was done (the reply's day): what
    /// "answered within the legal time" compares with the due date.
    public let doneField: String?
    /// A person field whose person is reminded too, besides the owner unit's people who can act
    /// (the mediator who made the agreement).
    public let remind: String?
    /// A clock that is a period for others to act in (the parties' 30 days to apply for judicial
    /// confirmation), not a duty of the record's people: reminded ahead of its end, never overdue.
    public let isWindow: Bool
    /// For a clock whose rule says what its end with nothing done amounts to: the move the
    /// platform then makes (`ClockLapses`).
    public let lapse: LapseSpec?

    init(field: String, base: String?, rule: DeadlineRule?, statute: String?, statuteBy: (field: String, rules: [String: String])? = nil,
         openStates: [String], lead: ReminderLead, ask: String?, isClock: Bool = false, doneField: String? = nil, remind: String? = nil,
         statuteOtherwise: String? = nil, isWindow: Bool = false, lapse: LapseSpec? = nil) {
        self.field = field; self.base = base; self.rule = rule; self.statute = statute; self.statuteBy = statuteBy; self.openStates = openStates
        self.statuteOtherwise = statuteOtherwise
        self.lead = lead; self.ask = ask; self.isClock = isClock; self.doneField = doneField; self.remind = remind; self.isWindow = isWindow
        self.lapse = lapse
    }

    /// Whether an open record past this due date is late: not for a window.
    public var canBeOverdue: Bool { !isWindow }

    /// Every statutory rule the deadline may run under, in a stable order.
    public var statutes: [String] { statuteBy.map { Array(Set($0.rules.values)).sorted() } ?? (statute.map { [$0] } ?? []) }

    /// The statutory rule of a record holding `values`: the one rule, or the one its kind names.
    public func statute(for values: RecordValues) -> String? {
        guard let by = statuteBy else { return statute }
        return (values[by.field]?.text ?? statuteOtherwise).flatMap { by.rules[$0] }
    }

    /// Whether the due date is computed when left empty.
    public var computes: Bool { base != nil && (rule != nil || !statutes.isEmpty) }

    /// The due date from `start` for a record of `unit` (whose district may have its own amount)
    /// holding `values`; nil when no version of the statutory rule is in force then.
    public func due(from start: LocalDate, values: RecordValues, unit: UUID?, calculator: DeadlineCalculator) throws(CoreError) -> Deadline? {
        if !statutes.isEmpty {
            guard let statute = statute(for: values) else { return nil }
            return try calculator.rule(statute, on: start, unit: unit).map { rule throws(CoreError) in try rule.due(from: start, calculator: calculator) }
        }
        return try rule.map { rule throws(CoreError) in try calculator.due(from: start, rule) }
    }

    /// "不填则为发现日期后30个工作日", for the due date field's help: the statute's latest version.
    /// A clock's: "自收件日期起7个工作日，由平台按法定期限计算".
    /// With `own`, a district's amount: "不填则为发现日期后20个工作日（本区规定）".
    public func explained(base label: String, own: LocalRuleSetting? = nil) -> String? {
        if statuteBy != nil {
            let each = statutes.compactMap(StatutoryRules.latest).map { "\($0.name)\($0.period.description)" }.joined(separator: "、")
            return "自\(label)起按类别计算（\(each)），由平台按法定期限计算"
        }
        let period = own?.period ?? statute.flatMap { StatutoryRules.latest($0)?.period } ?? rule
        let local = own == nil ? "" : "（本区规定）"
        if isClock { return period.map { "自\(label)起\($0.description)\(local)，由平台按法定期限计算" } }
        return period.map { "不填则为\(label)后\($0.description)\(local)" }
    }
}

/// How long before a due date the people who can act on a record are reminded.
public enum ReminderLead: Sendable, Equatable {
    case days(Int)
    case months(Int)

    /// Three days: enough to act on most deadlines.
    public static let standard = ReminderLead.days(3)

    /// As far ahead as a statutory rule that binds `before` an event says (evaluation within the
    /// six months before expiry); three days when there is no such rule.
    public static func ahead(of id: String) -> ReminderLead {
        guard let rule = StatutoryRules.latest(id), rule.bound == .before else { return standard }
        switch rule.period {
        case .months(let n): return .months(n)
        case .days(let n), .workingDays(let n): return .days(n)
        }
    }

    /// The latest due date a reminder sent on `today` covers.
    public func horizon(from today: LocalDate) -> LocalDate {
        switch self {
        case .days(let n): return today.adding(days: n)
        case .months(let n): return today.adding(months: n)
        }
    }

    /// The step its reminders record (part of their idempotency key): the days, or 30 a month —
    /// a stable label, not a length.
    public var step: Int {
        switch self {
        case .days(let n): return n
        case .months(let n): return n * 30
        }
    }
}

/// Where a register's natural key is unique.
public enum NaturalKeyScope: Sendable, Equatable {
    /// Within the district of the record's owner: two districts may each hold a record with the
    /// same key, and neither is told that the other holds one.
    case district
    /// Across the platform: an identifier the platform shares between districts (a
    /// 统一社会信用代码, by which the holders' portal finds a holder wherever it is registered).
    case platform
}

/// A record type with every name as a string: what the store and the web layer work from.
/// Modules do not build this by hand; they write a `RecordDeclaration`.
public struct RecordType: Sendable {
    /// Path segment and API name: `/records/<slug>`, `/api/v1/records/<slug>`.
    public let slug: String
    public let table: String
    /// The register's name (整改事项) and the module it belongs to (法治督察).
    public let label: String
    /// The name of the module that declares it (`Modules.all`).
    public var module: String { Modules.nameBySlug[slug] ?? "" }
    public let readPermission: Permission
    public let writePermission: Permission
    public let fields: [FieldSpec]
    /// The unit field that owns the record: data scope applies to it.
    public let ownerField: String
    public let titleField: String
    /// Fields that identify a record in the real world; an import that meets them again updates
    /// nothing and adds nothing.
    public let naturalKey: [String]
    /// Where the natural key is unique: within the owner's district, or across the platform.
    public let naturalKeyScope: NaturalKeyScope
    public let states: [StateSpec]
    public let initialState: String
    public let transitions: [TransitionSpec]
    public let deadlines: [DeadlineSpec]
    public let listColumns: [String]
    public let filters: [String]
    public let searchFields: [String]
    public let defaultSort: (field: String, descending: Bool)
    public let related: [RelatedSpec]
    /// How the register is published on the public portal, when it is.
    public let publish: PublishSpec?
    /// How the public applies on the portal, when it may.
    public let intake: IntakeSpec?
    /// Whom outside the platform the register tells, how, and when.
    public let notify: NoticeSpec?
    /// What a record's values must satisfy together (a reason when the head did not appear), for
    /// forms, the API and imports alike: the field at fault and why, or nil.
    public let valuesCheck: (@Sendable (RecordValues) -> (field: String, message: String)?)?

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
    public func state(_ code: String) -> StateSpec? { states.first { $0.code == code } }
    public func transition(_ action: String) -> TransitionSpec? { transitions.first { $0.action == action } }
    /// Fields kept in the record's own table (kept, not computed: imports read it per row).
    public let columns: [FieldSpec]
    private let columnIndex: [String: Int]

    init(slug: String, table: String, label: String, readPermission: Permission, writePermission: Permission,
         fields: [FieldSpec], ownerField: String, titleField: String, naturalKey: [String], naturalKeyScope: NaturalKeyScope,
         states: [StateSpec], initialState: String,
         transitions: [TransitionSpec], deadlines: [DeadlineSpec], listColumns: [String], filters: [String], searchFields: [String],
         defaultSort: (field: String, descending: Bool), related: [RelatedSpec] = [], publish: PublishSpec? = nil, intake: IntakeSpec? = nil,
         notify: NoticeSpec? = nil, check: (@Sendable (RecordValues) -> (field: String, message: String)?)? = nil) {
        self.related = related; self.publish = publish; self.intake = intake; self.notify = notify; self.valuesCheck = check
        self.slug = slug; self.table = table; self.label = label
        self.readPermission = readPermission; self.writePermission = writePermission; self.fields = fields
        self.ownerField = ownerField; self.titleField = titleField; self.naturalKey = naturalKey; self.naturalKeyScope = naturalKeyScope
        self.states = states
        self.initialState = initialState; self.transitions = transitions; self.deadlines = deadlines; self.listColumns = listColumns
        self.filters = filters; self.searchFields = searchFields; self.defaultSort = defaultSort
        columns = fields.filter(\.kind.hasColumn)
        columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.name, $0) })
    }

    /// A field that has a column, by name.
    public func column(_ name: String) -> FieldSpec? { columnIndex[name].map { columns[$0] } }

    /// Whether the natural key is looked for among the owner's district's records only: a key
    /// unique within a district that does not name the owner (one that names it is within the
    /// owner's district already).
    public var naturalKeyWithinDistrict: Bool {
        naturalKeyScope == .district && !naturalKey.isEmpty && !naturalKey.contains(ownerField)
    }

    /// The columns of the unique index on the natural key. No column holds a record's district,
    /// so a key unique within a district is indexed with its owner: the index refuses a repeat
    /// within one unit, and the write's check (`RecordStore.checkNaturalKey`) one within the
    /// district.
    public var naturalKeyIndex: [String] {
        naturalKeyWithinDistrict ? naturalKey + [ownerField] : naturalKey
    }

    /// What a list may be sorted by, each walked in order by an index of its own: the default
    /// sort, the list's date columns, and when a record was entered (`created_at`).
    public var sortFields: [String] {
        var seen = Set<String>()
        return ([defaultSort.field] + listColumns.filter { column($0)?.kind == .date } + ["created_at"]).filter { seen.insert($0).inserted }
    }

    /// The filters that pick one value (a state, a choice, a unit, a person, a record): each has
    /// an index that walks the default sort within the value.
    public var equalityFilters: [String] {
        ["state"] + filters.filter { name in column(name).map { $0.kind != .date && $0.kind != .longText } ?? false }
    }
    /// The permissions that can move a record out of a deadline's open states: who is
    /// responsible for meeting it (reminders, 我的待办).
    public func actors(of deadline: DeadlineSpec) -> Set<Permission> {
        let open = Set(deadline.openStates)
        return Set(transitions.filter { !open.isDisjoint(with: $0.from) }.map(\.permission))
    }

    /// Columns people fill in: every column except those the platform assigns.
    public var inputColumns: [FieldSpec] { columns.filter { !$0.assigned } }
    public var hasWorkflow: Bool { states.count > 1 }

    /// The audit trail's entity type for records of this type.
    public var entityType: String { "record:" + slug }

    /// Words PostgreSQL or SQLite reserve, which a column may not be named without quoting.
    static let reservedWords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "between", "both", "by", "case", "cast", "check", "collate", "column",
        "constraint", "create", "cross", "current_date", "current_time", "current_timestamp", "current_user", "default", "deferrable", "delete",
        "desc", "distinct", "do", "drop", "else", "end", "except", "exists", "false", "fetch", "for", "foreign", "from", "grant", "group", "having",
        "in", "index", "initially", "inner", "insert", "intersect", "into", "is", "join", "lateral", "leading", "left", "like", "limit", "natural",
        "not", "null", "offset", "on", "only", "or", "order", "outer", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "set", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "update", "user", "using",
        "values", "variadic", "when", "where", "window", "with",
    ]

    /// Declarations are checked once when the application starts; a broken one stops it with
    /// the reason. (Names are already checked by the compiler; this checks what kinds allow.)
    public func check() throws(CoreError) {
        func fail(_ m: String) -> CoreError { .invalid(field: slug, "登记簿「\(label)」的声明有误：\(m)") }
        guard slug.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else { throw fail("slug 只能含小写字母、数字和连字符") }
        guard table.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else { throw fail("表名只能含小写字母、数字和下划线") }
        for f in fields {
            guard f.name.first?.isLetter == true, f.name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw fail("字段名 \(f.name) 只能含小写字母、数字和下划线，且以字母开头")
            }
            guard !RecordType.reservedWords.contains(f.name) else { throw fail("字段名 \(f.name) 是 SQL 保留字，不能作列名") }
        }
        guard field(ownerField)?.kind == .unit, field(ownerField)?.required == true else { throw fail("所属单位字段必须是必填的单位字段") }
        guard let title = field(titleField), title.kind.storage == .text, title.kind.hasColumn else { throw fail("标题字段必须是文字字段") }
        for name in searchFields where field(name)?.kind.storage != .text { throw fail("全文检索字段 \(name) 必须是文字字段") }
        for d in deadlines {
            guard field(d.field)?.kind == .date else { throw fail("期限字段 \(d.field) 必须是日期") }
            if let base = d.base, field(base)?.kind != .date { throw fail("期限起算字段 \(base) 必须是日期") }
            if let person = d.remind, field(person)?.kind != .person { throw fail("期限 \(d.field) 提醒的人员字段 \(person) 必须是人员字段") }
            for id in d.statutes where StatutoryRules.versions(id).isEmpty { throw fail("期限 \(d.field) 的法定期限规则 \(id) 不存在") }
            if let by = d.statuteBy {
                guard case .enumeration(let choices) = field(by.field)?.kind, !by.rules.isEmpty,
                      by.rules.keys.allSatisfy({ key in choices.contains { $0.code == key } }) else {
                    throw fail("期限 \(d.field) 按类别选择规则的字段 \(by.field) 须是选项字段，且规则对应其选项")
                }
                if let otherwise = d.statuteOtherwise, by.rules[otherwise] == nil { throw fail("期限 \(d.field) 未选类别时适用的 \(otherwise) 没有规则") }
            }
            guard d.isClock else { continue }
            guard field(d.field)?.assigned == true else { throw fail("计时期限 \(d.field) 必须是系统赋值的字段") }
            guard d.base != nil, !d.statutes.isEmpty, d.statutes.allSatisfy({ StatutoryRules.latest($0)?.bound == .within }) else {
                throw fail("计时期限 \(d.field) 须有起算字段和「期限内」的法定期限规则")
            }
            if let done = d.doneField, field(done)?.kind != .date { throw fail("办结日期字段 \(done) 必须是日期") }
            if let lapse = d.lapse {
                // The platform makes the move with the one date it knows, from every open state,
                // under every version of the rule, each of which says what the lapse amounts to.
                guard let t = transition(lapse.action), Set(d.openStates).isSubset(of: Set(t.from)), t.requires == [lapse.field],
                      field(lapse.field)?.kind == .date, !d.isWindow, d.statuteBy == nil,
                      d.statutes.allSatisfy({ !StatutoryRules.versions($0).contains { $0.lapse == nil } }) else {
                    throw fail("期限 \(d.field) 届满时的自动流转须是从其各办理状态出发、只填写一个日期的状态变更，且法定期限规则的各版本都规定了届满的后果")
                }
            }
        }
        for t in transitions {
            for m in t.clockMoves {
                guard let d = deadlines.first(where: { $0.field == m.clock && $0.isClock }) else {
                    throw fail("状态变更「\(t.label)」的计时 \(m.clock) 不是声明的计时期限")
                }
                if let on = m.on, field(on)?.kind != .date || !t.requires.contains(on) { throw fail("状态变更「\(t.label)」的计时日期 \(on) 须是该变更必填的日期") }
                // A move must suit the rule the clock runs under; of a clock whose rule the record's
                // kind picks, one of them at least (a record under another is refused the move).
                let rules = d.statutes.compactMap(StatutoryRules.latest)
                let refusals = rules.compactMap { rule -> String? in
                    switch m.kind {
                    case .pause where !rule.stops(for: m.reason): return "「\(rule.name)」不因「\(m.reason)」暂停计时"
                    case .restart where !rule.restarts.contains(m.reason): return "「\(rule.name)」不因「\(m.reason)」重新起算"
                    case .extend where rule.allowedExtension == nil: return "「\(rule.name)」不能延长"
                    default: return nil
                    }
                }
                if let refusal = refusals.first, refusals.count == rules.count || d.statuteBy == nil { throw fail(refusal) }
                if m.kind == .extend {
                    guard let by = m.approvedBy, let notice = m.notice, t.requires.contains(by), t.requires.contains(notice) else {
                        throw fail("延长期限须填写批准人和书面告知")
                    }
                    if let days = m.days {
                        let periods = d.statutes.flatMap(StatutoryRules.versions).compactMap(\.allowedExtension?.period)
                        guard field(days)?.kind == .count, t.requires.contains(days), periods.allSatisfy({ if case .days = $0 { true } else { false } }) else {
                            throw fail("延长的日数 \(days) 须是该变更必填的数量字段，且各规则延长的是自然日")
                        }
                    }
                }
            }
        }
        // A move that stays in its state must do something else: number the record or move a clock.
        for t in transitions where t.from.contains(t.to) && t.numbering == nil && t.clockMoves.isEmpty { throw fail("状态变更「\(t.label)」的起止状态相同") }
        for t in transitions {
            guard let n = t.numbering else { continue }
            guard field(n.field)?.assigned == true, field(n.field)?.kind.hasColumn == true else { throw fail("编号字段 \(n.field) 必须是系统赋值的字段") }
            if let y = n.yearOf, field(y)?.kind != .date { throw fail("编号年度字段 \(y) 必须是日期") }
        }
        try publish?.check(self)
        try intake?.check(self)
        try notify?.check(self)
        for t in transitions where t.notice != nil && notify?.step != .moves { throw fail("状态变更「\(t.label)」告知当事人，但登记簿没有声明如何通知（notify:）") }
        let reserved: Set<String> = ["id", "state", "created_by", "created_at", "updated_at", "version", "rowid"]
        for f in fields where reserved.contains(f.name) { throw fail("字段名 \(f.name) 为保留字") }
    }
}

/// A record type as a module writes it: fields, states and transitions named by typed keys.
public struct RecordDeclaration<K: RecordKey, S: RecordChoice>: Sendable {
    public struct Transition: Sendable {
        let spec: TransitionSpec
        public init(_ action: String, _ label: String, from: [S], to: S, permission: Permission, requires: [K] = [],
                    numbers: K? = nil, yearOf: K? = nil, clock moves: [ClockMove] = [], tells notice: String? = nil,
                    check: (@Sendable (TypedValues<K>, LocalDate) -> String?)? = nil) {
            var erased: (@Sendable (RecordValues, LocalDate) -> String?)? = nil
            if let check {
                erased = { values, today in check(TypedValues<K>(values), today) }
            }
            spec = TransitionSpec(action: action, label: label, from: from.map(\.rawValue), to: to.rawValue, permission: permission,
                                  requires: requires.map(\.rawValue), check: erased,
                                  numbering: numbers.map { NumberingSpec(field: $0.rawValue, yearOf: yearOf?.rawValue) },
                                  clockMoves: moves.map(\.spec), notice: notice)
        }
    }

    /// What a move does to a clock, named by the clock's due field.
    public struct ClockMove: Sendable {
        let spec: ClockMoveSpec

        /// The clock stops counting from `day` (the move's day when nil) for `reason`, one of the rule's pauses.
        public static func pause(_ clock: K, on day: K? = nil, because reason: String) -> ClockMove {
            .init(spec: ClockMoveSpec(clock: clock.rawValue, kind: .pause, on: day?.rawValue, reason: reason, approvedBy: nil, notice: nil, days: nil))
        }
        public static func resume(_ clock: K, on day: K? = nil) -> ClockMove {
            .init(spec: ClockMoveSpec(clock: clock.rawValue, kind: .resume, on: day?.rawValue, reason: "", approvedBy: nil, notice: nil, days: nil))
        }
        /// The period runs again in full from `day`, for `reason`, one of the rule's restarts.
        public static func restart(_ clock: K, on day: K? = nil, because reason: String) -> ClockMove {
            .init(spec: ClockMoveSpec(clock: clock.rawValue, kind: .restart, on: day?.rawValue, reason: reason, approvedBy: nil, notice: nil, days: nil))
        }
        /// The rule's one extension, approved by whom `approvedBy` names and told to the applicant
        /// in the notice `notice` holds; both are fields the move requires. With `days`, a count
        /// field the move requires, it is as many days as that holds, at most the rule's.
        public static func extend(_ clock: K, approvedBy: K, notice: K, days: K? = nil) -> ClockMove {
            .init(spec: ClockMoveSpec(clock: clock.rawValue, kind: .extend, on: nil, reason: "", approvedBy: approvedBy.rawValue, notice: notice.rawValue,
                                      days: days?.rawValue))
        }
    }

    public struct Deadline: Sendable {
        let spec: DeadlineSpec

        init(spec: DeadlineSpec) { self.spec = spec }

        /// A clock: `field` is always `rule` (a `StatutoryRules` id, the version in force on the
        /// start day) from `startsOn`, after what the moves did to it; `doneOn` holds when its duty
        /// was done. Its field is assigned (`RecordField(assigned: true)`). `remind` names a person
        /// field whose person is reminded besides the owner unit's people who can act.
        /// With `lapses`, the period's end with the record still open is a move the platform makes
        /// (`LapseSpec`): the application deemed accepted, on the day the rule says, into `on`.
        public static func clock(_ field: K, rule id: String, startsOn base: K, doneOn done: K? = nil, openIn states: [S],
                                 lead: ReminderLead = .standard, ask: String? = nil, remind: K? = nil,
                                 lapses: (action: String, on: K)? = nil) -> Deadline {
            .init(spec: DeadlineSpec(field: field.rawValue, base: base.rawValue, rule: nil, statute: id, openStates: states.map(\.rawValue),
                                     lead: lead, ask: ask, isClock: true, doneField: done?.rawValue, remind: remind?.rawValue,
                                     lapse: lapses.map { LapseSpec(action: $0.action, field: $0.on.rawValue) }))
        }
        /// A window: a clock over the period others have to act in (`rule` from `startsOn`), whose
        /// end is no one's duty here. The record's people (and `remind`'s person) are reminded
        /// ahead of its end while the record is in `openIn`; past it nothing is overdue.
        public static func window(_ field: K, rule id: String, startsOn base: K, doneOn done: K? = nil, openIn states: [S],
                                  lead: ReminderLead = .standard, ask: String? = nil, remind: K? = nil) -> Deadline {
            .init(spec: DeadlineSpec(field: field.rawValue, base: base.rawValue, rule: nil, statute: id, openStates: states.map(\.rawValue),
                                     lead: lead, ask: ask, isClock: true, doneField: done?.rawValue, remind: remind?.rawValue, isWindow: true))
        }
        /// A clock whose rule the record's kind names: the value of `kind` picks one of `rules`
        /// (`StatutoryRules` ids), the version in force on the start day.
        /// With `otherwise`, a record with no kind runs under that kind's rule.
        public static func clock<C: RecordChoice>(_ field: K, rules: [C: String], by kind: K, otherwise: C? = nil, startsOn base: K, doneOn done: K? = nil,
                                                  openIn states: [S], lead: ReminderLead = .standard, ask: String? = nil) -> Deadline {
            .init(spec: DeadlineSpec(field: field.rawValue, base: base.rawValue, rule: nil, statute: nil,
                                     statuteBy: (kind.rawValue, Dictionary(uniqueKeysWithValues: rules.map { ($0.key.rawValue, $0.value) })),
                                     openStates: states.map(\.rawValue), lead: lead, ask: ask, isClock: true, doneField: done?.rawValue,
                                     statuteOtherwise: otherwise?.rawValue))
        }
        /// `field` holds the due date; when left empty it is `rule` after `base`. The people who can
        /// act are reminded `lead` ahead, asked to do `ask` when given.
        public init(_ field: K, from base: K? = nil, _ rule: DeadlineRule? = nil, openIn states: [S], lead: ReminderLead = .standard, ask: String? = nil) {
            spec = DeadlineSpec(field: field.rawValue, base: base?.rawValue, rule: rule, statute: nil, openStates: states.map(\.rawValue),
                                lead: lead, ask: ask)
        }

        /// A due date `rule` (a `StatutoryRules` id) after `base`.
        public init(_ field: K, from base: K, rule id: String, openIn states: [S], lead: ReminderLead = .standard, ask: String? = nil) {
            spec = DeadlineSpec(field: field.rawValue, base: base.rawValue, rule: nil, statute: id, openStates: states.map(\.rawValue),
                                lead: lead, ask: ask)
        }
    }

    /// How the register is published on the portal (`PublishSpec`), by typed keys.
    public struct Publication: Sendable {
        let spec: PublishSpec

        /// Records in `states` (any when empty) are public from the day `from` holds, at
        /// `/portal/<path>`: `fields` on a record's page, `columns` in the list, grouped by `group`
        /// when given; `status` says where a record stands in the public's words.
        public init(_ path: String, _ label: String, summary: String, in states: [S] = [], from: K, fields: [K], columns: [K],
                    searchable: Bool = false, group: (field: K, heading: String)? = nil,
                    status: (label: String, text: @Sendable (S?, TypedValues<K>, LocalDate) -> String)? = nil) {
            spec = PublishSpec(path: path, label: label, summary: summary, states: states.map(\.rawValue), from: from.rawValue,
                               fields: fields.map(\.rawValue), columns: columns.map(\.rawValue), searchable: searchable,
                               group: group.map { ($0.field.rawValue, $0.heading) },
                               status: status.map { status in
                                   (status.label, { state, values, today in status.text(S(rawValue: state), TypedValues<K>(values), today) })
                               })
        }
    }

    /// How the public applies on the portal (`IntakeSpec`), by typed keys.
    public struct Intake: Sendable {
        let spec: IntakeSpec

        public init(_ path: String, _ label: String, intro: String, office: K, officeKinds: [String], channel: K, receivedOn: K,
                    receipt: K, receiptPrefix: String, applicantKind: K?, name: K, idNumber: K, creditCode: K?, phone: K, email: K,
                    fields: [K], organisation: [K] = [], files: K? = nil, sent: K? = nil, follow: [K] = [], officesOnly: Bool = false) {
            spec = IntakeSpec(path: path, label: label, intro: intro, office: office.rawValue, officeKinds: officeKinds, channel: channel.rawValue,
                              receivedOn: receivedOn.rawValue, receipt: receipt.rawValue, receiptPrefix: receiptPrefix,
                              applicantKind: applicantKind?.rawValue, name: name.rawValue, idNumber: idNumber.rawValue, creditCode: creditCode?.rawValue,
                              phone: phone.rawValue, email: email.rawValue, fields: fields.map(\.rawValue), files: files?.rawValue, sent: sent?.rawValue,
                              follow: follow.map(\.rawValue), organisationFields: organisation.map(\.rawValue), officesOnly: officesOnly)
        }
    }

    /// Whom outside the platform the register tells (`NoticeSpec`), by typed keys.
    public struct Notify: Sendable {
        let spec: NoticeSpec

        /// The applicant, at the phone and e-mail they gave, on each move that `tells:` them.
        public static func applicant(name: K, phone: K, email: K) -> Notify {
            .init(spec: NoticeSpec(party: "申请人", name: name.rawValue, contact: .fields(phone: phone.rawValue, email: email.rawValue), step: .moves,
                                   source: "applicant"))
        }

        /// A holder identified by `identity`, on the channel it chose on the portal or by SMS to the
        /// phone `phoneIn` keeps for it, at the steps before `date` its district's plan for the kind
        /// `planBy` gives.
        public static func holder<E: RecordKey, ES: RecordChoice>(_ party: String, name: K, identity: K, phoneIn register: RecordDeclaration<E, ES>,
                                                                   identityField: E, phoneField: E, before date: K, planBy kind: K,
                                                                   source: String) -> Notify {
            .init(spec: NoticeSpec(party: party, name: name.rawValue,
                                   contact: .chosen(identity: identity.rawValue, phoneIn: register.type.slug, identityField: identityField.rawValue,
                                                    phoneField: phoneField.rawValue),
                                   step: .before(date: date.rawValue, planBy: kind.rawValue), source: source))
        }
    }

    public let type: RecordType

    public init(slug: String, table: String, label: String, read: Permission, write: Permission,
                fields: [RecordField<K>], owner: K, title: K, naturalKey: [K] = [], naturalKeyScope: NaturalKeyScope = .district,
                initial: S, transitions: [Transition] = [],
                deadlines: [Deadline] = [], columns: [K], filters: [K] = [], search: [K] = [], sort: K, descending: Bool = true,
                related: [(label: String, register: String, field: String, by: K?)] = [], publish: Publication? = nil, intake: Intake? = nil,
                notify: Notify? = nil, check: (@Sendable (TypedValues<K>) -> (K, String)?)? = nil) {
        // A computed due date's field explains itself from its rule, unless the module says more.
        let specs = fields.map(\.spec).map { f -> FieldSpec in
            guard f.help == nil, let d = deadlines.map(\.spec).first(where: { $0.field == f.name && $0.computes }), let base = d.base,
                  let help = d.explained(base: fields.first { $0.spec.name == base }?.spec.label ?? base) else { return f }
            return FieldSpec(name: f.name, label: f.label, kind: f.kind, required: f.required, personal: f.personal, help: help, assigned: f.assigned)
        }
        type = RecordType(slug: slug, table: table, label: label, readPermission: read, writePermission: write,
                          fields: specs, ownerField: owner.rawValue, titleField: title.rawValue,
                          naturalKey: naturalKey.map(\.rawValue), naturalKeyScope: naturalKeyScope,
                          states: S.allCases.map { StateSpec(code: $0.rawValue, label: $0.label) }, initialState: initial.rawValue,
                          transitions: transitions.map(\.spec), deadlines: deadlines.map(\.spec),
                          listColumns: columns.map(\.rawValue), filters: filters.map(\.rawValue), searchFields: search.map(\.rawValue),
                          defaultSort: (sort.rawValue, descending),
                          related: related.map { RelatedSpec(label: $0.label, register: $0.register, field: $0.field, by: $0.by?.rawValue) },
                          publish: publish?.spec, intake: intake?.spec, notify: notify?.spec,
                          check: check.map(Self.erase))
    }

    /// A values check on the register's keys, as `RecordType` keeps it: on field names.
    static func erase(_ check: @escaping @Sendable (TypedValues<K>) -> (K, String)?) -> @Sendable (RecordValues) -> (field: String, message: String)? {
        { values in
            guard let (key, message) = check(TypedValues<K>(values)) else { return nil }
            return (key.rawValue, message)
        }
    }
}

/// The state of a register without a workflow: a record is simply on file.
public enum OnFile: String, RecordChoice {
    case recorded
    public var label: String { "已登记" }
}
