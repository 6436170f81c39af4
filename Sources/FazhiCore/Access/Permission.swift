/// A permission a route or action can require. A route names exactly one (or is public); roles
/// hold sets of them. The platform's own permissions are below; each module declares its own with
/// its registers (`Module.permissions`). A permission cannot be made without its label and its
/// kind, so none becomes grantable to a security duty by accident.
public struct Permission: Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// The stable code kept in `role_permissions` (`licence.read`).
    public let rawValue: String
    public let label: String
    public let kind: PermissionKind

    public init(_ rawValue: String, _ label: String, _ kind: PermissionKind) {
        self.rawValue = rawValue; self.label = label; self.kind = kind
    }

    /// The permission with this code, if the platform or one of its modules declares it.
    public init?(rawValue: String) {
        guard let p = Self.byCode[rawValue] else { return nil }
        self = p
    }

    public static func == (a: Permission, b: Permission) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let p = Permission(rawValue: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown permission \(code)"))
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The platform's permissions, then every module's in the order of `Modules.all`.
    public static let allCases: [Permission] = platform + Modules.all.flatMap(\.permissions)

    private static let byCode: [String: Permission] = Dictionary(allCases.map { ($0.rawValue, $0) }, uniquingKeysWith: { a, _ in a })

    // The platform's own: the organisation, the three security duties, figures and the report, settings.
    public static let unitRead = Permission("unit.read", "查看单位", .shared)
    public static let unitManage = Permission("unit.manage", "管理单位", .duty(.system))
    public static let userRead = Permission("user.read", "查看用户", .shared)
    public static let userManage = Permission("user.manage", "管理用户", .duty(.system))
    public static let roleRead = Permission("role.read", "查看角色", .shared)
    public static let roleManage = Permission("role.manage", "管理角色与授权", .duty(.security))
    public static let auditRead = Permission("audit.read", "查看审计日志", .duty(.audit))
    public static let auditExport = Permission("audit.export", "导出审计日志", .duty(.audit))
    public static let calendarManage = Permission("calendar.manage", "管理工作日历", .duty(.system))
    public static let personalDataView = Permission("personal.view", "查看完整个人信息", .business)
    public static let opsMetrics = Permission("ops.metrics", "读取运行指标", .duty(.system))
    public static let reportRead = Permission("report.read", "查看指标与年度报告", .business)
    public static let reportManage = Permission("report.manage", "编写年度报告文字", .business)
    public static let dutyAccountManage = Permission("account.duty.manage", "管理三员账号（系统管理员、安全审计员）", .duty(.security))
    public static let settingsManage = Permission("settings.manage", "管理本区县业务设置（统一编号规则、提醒计划、本区期限）", .business)

    static let platform: [Permission] = [
        unitRead, unitManage, userRead, userManage, roleRead, roleManage, auditRead, auditExport, calendarManage, personalDataView,
        opsMetrics, reportRead, reportManage, dutyAccountManage, settingsManage,
    ]

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
