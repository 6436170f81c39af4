import FazhiCore
import Fluent
import Foundation

/// Holiday notices, seeded with the built-in years; later years are loaded by administrators.
struct M004_CreateCalendar: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("calendar_years")
            .field("year", .int, .identifier(auto: false))
            .field("papers", .string, .required)
            .field("loaded_at", .datetime, .required)
            .field("loaded_by", .string, .required)
            .create()
        try await db.schema("calendar_days")
            .id()
            .field("notice_year", .int, .required, .references("calendar_years", "year", onDelete: .cascade))
            .field("date", .string, .required)
            .field("name", .string, .required)
            .field("is_off_day", .bool, .required)
            .unique(on: "notice_year", "date")
            .create()
        for notice in HolidayNotice.builtIn {
            try await CalendarStore.save(notice, loadedBy: "内置", on: db, now: Date())
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema("calendar_days").delete()
        try await db.schema("calendar_years").delete()
    }
}
