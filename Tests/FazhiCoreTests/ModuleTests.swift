import FazhiCore
import Testing

@Suite("Modules: one value each, everything else derived")
struct ModuleTests {
    @Test func codesAndNamesAreUnique() {
        #expect(Set(Modules.all.map(\.code)).count == Modules.all.count)
        #expect(Set(Modules.all.map(\.name)).count == Modules.all.count)
        let permissions = Permission.allCases.map(\.rawValue)
        #expect(Set(permissions).count == permissions.count, "a permission code is declared twice")
        let slugs = Modules.all.flatMap { ($0.registers + $0.ledgers).map(\.slug) }
        #expect(Set(slugs).count == slugs.count, "a register belongs to two modules")
        let tables = Modules.all.flatMap { ($0.registers + $0.ledgers).map(\.table) }
        #expect(Set(tables).count == tables.count)
        let figures = FigureCatalogue.all.map(\.name)
        #expect(Set(figures).count == figures.count)
        // Each portal entry has its own address: a published register's list is not one the
        // portal's own pages (applications, follow-ups, a module's entries) use.
        let portal = Modules.all.flatMap(\.portalEntries).map(\.path)
        #expect(Set(portal).count == portal.count, "two portal entries share an address")
        let own = Set(Modules.all.flatMap(\.portal).map(\.path) + ["/portal/apply", "/portal/follow"])
        for path in Registers.all.compactMap(\.publish?.path) { #expect(!own.contains("/portal/" + path), "/portal/\(path)") }
        let pages = Modules.all.flatMap(\.pages).map(\.path)
        #expect(Set(pages).count == pages.count)
        let commands = Modules.all.flatMap(\.commands)
        #expect(Set(commands).count == commands.count)
    }

    /// Every rate a figure compares with a wider area can have its benchmark entered, under the
    /// rate's own label, and is a rate.
    @Test func everyComparedRateCanBeBenchmarked() throws {
        guard case .enumeration(let offered)? = Benchmark.declaration.type.field("figure")?.kind else { throw CoreError.state("对标数据的指标不是选项") }
        #expect(!offered.isEmpty)
        for figure in FigureCatalogue.all {
            guard case .versus(let name, _) = figure.measure else { continue }
            let rate = try #require(FigureCatalogue.figure(name), "\(figure.name) compares \(name), which is no figure")
            #expect(rate.unit == "%", "\(name) is not a rate")
            #expect(offered.contains(Choice(code: name, label: rate.label)), "no benchmark can be entered for \(name)")
        }
    }

    /// A module names the statutory rules it applies, each rule has one module, and every rule
    /// a register's deadline runs under is its own module's.
    @Test func modulesOwnTheirRules() {
        let owned = Modules.all.flatMap(\.rules)
        #expect(Set(owned).count == owned.count, "a rule belongs to two modules")
        for id in owned { #expect(!StatutoryRules.versions(id).isEmpty, "\(id) is not a statutory rule") }
        for module in Modules.all {
            for type in module.registers {
                for deadline in type.deadlines {
                    for id in deadline.statutes { #expect(module.rules.contains(id), "\(type.slug) runs under \(id), which \(module.code) does not name") }
                }
            }
        }
    }

    /// A publication shows no personal data and searches only what it shows.
    @Test func publicationsRefuseWhatIsNotPublic() throws {
        enum Key: String, RecordKey { case title, unit, holderID = "holder_id", note, shownOn = "shown_on", order }
        func declaration(fields: [Key], search: [Key]) -> RecordDeclaration<Key, OnFile> {
            RecordDeclaration<Key, OnFile>(
                slug: "publish-test", table: "rec_publish_test", label: "公开测试", read: .auditRead, write: .auditRead,
                fields: [RecordField(.title, "标题", .text, required: true), RecordField(.unit, "单位", .unit, required: true),
                         RecordField(.holderID, "身份证号", .idNumber), RecordField(.note, "内部意见", .longText), RecordField(.shownOn, "公开日期", .date)]
                    + (fields.contains(.order) ? [RecordField(.order, "顺序", .text)] : []),
                owner: .unit, title: .title, initial: .recorded, columns: [.title], search: search, sort: .shownOn,
                publish: .init("tests", "测试", summary: "", from: .shownOn, fields: fields.filter { $0 != .order }, columns: [.title], searchable: true))
        }
        try declaration(fields: [.title, .unit, .shownOn], search: [.title]).type.check()
        #expect(throws: CoreError.self) { try declaration(fields: [.title, .holderID], search: [.title]).type.check() }
        #expect(throws: CoreError.self) { try declaration(fields: [.title, .shownOn], search: [.title, .note]).type.check() }
        // A column PostgreSQL reserves (`order`) is refused before any table is made.
        #expect(throws: CoreError.self) { try declaration(fields: [.title, .order], search: [.title]).type.check() }
    }

    /// A module's registers need its own permissions (or the platform's), and it grants only its own.
    @Test func aModuleKeepsToItsOwn() {
        let platform = Set(Permission.allCases).subtracting(Modules.all.flatMap(\.permissions))
        for module in Modules.all {
            let own = Set(module.permissions).union(platform)
            for type in module.registers {
                #expect(own.contains(type.readPermission) && own.contains(type.writePermission), "\(type.slug)")
                for t in type.transitions { #expect(own.contains(t.permission), "\(type.slug) \(t.action)") }
                #expect(type.module == module.name)
            }
            for (role, granted) in module.grants {
                #expect(Set(granted).isSubset(of: module.permissions), "\(module.code) grants \(role) another module's permission")
            }
            for p in module.permissions { #expect(p.kind == .business, "\(p): a module's permission is business work") }
        }
    }

    /// Derived, not listed: the registers, figures, role grants and report paragraphs are the modules'.
    @Test func theListsAreTheModules() throws {
        #expect(Registers.all.map(\.slug) == Modules.all.flatMap(\.registers).map(\.slug))
        #expect(FigureCatalogue.all.map(\.name) == Modules.all.flatMap(\.figures).map(\.name))
        for role in BuiltInRole.all {
            for module in Modules.all {
                #expect(Set(module.grants[role.key] ?? []).isSubset(of: role.permissions), "\(role.code) lacks \(module.code)'s grant")
            }
        }
        #expect(BuiltInRole.reviewer.permissions == [.unitRead, .lawmakingRead, .reviewRead, .reviewPerform])
        for section in ReportOutline.work {
            #expect(section.templates == Modules.all.flatMap { $0.report[section.key] ?? [] })
            for template in section.templates { try ReportOutline.check(template: template) }
        }
        let keys = Set(ReportOutline.work.map(\.key))
        for module in Modules.all { #expect(Set(module.report.keys).isSubset(of: keys), "\(module.code) writes into an unknown section") }
    }

    @Test func permissionsRoundTripByCode() throws {
        for p in Permission.allCases {
            #expect(Permission(rawValue: p.rawValue) == p)
            #expect(Permission(rawValue: p.rawValue)?.label == p.label)
        }
        #expect(Permission(rawValue: "no.such") == nil)
    }

    /// Every number of the report is a figure: no template types one in (years apart).
    @Test func reportTemplatesTypeNoNumbers() throws {
        let templates = [ReportOutline.opening.template] + ReportOutline.work.flatMap(\.templates)
        for template in templates { #expect(ReportOutline.typedNumbers(template).isEmpty, "\(template)") }
        try ReportOutline.check(template: ReportOutline.opening.template)
        #expect(ReportOutline.typedNumbers("全区14个镇街，{year}年共{review.items}项") == ["14"])
        #expect(ReportOutline.typedNumbers("全区１４个镇街") == ["１４"], "full-width digits too")
        #expect(ReportOutline.typedNumbers("《纲要（2021—2025年）》") == [])
        #expect(throws: CoreError.self) { try ReportOutline.check(template: "全区14个镇街审查事项{review.town_items}项") }
    }
}
