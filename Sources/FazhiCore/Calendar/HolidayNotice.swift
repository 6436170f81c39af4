import Foundation

/// One year's holiday arrangement as the State Council announces it, in the holiday-cn JSON
/// shape: `{year, papers:[url], days:[{name, date, isOffDay}]}`. `isOffDay == false` marks a
/// weekend day that is a working day (调休上班).
public struct HolidayNotice: Codable, Sendable, Equatable {
    public struct Day: Codable, Sendable, Equatable {
        public var name: String
        public var date: LocalDate
        public var isOffDay: Bool
        public init(name: String, date: LocalDate, isOffDay: Bool) {
            self.name = name; self.date = date; self.isOffDay = isOffDay
        }
    }

    public var year: Int
    public var papers: [String]
    public var days: [Day]

    public init(year: Int, papers: [String], days: [Day]) {
        self.year = year; self.papers = papers; self.days = days
    }

    /// The properties a holiday-cn file has: the notice's own and its JSON Schema's name.
    public static let noticeKeys: Set<String> = ["$schema", "$id", "year", "papers", "days"]
    public static let dayKeys: Set<String> = ["name", "date", "isOffDay"]

    /// Decodes and checks a notice: only the properties of the format, a plausible year, and no
    /// date listed twice.
    public static func parse(_ data: Data) throws(CoreError) -> HolidayNotice {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let days = (object["days"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
            let unknown = Set(object.keys).subtracting(noticeKeys).union(days.flatMap { Set($0.keys).subtracting(dayKeys) })
            if let first = unknown.sorted().first {
                throw CoreError.invalid(field: "file", "节假日安排中没有名为「\(first.prefix(40))」的属性")
            }
        }
        let notice: HolidayNotice
        do { notice = try JSONDecoder().decode(HolidayNotice.self, from: data) } catch {
            throw CoreError.invalid(field: "file", "文件不是有效的节假日安排 JSON（需要 year、papers、days 字段，日期格式 YYYY-MM-DD）")
        }
        guard (2000...2100).contains(notice.year) else {
            throw CoreError.invalid(field: "year", "年份 \(notice.year) 超出范围")
        }
        var seen = Set<LocalDate>()
        for day in notice.days {
            guard seen.insert(day.date).inserted else {
                throw CoreError.invalid(field: "days", "日期 \(day.date) 重复出现")
            }
            // A notice may reach into the neighbouring years (e.g. 2022-12-31 in the 2023 notice).
            guard abs(day.date.year - notice.year) <= 1 else {
                throw CoreError.invalid(field: "days", "日期 \(day.date) 不属于 \(notice.year) 年的安排")
            }
        }
        return notice
    }
}

extension HolidayNotice {
    /// Builds a notice from inclusive ranges of days off and a list of make-up working days.
    static func from(year: Int, paper: String, off: [(String, String, String)], work: [String]) -> HolidayNotice {
        var days: [Day] = []
        for (name, first, last) in off {
            let a = LocalDate(iso: first)!, b = LocalDate(iso: last)!
            for n in a.dayNumber...b.dayNumber {
                days.append(Day(name: name, date: LocalDate(dayNumber: n), isOffDay: true))
            }
        }
        for date in work {
            days.append(Day(name: "调休上班", date: LocalDate(iso: date)!, isOffDay: false))
        }
        return HolidayNotice(year: year, papers: [paper], days: days.sorted { $0.date < $1.date })
    }

    /// The State Council notices for 2023–2026 (`rules.md` §1). Later years are loaded by an
    /// administrator from the notice's JSON, not added here.
    public static let builtIn: [HolidayNotice] = [
        from(year: 2023, paper: "国办发明电〔2022〕16号", off: [
            ("元旦", "2022-12-31", "2023-01-02"), ("春节", "2023-01-21", "2023-01-27"),
            ("清明节", "2023-04-05", "2023-04-05"), ("劳动节", "2023-04-29", "2023-05-03"),
            ("端午节", "2023-06-22", "2023-06-24"), ("中秋节、国庆节", "2023-09-29", "2023-10-06"),
        ], work: ["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"]),
        from(year: 2024, paper: "国办发明电〔2023〕7号", off: [
            ("元旦", "2024-01-01", "2024-01-01"), ("春节", "2024-02-10", "2024-02-17"),
            ("清明节", "2024-04-04", "2024-04-06"), ("劳动节", "2024-05-01", "2024-05-05"),
            ("端午节", "2024-06-10", "2024-06-10"), ("中秋节", "2024-09-15", "2024-09-17"),
            ("国庆节", "2024-10-01", "2024-10-07"),
        ], work: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"]),
        from(year: 2025, paper: "国办发明电〔2024〕12号", off: [
            ("元旦", "2025-01-01", "2025-01-01"), ("春节", "2025-01-28", "2025-02-04"),
            ("清明节", "2025-04-04", "2025-04-06"), ("劳动节", "2025-05-01", "2025-05-05"),
            ("端午节", "2025-05-31", "2025-06-02"), ("国庆节、中秋节", "2025-10-01", "2025-10-08"),
        ], work: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]),
        from(year: 2026, paper: "国务院办公厅 2025-11-04 通知", off: [
            ("元旦", "2026-01-01", "2026-01-03"), ("春节", "2026-02-15", "2026-02-23"),
            ("清明节", "2026-04-04", "2026-04-06"), ("劳动节", "2026-05-01", "2026-05-05"),
            ("端午节", "2026-06-19", "2026-06-21"), ("中秋节", "2026-09-25", "2026-09-27"),
            ("国庆节", "2026-10-01", "2026-10-07"),
        ], work: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
    ]
}
