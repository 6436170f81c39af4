import FazhiCore
import Fluent
import Foundation

/// 建议提案's demo: deputies' suggestions and members' proposals, 108 and 304 assigned in 2023
/// (seed 五.一), each worked through the register's workflow by the unit it was assigned to: a
/// co-handler's opinion first where there is one, a few reassigned or extended, answered within
/// the reply clock, and rated by the deputy; the few who are not satisfied have theirs handled
/// again. In 2023 all are answered and 99% of those rated are satisfied.
enum DemoOversight {
    /// Suggestions and proposals a year: 2023's are the seed's; 2022's the demo's own.
    static let npc = (y2022: 96, y2023: 108), cppcc = (y2022: 281, y2023: 304)

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2031, now: now) { w, district, _ in
            let type = Suggestion.declaration.type
            let units = ["D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09"].map { place.unit($0) } + (1...14).map { place.town($0) }
            let topics: [(String, SuggestionCategory)] = [
                ("关于加快老旧小区改造的建议", .urban), ("关于完善农村饮水安全工程的建议", .agriculture), ("关于优化营商环境的建议", .economy),
                ("关于增加城区学位供给的建议", .social), ("关于加强基层法律服务的建议", .governance), ("关于规范城区停车管理的建议", .urban),
                ("关于支持特色农业发展的建议", .agriculture), ("关于提升社区养老服务的建议", .social), ("关于推进涉企执法规范化的建议", .governance),
            ]
            for year in DemoRecords.years(through: w.today) {
                let counts = [(SuggestionKind.npc, DemoRecords.volume(npc.y2022, npc.y2023, year: year, today: w.today) * scale),
                              (.cppcc, DemoRecords.volume(cppcc.y2022, cppcc.y2023, year: year, today: w.today) * scale)]
                var k = 0
                for (kind, count) in counts {
                    for i in 0..<count {
                        defer { k += 1 }
                        // Assigned after the spring sessions, from March into May.
                        var assigned = LocalDate(year: year, month: 3, day: 1)!.adding(days: (i * 7) % 75)
                        while assigned.isWeekend { assigned = assigned.adding(days: 1) }
                        guard assigned < w.today else { continue }
                        let level: SuggestionLevel = i % 5 == 0 ? .city : .district
                        let (title, category) = topics[(i + year) % topics.count]
                        let body = (level == .city ? "聊城市" : place.name) + (kind == .npc ? "人大" : "政协")
                        let values: RecordValues = [
                            "number": .text("\(year)年\(body)第\(i + 1)号"), "kind": .text(kind.rawValue), "level": .text(level.rawValue),
                            "session": .text("\(body)\(year)年会议"), "title": .text(title), "category": .text(category.rawValue),
                            "proposers": .text(kind == .npc ? "王某某等 10 名代表" : "李某某委员"),
                            "lead_unit": .uuid(units[i % units.count] ?? district), "assigned_on": .date(assigned),
                        ].merging(i % 3 == 0 ? ["co_units": .text("区财政局、区自然资源局")] : [:]) { a, _ in a }
                        let row = try await w.add(type, values, at: assigned)
                        try await work(w, type, row, index: k, other: units[(i + 7) % units.count] ?? district)
                    }
                }
            }
        }
    }

    /// Works one suggestion through its workflow, every move on a day before today. `k` counts the
    /// year's suggestions and proposals together: 12 of 2023's 412 are not rated yet, 6 are
    /// handled again and then satisfied, 4 are still not satisfied after being handled again.
    static func work(_ w: DemoRecords.Writer, _ type: RecordType, _ row: RecordRow, index k: Int, other: UUID) async throws {
        guard var day = row.values["assigned_on"]?.date else { return }
        func next(_ days: Int) -> LocalDate? {
            var d = day.adding(days: days)
            while d.isWeekend { d = d.adding(days: 1) }
            guard d < w.today else { return nil }
            day = d
            return d
        }
        let id = row.id
        if k % 40 == 13, let on = next(4) {
            try await w.move(type, id, "reassign", ["lead_unit": .uuid(other), "reassign_reason": .text("建议内容属于其他单位职责")], on: on)
        }
        if row.values["co_units"] != nil {
            guard let on = next(15 + k % 10) else { return }
            try await w.move(type, id, "co_opinion", ["co_opinion_on": .date(on)], on: on)
        } else {
            guard let on = next(2 + k % 3) else { return }
            try await w.move(type, id, "accept", [:], on: on)
        }
        var current = try await RecordStore.find(type, id: id, scope: .everything, on: w.tx)
        if k % 50 == 21, let on = next(30) {
            current = try await w.move(type, id, "extend", ["extension_approver": .text("承办单位主要负责人"), "extension_notice_on": .date(on)], on: on)
        }
        // Answered within the reply clock's due date.
        guard let due = current?.values["reply_due_on"]?.date, var replied = next(30 + (k * 11) % 40) else { return }
        if replied > due { replied = due; day = due }
        guard replied < w.today else { return }
        let grade = [ReplyClass.a, .a, .b, .a, .c][k % 5]
        try await w.move(type, id, "reply", ["reply_class": .text(grade.rawValue), "replied_on": .date(replied),
                                            "reply_text": .text("经认真研究，现将办理情况答复如下：\(grade.label)。")], on: replied)
        if k % 34 == 7 { return }
        let unsatisfiedTwice = k % 103 == 50, handledAgain = unsatisfiedTwice || k % 67 == 20
        if handledAgain {
            guard let said = next(12) else { return }
            try await w.move(type, id, "unsatisfied", ["satisfaction": .text(Satisfaction.unsatisfied.rawValue), "dissatisfied_on": .date(said),
                                                      "feedback_text": .text("办理措施不够具体，请进一步研究")], on: said)
            guard let again = next(18) else { return }
            try await w.move(type, id, "rereply", ["reply_class": .text(ReplyClass.b.rawValue), "rereplied_on": .date(again),
                                                  "reply_text": .text("经再次研究，已列入年度计划逐步解决。")], on: again)
        }
        guard let rated = next(10 + k % 15) else { return }
        if unsatisfiedTwice {
            try await w.move(type, id, "close_unsatisfied", ["satisfaction": .text(Satisfaction.unsatisfied.rawValue), "feedback_on": .date(rated),
                                                            "feedback_text": .text("仍不满意，已当面沟通说明")], on: rated)
        } else {
            let said = k % 4 == 0 ? Satisfaction.basically : .satisfied
            try await w.move(type, id, "satisfied", ["satisfaction": .text(said.rawValue), "feedback_on": .date(rated)], on: rated)
        }
    }
}
