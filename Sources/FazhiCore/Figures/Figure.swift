/// A figure the annual report and the dashboard state: a stable name, a Chinese label, a
/// definition in plain words, and how it is counted from a register's records. Figures are
/// computed by the database as aggregates over any date range and any unit (with the units
/// below it), never typed in.
public struct Figure: Sendable {
    public let name: String
    public let label: String
    public let definition: String
    /// What the number counts: 次, 个, 项, %.
    public let unit: String
    public let measure: Measure

    public init(_ name: String, _ label: String, unit: String, definition: String, _ measure: Measure) {
        self.name = name; self.label = label; self.unit = unit; self.definition = definition; self.measure = measure
    }

    /// Which records, by which date, and what of them is counted.
    public struct Selection: Sendable {
        public let register: String
        /// The date field that places a record in a period.
        public let dateField: String
        /// Field values a record must have (any of the listed codes).
        public let matching: [String: [String]]
        /// States a record must be in; empty for any.
        public let states: [String]
        /// The kind of unit that owns the record (towns), or nil for any.
        public let ownerKind: String?
        /// For what stands rather than what happened (people in post, bodies set up): the date
        /// field that ends a record. Such a selection takes the records in force at the end of the
        /// period: `dateField` on or before it, and `until` empty or after it.
        public let until: String?
        /// Fields a record must have filled (an item formed that has been published).
        public let filled: [String]
        /// A field whose different values are counted rather than the records: the cases among
        /// hearings (several hearings of one case count once).
        public let distinct: String?

        public init(_ register: String, by dateField: String, until: String? = nil, matching: [String: [String]] = [:], states: [String] = [],
                    filled: [String] = [], ownerKind: String? = nil, distinct: String? = nil) {
            self.register = register; self.dateField = dateField; self.until = until; self.matching = matching; self.states = states
            self.filled = filled; self.ownerKind = ownerKind; self.distinct = distinct
        }

        /// Whether every record this selection takes is also one of `whole`'s: same register,
        /// period and owners, and conditions at least as narrow. A rate over such a part is counted
        /// in one pass over the whole.
        public func narrows(_ whole: Selection) -> Bool {
            guard register == whole.register, dateField == whole.dateField, until == whole.until, ownerKind == whole.ownerKind,
                  distinct == whole.distinct else { return false }
            if !whole.states.isEmpty && (states.isEmpty || !Set(states).isSubset(of: whole.states)) { return false }
            if !Set(whole.filled).isSubset(of: filled) { return false }
            return whole.matching.allSatisfy { field, codes in matching[field].map { Set($0).isSubset(of: codes) } ?? false }
        }
    }

    public enum Measure: Sendable {
        /// How many records.
        case count(Selection)
        /// How many different units a unit field names, optionally only units of a kind (town, department).
        case distinctUnits(Selection, field: String, kind: String?)
        /// The share of one selection in another, as a percentage with two decimals.
        case rate(part: Selection, whole: Selection)
        /// How many records of a selection have no record in another source pointing at them
        /// (`column` holds the record's id), counting only that source's records in `states`.
        case without(Selection, source: String, column: String, states: [String])
        /// The average or the longest number of days from one date field to another, over the
        /// records that have both (rounded to whole days).
        case days(Selection, from: String, to: String, longest: Bool)
        /// The share, as a percentage, of the selection's records whose clock's duty was done
        /// (its `doneField` filled) that were done by the clock's due date: "answered within the
        /// legal time", for any clock (`DeadlineSpec.isClock`, named by its due field).
        case onTime(Selection, clock: String)
        /// An unbroken run in whole calendar months, up to the period's last month, in which every
        /// record of `whole` was also one of `part` (which narrows it): the months since the last
        /// month with a record outside `part`, or since the first record when there was none.
        /// Months without records do not break it. The run may begin before the period: history
        /// counts.
        case streak(part: Selection, whole: Selection)
        /// A rate figure of the catalogue less the external benchmark for the same period and unit
        /// (`Benchmark`, e.g. the city average), in percentage points; nil without exactly one
        /// benchmark value.
        case versus(figure: String, scope: BenchmarkScope)
        /// The total of a count or money field over the selection's records (people received, the
        /// amount involved in fen); zero when there are none.
        case sum(Selection, field: String)
        /// Another figure's change on the same period a year before, in hundredths of a percent of
        /// last year's value (+43.57% is 4357, −1.94% is -194); nil when last year's is zero or
        /// missing. Counts and sums only: a rate's change is in percentage points (`YearOnYear`).
        case change(figure: String)

        /// The selections the measure reads.
        public var selections: [Selection] {
            switch self {
            case .count(let s), .distinctUnits(let s, _, _), .without(let s, _, _, _), .days(let s, _, _, _), .onTime(let s, _), .sum(let s, _): [s]
            case .rate(let part, let whole), .streak(let part, let whole): [part, whole]
            case .versus(let name, _), .change(let name): FigureCatalogue.figure(name)?.measure.selections ?? []
            }
        }

        /// The selection whose records the figure is about: where its value links to.
        public var records: Selection? {
            switch self {
            case .count(let s), .distinctUnits(let s, _, _), .without(let s, _, _, _), .days(let s, _, _, _), .onTime(let s, _), .sum(let s, _): s
            case .rate(_, let whole), .streak(_, let whole): whole
            case .versus(let name, _), .change(let name): FigureCatalogue.figure(name)?.measure.records
            }
        }
    }
}

/// Every figure the platform knows: the modules' own, in the order of `Modules.all`.
public enum FigureCatalogue {
    public static let all: [Figure] = Modules.all.flatMap(\.figures)

    public static func figure(_ name: String) -> Figure? { all.first { $0.name == name } }
}

/// How a template may print a figure in the seed's words, after a `|` in its placeholder
/// (`{mediation.visitors|余}`). The number stays exact in the report's JSON and the catalogue.
public enum FigureWording: String, CaseIterable, Sendable {
    /// 「3300余」: the value rounded down to its two leading digits, then 余 when that dropped
    /// something (money in yuan).
    case approximately = "余"
    /// 「7000余万」 (leading digits kept, money in 万元) or 「15万余」 (only what is below 万 dropped).
    case tenThousands = "万余"
    /// 「99%以上」: a rate rounded down to a whole percent, then 以上 when that dropped something.
    case atLeast = "以上"
    /// 「增加43.57%」「下降1.94%」「持平」: a change on last year (`Measure.change`).
    case change = "增减"

    /// Whether the wording suits a figure of `unit` and measure.
    public func suits(_ figure: Figure) -> Bool {
        switch self {
        case .approximately, .tenThousands: if case .change = figure.measure { false } else { figure.unit != "%" && figure.unit != "个百分点" }
        case .atLeast: if case .change = figure.measure { false } else { figure.unit == "%" }
        case .change: if case .change = figure.measure { true } else { false }
        }
    }

    /// The value in these words; a figure of unit 元 is kept in fen.
    public func text(_ value: Int64?, unit: String) -> String {
        guard let value else { return "—" }
        switch self {
        case .approximately, .tenThousands:
            let whole = unit == "元" ? value / 100 : value
            // Under ten thousand there is no 万 to count in: the number as 「余」 writes it.
            if self == .tenThousands && whole < 10_000 { return FigureWording.approximately.text(value, unit: unit) }
            let n = self == .tenThousands ? whole / 10_000 : whole
            var scale: Int64 = 1
            while n / scale >= 100 { scale *= 10 }
            let kept = n / scale * scale
            // What lies below the last unit kept: yuan's fen count too.
            let below = self == .tenThousands ? (unit == "元" ? value % 1_000_000 : whole % 10_000) != 0 : unit == "元" && value % 100 != 0
            guard self == .tenThousands else { return "\(kept)\(kept != n || below ? "余" : "")" }
            // 「7000余万」 when leading digits were dropped, 「15万余」 when only what is below 万 was.
            return kept != n ? "\(kept)余万" : "\(kept)万\(below ? "余" : "")"
        case .atLeast:
            return value % 100 == 0 ? "\(value / 100)%" : "\(value / 100)%以上"
        case .change:
            if value == 0 { return "持平" }
            return (value > 0 ? "增加" : "下降") + FieldInput.hundredths(value == .min ? .max : abs(value)) + "%"
        }
    }
}

/// How a difference from a benchmark reads: "超过全市平均水平14.10个百分点".
public enum Comparison {
    public static func text(_ hundredths: Int64?, with benchmark: String) -> String {
        guard let d = hundredths else { return "暂无\(benchmark)数据" }
        if d == 0 { return "与\(benchmark)持平" }
        return (d > 0 ? "超过" : "低于") + benchmark + FieldInput.hundredths(d == .min ? .max : abs(d)) + "个百分点"
    }
}

/// The change on the year before, as the report states it: a percentage for counts, percentage
/// points for rates (both kept in hundredths).
public enum YearOnYear {
    public static func text(current: Int64?, previous: Int64?, isRate: Bool) -> String {
        guard let a = current, let b = previous else { return "—" }
        if isRate { return (a >= b ? "+" : "") + FieldInput.hundredths(a - b) + " 个百分点" }
        guard b != 0 else { return a == 0 ? "持平" : "新增" }
        let hundredths = ((a - b) * 10_000 + (a >= b ? b / 2 : -b / 2)) / b
        return (hundredths >= 0 ? "+" : "") + FieldInput.hundredths(hundredths) + "%"
    }
}
