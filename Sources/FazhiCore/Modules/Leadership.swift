/// 党的领导 (seed 一.一): meetings that studied rule-of-law work, law study before meetings,
/// lectures, seminars and the rule-of-law committee's meetings — one register, by kind.
public enum StudyActivity {
    public enum Key: String, RecordKey {
        case kind, title, heldOn = "held_on", organiser, body, speaker, venue, attendees, summary, files
    }

    public enum Kind: String, RecordChoice {
        case meetingStudy = "meeting_study", preMeetingStudy = "pre_meeting_study", lecture, seminar, committeeMeeting = "committee_meeting"
        public var label: String {
            switch self {
            case .meetingStudy: return "常委会/常务会议研究法治工作"
            case .preMeetingStudy: return "会前学法"
            case .lecture: return "专题讲座"
            case .seminar: return "专题研讨班"
            case .committeeMeeting: return "法治委及协调小组会议"
            }
        }
    }

    public enum Body: String, RecordChoice {
        case partyStanding = "party_standing", governmentExecutive = "government_executive", theoryGroup = "theory_group"
        case lawCommittee = "law_committee", coordinationGroup = "coordination_group", other
        public var label: String {
            switch self {
            case .partyStanding: return "区委常委会"
            case .governmentExecutive: return "区政府常务会议"
            case .theoryGroup: return "区委理论学习中心组"
            case .lawCommittee: return "区委全面依法治区委员会"
            case .coordinationGroup: return "法治委协调小组"
            case .other: return "其他"
            }
        }
    }

    public static let declaration = RecordDeclaration<Key, OnFile>(
        slug: "study-activities", table: "rec_study_activities", label: "学法与研究法治工作", module: "党的领导",
        read: .leadershipRead, write: .leadershipManage,
        fields: [
            RecordField(.kind, "类别", .choices(Kind.self), required: true),
            RecordField(.title, "主题", .text, required: true),
            RecordField(.heldOn, "日期", .date, required: true),
            RecordField(.organiser, "组织单位", .unit, required: true),
            RecordField(.body, "会议或学习主体", .choices(Body.self)),
            RecordField(.speaker, "主讲人", .text(maxLength: 50)),
            RecordField(.venue, "地点", .text(maxLength: 100)),
            RecordField(.attendees, "参加人数", .count),
            RecordField(.summary, "内容摘要", .longText),
            RecordField(.files, "材料", .attachments),
        ],
        owner: .organiser, title: .title, naturalKey: [.kind, .heldOn, .title], initial: .recorded,
        columns: [.heldOn, .kind, .title, .body, .organiser, .attendees], filters: [.kind, .body, .heldOn, .organiser],
        search: [.title, .speaker, .summary], sort: .heldOn)
}

extension StudyActivity {
    static func of(_ kind: Kind, body: [Body] = []) -> Figure.Selection {
        var matching = ["kind": [kind.rawValue]]
        if !body.isEmpty { matching["body"] = body.map(\.rawValue) }
        return Figure.Selection(declaration.type.slug, by: Key.heldOn.rawValue, matching: matching)
    }

    public static let figures: [Figure] = [
        Figure("leadership.meeting_studies", "区委常委会、区政府常务会议研究法治工作次数", unit: "次",
               definition: "类别为「常委会/常务会议研究法治工作」的记录数，按会议日期计", .count(of(.meetingStudy))),
        Figure("leadership.pre_meeting_studies.theory_group", "区委理论学习中心组会前学法次数", unit: "次",
               definition: "类别为「会前学法」且主体为区委理论学习中心组的记录数", .count(of(.preMeetingStudy, body: [.theoryGroup]))),
        Figure("leadership.pre_meeting_studies.government", "区政府常务会会前学法次数", unit: "次",
               definition: "类别为「会前学法」且主体为区政府常务会议的记录数", .count(of(.preMeetingStudy, body: [.governmentExecutive]))),
        Figure("leadership.lectures", "习近平法治思想专题讲座次数", unit: "次",
               definition: "类别为「专题讲座」的记录数", .count(of(.lecture))),
        Figure("leadership.seminars", "习近平法治思想专题研讨班期数", unit: "期",
               definition: "类别为「专题研讨班」的记录数", .count(of(.seminar))),
        Figure("leadership.committee_meetings", "区委法治委及其办公室、各协调小组会议次数", unit: "次",
               definition: "类别为「法治委及协调小组会议」的记录数", .count(of(.committeeMeeting))),
    ]
}
