/// How a register is published on the public portal (`publish:` in a declaration): which records
/// are public and from which day, which of their fields the public reads, and the portal pages
/// the register gets from it — a list with full-text search, an Atom feed and a stable address per
/// record, for the whole platform and for each district (`?district=`).
public struct PublishSpec: Sendable {
    /// The portal's path for the register: `/portal/<path>`.
    public let path: String
    /// What the portal calls the register (行政规范性文件).
    public let label: String
    /// What the portal's home page says of it.
    public let summary: String
    /// States in which a record is public; empty for any state.
    public let states: [String]
    /// The date field from which a record is public: set, and come.
    public let from: String
    /// The fields the public reads on a record's page, in order (never personal data).
    public let fields: [String]
    /// The fields of the portal's list, in order.
    public let columns: [String]
    /// Whether the list searches the register's search fields (all of them public).
    public let searchable: Bool
    /// A field whose value heads groups of the list ("2023 年度目录"), newest first, and the heading
    /// with `{}` for the value.
    public let group: (field: String, heading: String)?
    /// The public's word for where a record stands (现行有效, 已废止; 推进中, 已决策), from its state
    /// and values on a day, and the column that shows it.
    public let status: (label: String, text: @Sendable (_ state: String, _ values: RecordValues, _ today: LocalDate) -> String)?

    /// The list's search box explains what it searches.
    public func searchHint(_ type: RecordType) -> String {
        type.searchFields.compactMap { type.field($0)?.label }.joined(separator: "、")
    }

    /// Whether a record in `state` with `values` is public on `today`.
    public func isPublic(state: String, values: RecordValues, today: LocalDate) -> Bool {
        (states.isEmpty || states.contains(state)) && (values[from]?.date.map { $0 <= today } ?? false)
    }

    /// The declaration is sound: public fields exist and are not personal; a searchable list
    /// searches only public fields (a match on a hidden field would reveal it).
    func check(_ type: RecordType) throws(CoreError) {
        func fail(_ m: String) -> CoreError { .invalid(field: type.slug, "登记簿「\(type.label)」的公开声明有误：\(m)") }
        guard path.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }), !path.isEmpty else { throw fail("路径只能含小写字母和连字符") }
        guard type.column(from)?.kind == .date else { throw fail("公开日期字段 \(from) 必须是日期") }
        for s in states where type.state(s) == nil { throw fail("没有状态 \(s)") }
        for name in fields + columns + [group?.field].compactMap({ $0 }) {
            guard let f = type.column(name) else { throw fail("没有字段 \(name)") }
            if f.personal || f.kind == .idNumber || f.kind == .phone || f.kind == .person { throw fail("个人信息字段「\(f.label)」不得公开") }
        }
        for name in columns + [group?.field].compactMap({ $0 }) where !fields.contains(name) { throw fail("列表字段 \(name) 须是公开字段") }
        if searchable {
            guard !type.searchFields.isEmpty else { throw fail("登记簿没有检索字段") }
            for name in type.searchFields where !fields.contains(name) { throw fail("检索字段 \(name) 不是公开字段，公开检索会透露其内容") }
        }
    }
}
