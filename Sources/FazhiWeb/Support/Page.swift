import FazhiCore
import Vapor

/// Everything the layout needs, plus the page's own data under `data`.
struct PageContext<Data: Encodable>: Encodable {
    struct NavItem: Encodable { let label: String; let href: String; let active: Bool }
    struct NavGroup: Encodable { let label: String; let items: [NavItem] }
    struct Crumb: Encodable { let label: String; let href: String? }
    struct Viewer: Encodable { let displayName: String; let username: String }

    let title: String
    let csrf: String
    let viewer: Viewer?
    let nav: [NavGroup]
    let breadcrumbs: [Crumb]
    let notice: String?
    /// The progress of a demo being made behind the platform.
    let building: String?
    let data: Data
}

enum Page {
    typealias NavGroup = (group: String, items: [(label: String, href: String, access: Access)])

    /// The navigation by module; a person sees only what their permissions open.
    static let navigation: [NavGroup] = [
        ("工作台", [("首页", "/", .signedIn), ("我的待办", "/todo", .signedIn), ("站内信", "/inbox", .signedIn)]),
    ] + moduleNavigation + [
        ("指标与报告", [("驾驶舱", "/dashboard", .permission(.reportRead)), ("年度报告", "/reports", .permission(.reportRead))]
            + modulePages(.reports) + [("指标目录", "/figures", .permission(.reportRead))]),
        ("组织与人员", [("单位", "/units", .permission(.unitRead)), ("用户", "/users", .permission(.userRead)),
                     ("角色与授权", "/roles", .permission(.roleRead))]),
        ("安全审计", [("审计日志", "/audit", .permission(.auditRead))]),
        ("系统设置", [("工作日历", "/settings/calendar", .permission(.calendarManage)), ("法定期限", "/settings/rules", .signedIn),
                     ("本区期限", "/settings/rules/local", .permission(.settingsManage))]
            + modulePages(.settings) + [("统一编号规则", "/settings/numbering", .permission(.settingsManage))]),
        ("我的账户", [("API 令牌", "/account/tokens", .signedIn), ("修改密码", "/account/password", .signedIn)]),
    ]

    /// One group per module with registers or pages of its own: its registers, then its pages,
    /// in the order of `Modules.all`.
    static var moduleNavigation: [NavGroup] {
        Modules.all.compactMap { module in
            let items = module.registers.map { (label: $0.label, href: "/records/\($0.slug)", access: Access.permission($0.readPermission)) }
                + module.pages.filter { $0.place == .module }.map { (label: $0.label, href: $0.path, access: Access.permission($0.permission)) }
            return items.isEmpty ? nil : (module.name, items)
        }
    }

    /// The modules' own pages that the navigation lists under one of the platform's groups.
    static func modulePages(_ place: ModulePage.Place) -> [(label: String, href: String, access: Access)] {
        Modules.all.flatMap(\.pages).filter { $0.place == place }.map { (label: $0.label, href: $0.path, access: .permission($0.permission)) }
    }

    /// The public portal's navigation: its home, then every module's portal entries.
    static let portalNavigation: [NavGroup] = [
        ("政务公开", [("首页", "/portal", .publicAccess)] + Modules.all.flatMap(\.portalEntries).map { (label: $0.label, href: $0.path, access: .publicAccess) }),
    ]

    /// `postsForms: false` for a public page whose forms all use GET (the portal's search and
    /// lists): a visitor without a session then gets no CSRF token made for them, which was 3% of
    /// the portal search's time under load. A signed-in person's token is their session's.
    static func render<D: Encodable>(
        _ template: String, title: String, req: Request, context: D,
        breadcrumbs: [(String, String?)] = [], notice: String? = nil, postsForms: Bool = true
    ) async throws -> View {
        let principal = req.principal
        let path = req.url.path
        // Signed in: what the person's permissions open. On the portal without a session: the portal's own.
        let groups = principal != nil ? navigation : path == "/portal" || path.hasPrefix("/portal/") ? portalNavigation : []
        let nav: [PageContext<D>.NavGroup] = groups.compactMap { group in
            let items = group.items.filter { item in
                switch item.access {
                case .publicAccess: return true
                case .signedIn: return principal != nil
                case .permission(let p): return principal?.has(p) ?? false
                case .anyOf(let ps): return ps.contains { principal?.has($0) ?? false }
                }
            }.map { PageContext<D>.NavItem(label: $0.label, href: $0.href, active: ["/", "/portal"].contains($0.href) ? path == $0.href : path.hasPrefix($0.href)) }
            return items.isEmpty ? nil : PageContext<D>.NavGroup(label: group.group, items: items)
        }
        let crumbs = ([("首页", "/")] + breadcrumbs).map { PageContext<D>.Crumb(label: $0.0, href: $0.1) }
        let ctx = PageContext(
            title: title, csrf: principal != nil || postsForms ? req.csrfToken ?? "" : "",
            viewer: principal.map { .init(displayName: $0.displayName, username: $0.username) },
            nav: nav, breadcrumbs: principal == nil ? [] : crumbs,
            notice: notice ?? QueryParams(req).string("notice").flatMap(Notices.text),
            building: req.application.fazhi.demoProgress.withLockedValue { $0 }?.banner,
            data: context)
        return try await req.view.render(template, ctx)
    }
}

/// Short confirmations carried across a redirect by a code, so no free text comes from the URL.
enum Notices {
    static let all: [String: String] = [
        "saved": "已保存", "created": "已创建", "deleted": "已删除", "password_changed": "密码已修改",
        "signed_out": "您已安全退出", "expired": "您长时间未操作，已自动退出，请重新登录", "revoked": "令牌已吊销", "imported": "已导入", "reset": "密码已重置，用户下次登录须修改密码",
    ]
    static func text(_ code: String) -> String? { all[code] }
}
