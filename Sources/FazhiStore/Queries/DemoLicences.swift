import FazhiCore
import Fluent
import Foundation
import SQLKit

/// 证照 for the demo district: market entities and their licences, all valid when registered. The
/// reminders are not written here: the demo's history (`DemoHistory`) runs the planner and the
/// dispatcher day by day, and the holders renew each licence on its expiry day. Each licence
/// that expires from 2022 on then gets an SMS on each step of the default plan (90, 30 and 7
/// days before, and on the day); the expiry dates are chosen so that the reminders whose day
/// falls in 2023 are exactly the seed's number (seed 一.二: 17,035), and each later year's are
/// near it (`DemoRecords.volume`). This year's licences expire up to its end, so the live
/// scheduler reminds of those not yet due. Each has its successor, five years on, and a few
/// more licences expire in the coming months. `scale` multiplies every volume.
enum DemoLicences {
    /// Reminders sent to holders per year (2022 is a plausible value before the seed's year; the
    /// years after 2023 differ from it by up to a tenth, each as a whole year).
    static func targets(through today: LocalDate) -> [(year: Int, reminders: Int)] {
        DemoRecords.years(through: today).map { year in
            (year, DemoRecords.volume(15_482, 17_035, year: year, today: LocalDate(year: year + 1, month: 1, day: 1)!))
        }
    }
    static let offsets = ReminderPlan(kind: .businessLicence).offsets

    /// Licence kinds by share, and the department that issues each.
    static let kinds: [(Licence.Kind, share: Int, issuer: String, prefix: String)] = [
        (.businessLicence, 40, "D06", "YZ"), (.foodBusiness, 35, "D06", "JY"), (.publicHealth, 12, "D06", "WS"),
        (.drugBusiness, 8, "D03", "YP"), (.clinicFiling, 5, "D05", "ZS"),
    ]
    static let trades = ["食品", "商贸", "餐饮", "药房", "诊所", "超市", "酒店", "理发店", "五金", "建材", "物流", "电子"]
    static let words = ["水城", "运河", "光岳", "凤凰", "东昌", "古楼", "柳园", "湖西", "兴华", "昌润", "鲁西", "聚源", "恒达", "鑫盛", "福瑞", "嘉禾"]

    /// How many of a licence's reminder days fall in each year, from 2022 on.
    static func reminders(expiring e: LocalDate) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for o in offsets { let d = e.adding(days: -o); if d.year >= 2022 { out[d.year, default: 0] += 1 } }
        return out
    }

    /// Expiry dates for one round: whole licences (four reminders each) spread over the year's
    /// last nine months, and one licence whose dates straddle the new year for each remainder.
    static func expiries(dice: inout DemoRecords.Dice, through today: LocalDate) -> [LocalDate] {
        var dates: [LocalDate] = []
        var carried = 0
        for (year, target) in targets(through: today) {
            let need = target - carried
            carried = 0
            let first = LocalDate(year: year, month: 4, day: 1)!, span = LocalDate(year: year, month: 12, day: 31)!.dayNumber - first.dayNumber + 1
            let whole = need / offsets.count
            for i in 0..<whole { dates.append(first.adding(days: min(span - 1, i * span / whole + dice.next(3)))) }
            let rest = need % offsets.count
            guard rest > 0 else { continue }
            // The first day of the next year's first quarter giving exactly `rest` reminders this year.
            var e = LocalDate(year: year + 1, month: 1, day: 1)!
            while reminders(expiring: e)[year] != rest { e = e.adding(days: 1) }
            dates.append(e)
            carried = reminders(expiring: e)[year + 1] ?? 0
        }
        return dates
    }

    static func generate(scale: Int, in place: DemoRecords.Place, on db: any Database, now: Date) async throws -> Int {
        let towns = (1...14).compactMap(place.town)
        guard !towns.isEmpty else { return 0 }
        let actor = AuditActor.system("演示数据")
        var dice = DemoRecords.Dice(state: 17_035)
        let today = LocalDate(now)

        // Every licence's expiry: the history, their successors, and a few due soon.
        var licences: [LocalDate] = []
        for _ in 0..<scale { licences += expiries(dice: &dice, through: today) }
        let history = licences.count
        for i in 0..<history { licences.append(licences[i].adding(months: 60)) }
        for d in [3, 10, 25, 40, 60, 85, 120, 200] { licences.append(today.adding(days: d)) }

        // One holder for every two licences of the history.
        let holders = (history + 1) / 2
        var entities: [RecordValues] = []
        var holderOf: [(name: String, code: String, phone: String)] = []
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        for h in 0..<holders {
            var n = h, tail = ""
            for _ in 0..<7 { tail = String(alphabet[n % 31]) + tail; n /= 31 }
            guard let code = IdentityCodes.creditCode((h % 3 == 0 ? "92" : "91") + place.code.prefix(6) + "MA" + tail) else { continue }
            let name = "\(place.name)\(words[h % words.count])\(words[(h / words.count) % words.count])\(trades[(h / 7) % trades.count])" + (h % 3 == 0 ? "店" : "有限公司") + "（\(h + 1)）"
            let phone = "13" + String(format: "%09d", (h &* 7_919 &+ 1_234_567) % 1_000_000_000)
            holderOf.append((name, code, phone))
            entities.append(["name": .text(name), "credit_code": .text(code), "legal_representative": .text(["王", "李", "张", "刘", "陈", "杨", "赵"][h % 7] + "某"),
                             "contact_phone": .text(phone), "town": .uuid(towns[h % towns.count]),
                             "registered_on": .date(LocalDate(year: 2012 + h % 10, month: 1 + h % 12, day: 1 + h % 28)!)])
        }
        _ = try await RecordImport.bulk(MarketEntity.declaration.type, entities, label: "演示数据：市场主体", actor: actor, on: db, now: now)

        var rows: [RecordValues] = []
        for (i, expires) in licences.enumerated() {
            let holder = (i % history) / 2 % holderOf.count
            var pick = dice.next(100), k = 0
            while pick >= kinds[k].share { pick -= kinds[k].share; k += 1 }
            let (kind, _, issuerCode, prefix) = kinds[k]
            let issuer = place.unit(issuerCode) ?? towns[0]
            let number = "\(prefix)\(place.code)\(String(format: "%08d", i + 1))"
            let h = holderOf[holder]
            rows.append(["kind": .text(kind.rawValue), "number": .text(number), "holder": .text(h.name), "credit_code": .text(h.code),
                         "issuer": .uuid(issuer), "issued_on": .date(expires.adding(months: -60).adding(days: 1)), "expires_on": .date(expires)])
        }
        let ids = try await RecordImport.bulk(Licence.declaration.type, rows, label: "演示数据：证照", actor: actor, on: db, now: now)

        return entities.count + ids.count
    }
}

/// What the demo's history (`DemoHistory`, in the web target beside the dispatcher) asks of the
/// licence register: the valid licences expiring in a span, and their holders' renewals.
public enum DemoLicenceHistory {
    /// Valid licences expiring from `from` through `through`, with their expiry dates.
    public static func expiring(from: LocalDate, through: LocalDate, on db: any Database) async throws -> [(id: UUID, expiresOn: LocalDate)] {
        struct Row: Decodable { var id: UUID; var expires_on: String }
        return try await db.sql.raw("""
            SELECT id, expires_on FROM \(unsafeRaw: Licence.declaration.type.table)
            WHERE state = \(bind: Licence.State.valid.rawValue) AND expires_on >= \(bind: from.description)
              AND expires_on <= \(bind: through.description)
            """).all(decoding: Row.self).compactMap { row in LocalDate(iso: row.expires_on).map { (row.id, $0) } }
    }

    /// The day's renewals by the holders, through the 证照 workflow (延续换发), as one move of them all.
    public static func renew(_ ids: [UUID], on day: LocalDate, calculator: DeadlineCalculator, on db: any Database) async throws {
        let renewer = AuditActor.system("演示数据：持证主体申请延续换发")
        try await db.write { tx in
            _ = try await RecordStore.transition(Licence.declaration.type, ids: ids, action: "renew", permissions: [.licenceManage], today: day,
                                                 actor: renewer, scope: .everything, calculator: calculator, within: tx, now: day.instant(atHour: 16))
        }
    }
}
