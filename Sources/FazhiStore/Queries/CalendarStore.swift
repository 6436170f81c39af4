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
