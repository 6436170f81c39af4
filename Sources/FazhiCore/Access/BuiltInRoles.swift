/// The roles every installation starts with. Administrators may add more; these cannot be deleted.
/// A role holds its platform permissions, named here, and what each module grants it
/// (`Module.grants`).
public struct BuiltInRole: Sendable {
    public enum Key: String, CaseIterable, Sendable {
        case systemAdmin = "system_admin", securityAdmin = "security_admin", auditAdmin = "audit_admin"
        case districtOffice = "district_office", departmentClerk = "department_clerk", townClerk = "town_clerk"
        case unitHead = "unit_head", reviewer
    }

    public let key: Key
    public let name: String
    public let duty: SecurityDuty?
    public let scope: DataScopeKind
    /// The platform's permissions and every module's grants to this role.
    public let permissions: Set<Permission>

    public var code: String { key.rawValue }

    init(_ key: Key, name: String, duty: SecurityDuty?, scope: DataScopeKind, platform: Set<Permission>) {
        self.key = key; self.name = name; self.duty = duty; self.scope = scope
        permissions = platform.union(Modules.all.flatMap { $0.grants[key] ?? [] })
    }

    public static let systemAdmin = BuiltInRole(
        .systemAdmin, name: "系统管理员", duty: .system, scope: .all,
        platform: [.unitRead, .unitManage, .userRead, .userManage, .roleRead, .calendarManage, .opsMetrics])
    public static let securityAdmin = BuiltInRole(
        .securityAdmin, name: "安全保密管理员", duty: .security, scope: .all,
        platform: [.unitRead, .userRead, .roleRead, .roleManage, .dutyAccountManage])
    public static let auditAdmin = BuiltInRole(
        .auditAdmin, name: "安全审计员", duty: .audit, scope: .all, platform: [.auditRead, .auditExport])
    public static let districtOffice = BuiltInRole(
        .districtOffice, name: "区委依法治区办", duty: nil, scope: .district,
        platform: [.unitRead, .userRead, .personalDataView, .reportRead, .reportManage, .settingsManage])
    public static let departmentClerk = BuiltInRole(
        .departmentClerk, name: "部门工作人员", duty: nil, scope: .ownUnit, platform: [.unitRead, .userRead, .reportRead])
    public static let townClerk = BuiltInRole(
        .townClerk, name: "镇街司法所工作人员", duty: nil, scope: .unitAndBelow, platform: [.unitRead, .userRead, .reportRead])
    /// 单位负责人: receives the escalation when something of the unit's is overdue.
    public static let unitHead = BuiltInRole(
        .unitHead, name: "单位负责人", duty: nil, scope: .unitAndBelow, platform: [.unitRead, .userRead, .reportRead])
    public static let reviewer = BuiltInRole(.reviewer, name: "合法性审查人员", duty: nil, scope: .unitAndBelow, platform: [.unitRead])

    public static let all: [BuiltInRole] = [systemAdmin, securityAdmin, auditAdmin, districtOffice, departmentClerk, townClerk, unitHead, reviewer]
}
