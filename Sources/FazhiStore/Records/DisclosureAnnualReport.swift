import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 政府信息公开工作年度报告 of one agency (the district government or a department) for a year, in
/// the national format (国办公开办函〔2021〕30号, `rules.md` §5): the agency's written parts, and
/// tables 二 to 四 counted from the records of the agency and the units below it that the reader
/// may see. Every cell is a count (or a sum) with the address of the register's list filtered to
/// the records behind it.
public struct DisclosureAnnualReport: Sendable, Encodable {
    public struct Cell: Sendable, Encodable, Equatable {
        public let value: Int64
        /// Amounts in 万元 with two decimals; counts as they are.
        public let text: String
        public let href: String?
    }
    public struct Row: Sendable, Encodable {
        public let label: String
        /// 0 for a row of its own, 1 for a row within a group (（三）不予公开's reasons).
        public let level: Int
        public let cells: [Cell]
    }
    public struct Table: Sendable, Encodable {
        public let heading: String
        /// Column headings; the first names the rows.
        public let columns: [String]
        public let rows: [Row]
    }
    public struct Part: Sendable, Encodable {
        public let heading: String
        /// The agency's own text (一, 五, 六), or nil where the part is tables.
        public let text: String?
        public let key: String?
        public let tables: [Table]
    }

    public let title: String
    public let year: Int
    public let unit: UUID
    public let unitName: String
    public let parts: [Part]
    /// Whether table 三 closes in every column: 一 + 二 = 三（七） + 四, and （七） sums （一）–（六）.
    public let closes: Bool

    /// The texts the agency writes, by key (kept per year, as the annual report's points).
    public static let texts: [(key: String, heading: String)] = [
        ("disclosure.overview", "一、总体情况"), ("disclosure.problems", "五、存在的主要问题及改进情况"), ("disclosure.other", "六、其他需要报告的事项"),
    ]

    /// The applicant columns of table 三, in the national order.
    static let applicantColumns: [(label: String, kind: ApplicantKind, type: OrganisationType?)] = [
        ("自然人", .person, nil), ("商业企业", .organisation, .business), ("科研机构", .organisation, .research),
        ("社会公益组织", .organisation, .charity), ("法律服务机构", .organisation, .legalService), ("其他", .organisation, .other),
    ]

    /// The outcome groups of table 三's （一）–（六）, each with its rows.
    static let outcomeGroups: [(label: String, outcomes: [DisclosureOutcome])] = [
        ("（一）予以公开", [.disclosed]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [.partly]),
        ("（三）不予公开", [.withheldSecret, .withheldByLaw, .withheldSafety, .withheldThirdParty, .withheldInternal, .withheldProcess,
                         .withheldEnforcementFile, .withheldQuery]),
        ("（四）无法提供", [.unavailableNotHeld, .unavailableNeedsMaking, .unavailableUnclear]),
        ("（五）不予处理", [.notHandledPetition, .notHandledRepeat, .notHandledPublication, .notHandledMassive, .notHandledConfirmation]),
        ("（六）其他处理", [.otherNotCorrected, .otherNotPaid, .other]),
    ]

    /// The report for `unit` and the units below it, counting only the records `scope` lets the
    /// reader see, by the rule every list follows (`ScopeSQL`): the agency's subtree intersected
    /// with the scope. Choosing one's own unit does not count the units below it that one may not
    /// see, and each cell agrees with the list it links to. The platform's own work (the command)
    /// passes `DataScope.everything`.
    public static func build(year: Int, unit: UUID, scope: DataScope, on db: any Database) async throws -> DisclosureAnnualReport {
        guard (2000...2100).contains(year), let from = LocalDate(year: year, month: 1, day: 1), let to = LocalDate(year: year, month: 12, day: 31) else {
            throw CoreError.invalid(field: "year", "年度应在 2000 到 2100 之间")
        }
        guard let name = try await OrgUnit.find(unit, on: db)?.name else { throw CoreError.invalid(field: "unit", "没有这个单位") }
        let written = try await ReportTextStore.latest(year: year, district: unit, on: db)
        func text(_ t: (key: String, heading: String)) -> Part { Part(heading: t.heading, text: written[t.key]?.body, key: t.key, tables: []) }
        let applications = try await applicationsTable(from: from, to: to, unit: unit, scope: scope, on: db)
        let parts = [
            text(texts[0]),
            Part(heading: "二、主动公开政府信息情况", text: nil, key: nil, tables: try await proactiveTables(from: from, to: to, unit: unit, scope: scope, on: db)),
            Part(heading: "三、收到和处理政府信息公开申请情况", text: nil, key: nil, tables: [applications.table]),
            Part(heading: "四、政府信息公开行政复议、行政诉讼情况", text: nil, key: nil, tables: [try await reviewTable(from: from, to: to, unit: unit, scope: scope, on: db)]),
        ] + texts.dropFirst().map(text)
        return DisclosureAnnualReport(title: "\(name)\(year)年政府信息公开工作年度报告", year: year, unit: unit, unitName: name, parts: parts,
                                      closes: applications.closes)
    }

    static func cell(_ n: Int64, _ href: String?) -> Cell { Cell(value: n, text: String(n), href: href) }

    /// The records of `type` (as `t`) that the scope lets the reader see.
    static func visible(_ type: RecordType, _ scope: DataScope, on db: any Database) -> SQLQueryString {
        ScopeSQL.predicate(scope, unitColumn: "t." + type.ownerField, creatorColumn: "t.created_by", sqlite: db.isSQLite)
    }

    /// Table 三 from the applications: those received in the year, those carried over from the
    /// year before, the year's outcomes by row and those carried into the next year.
    static func applicationsTable(from: LocalDate, to: LocalDate, unit: UUID, scope: DataScope, on db: any Database) async throws -> (table: Table, closes: Bool) {
        let type = DisclosureApplication.declaration.type
        typealias K = DisclosureApplication.Key
        var parts: [SQLQueryString] = [
            "t.\(unsafeRaw: K.receivedOn.rawValue) <= \(bind: to.description)",
            "(t.\(unsafeRaw: K.repliedOn.rawValue) IS NULL OR t.\(unsafeRaw: K.repliedOn.rawValue) >= \(bind: from.description))",
            visible(type, scope, on: db),
        ]
        let prefix = FigureStore.below(unit, type: type, into: &parts)
        struct Application: Decodable { var kind: String?; var org: String?; var received: String; var replied: String?; var outcome: String? }
        let rows = try await db.sql.raw("""
            \(prefix)SELECT t.applicant_kind AS kind, t.organisation_type AS org, t.received_on AS received, t.replied_on AS replied, t.outcome AS outcome
            FROM \(unsafeRaw: type.table) t WHERE \(parts.joined(separator: " AND "))
            """).all(decoding: Application.self)
        func column(_ r: Application) -> Int {
            if r.kind == ApplicantKind.person.rawValue { return 0 }
            return applicantColumns.firstIndex { $0.type?.rawValue == (r.org ?? OrganisationType.other.rawValue) } ?? applicantColumns.count - 1
        }
        let start = from.description, end = to.description
        var new = Array(repeating: Int64(0), count: 6), carried = new, open = new
        var outcomes: [String: [Int64]] = [:]
        for r in rows {
            let c = column(r)
            if r.received >= start { new[c] += 1 } else { carried[c] += 1 }
            if let replied = r.replied, replied <= end, let outcome = r.outcome { outcomes[outcome, default: Array(repeating: 0, count: 6)][c] += 1 } else { open[c] += 1 }
        }
        let base = "/records/\(type.slug)?office=\(unit.uuidString)"
        func hrefs(_ query: String) -> [String] {
            applicantColumns.map { c in
                "\(base)&\(query)&applicant_kind=\(c.kind.rawValue)" + (c.type.map { "&organisation_type=\($0.rawValue)" } ?? "")
            } + ["\(base)&\(query)"]
        }
        func row(_ label: String, _ counts: [Int64], _ query: String, level: Int = 0) -> Row {
            Row(label: label, level: level, cells: zip(counts + [counts.reduce(0, +)], hrefs(query)).map { cell($0, $1) })
        }
        let dayBefore = from.adding(days: -1).description
        var table: [Row] = [
            row("一、本年新收政府信息公开申请数量", new, "received_on.from=\(start)&received_on.to=\(end)"),
            row("二、上年结转政府信息公开申请数量", carried, "received_on.to=\(dayBefore)&replied_on.notBy=\(dayBefore)"),
        ]
        var total = Array(repeating: Int64(0), count: 6)
        let replied = "replied_on.from=\(start)&replied_on.to=\(end)"
        for group in outcomeGroups {
            let sums = (0..<6).map { c in group.outcomes.reduce(Int64(0)) { $0 + (outcomes[$1.rawValue]?[c] ?? 0) } }
            for c in 0..<6 { total[c] += sums[c] }
            if group.outcomes.count == 1 {
                table.append(row(group.label, sums, "\(replied)&outcome=\(group.outcomes[0].rawValue)"))
                continue
            }
            table.append(Row(label: group.label, level: 0, cells: (sums + [sums.reduce(0, +)]).map { cell($0, nil) }))
            for (n, outcome) in group.outcomes.enumerated() {
                let label = outcome.label.split(separator: "：", maxSplits: 1).last.map(String.init) ?? outcome.label
                table.append(row("\(n + 1).\(label)", outcomes[outcome.rawValue] ?? Array(repeating: 0, count: 6), "\(replied)&outcome=\(outcome.rawValue)", level: 1))
            }
        }
        table.append(row("（七）总计", total, replied))
        table.append(row("四、结转下年度继续办理", open, "received_on.to=\(end)&replied_on.notBy=\(end)"))
        var closes = true
        for c in 0..<6 where new[c] + carried[c] != total[c] + open[c] { closes = false }
        let columns = ["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"] + applicantColumns.map(\.label) + ["总计"]
        return (Table(heading: "（申请人情况）", columns: columns, rows: table), closes)
    }

    /// Table 二: 条例 Art.20's items — normative documents made, repealed and in force; the
    /// year's licensing, penalty and compulsion decisions published; fees charged.
    static func proactiveTables(from: LocalDate, to: LocalDate, unit: UUID, scope: DataScope, on db: any Database) async throws -> [Table] {
        let docs = NormativeDocument.declaration.type, items = ProactiveDisclosure.declaration.type
        let start = from.description, end = to.description
        func count(_ type: RecordType, _ conditions: [SQLQueryString], sum: String? = nil) async throws -> Int64 {
            var parts = conditions + [visible(type, scope, on: db)]
            let prefix = FigureStore.below(unit, type: type, into: &parts)
            let what: SQLQueryString = sum.map { "COALESCE(SUM(t.\(unsafeRaw: $0)), 0)" } ?? "COUNT(*)"
            struct N: Decodable { var n: Int64 }
            return try await db.sql.raw("\(prefix)SELECT CAST(\(what) AS BIGINT) AS n FROM \(unsafeRaw: type.table) t WHERE \(parts.joined(separator: " AND "))")
                .first(decoding: N.self)?.n ?? 0
        }
        let owner = "issuer=\(unit.uuidString)"
        let made = try await count(docs, ["t.published_on >= \(bind: start)", "t.published_on <= \(bind: end)"])
        let repealed = try await count(docs, ["t.state = \(bind: NormativeDocument.State.repealed.rawValue)", "t.ended_on >= \(bind: start)", "t.ended_on <= \(bind: end)"])
        let inForce = try await count(docs, ["t.published_on <= \(bind: end)", "(t.ended_on IS NULL OR t.ended_on > \(bind: end))",
                                             "(t.expires_on IS NULL OR t.expires_on > \(bind: end))"])
        let docsList = "/records/\(docs.slug)?\(owner)"
        let first = Table(heading: "第二十条第（一）项", columns: ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], rows: [
            Row(label: "规章", level: 0, cells: [cell(0, nil), cell(0, nil), cell(0, nil)]),
            Row(label: "行政规范性文件", level: 0, cells: [
                cell(made, "\(docsList)&published_on.from=\(start)&published_on.to=\(end)"),
                cell(repealed, "\(docsList)&state=repealed&ended_on.from=\(start)&ended_on.to=\(end)"),
                cell(inForce, "\(docsList)&published_on.to=\(end)&ended_on.notBy=\(end)&expires_on.notBy=\(end)"),
            ]),
        ])
        func published(_ category: ProactiveCategory) async throws -> Cell {
            let n = try await count(items, ["t.category = \(bind: category.rawValue)", "t.published_on >= \(bind: start)", "t.published_on <= \(bind: end)"])
            return cell(n, "/records/\(items.slug)?unit=\(unit.uuidString)&category=\(category.rawValue)&published_on.from=\(start)&published_on.to=\(end)")
        }
        let fees = try await count(items, ["t.category = \(bind: ProactiveCategory.fees.rawValue)", "t.published_on >= \(bind: start)",
                                           "t.published_on <= \(bind: end)"], sum: ProactiveDisclosure.Key.amount.rawValue)
        let feesHref = "/records/\(items.slug)?unit=\(unit.uuidString)&category=fees&published_on.from=\(start)&published_on.to=\(end)"
        // Fees are kept in fen; the table states 万元 (1,000,000 fen) with two decimals.
        let hundredthsOfWan = (fees + 5_000) / 10_000
        return [
            first,
            Table(heading: "第二十条第（五）项", columns: ["信息内容", "本年处理决定数量"], rows: [Row(label: "行政许可", level: 0, cells: [try await published(.licensing)])]),
            Table(heading: "第二十条第（六）项", columns: ["信息内容", "本年处理决定数量"], rows: [
                Row(label: "行政处罚", level: 0, cells: [try await published(.penalty)]), Row(label: "行政强制", level: 0, cells: [try await published(.compulsion)]),
            ]),
            Table(heading: "第二十条第（八）项", columns: ["信息内容", "本年收费金额（单位：万元）"], rows: [
                Row(label: "行政事业性收费", level: 0, cells: [Cell(value: fees, text: FieldInput.hundredths(hundredthsOfWan), href: feesHref)]),
            ]),
        ]
    }

    /// Table 四: the year's reconsiderations and suits about disclosure, by result. Suits are the
    /// litigation cases on disclosure served in the year, direct or after reconsideration, by where
    /// they stood at the year's end. The platform has no reconsideration register yet: its five
    /// columns are zero, which the page says.
    static func reviewTable(from: LocalDate, to: LocalDate, unit: UUID, scope: DataScope, on db: any Database) async throws -> Table {
        let type = LitigationCase.declaration.type
        typealias K = LitigationCase.Key
        let start = from.description, end = to.description
        var parts: [SQLQueryString] = [
            "t.\(unsafeRaw: K.cause.rawValue) = \(bind: LitigationCause.disclosure.rawValue)",
            "t.\(unsafeRaw: K.servedOn.rawValue) >= \(bind: start)", "t.\(unsafeRaw: K.servedOn.rawValue) <= \(bind: end)",
            visible(type, scope, on: db),
        ]
        let prefix = FigureStore.below(unit, type: type, into: &parts)
        struct Suit: Decodable { var reconsidered: String?; var outcome: String?; var concluded: String? }
        let rows = try await db.sql.raw("""
            \(prefix)SELECT t.reconsidered AS reconsidered, t.outcome AS outcome, t.concluded_on AS concluded FROM \(unsafeRaw: type.table) t
            WHERE \(parts.joined(separator: " AND "))
            """).all(decoding: Suit.self)
        // 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 for direct suits and for suits after reconsideration.
        var suits = Array(repeating: Int64(0), count: 10)
        for r in rows {
            let offset = r.reconsidered == YesNo.yes.rawValue ? 5 : 0
            let outcome = r.outcome.flatMap(LitigationOutcome.init(rawValue:))
            let column: Int
            if let outcome, let concluded = r.concluded, concluded <= end {
                column = outcome.isLoss ? 1 : ([.claimRejected, .suitDismissed].contains(outcome) ? 0 : 2)
            } else {
                column = 3
            }
            suits[offset + column] += 1
            suits[offset + 4] += 1
        }
        let base = "/records/\(type.slug)?defendant=\(unit.uuidString)&cause=disclosure&served_on.from=\(start)&served_on.to=\(end)"
        let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        let cells = (0..<5).map { _ in cell(0, nil) } + suits.enumerated().map { i, n in
            cell(n, base + "&reconsidered=" + (i < 5 ? YesNo.no.rawValue : YesNo.yes.rawValue))
        }
        return Table(heading: "行政复议（1–5 列）；行政诉讼：未经复议直接起诉（6–10 列）、复议后起诉（11–15 列）",
                     columns: [""] + results.map { "行政复议 \($0)" } + results.map { "未经复议直接起诉 \($0)" } + results.map { "复议后起诉 \($0)" },
                     rows: [Row(label: "件数", level: 0, cells: cells)])
    }
}
