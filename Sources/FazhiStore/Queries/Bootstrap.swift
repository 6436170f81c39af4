import FazhiCore
import Fluent
import Foundation

/// First start: built-in roles, the three security-duty accounts (三员分立), and in demo mode the
/// demo district's organisation with one account per typical role. Passwords are random, returned
/// once for printing, and must be changed at first sign-in.
public enum Bootstrap {
    public struct Credential: Sendable {
        public let username: String
        public let password: String
        public let role: String
        public let unit: String
    }

    public static func isInitialised(on db: any Database) async throws -> Bool {
        try await User.query(on: db).count() > 0
    }

    public static func run(on db: any Database, demo: Bool, hash: @escaping @Sendable (String) throws -> String) async throws -> [Credential] {
        guard try await !isInitialised(on: db) else { return [] }
        let actor = AuditActor.system("初始化")
        var roles: [String: UUID] = [:]
        for r in BuiltInRole.all {
            let role = try await OrganisationStore.createRole(
                RoleInput(code: r.code, name: r.name, scope: r.scope, permissions: r.permissions), builtIn: true, actor: actor, on: db)
            roles[r.code] = role.id!
        }
        var units: [String: OrgUnit]
        if demo {
            units = try await addDemoDistrict(DemoOrganisation.district, hash: hash, on: db)
        } else {
            let d = DemoOrganisation.district
            let unit = try await OrganisationStore.createUnit(UnitInput(code: d.code, name: d.name, kind: .district, parentID: nil, sortOrder: 0),
                                                              actor: actor, on: db)
            units = [d.code: unit]
        }
        let district = units[DemoOrganisation.district.code]!

        var accounts: [(String, String, String, BuiltInRole)] = [
            ("admin", "系统管理员", DemoOrganisation.district.code, .systemAdmin),
            ("secadmin", "安全保密管理员", DemoOrganisation.district.code, .securityAdmin),
            ("auditor", "安全审计员", DemoOrganisation.district.code, .auditAdmin),
        ]
        if demo {
            accounts += [
                ("office", "王依法", "371502-D01", .districtOffice),
                ("market", "李市监", "371502-D03", .departmentClerk),
                ("xinqu", "张司法", "371502-T03", .townClerk),
                ("xinquhead", "刘主任", "371502-T03", .unitHead),
                ("reviewer", "赵审查", "371502-T09-01", .reviewer),
            ]
        }
        var credentials: [Credential] = []
        for (username, name, unitCode, role) in accounts {
            let unit = units[unitCode] ?? district
            let password = PasswordPolicy.generate()
            _ = try await OrganisationStore.createUser(
                UserInput(username: username, displayName: name, phone: nil, unitIDs: [unit.id!]),
                passwordHash: try hash(password), roleIDs: [roles[role.code]!], actor: actor, on: db)
            credentials.append(Credential(username: username, password: password, role: role.name, unit: unit.name))
        }
        return credentials
    }

    /// A demo district: its units not there yet and, when it has none, its town legality reviewers
    /// (the seed's 142 合法性审查人员, about ten per town). Their password is random and not printed:
    /// an administrator resets it to hand an account over. Returns every unit by code.
    @discardableResult
    public static func addDemoDistrict(_ district: DemoOrganisation.Node, hash: @escaping @Sendable (String) throws -> String,
                                       on db: any Database) async throws -> [String: OrgUnit] {
        let actor = AuditActor.system("演示数据")
        var units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.code, $0) })
        func add(_ node: DemoOrganisation.Node, parent: UUID?, order: Int) async throws {
            let unit: OrgUnit
            if let existing = units[node.code] {
                unit = existing
            } else {
                unit = try await OrganisationStore.createUnit(
                    UnitInput(code: node.code, name: node.name, kind: node.kind, parentID: parent, sortOrder: order), actor: actor, on: db)
                units[node.code] = unit
            }
            for (i, child) in node.children.enumerated() { try await add(child, parent: unit.id, order: i) }
        }
        let roots = try await OrgUnit.query(on: db).filter(\.$parent.$id == nil).count()
        try await add(district, parent: nil, order: units[district.code] == nil ? roots : 0)

        let prefix = district.code == DemoOrganisation.district.code ? "shencha" : "shencha\(district.code)-"
        guard try await User.query(on: db).filter(\.$username == prefix + "001").first() == nil,
              let reviewer = try await Role.query(on: db).filter(\.$code == BuiltInRole.reviewer.code).first() else { return units }
        let shared = try hash(PasswordPolicy.generate())
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
        for n in 0..<DemoOrganisation.townReviewers {
            guard let unit = units[String(format: "\(district.code)-T%02d", n % 14 + 1)] else { continue }
            _ = try await OrganisationStore.createUser(
                UserInput(username: prefix + String(format: "%03d", n + 1), displayName: "\(surnames[n % surnames.count])审查\(n / 14 + 1)",
                          phone: nil, unitIDs: [unit.id!]),
                passwordHash: shared, roleIDs: [reviewer.id!], actor: actor, on: db)
        }
        return units
    }
}
