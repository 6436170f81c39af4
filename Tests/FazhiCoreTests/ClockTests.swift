import FazhiCore
import Foundation
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }
private let calc = DeadlineCalculator(calendar: .builtIn)

/// A disclosure application as a later module will declare it: the reply clock of 政府信息公开条例
/// Art.33, restarted by a correction (Art.30), paused by a consultation (Art.32) and extended once.
private enum Application {
    enum Key: String, RecordKey {
        case subject, office, receivedOn = "received_on", replyDueOn = "reply_due_on", correctedOn = "corrected_on"
        case approver, noticeOn = "notice_on", repliedOn = "replied_on"
    }
    enum State: String, RecordChoice {
        case received, correcting, consulting, replied
        var label: String { rawValue }
    }

    static func declaration(pause reason: String = "征求第三方意见", extensionNeeds approval: [Key] = [.approver, .noticeOn],
                            tells words: String? = nil) -> RecordDeclaration<Key, State> {
        RecordDeclaration<Key, State>(
            slug: "clock-test", table: "rec_clock_test", label: "计时测试", read: .auditRead, write: .auditRead,
            fields: [
                RecordField(.subject, "申请内容", .text(maxLength: 100), required: true),
                RecordField(.office, "办理机关", .unit, required: true),
                RecordField(.receivedOn, "收到申请日期", .date, required: true),
                RecordField(.replyDueOn, "答复期限", .date, assigned: true),
                RecordField(.correctedOn, "收到补正日期", .date),
                RecordField(.approver, "批准延长的负责人", .text(maxLength: 20)),
                RecordField(.noticeOn, "延期告知日期", .date),
                RecordField(.repliedOn, "答复日期", .date),
            ],
            owner: .office, title: .subject, initial: .received,
            transitions: [
                .init("ask", "告知补正", from: [.received], to: .correcting, permission: .auditRead, clock: [.pause(.replyDueOn, because: "补正")]),
                .init("corrected", "收到补正", from: [.correcting], to: .received, permission: .auditRead, requires: [.correctedOn],
                      clock: [.restart(.replyDueOn, on: .correctedOn, because: "补正")]),
                .init("consult", "征求第三方意见", from: [.received], to: .consulting, permission: .auditRead, clock: [.pause(.replyDueOn, because: reason)]),
                .init("consulted", "收到第三方意见", from: [.consulting], to: .received, permission: .auditRead, clock: [.resume(.replyDueOn)]),
                .init("extend", "延长答复期限", from: [.received], to: .received, permission: .auditRead, requires: approval,
                      numbers: nil, clock: [.extend(.replyDueOn, approvedBy: .approver, notice: .noticeOn)]),
                .init("reply", "答复", from: [.received], to: .replied, permission: .auditRead, requires: [.repliedOn], tells: words),
            ],
            deadlines: [.clock(.replyDueOn, rule: "disclosure.reply", startsOn: .receivedOn, doneOn: .repliedOn, openIn: [.received, .consulting])],
            columns: [.subject], sort: .receivedOn)
    }
}

@Suite("Clocks on records")
struct ClockTests {
    let type = Application.declaration().type
    var spec: DeadlineSpec { type.deadlines[0] }
    let values: RecordValues = ["received_on": .date(d("2024-03-01"))]

    func read(_ events: [ClockEvent]) throws -> ClockReading {
        try #require(try ClockReading.read(spec, values: values, unit: nil, events: events, calculator: calc))
    }

    /// Each due date below was counted by hand on the 2024 notice (清明 4–6 April off, 7 April
    /// worked; 劳动节 1–5 May off, 28 April and 11 May worked).
    @Test func pausesRestartsAndTheExtensionAreCountedAndExplained() throws {
        let c = spec.field
        #expect(try read([]).deadline == Deadline(due: d("2024-03-29"), provisional: false), "20 working days from Friday 1 March")
        #expect(try RecordRules.prepare(type, values.merging(["subject": .text("a"), "office": .uuid(.init())]) { $1 }, calculator: calc)["reply_due_on"]
                == .date(d("2024-03-29")), "a clock without moves is its rule from the start")

        var events = [ClockEvent(clock: c, kind: .pause, day: d("2024-03-04"), reason: "补正")]
        let waiting = try read(events)
        #expect(waiting.deadline == nil && waiting.pausedSince?.day == d("2024-03-04"))
        #expect(waiting.text == "计时暂停中（自 2024-03-04 起，补正）")

        events.append(ClockEvent(clock: c, kind: .restart, day: d("2024-03-11"), reason: "补正"))
        #expect(try read(events).deadline?.due == d("2024-04-09"), "20 working days from 11 March, 清明 skipped and 7 April counted")

        events += [ClockEvent(clock: c, kind: .pause, day: d("2024-03-14"), reason: "征求第三方意见"),
                   ClockEvent(clock: c, kind: .resume, day: d("2024-03-21"))]
        let consulted = try read(events)
        #expect(consulted.pauses.map(\.days) == [5], "15 and 18–21 March are not counted")
        #expect(consulted.deadline?.due == d("2024-04-16"))

        events.append(ClockEvent(clock: c, kind: .extend, day: d("2024-04-10")))
        let extended = try read(events)
        #expect(extended.deadline == Deadline(due: d("2024-05-15"), provisional: false))
        #expect(extended.text == "2024-05-15（补正后自 2024-03-11 起重新计算，已扣除征求第三方意见 5 个工作日，已延长 20 个工作日）")
        #expect(extended.source == "《中华人民共和国政府信息公开条例》第三十三条：依申请公开答复20个工作日")
        // The engine that prints `fazhi deadline` agrees.
        let rule = try #require(StatutoryRules.rule("disclosure.reply", on: d("2024-03-01")))
        #expect(try rule.due(from: d("2024-03-11"), pauses: [ClockPause(pausedOn: d("2024-03-14"), resumedOn: d("2024-03-21"))], extended: true,
                             calculator: calc).due == d("2024-05-15"))

        // One extension only; a pause the rule does not know; a pause while paused.
        #expect(throws: CoreError.self) { try read(events + [ClockEvent(clock: c, kind: .extend, day: d("2024-04-20"))]) }
        #expect(throws: CoreError.self) { try read(events + [ClockEvent(clock: c, kind: .pause, day: d("2024-04-20"), reason: "领导出差")]) }
        #expect(throws: CoreError.self) {
            try read(events + [ClockEvent(clock: c, kind: .pause, day: d("2024-04-20"), reason: "补正"),
                               ClockEvent(clock: c, kind: .pause, day: d("2024-04-21"), reason: "补正")])
        }
    }

    /// The version in force on the start day applies: an application of 2019-01 keeps the 2007
    /// text's 15 working days, without the consultation pause the 2019 text added.
    @Test func theRuleInForceOnTheStartDayApplies() throws {
        let old = try #require(try ClockReading.read(spec, values: ["received_on": .date(d("2019-01-02"))], unit: nil, events: [], calculator: calc))
        #expect(old.rule.period == .workingDays(15) && old.rule.article == "第二十四条")
        #expect(throws: CoreError.self) {
            try ClockReading.read(spec, values: ["received_on": .date(d("2019-01-02"))], unit: nil,
                                  events: [ClockEvent(clock: spec.field, kind: .pause, day: d("2019-01-03"), reason: "征求第三方意见")], calculator: calc)
        }
    }

    /// A due date that runs into a year whose notice is not loaded is provisional, and says so.
    @Test func aDueDateInAnUnknownYearIsProvisional() throws {
        let r = try #require(try ClockReading.read(spec, values: ["received_on": .date(d("2026-12-21"))], unit: nil, events: [], calculator: calc))
        #expect(r.deadline?.provisional == true)
        #expect(r.text.hasSuffix("（暂按周末推算）"))
    }

    /// A declaration is refused when a move pauses for a reason its rule does not name, extends
    /// without the approver and the written notice, or tells a party it declares no way to reach.
    @Test func declarationsNameOnlyWhatTheRuleAllows() throws {
        try Application.declaration().type.check()
        #expect(throws: CoreError.self) { try Application.declaration(pause: "领导出差").type.check() }
        #expect(throws: CoreError.self) { try Application.declaration(extensionNeeds: [.approver]).type.check() }
        // A move with words for a party the register does not say how to reach.
        #expect(throws: CoreError.self) { try Application.declaration(tells: "已答复").type.check() }
    }

    /// A district's own amount of a configurable rule applies to its units' records that start on
    /// or after its day; other districts, earlier records and the statutory rules keep the table's.
    @Test func aDistrictsOwnAmountAppliesFromItsDay() throws {
        let district = UUID(), other = UUID(), town = UUID(), elsewhere = UUID()
        let own = LocalRuleSetting(rule: "review.due", district: district, period: .workingDays(10), from: d("2024-03-04"), basis: "本区合法性审查工作规则第十条")
        let ignored = LocalRuleSetting(rule: "disclosure.reply", district: district, period: .workingDays(5), from: d("2024-03-04"), basis: "不能调整")
        let local = DeadlineCalculator(calendar: .builtIn, local: LocalRules(settings: [own, ignored],
                                                                           districtOf: [district: district, town: district, other: other, elsewhere: other]))
        #expect(local.rule("review.due", on: d("2024-03-04"), unit: town)?.period == .workingDays(10))
        #expect(local.rule("review.due", on: d("2024-03-04"), unit: town)?.statute == "本区合法性审查工作规则第十条")
        #expect(local.rule("review.due", on: d("2024-03-01"), unit: town)?.period == .workingDays(7), "started before the setting's day")
        #expect(local.rule("review.due", on: d("2024-03-04"), unit: elsewhere)?.period == .workingDays(7), "another district")
        #expect(local.rule("review.due", on: d("2024-03-04"), unit: nil)?.period == .workingDays(7))
        #expect(local.rule("disclosure.reply", on: d("2024-03-04"), unit: town)?.period == .workingDays(20), "a statutory rule is not configurable")
        #expect(throws: CoreError.self) { try ignored.check(today: d("2024-03-01")) }
        #expect(throws: CoreError.self) { try own.check(today: d("2024-03-05")) }
        try own.check(today: d("2024-03-04"))
        let zero = LocalRuleSetting(rule: "review.due", district: district, period: .workingDays(0), from: d("2024-03-04"), basis: "x")
        #expect(throws: CoreError.self) { try zero.check(today: d("2024-03-01")) }
    }
}
