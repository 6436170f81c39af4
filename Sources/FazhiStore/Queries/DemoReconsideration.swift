import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 行政复议's demo (seed 六.二). Each town's 司法所 has had its contact point since 2022; 49 small
/// and medium enterprises put up a service point in 2023, a few more in later years. Every year's
/// applications come in online, at the points, in person or by post to the district government;
/// each is worked through the register's moves on its day: some refused or asked to correct (a
/// few then dropped), most accepted within the review, about one in seven deemed accepted by the
/// platform when the review lapsed (`ClockLapses`, as the hourly scheduler does), then the copy,
/// the answer, a few suspended or extended, and an ending. 2023 has the seed's figures: 201 cases
/// accepted against 2022's 140 (增加43.57%, the seed's 「近43.5%」), 62 of those concluded in 2023
/// mediated or settled, 49 service points.
enum DemoReconsideration {
    /// Cases accepted a year; 2022's is such that 2023's change is the seed's.
    static let accepted = (y2022: 140, y2023: 201)
    /// Cases concluded by mediation or settlement in 2023 (seed: 和解调解62件).
    static let settled2023 = 62

    enum Ending { case decided(ReconsiderationDecision), mediated, settled, withdrawn }

    /// One application as it will go: each step's day (nil: not reached by today).
    struct Plan {
        var values: RecordValues
        var received: LocalDate
        var refusedOn: LocalDate?
        var correction: (asked: LocalDate, corrected: LocalDate?, dropped: LocalDate?)?
        var deemed = false
        var accepted: LocalDate?
        var simplified = false
        var copy: (sent: LocalDate, served: LocalDate)?
        var answered: LocalDate?
        var suspension: (from: LocalDate, to: LocalDate)?
        var extended: (noticed: LocalDate, days: Int)?
        var concluded: LocalDate?
        var ending: Ending = .withdrawn
    }

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2049, now: now) { w, district, _ in
            let pointIDs = try await points(place, w)
            var plans: [Plan] = []
            for year in DemoRecords.years(through: w.today) {
                plans += try self.plans(year: year, scale: scale, place: place, district: district, points: pointIDs, w)
            }
            assignEndings(&plans, today: w.today)
            let type = Reconsideration.declaration.type
            for plan in plans.sorted(by: { $0.received < $1.received }) { try await work(plan, type, w) }
        }
    }

    /// The towns' contact points (2022) and the enterprises' service points (49 in 2023, a few a
    /// year after), each point's id with whether it is an enterprise's.
    static func points(_ place: DemoRecords.Place, _ w: DemoRecords.Writer) async throws -> [(id: UUID, enterprise: Bool)] {
        let type = ReconsiderationPoint.declaration.type
        var out: [(id: UUID, enterprise: Bool)] = []
        for t in 1...14 {
            guard let office = place.unit(String(format: "T%02d-01", t)) else { continue }
            let day = LocalDate(year: 2022, month: 3, day: 1 + t)!
            let row = try await w.add(type, ["name": .text("\(place.name)第\(t)镇街行政复议申请基层联络点"), "kind": .text(ReconsiderationPointKind.contact.rawValue),
                                             "unit": .uuid(office), "host": .text("镇街司法所"), "set_up_on": .date(day)], at: day)
            out.append((row.id, false))
        }
        let trades = ["机械制造", "纺织服装", "食品加工", "商贸物流", "建材", "电子科技", "医药"]
        var n = 0
        for year in DemoRecords.years(through: w.today) where year >= 2023 {
            let count = year == 2023 ? 49 : 3 + year % 3
            for i in 0..<count {
                n += 1
                let day = DemoLitigation.weekday(LocalDate(year: year, month: 3, day: 1)!.adding(days: i * 240 / count))
                guard day < w.today, let bureau = place.unit("D01"),
                      let code = IdentityCodes.creditCode("91" + place.code.prefix(6) + "MA" + String(format: "%07d", 500 + n)) else { continue }
                let host = "聊城\(place.name.prefix(3))\(trades[n % trades.count])有限公司（\(n)）"
                let row = try await w.add(type, ["name": .text("\(host)行政复议服务点"), "kind": .text(ReconsiderationPointKind.enterprise.rawValue),
                                                 "unit": .uuid(bureau), "host": .text(host), "host_code": .text(code), "set_up_on": .date(day)], at: day)
                out.append((row.id, true))
            }
        }
        return out
    }

    /// A year's applications: `accepted` of them accepted (all within the year they came), some
    /// refused, some asked to correct of which a few never did.
    static func plans(year: Int, scale: Int, place: DemoRecords.Place, district: UUID, points: [(id: UUID, enterprise: Bool)],
                      _ w: DemoRecords.Writer) throws -> [Plan] {
        let calendar = w.calculator.calendar
        let acceptedCount = DemoRecords.volume(accepted.y2022, accepted.y2023, year: year, today: w.today) * scale
        let refused = acceptedCount * 8 / 100, dropped = max(1, acceptedCount / 50)
        let total = acceptedCount + refused + dropped
        let respondents = ["区市场监督管理局", "区自然资源局", "区人力资源和社会保障局", "区综合行政执法局", "区住房和城乡建设局", "区公安分局", "区生态环境分局"]
        let acts: [ReconsideredAct] = [.penalty, .penalty, .registration, .inaction, .penalty, .licensing, .expropriation, .disclosure, .confirmation, .compulsion]
        var out: [Plan] = [], kept = 0
        for i in 0..<total {
            // Spread over the year to mid-November, so each is accepted within its year.
            var received = LocalDate(year: year, month: 1, day: 9)!.adding(days: i * 300 / max(1, total) + w.dice.next(5, year: year))
            while !calendar.isWorkingDay(received) { received = received.adding(days: 1) }
            guard received < w.today else { continue }
            let person = w.dice.next(4, year: year) > 0
            let knew = received.adding(days: -(3 + w.dice.next(45, year: year)))
            let via = w.dice.next(100, year: year)
            let channel: IntakeChannel = via < 35 ? .online : via < 80 ? .inPerson : .post
            var values: RecordValues = [
                "office": .uuid(district), "channel": .text(channel.rawValue), "received_on": .date(received),
                "applicant_kind": .text((person ? ApplicantKind.person : .organisation).rawValue),
                "phone": .text("138" + String(format: "%08d", 20_000_000 + year * 1000 + i)),
                "respondent": .text(place.name + respondents[i % respondents.count].dropFirst()), "act": .text(acts[i % acts.count].rawValue),
                "act_description": .text("\(acts[i % acts.count].label)决定（\(place.name.prefix(3))\(["市监", "自然资", "人社", "综执", "住建", "公", "环"][i % 7])〔\(year)〕\(100 + i)号）"),
                "act_on": .date(knew.adding(days: -(w.dice.next(3, year: year)))), "knew_on": .date(knew),
                "told": .text(YesNo.yes.rawValue), "real_property": .text((acts[i % acts.count] == .expropriation ? YesNo.yes : .no).rawValue),
                "request": .text("请求撤销该行政行为"), "reasons": .text("申请人认为该行政行为认定事实不清、适用依据错误，侵犯其合法权益。"),
            ]
            if person {
                values["applicant_name"] = .text(["张", "王", "李", "刘", "陈", "杨", "赵"][i % 7] + "某某")
                values["id_number"] = IdentityCodes.idNumber(String(format: "371502%04d%02d%02d%03d", 1955 + i % 45, 1 + i % 12, 1 + i % 28, i % 1000)).map(RecordValue.text)
            } else {
                values["applicant_name"] = .text("聊城某\(["商贸", "建筑", "食品", "运输"][i % 4])有限公司\(i + 1)")
                values["credit_code"] = IdentityCodes.creditCode(String(format: "91371502MA%07d", 3_000_000 + year * 1000 + i)).map(RecordValue.text)
            }
            if channel == .inPerson, w.dice.next(10, year: year) < 6, !points.isEmpty {
                let enterprise = !person && w.dice.next(3, year: year) == 0
                let pool = points.filter { $0.enterprise == enterprise }
                if let point = pool.isEmpty ? nil : pool[i % pool.count] { values["point"] = .uuid(point.id) }
            }
            var plan = Plan(values: values, received: received)
            // Which are refused and which dropped: spread evenly over the year.
            if (i + 1) * refused / total > i * refused / total {
                plan.refusedOn = try w.calculator.due(from: received, .workingDays(3)).due
                out.append(plan); continue
            }
            var start = received
            // Which of the others are dropped: spread evenly over them.
            let dropping = (kept + 1) * dropped / (total - refused) > kept * dropped / (total - refused)
            kept += 1
            if dropping || w.dice.next(10, year: year) == 0 {
                let asked = try w.calculator.due(from: received, .workingDays(2)).due
                if dropping {
                    plan.correction = (asked, nil, try w.calculator.due(from: asked, .workingDays(16)).due)
                    out.append(plan); continue
                }
                let corrected = try w.calculator.due(from: asked, .workingDays(3 + w.dice.next(6, year: year))).due
                plan.correction = (asked, corrected, nil)
                start = corrected
            }
            // One in seven is not decided within the review and is deemed accepted; not in 2022, whose
            // holiday notice the platform does not hold (a review counted by weekends only never lapses).
            let rule = StatutoryRules.rule("reconsideration.acceptance", on: received)!
            let review = try rule.due(from: start, calculator: w.calculator), due = review.due
            if w.dice.next(7, year: year) == 0, !review.provisional, let lapse = rule.lapse {
                plan.deemed = true
                plan.accepted = lapse.day == .end ? due : start
            } else {
                plan.accepted = try w.calculator.due(from: start, .workingDays(1 + w.dice.next(4, year: year))).due
            }
            let acceptedOn = plan.accepted!
            plan.simplified = !plan.deemed && StatutoryRules.rule("reconsideration.decision_simplified", on: acceptedOn) != nil && w.dice.next(10, year: year) < 3
            let acting = plan.deemed ? due.adding(days: 1) : acceptedOn
            let sent = try w.calculator.due(from: acting, .workingDays(1 + w.dice.next(plan.simplified ? 2 : 4, year: year))).due
            let served = try w.dice.next(3, year: year) == 0 ? w.calculator.due(from: sent, .workingDays(1)).due : sent
            plan.copy = (sent, served)
            let answered = try w.calculator.due(from: served, .workingDays(3 + w.dice.next(plan.simplified ? 2 : 6, year: year))).due
            plan.answered = answered
            var concluded = answered.adding(days: 8 + w.dice.next(plan.simplified ? 10 : 30, year: year))
            let roll = w.dice.next(100, year: year)
            if roll < 3 {
                let from = answered.adding(days: 5), to = DemoLitigation.weekday(from.adding(days: 20 + w.dice.next(20, year: year)))
                plan.suspension = (from, to)
                concluded = to.adding(days: 10 + w.dice.next(15, year: year))
            } else if roll < 10, !plan.simplified {
                plan.extended = (DemoLitigation.weekday(acceptedOn.adding(days: 50)), [15, 30][w.dice.next(2, year: year)])
                concluded = acceptedOn.adding(days: 62 + w.dice.next(12, year: year))
            }
            plan.concluded = DemoLitigation.weekday(concluded)
            out.append(plan)
        }
        return out
    }

    /// The endings by the year they fall in: in 2023 exactly `settled2023` mediated or settled, a
    /// quarter in other years; a few withdrawn; the rest decided, fewer corrected from 2023 on.
    static func assignEndings(_ plans: inout [Plan], today: LocalDate) {
        var byYear: [Int: [Int]] = [:]
        for (i, p) in plans.enumerated() { if let day = p.concluded, day < today { byYear[day.year, default: []].append(i) } }
        for (year, indices) in byYear {
            let ordered = indices.sorted { plans[$0].concluded! < plans[$1].concluded! }
            let agreed = year == 2023 ? min(settled2023, ordered.count) : ordered.count / 4
            let correctingIn100 = year <= 2022 ? 22 : 11
            for (k, index) in ordered.enumerated() {
                // Mediated or settled spread evenly; withdrawn one in twenty-five of the rest.
                if (k + 1) * agreed / ordered.count > k * agreed / ordered.count {
                    plans[index].ending = k % 3 == 0 ? .settled : .mediated
                } else if k % 25 == 7 {
                    plans[index].ending = .withdrawn
                } else {
                    let correcting = (k * 37) % 100 < correctingIn100
                    plans[index].ending = .decided(correcting ? ReconsiderationDecision.correcting[k % 5] : k % 4 == 0 ? .dismiss : .uphold)
                }
                // A suspended or extended case is decided: the moves lead to a decision.
                if case .withdrawn = plans[index].ending, plans[index].extended != nil { plans[index].ending = .decided(.uphold) }
            }
        }
    }

    /// Registers the application on its day and makes each planned move that falls before today.
    static func work(_ plan: Plan, _ type: RecordType, _ w: DemoRecords.Writer) async throws {
        let today = w.today
        let row = try await w.add(type, plan.values, at: plan.received)
        func move(_ action: String, _ changes: RecordValues, on day: LocalDate) async throws -> Bool {
            guard day < today else { return false }
            try await w.move(type, row.id, action, changes, on: day)
            return true
        }
        if let refused = plan.refusedOn {
            _ = try await move("refuse", ["concluded_on": .date(refused), "refusal_reason": .text("申请不属于本机关受理范围，已告知申请人向有权机关提出")], on: refused)
            return
        }
        if let c = plan.correction {
            guard try await move("ask_correction", ["correction_asked_on": .date(c.asked),
                                                    "correction_request": .text("请补充行政行为的文书及知道该行政行为之日的证明材料")], on: c.asked) else { return }
            if let dropped = c.dropped {
                _ = try await move("drop", ["concluded_on": .date(dropped)], on: dropped)
                return
            }
            guard let corrected = c.corrected, try await move("corrected", ["corrected_on": .date(corrected)], on: corrected) else { return }
        }
        guard let accepted = plan.accepted else { return }
        if plan.deemed {
            // As the hourly scheduler does on the day after the review's end.
            guard let clock = type.deadlines.first(where: { $0.lapse != nil }),
                  let due = try await RecordStore.find(type, id: row.id, scope: .everything, on: w.tx)?.values[clock.field]?.date,
                  due.adding(days: 1) < today else { return }
            let day = due.adding(days: 1)
            guard try await ClockLapses.lapse(type, clock, id: row.id, today: day, calculator: w.calculator, within: w.tx,
                                              now: day.instant(atHour: 1)) else {
                throw CoreError.state("演示数据：\(plan.received) 收到的申请未能视为受理")
            }
        } else {
            let procedure: ReconsiderationProcedure = plan.simplified ? .simplified : .general
            guard try await move("accept", ["accepted_on": .date(accepted), "procedure": .text(procedure.rawValue)], on: accepted) else { return }
        }
        guard let copy = plan.copy, try await move("send_copy", ["copy_sent_on": .date(copy.sent), "copy_served_on": .date(copy.served)], on: copy.served),
              let answered = plan.answered, try await move("record_answer", ["answered_on": .date(answered)], on: answered) else { return }
        if let s = plan.suspension {
            guard try await move("suspend", ["suspended_on": .date(s.from), "suspension_reason": .text("案件涉及法律适用问题，需要有权机关作出解释")], on: s.from),
                  try await move("resume", ["resumed_on": .date(s.to)], on: s.to) else { return }
        }
        if let e = plan.extended {
            guard try await move("extend", ["extension_days": .integer(Int64(e.days)), "extension_approver": .text("区司法局负责人"),
                                            "extension_notice_on": .date(e.noticed)], on: e.noticed) else { return }
        }
        guard let concluded = plan.concluded else { return }
        switch plan.ending {
        case .decided(let decision):
            _ = try await move("decide", ["decision": .text(decision.rawValue), "concluded_on": .date(concluded),
                                          "conclusion": .text("经审理，决定\(decision.label)。")], on: concluded)
        case .mediated:
            _ = try await move("mediate", ["concluded_on": .date(concluded), "conclusion": .text("经调解，被申请人重新核定处理结果，双方签收行政复议调解书。")],
                               on: concluded)
        case .settled:
            _ = try await move("settle", ["concluded_on": .date(concluded), "conclusion": .text("双方自愿达成和解，申请人撤回行政复议申请。")], on: concluded)
        case .withdrawn:
            _ = try await move("withdraw", ["concluded_on": .date(concluded)], on: concluded)
        }
    }
}
