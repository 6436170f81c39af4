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
