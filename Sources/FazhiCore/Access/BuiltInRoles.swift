/// The roles every installation starts with. Administrators may add more; these cannot be deleted.
public struct BuiltInRole: Sendable {
    public let code: String
    public let name: String
    public let duty: SecurityDuty?
    public let scope: DataScopeKind
    public let permissions: Set<Permission>

    public static let systemAdmin = BuiltInRole(
        code: "system_admin", name: "系统管理员", duty: .system, scope: .all,
        permissions: [.unitRead, .unitManage, .userRead, .userManage, .roleRead, .calendarManage, .opsMetrics])
    public static let securityAdmin = BuiltInRole(
        code: "security_admin", name: "安全保密管理员", duty: .security, scope: .all,
        permissions: [.unitRead, .userRead, .roleRead, .roleManage, .dutyAccountManage])
    public static let auditAdmin = BuiltInRole(
        code: "audit_admin", name: "安全审计员", duty: .audit, scope: .all,
        permissions: [.auditRead, .auditExport])
    public static let districtOffice = BuiltInRole(
        code: "district_office", name: "区委依法治区办", duty: nil, scope: .district,
        permissions: [.unitRead, .userRead, .personalDataView, .leadershipRead, .leadershipManage,
                      .inspectionRead, .inspectionManage, .rectificationReport, .reportRead, .reportManage, .licenceRead, .licenceManage, .reminderManage,
                      .settingsManage, .lawmakingRead, .lawmakingManage, .reviewRead, .reviewManage, .reviewPerform])
    public static let departmentClerk = BuiltInRole(
        code: "department_clerk", name: "部门工作人员", duty: nil, scope: .ownUnit,
        permissions: [.unitRead, .userRead, .leadershipRead, .leadershipManage, .inspectionRead, .rectificationReport, .reportRead,
                      .licenceRead, .licenceManage, .lawmakingRead, .lawmakingManage, .reviewRead, .reviewManage])
    public static let townClerk = BuiltInRole(
        code: "town_clerk", name: "镇街司法所工作人员", duty: nil, scope: .unitAndBelow,
        permissions: [.unitRead, .userRead, .leadershipRead, .leadershipManage, .inspectionRead, .rectificationReport, .reportRead,
                      .lawmakingRead, .reviewRead, .reviewManage])
    /// 单位负责人: receives the escalation when something of the unit's is overdue.
    public static let unitHead = BuiltInRole(
        code: "unit_head", name: "单位负责人", duty: nil, scope: .unitAndBelow,
        permissions: [.unitRead, .userRead, .leadershipRead, .inspectionRead, .reportRead, .licenceRead, .lawmakingRead, .reviewRead])
    public static let reviewer = BuiltInRole(
        code: "reviewer", name: "合法性审查人员", duty: nil, scope: .unitAndBelow,
        permissions: [.unitRead, .lawmakingRead, .reviewRead, .reviewPerform])

    public static let all: [BuiltInRole] = [systemAdmin, securityAdmin, auditAdmin, districtOffice, departmentClerk, townClerk, unitHead, reviewer]
}
