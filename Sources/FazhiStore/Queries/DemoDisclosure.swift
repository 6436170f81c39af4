import FazhiCore
import Fluent
import Foundation

/// 政务公开's demo: applications for government information, 80 in 2023 (seed 五), each
/// registered with its channel and receipt day, numbered, and worked through the register's
/// workflow: some asked to correct (and most corrected, a few dropped), some with a third party
/// consulted, a few extended, then answered on a day within the clock's due date with an outcome
/// of the national table. This year's last applications are still being handled.
enum DemoDisclosure {
    /// Applications a year: 2023's is the seed's; 2022's is the demo's own.
    static let applications = (y2022: 66, y2023: 80)

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, calculator: DeadlineCalculator, now: Date) async throws -> Int {
        try await DemoRecords.write(place, on: db, calculator: calculator, seed: 2025, now: now) { w, district, _ in
            let type = DisclosureApplication.declaration.type
            let offices = [place.unit(nil)] + ["D01", "D03", "D05", "D07", "D08", "D09"].map { place.unit($0) } + (1...14).map { place.town($0) }
            let asks = ["本区2023年城市绿化管理办法的起草说明及征求意见情况", "某小区旧城改造项目的征收补偿方案", "某路段道路拓宽工程的规划许可文件",
                        "本镇村庄规划调整的批复文件", "某企业环境影响评价文件的审批意见", "本区年度财政预算执行情况", "某学校新建项目的立项批复",
                        "某地块土地出让合同及出让金缴纳情况", "本区行政事业性收费项目清单", "某行政处罚决定书"]
            let surnames = ["张", "王", "李", "刘", "陈", "杨", "赵", "黄"]
            // (outcome, weight in 100)
            let outcomes: [(DisclosureOutcome, Int)] = [
                (.disclosed, 52), (.partly, 10), (.withheldThirdParty, 3), (.withheldProcess, 3), (.withheldEnforcementFile, 2),
                (.unavailableNotHeld, 14), (.unavailableNeedsMaking, 4), (.notHandledPetition, 4), (.notHandledRepeat, 3),
                (.notHandledPublication, 2), (.other, 3),
            ]
            let channels: [(IntakeChannel, Int)] = [(.online, 50), (.inPerson, 25), (.post, 20), (.fax, 5)]
            func pick<T>(_ table: [(T, Int)], _ year: Int) -> T {
                var n = w.dice.next(table.reduce(0) { $0 + $1.1 }, year: year), i = 0
                while n >= table[i].1 { n -= table[i].1; i += 1 }
                return table[i].0
            }
            for year in DemoRecords.years(through: w.today) {
                let count = DemoRecords.volume(applications.y2022, applications.y2023, year: year, today: w.today) * scale
                for i in 0..<count {
                    let office = offices[i % offices.count] ?? district
                    let received = w.day(year, i, of: count)
                    let person = w.dice.next(100, year: year) < 85
                    var values: RecordValues = [
                        "office": .uuid(office), "channel": .text(pick(channels, year).rawValue), "received_on": .date(received),
                        "applicant_kind": .text((person ? ApplicantKind.person : .organisation).rawValue),
                        "phone": .text("139" + String(format: "%08d", 10_000_000 + year * 1000 + i)),
                        "content": .text(asks[w.dice.next(asks.count, year: year)]),
                        "delivery": .text([DeliveryMethod.online, .post, .pickup][w.dice.next(3, year: year)].rawValue),
                    ]
                    if person {
                        values["applicant_name"] = .text(surnames[w.dice.next(surnames.count, year: year)] + "某某")
                        values["id_number"] = IdentityCodes.idNumber(String(format: "371502%04d%02d%02d%03d", 1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000))
                            .map(RecordValue.text)
                    } else {
                        values["applicant_name"] = .text("聊城某\(["商贸", "律师事务所", "研究院", "公益协会"][i % 4])\(i + 1)")
                        values["credit_code"] = IdentityCodes.creditCode(String(format: "91371502MA%07d", year * 1000 + i)).map(RecordValue.text)
                        values["organisation_type"] = .text([OrganisationType.business, .legalService, .research, .charity][i % 4].rawValue)
                    }
                    let row = try await w.add(type, values, at: received)
                    try await work(w, type, row, year: year, index: i, outcome: pick(outcomes, year))
                }
            }
        }
    }

    /// Works one application through its workflow, every move on a day no later than today.
    static func work(_ w: DemoRecords.Writer, _ type: RecordType, _ row: RecordRow, year: Int, index i: Int, outcome: DisclosureOutcome) async throws {
        guard var day = row.values["received_on"]?.date else { return }
        func next(_ days: Int) -> LocalDate? {
            var d = day.adding(days: days)
            while d.isWeekend { d = d.adding(days: 1) }
            return d < w.today ? d : nil
        }
        var current = row
        let roll = w.dice.next(100, year: year)
        if roll < 15 {
            // Asked to correct within the 7 working days of Art.30; most correct within a fortnight.
            guard let asked = next(2 + i % 4) else { return }
            try await w.move(type, row.id, "ask_correction", ["correction_asked_on": .date(asked),
                                                              "correction_request": .text("请补充所需政府信息的文号、形成时间等特征性描述")], on: asked)
            day = asked
            if roll < 2 {
                guard let dropped = next(20) else { return }
                try await w.move(type, row.id, "drop", ["outcome": .text(DisclosureOutcome.otherNotCorrected.rawValue), "replied_on": .date(dropped)], on: dropped)
                return
            }
            guard let corrected = next(3 + i % 8) else { return }
            current = try await w.move(type, row.id, "corrected", ["corrected_on": .date(corrected)], on: corrected)
            day = corrected
        } else if roll < 25 {
            guard let sent = next(3) else { return }
            try await w.move(type, row.id, "consult", ["consulted_on": .date(sent)], on: sent)
            day = sent
            guard let ended = next(5 + i % 9) else { return }
            current = try await w.move(type, row.id, "consulted", ["consultation_ended_on": .date(ended)], on: ended)
            day = ended
        }
        if roll >= 25 && roll < 30, let noticed = next(12) {
            current = try await w.move(type, row.id, "extend", ["extension_approver": .text("政府信息公开工作机构负责人"),
                                                                "extension_notice_on": .date(noticed)], on: noticed)
            day = noticed
        }
        // Answered within the clock's due date, a few days before it at most 18 days on.
        guard let due = current.values["reply_due_on"]?.date, var replied = next(4 + (i * 7) % 15) else { return }
        if replied > due { replied = due }
        guard replied < w.today else { return }
        try await w.move(type, row.id, "reply", ["outcome": .text(outcome.rawValue), "replied_on": .date(replied),
                                                 "reply_text": .text("经审查，现将办理结果告知如下：\(outcome.label)。")], on: replied)
    }
}
