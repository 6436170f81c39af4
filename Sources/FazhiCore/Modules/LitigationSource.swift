/// 诉源治理 (seed 六.一): each town's population and the court's civil intake from it, a year at a
/// time, loaded from the statistics office's and the court's tables with their sources; from them
/// the litigation rate per 10,000 people (万人成讼率) by town, which the district reports to the
/// towns; the court's judicial suggestions (司法建议) with their replies; and the cases the court
/// diverted to mediation before filing, which are the disputes of `Dispute` referred by the court
/// and settled. From them: suggestions issued, cases diverted and settled, civil cases and their
/// change on last year.

/// One town's year: its resident population and the civil cases the court took in from it.
public enum CivilIntake {
    public enum Key: String, RecordKey {
        case unit, period, population, civilCases = "civil_cases", populationSource = "population_source", casesSource = "cases_source", note, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "civil-intake", table: "rec_civil_intake", label: "镇街人口和民事收案",
        read: .disputesRead, write: .litigationSourceManage,
        fields: [
            RecordField(.unit, "镇街", .unit, required: true, help: "只计镇街的行：填在其他单位名下的不计入收案数和万人成讼率"),
            RecordField(.period, "统计截止日期", .date, required: true, help: "按年度统计，填该年年末，如 2023-12-31"),
            RecordField(.population, "常住人口（人）", .count, required: true),
            RecordField(.civilCases, "民事案件收案数（件）", .count, required: true, help: "人民法院一审民事案件收案中，当事人住所地在本镇街的件数"),
            RecordField(.populationSource, "人口数据来源", .text(maxLength: 200), required: true, help: "如：区统计局《2023年国民经济和社会发展统计公报》"),
            RecordField(.casesSource, "收案数据来源", .text(maxLength: 200), required: true, help: "如：区人民法院《2023年各镇街民事案件收案情况》"),
            RecordField(.note, "备注", .longText),
            RecordField(.files, "来源文件", .attachments),
        ],
        owner: .unit, title: .casesSource, naturalKey: [.unit, .period], initial: .recorded,
        columns: [.unit, .period, .population, .civilCases, .casesSource], filters: [.unit, .period],
        search: [.populationSource, .casesSource], sort: .period,
        check: { v in
            if let day = v.date(.period), day.components.month != 12 || day.components.day != 31 {
                return (.period, "按年度统计，统计截止日期应为该年年末，如 2023-12-31")
            }
            if v.integer(.population) == 0 { return (.population, "常住人口应大于 0") }
            return nil
        })
}

/// What a judicial suggestion is about.
public enum SuggestionField: String, RecordChoice {
    case enforcement, governance, regulation, enterprise, other
    public var label: String {
        switch self {
        case .enforcement: "行政执法"
        case .governance: "基层社会治理"
        case .regulation: "行业监管"
        case .enterprise: "企业经营管理"
        case .other: "其他"
        }
    }
}

/// A judicial suggestion the court issued to a body of the district, and the body's reply.
public enum JudicialSuggestion {
    public enum Key: String, RecordKey {
        case number, court, issuedOn = "issued_on", addressee, unit, field, problem, repliedOn = "replied_on", reply, files
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "judicial-suggestions", table: "rec_judicial_suggestions", label: "司法建议",
        read: .disputesRead, write: .litigationSourceManage,
        fields: [
            RecordField(.number, "文号", .text(maxLength: 60), required: true, help: "如：（2023）鲁1502司建7号"),
            RecordField(.court, "制发法院", .text(maxLength: 100), required: true),
            RecordField(.issuedOn, "制发日期", .date, required: true),
            RecordField(.addressee, "被建议单位", .text(maxLength: 100), required: true),
            RecordField(.unit, "对口单位", .unit, required: true, help: "负责督促落实的本区单位"),
            RecordField(.field, "领域", .choices(SuggestionField.self), required: true),
            RecordField(.problem, "建议事项", .text(maxLength: 200), required: true),
            RecordField(.repliedOn, "回复日期", .date),
            RecordField(.reply, "回复及落实情况", .longText),
            RecordField(.files, "司法建议书及回复", .attachments),
        ],
        owner: .unit, title: .number, naturalKey: [.number], initial: .recorded,
        columns: [.number, .issuedOn, .addressee, .field, .problem, .repliedOn], filters: [.field, .unit, .issuedOn, .repliedOn],
        search: [.number, .addressee, .problem], sort: .issuedOn,
        check: { v in
            if let issued = v.date(.issuedOn), let replied = v.date(.repliedOn), replied < issued { return (.repliedOn, "回复日期不能早于制发日期") }
            if v.date(.repliedOn) != nil, v.text(.reply) == nil { return (.reply, "已回复的，请填写回复及落实情况") }
            return nil
        })
}

/// The figures of 诉源治理.
public enum LitigationSource {
    public static let figures: [Figure] = [
        Figure("litigation_source.suggestions", "制发司法建议", unit: "份", definition: "按制发日期计，人民法院向本区单位制发的司法建议数",
               .count(Figure.Selection(JudicialSuggestion.declaration.type.slug, by: JudicialSuggestion.Key.issuedOn.rawValue))),
        Figure("litigation_source.diverted", "诉前分流化解案件", unit: "件", definition: "按调解终结日期计，人民法院诉前委派调解并达成调解协议的纠纷数",
               .count(Figure.Selection(Dispute.declaration.type.slug, by: Dispute.Key.concludedOn.rawValue,
                                       matching: [Dispute.Key.source.rawValue: [DisputeSource.court.rawValue]],
                                       states: [Dispute.State.agreed, .confirming, .confirmed].map(\.rawValue)))),
        Figure("litigation_source.civil_cases", "民事案件收案数", unit: "件", definition: "按统计年度计，各镇街民事案件收案数之和",
               .sum(Figure.Selection(CivilIntake.declaration.type.slug, by: CivilIntake.Key.period.rawValue, ownerKind: "town"),
                    field: CivilIntake.Key.civilCases.rawValue)),
        Figure("litigation_source.civil_cases_change", "民事案件收案数同比变化", unit: "%", definition: "民事案件收案数比上年的增减",
               .change(figure: "litigation_source.civil_cases")),
    ]

    static let report = "持续做好“万人成讼率”通报工作，推动矛盾纠纷源头预防、前端化解，{year}年共制发司法建议{litigation_source.suggestions}份，分流化解案件{litigation_source.diverted|余}件，民事案件收案数量同比{litigation_source.civil_cases_change|增减}。"

    /// The litigation rate per 10,000 people, in hundredths (12.34 cases per 10,000 is 1234),
    /// rounded half up; nil without a population.
    public static func ratePer10k(cases: Int64, population: Int64) -> Int64? {
        guard population > 0 else { return nil }
        return (cases * 10_000 * 100 * 2 + population) / (population * 2)
    }
}

extension Permission {
    public static let litigationSourceManage = Permission("litigation_source.manage", "登记镇街人口和民事收案、司法建议", .business)
}
