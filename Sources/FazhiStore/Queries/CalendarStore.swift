import FazhiCore
import Fluent
import Foundation

public enum CalendarStore {
    /// Stores (or replaces) a year's notice.
    public static func save(_ notice: HolidayNotice, loadedBy: String, on db: any Database, now: Date) async throws {
        try await CalendarDay.query(on: db).filter(\.$noticeYear == notice.year).delete()
        try await CalendarYear.query(on: db).filter(\.$id == notice.year).delete()
        try await CalendarYear(year: notice.year, papers: notice.papers, loadedAt: now, loadedBy: loadedBy).create(on: db)
        for day in notice.days {
            try await CalendarDay(noticeYear: notice.year, day: day).create(on: db)
        }
    }

    /// Loads a year's notice (a new one, or in place of the year's earlier one), with its entry in
    /// the audit trail, in one transaction. Records' clocks that ran into that year, counted until
    /// now by weekends only, are computed again in the same transaction; returns how many changed.
    @discardableResult
    public static func load(_ notice: HolidayNotice, actor: AuditActor, now: Date, on db: any Database) async throws -> Int {
        try await db.write { tx in
            let existed = try await CalendarYear.find(notice.year, on: tx) != nil
            try await save(notice, loadedBy: actor.name, on: tx, now: now)
            try await AuditLog.append(on: tx, actor: actor, action: existed ? .update : .create, entityType: "calendar_year",
                                      entityID: String(notice.year), after: AuditLog.snapshot(notice))
            guard let first = LocalDate(year: notice.year, month: 1, day: 1) else { return 0 }
            return try await RecordClocks.recompute(from: first, calculator: try await calculator(on: tx), actor: actor, now: now, on: tx)
        }
    }

    /// The deadline calculator of the stored calendar and the districts' own amounts.
    public static func calculator(on db: any Database) async throws -> DeadlineCalculator {
        DeadlineCalculator(calendar: try await calendar(on: db), local: try await LocalRuleStore.rules(on: db))
    }

    /// A loaded year as the calendar page lists it.
    public struct YearSummary: Sendable {
        public let year: Int; public let papers: [String]; public let offDays: Int; public let workDays: Int
        public let loadedAt: Date; public let loadedBy: String
    }

    public static func years(on db: any Database) async throws -> [YearSummary] {
        let years = try await CalendarYear.query(on: db).sort(\.$id).all()
        let days = Dictionary(grouping: try await CalendarDay.query(on: db).all(), by: \.noticeYear)
        return years.map { y in
            let d = days[y.id!] ?? []
            return YearSummary(year: y.id!, papers: y.papers.split(separator: "\n").map(String.init), offDays: d.filter(\.isOffDay).count,
                               workDays: d.filter { !$0.isOffDay }.count, loadedAt: y.loadedAt, loadedBy: y.loadedBy)
        }
    }

    public static func notices(on db: any Database) async throws -> [HolidayNotice] {
        let years = try await CalendarYear.query(on: db).sort(\.$id).all()
        let days = try await CalendarDay.query(on: db).all()
        let byYear = Dictionary(grouping: days, by: \.noticeYear)
        return years.map { y in
            HolidayNotice(
                year: y.id!, papers: y.papers.split(separator: "\n").map(String.init),
                days: (byYear[y.id!] ?? []).compactMap { d in
                    LocalDate(iso: d.date).map { HolidayNotice.Day(name: d.name, date: $0, isOffDay: d.isOffDay) }
                }.sorted { $0.date < $1.date })
        }
    }

    public static func calendar(on db: any Database) async throws -> WorkCalendar {
        WorkCalendar(notices: try await notices(on: db))
    }
}
