/// Every permission a route or action can require. A route names exactly one (or is public);
/// roles hold sets of them.
public enum Permission: String, CaseIterable, Codable, Sendable, Hashable {
    case unitRead = "unit.read"
    case unitManage = "unit.manage"
    case userRead = "user.read"
    case userManage = "user.manage"
    case roleRead = "role.read"
    case roleManage = "role.manage"
    case auditRead = "audit.read"
    case auditExport = "audit.export"
    case calendarManage = "calendar.manage"
    case personalDataView = "personal.view"
    case opsMetrics = "ops.metrics"
    case leadershipRead = "leadership.read"
    case leadershipManage = "leadership.manage"
    case inspectionRead = "inspection.read"
    case inspectionManage = "inspection.manage"
    case rectificationReport = "rectification.report"
    case reportRead = "report.read"
    case licenceRead = "licence.read"
    case licenceManage = "licence.manage"
    case reportManage = "report.manage"
    case reminderManage = "reminder.manage"
    case lawmakingRead = "lawmaking.read"
    case lawmakingManage = "lawmaking.manage"
    case reviewRead = "review.read"
    case reviewManage = "review.manage"
    case reviewPerform = "review.perform"
    case dutyAccountManage = "account.duty.manage"
    case settingsManage = "settings.manage"

    public var label: String {
        switch self {
        case .unitRead: return "查看单位"
        case .unitManage: return "管理单位"
        case .userRead: return "查看用户"
        case .userManage: return "管理用户"
        case .roleRead: return "查看角色"
        case .roleManage: return "管理角色与授权"
        case .auditRead: return "查看审计日志"
        case .auditExport: return "导出审计日志"
        case .calendarManage: return "管理工作日历"
        case .personalDataView: return "查看完整个人信息"
        case .opsMetrics: return "读取运行指标"
        case .leadershipRead: return "查看党的领导与学法记录"
        case .leadershipManage: return "登记党的领导与学法记录"
        case .inspectionRead: return "查看法治督察与整改"
        case .inspectionManage: return "组织法治督察、整改验收销号"
        case .rectificationReport: return "办理本单位整改"
        case .reportRead: return "查看指标与年度报告"
        case .licenceRead: return "查看市场主体与证照"
        case .licenceManage: return "登记市场主体与证照"
        case .reportManage: return "编写年度报告文字"
        case .reminderManage: return "管理到期提醒与发送"
        case .lawmakingRead: return "查看规范性文件与重大行政决策"
        case .lawmakingManage: return "办理规范性文件与重大行政决策"
        case .reviewRead: return "查看合法性审查与法律顾问"
        case .reviewManage: return "提请合法性审查、登记法律顾问"
        case .reviewPerform: return "出具合法性审查意见"
        case .dutyAccountManage: return "管理三员账号（系统管理员、安全审计员）"
        case .settingsManage: return "管理本区县业务设置（统一编号规则、提醒计划）"
        }
    }

    /// What kind of permission this is. Every permission must say so: the switch has no
    /// default, so a new permission without its kind does not compile, and none becomes
    /// grantable to a security duty by accident.
    public var kind: PermissionKind {
        switch self {
        case .unitRead, .userRead, .roleRead: return .shared
        case .unitManage, .userManage, .calendarManage, .opsMetrics: return .duty(.system)
        case .roleManage, .dutyAccountManage: return .duty(.security)
        case .auditRead, .auditExport: return .duty(.audit)
        case .personalDataView, .leadershipRead, .leadershipManage, .inspectionRead, .inspectionManage, .rectificationReport, .reportRead,
             .reportManage, .licenceRead, .licenceManage, .reminderManage, .lawmakingRead, .lawmakingManage, .reviewRead, .reviewManage,
             .reviewPerform, .settingsManage:
            return .business
        }
    }

    /// Permissions over the registers' business data.
    public var isBusiness: Bool { kind == .business }

    /// The security duty a permission belongs to (三员分立), or nil for shared and business ones.
    public var duty: SecurityDuty? {
        if case .duty(let d) = kind { return d }
        return nil
    }
}

/// Whose a permission is.
public enum PermissionKind: Sendable, Equatable {
    /// Reading the organisation (units, people, roles): anyone may hold it.
    case shared
    /// Work on the registers and what is made from them: never a security duty's.
    case business
    /// One of the three separated security duties' own.
    case duty(SecurityDuty)
}

/// The three separated security duties (三员分立). One role, and one person, holds at most one.
public enum SecurityDuty: String, CaseIterable, Codable, Sendable {
    case system, security, audit

    public var label: String {
        switch self {
        case .system: return "系统管理员"
        case .security: return "安全保密管理员"
        case .audit: return "安全审计员"
        }
    }

    /// Permissions a holder of this duty must never have, whatever else their roles say: every
    /// business permission and every other duty's.
    public var forbidden: Set<Permission> {
        Set(Permission.allCases.filter { $0.kind != .shared && $0.kind != .duty(self) })
    }
}

/// Who may change whose account (password, details, active, lock) under 三员分立: the system
/// administrator keeps the accounts without a duty; the security administrator
/// (`dutyAccountManage`, a security permission) keeps the accounts of every duty, its own
/// included. So no duty can take over another's account and act as it.
public enum AccountStewardship {
    /// Whether a person with `permissions` may change an account whose holder has `duty` (nil: none).
    public static func mayChange(account duty: SecurityDuty?, actor permissions: Set<Permission>) -> Bool {
        permissions.contains(duty == nil ? .userManage : .dutyAccountManage)
    }

    /// Why a change to such an account is refused.
    public static func refusal(account duty: SecurityDuty?) -> CoreError {
        .forbidden(duty.map { "三员分立：承担\($0.label)职责的账号只能由\(SecurityDuty.security.label)管理" } ?? "三员分立：普通账号由系统管理员管理")
    }
}

public enum SeparationOfDuties {
    /// Checks that a set of permissions (one role's, or the union of one person's roles) does not
    /// mix security duties and gives no duty a permission it must not have.
    public static func check(_ permissions: Set<Permission>) throws(CoreError) {
        let duties = Set(permissions.compactMap(\.duty))
        if duties.count > 1 {
            let names = duties.map(\.label).sorted().joined(separator: "、")
            throw CoreError.invalid(field: "permissions", "三员分立：同一角色或用户不能同时承担\(names)的职责")
        }
        if let duty = duties.first {
            let clash = permissions.intersection(duty.forbidden)
            if !clash.isEmpty {
                let names = clash.map(\.label).sorted().joined(separator: "、")
                throw CoreError.invalid(field: "permissions", "三员分立：\(duty.label)不能拥有「\(names)」权限")
            }
        }
    }
}
