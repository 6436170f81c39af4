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
        slug: "study-activities", table: "rec_study_activities", label: "学法与研究法治工作",
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

extension Permission {
    public static let leadershipRead = Permission("leadership.read", "查看党的领导与学法记录", .business)
    public static let leadershipManage = Permission("leadership.manage", "登记党的领导与学法记录", .business)
}

extension Module {
    /// 党的领导 (seed 一.一).
    public static let leadership = Module(
        code: "leadership", name: "党的领导", registers: [StudyActivity.declaration.type],
        permissions: [.leadershipRead, .leadershipManage],
        grants: [.districtOffice: [.leadershipRead, .leadershipManage], .departmentClerk: [.leadershipRead, .leadershipManage],
                 .townClerk: [.leadershipRead, .leadershipManage], .unitHead: [.leadershipRead]],
        figures: StudyActivity.figures,
        report: ["work.1": [
            "{year}年，区委常委会、区政府常务会议先后{leadership.meeting_studies}次研究法治工作，开展区委理论中心组会前学法{leadership.pre_meeting_studies.theory_group}次、区政府常务会会前学法{leadership.pre_meeting_studies.government}次，举办习近平法治思想专题讲座{leadership.lectures}次、专题研讨班{leadership.seminars}期。",
            "推动区委法治委及其办公室、各协调小组召开会议{leadership.committee_meetings}次，研究部署法治领域重点工作并推动落实。",
        ]])
}
