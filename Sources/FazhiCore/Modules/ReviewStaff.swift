/// 合法性审查人员 (seed 一.三: "全区乡镇政府合法性审查人员共142人，全区14个镇街均已建立合法性审查工作组织架构"):
/// the roster of the people each town has appointed to legality review, with when they took up
/// and left the post. The seed's two figures are what stands at the year's end.
public enum ReviewStaff {
    public enum Key: String, RecordKey {
        case name, unit, position, qualified, phone, appointedOn = "appointed_on", leftOn = "left_on", note
    }

    public enum State: String, RecordChoice {
        case serving, left
        public var label: String { self == .serving ? "在岗" : "已离任" }
    }

    public static let declaration = RecordDeclaration<Key, State>(
        slug: "review-staff", table: "rec_review_staff", label: "合法性审查人员",
        read: .reviewRead, write: .reviewManage,
        fields: [
            RecordField(.name, "姓名", .text(maxLength: 50), required: true),
            RecordField(.unit, "所在单位", .unit, required: true),
            RecordField(.position, "职务", .text(maxLength: 50)),
            RecordField(.qualified, "具有法律职业资格", .choices(YesNo.self)),
            RecordField(.phone, "联系电话", .phone, personal: true),
            RecordField(.appointedOn, "任职日期", .date, required: true),
            RecordField(.leftOn, "离任日期", .date),
            RecordField(.note, "备注", .longText),
        ],
        owner: .unit, title: .name, naturalKey: [.name, .unit, .appointedOn], initial: .serving,
        transitions: [
            .init("leave", "离任", from: [.serving], to: .left, permission: .reviewManage, requires: [.leftOn], check: { values, _ in
                guard let left = values.date(.leftOn), let appointed = values.date(.appointedOn) else { return nil }
                return left < appointed ? "离任日期不能早于任职日期" : nil
            }),
        ],
        columns: [.name, .unit, .position, .qualified, .appointedOn, .leftOn], filters: [.unit, .qualified, .appointedOn],
        search: [.name, .position], sort: .appointedOn)

    static var inPost: Figure.Selection {
        Figure.Selection(declaration.type.slug, by: Key.appointedOn.rawValue, until: Key.leftOn.rawValue, ownerKind: "town")
    }

    public static let figures: [Figure] = [
        Figure("review.town_reviewers", "镇街合法性审查人员", unit: "人",
               definition: "期末在岗的镇街合法性审查人员数：任职日期不晚于期末、未离任或离任日期在期末之后", .count(inPost)),
        Figure("review.towns_organised", "建立合法性审查工作组织架构的镇街", unit: "个",
               definition: "期末有在岗合法性审查人员的不同镇街数", .distinctUnits(inPost, field: Key.unit.rawValue, kind: "town")),
    ]
}
