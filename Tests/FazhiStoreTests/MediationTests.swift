import FazhiCore
@testable import FazhiStore
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

@Suite("People's mediation")
struct MediationTests {
    let type = Dispute.declaration.type

    /// A written agreement opens the parties' 30 days to apply for judicial confirmation (人民调解法
    /// Art.33): the mediator named on the dispute is reminded ahead of its end with the town's clerk
    /// when they may read it where it is, and past it nothing is late. The year's figures sum the amounts and compare with last year.
    @Test(arguments: TestBackend.available)
    func anAgreementOpensAWindowThatRemindsTheMediatorAndIsNeverOverdue(_ backend: TestBackend) async throws {
        try await withDistrict(backend, demo: true) { d in
            let db = d.db, actor = AuditActor.system("人民调解"), all = Set(Permission.allCases)
            @Sendable func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }
            let town = try await d.unit("371502-T03")
            // The mediator reads disputes in the town and acts on none: only the dispute names them.
            // One of another town, named on the other dispute, hears nothing of a record they cannot open.
            let reader = try #require(try await Role.query(on: db).filter(\.$code == BuiltInRole.unitHead.code).first()?.id)
            func person(_ username: String, in unit: String) async throws -> UUID {
                try await OrganisationStore.createUser(UserInput(username: username, displayName: username, phone: nil, unitIDs: [try await d.unit(unit)]),
                                                       passwordHash: "x", roleIDs: [reader], actor: actor, on: db).id!
            }
            let mediator = try await person("tiaojie", in: "371502-T03"), stranger = try await person("waizhen", in: "371502-T05")
            let clerk = try #require(try await User.query(on: db).filter(\.$username == "xinqu").first()?.id)
            let committee = try await RecordStore.create(MediationCommittee.declaration.type, [
                "name": .text("新区街道人民调解委员会"), "kind": .text(CommitteeKind.town.rawValue), "unit": .uuid(town), "set_up_on": .date(day("2011-03-03")),
            ], actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            func dispute(_ n: Int, received: String, amount: Int64, mediator: UUID) async throws -> RecordRow {
                try await RecordStore.create(type, [
                    "number": .text("（2024）新调字第\(n)号"), "summary": .text("邻里通行纠纷"), "category": .text(DisputeCategory.neighbour.rawValue),
                    "source": .text(DisputeSource.walkIn.rawValue), "parties": .text("张某某与李某某"), "amount": .integer(amount),
                    "committee": .uuid(committee.id), "mediator": .uuid(mediator), "unit": .uuid(town), "received_on": .date(day(received)),
                ], actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
            }
            let first = try await dispute(1, received: "2024-02-26", amount: 1_250_000, mediator: mediator)
            let second = try await dispute(2, received: "2024-02-27", amount: 990_050, mediator: stranger)
            let third = try await dispute(3, received: "2024-02-28", amount: 7_000_00, mediator: mediator)
            // A day's agreements as one move, each with its own values.
            let moved = try await db.write { tx in
                try await RecordStore.transition(type, moves: [
                    (first.id, ["concluded_on": .date(day("2024-03-04")), "agreement": .text(AgreementForm.written.rawValue)]),
                    (second.id, ["concluded_on": .date(day("2024-03-04")), "agreement": .text(AgreementForm.oral.rawValue)]),
                ], action: "agree", permissions: all, today: day("2024-03-04"), actor: actor, scope: .everything, calculator: d.calculator,
                   within: tx, now: d.now)
            }
            let window = try d.calculator.due(from: day("2024-03-04"), .days(30)).due
            #expect(moved.map(\.state) == ["agreed", "agreed"] && moved.allSatisfy { $0.values["confirmation_due_on"] == .date(window) })
            // A move's values are only those it takes, for every record of the batch.
            await #expect(throws: CoreError.self) {
                try await db.write { tx in
                    _ = try await RecordStore.transition(self.type, moves: [(third.id, ["concluded_on": .date(day("2024-03-05")), "amount": .integer(1)])],
                                                         action: "fail", permissions: all, today: day("2024-03-05"), actor: actor, scope: .everything,
                                                         calculator: d.calculator, within: tx, now: d.now)
                }
            }
            _ = try await RecordStore.transition(type, id: third.id, action: "fail", changes: ["concluded_on": .date(day("2024-03-05")),
                                                                                               "failure_reason": .text("双方分歧较大，已告知诉讼途径")],
                                                 permissions: all, today: day("2024-03-05"), actor: actor, scope: .everything, calculator: d.calculator,
                                                 on: db, now: d.now)

            // Three days ahead, the mediator and the town's clerk hear of it.
            _ = try await ReminderPlanner.deadlines(now: window.adding(days: -3).instant(atHour: 10), on: db)
            struct Recipient: Decodable { var user_id: UUID?; var record_id: UUID? }
            func recipients() async throws -> [Recipient] {
                try await db.sql.raw("SELECT user_id, record_id FROM reminders WHERE source = 'deadline' AND register = \(bind: type.slug)")
                    .all(decoding: Recipient.self)
            }
            let ahead = try await recipients()
            #expect(Set(ahead.compactMap(\.user_id)) == [mediator, clerk] && Set(ahead.compactMap(\.record_id)) == [first.id, second.id])
            #expect(ahead.filter { $0.user_id == mediator }.map(\.record_id) == [first.id], "the stranger named on the second hears nothing")
            // Past the end the parties' right is spent, and nobody is late.
            let after = window.adding(days: 5)
            _ = try await ReminderPlanner.deadlines(now: after.instant(atHour: 10), on: db)
            #expect(try await recipients().count == ahead.count, "no overdue notice for a window")
            #expect(try await FigureStore.overdue(type, today: after, on: db) == 0)
            #expect(RecordRules.overdue(type, state: "agreed", values: moved[0].values, today: after).isEmpty)

            // The year: two settled of three concluded, 22,400.50 yuan involved; one fewer than 2023's three.
            for n in 4...6 {
                let earlier = try await RecordStore.create(type, [
                    "number": .text("（2023）新调字第\(n)号"), "summary": .text("家庭赡养纠纷"), "category": .text(DisputeCategory.family.rawValue),
                    "source": .text(DisputeSource.court.rawValue), "parties": .text("王某某与王某"), "committee": .uuid(committee.id), "unit": .uuid(town),
                    "received_on": .date(day("2023-05-08")),
                ], actor: actor, scope: .everything, calculator: d.calculator, on: db, now: d.now)
                _ = try await RecordStore.transition(type, id: earlier.id, action: "agree", changes: ["concluded_on": .date(day("2023-05-10")),
                                                                                                      "agreement": .text(AgreementForm.oral.rawValue)],
                                                     permissions: all, today: day("2023-05-10"), actor: actor, scope: .everything, calculator: d.calculator,
                                                     on: db, now: d.now)
            }
            func value(_ figure: Figure) async throws -> Int64? {
                try await FigureStore.value(figure, from: day("2024-01-01"), to: day("2024-12-31"), on: db).value
            }
            func named(_ name: String) async throws -> Int64? { try await value(try #require(FigureCatalogue.figure(name))) }
            #expect(try await named("mediation.settled") == 2)
            #expect(try await named("mediation.amount") == 2_240_050)
            #expect(try await named("mediation.resolution_rate") == 6_667)
            #expect(try await named("mediation.committees") == 1)
            let change = Figure("t.change", "变化", unit: "%", definition: "", .change(figure: "mediation.settled"))
            #expect(try await value(change) == -3_333, "2 against 3: down 33.33%")
            #expect(FigureWording.change.text(try await value(change), unit: "%") == "下降33.33%")
        }
    }
}
