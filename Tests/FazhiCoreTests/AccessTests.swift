import FazhiCore
import Foundation
import Testing

@Suite("Access rules")
struct AccessTests {
    @Test func passwordPolicy() throws {
        try PasswordPolicy.check("Abcdefgh12")
        try PasswordPolicy.check("abcdefgh1!")
        #expect(throws: CoreError.self) { try PasswordPolicy.check("Abc12!") }
        #expect(throws: CoreError.self) { try PasswordPolicy.check("abcdefghij12") }
        #expect(throws: CoreError.self) { try PasswordPolicy.check("Zhangsan123!", username: "zhangsan") }
        for _ in 0..<50 { try PasswordPolicy.check(PasswordPolicy.generate()) }
    }

    @Test func separationOfDuties() throws {
        for role in BuiltInRole.all { try SeparationOfDuties.check(role.permissions) }
        #expect(throws: CoreError.self) { try SeparationOfDuties.check([.userManage, .auditRead]) }
        #expect(throws: CoreError.self) { try SeparationOfDuties.check([.roleManage, .unitManage]) }
        #expect(throws: CoreError.self) { try SeparationOfDuties.check([.auditRead, .personalDataView]) }
        #expect(throws: CoreError.self) { try SeparationOfDuties.check([.roleManage, .personalDataView]) }
        try SeparationOfDuties.check([.unitRead, .userRead, .personalDataView])
        // No duty holds business: the system administrator cannot manage reminders.
        #expect(throws: CoreError.self) { try SeparationOfDuties.check([.userManage, .reminderManage]) }
        for duty in SecurityDuty.allCases {
            for p in Permission.allCases {
                let allowed = p.kind == .shared || p.kind == .duty(duty)
                #expect(duty.forbidden.contains(p) == !allowed, "\(duty) and \(p)")
                if p.isBusiness { #expect(throws: CoreError.self, "\(duty) with \(p)") { try SeparationOfDuties.check(Set(Permission.allCases.filter { $0.duty == duty }).union([p])) } }
            }
        }
        // Who keeps whose account: the system administrator the accounts without a duty, the
        // security administrator those of every duty; nobody else any.
        let system = BuiltInRole.systemAdmin.permissions, security = BuiltInRole.securityAdmin.permissions
        let audit = BuiltInRole.auditAdmin.permissions, office = BuiltInRole.districtOffice.permissions
        #expect(AccountStewardship.mayChange(account: nil, actor: system))
        #expect(!AccountStewardship.mayChange(account: nil, actor: security))
        for duty in SecurityDuty.allCases {
            #expect(!AccountStewardship.mayChange(account: duty, actor: system), "\(duty)")
            #expect(AccountStewardship.mayChange(account: duty, actor: security), "\(duty)")
            #expect(!AccountStewardship.mayChange(account: duty, actor: audit), "\(duty)")
            #expect(!AccountStewardship.mayChange(account: duty, actor: office), "\(duty)")
        }
    }

    @Test func dataScopesUnion() {
        let district = UUID(), town = UUID(), office = UUID(), village = UUID(), other = UUID(), me = UUID()
        let tree = [UnitNode(id: district, parentID: nil), UnitNode(id: town, parentID: district),
                    UnitNode(id: office, parentID: town), UnitNode(id: village, parentID: town), UnitNode(id: other, parentID: district)]
        let below = DataScope.resolve(userID: me, grants: [(.unitAndBelow, [])], memberOf: [town], tree: tree)
        #expect(below.unitIDs == [town, office, village] && !below.allUnits)
        let own = DataScope.resolve(userID: me, grants: [(.ownUnit, [])], memberOf: [town], tree: tree)
        #expect(own.unitIDs == [town])
        let mine = DataScope.resolve(userID: me, grants: [(.selfOnly, [])], memberOf: [town], tree: tree)
        #expect(mine.unitIDs.isEmpty && !mine.covers(unit: town))
        let union = DataScope.resolve(userID: me, grants: [(.ownUnit, []), (.chosenUnits, [other])], memberOf: [office], tree: tree)
        #expect(union.unitIDs == [office, other])
        let all = DataScope.resolve(userID: me, grants: [(.selfOnly, []), (.all, [])], memberOf: [], tree: tree)
        #expect(all.allUnits && all.covers(unit: UUID()))

        // A district office's scope is its own district: the root of its unit's tree and all below.
        let neighbour = UUID(), neighbourTown = UUID()
        let two = tree + [UnitNode(id: neighbour, parentID: nil), UnitNode(id: neighbourTown, parentID: neighbour)]
        let whole = DataScope.resolve(userID: me, grants: [(.district, [])], memberOf: [other], tree: two)
        #expect(whole.unitIDs == [district, town, office, village, other] && !whole.covers(unit: neighbourTown))
        #expect(DataScope.district(of: village, tree: two) == district && DataScope.district(of: neighbour, tree: two) == neighbour)
    }

    @Test func masking() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.idNumber("371502199001011234") == "3715**********1234")
    }
}

@Suite("Audit chain")
struct AuditChainTests {
    func chain(_ n: Int) -> [AuditChain.Link] {
        var previous = AuditChain.genesis
        return (1...n).map { i in
            let c = AuditContent(seq: Int64(i), occurredAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), actorID: nil,
                                 actorName: "测试", unitID: nil, address: "127.0.0.1", action: .update, entityType: "unit",
                                 entityID: "\(i)", before: "{\"n\":\(i)}", after: nil)
            let h = AuditChain.hash(c, previous: previous)
            defer { previous = h }
            return AuditChain.Link(content: c, previousHash: previous, hash: h)
        }
    }

    @Test func intactChainVerifies() {
        var v = AuditChain.Verifier()
        for link in chain(5) { #expect(v.check(link) == nil) }
        #expect(v.finish(headSeq: 5) == nil)
        #expect(v.finish(headSeq: 6) == .tailMissing(headSeq: 6, lastSeq: 5))
    }

    @Test func tamperingIsFound() {
        var links = chain(5)
        var changed = links[2].content
        changed.after = "{\"n\":999}"
        links[2] = AuditChain.Link(content: changed, previousHash: links[2].previousHash, hash: links[2].hash)
        var v = AuditChain.Verifier()
        let breaks = links.compactMap { v.check($0) }
        #expect(breaks.first == .contentChanged(seq: 3))
    }

    @Test func missingRowIsFound() {
        var links = chain(5)
        links.remove(at: 1)
        var v = AuditChain.Verifier()
        #expect(links.compactMap { v.check($0) }.first == .missing(expectedSeq: 2, found: 3))
    }

    @Test func canonicalFormIsUnambiguous() {
        let a = AuditContent(seq: 1, occurredAt: Date(timeIntervalSince1970: 0), actorID: nil, actorName: "a|b", unitID: nil,
                             address: "", action: .create, entityType: "x", entityID: "", before: nil, after: "")
        var b = a
        b.actorName = "a"; b.address = "b"
        #expect(a.canonical != b.canonical)
        var c = a
        c.after = nil
        #expect(a.canonical != c.canonical, "null and empty differ")
    }
}
