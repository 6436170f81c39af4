import FazhiCore
import Fluent
import Foundation

/// A loaded holiday notice (one per year); its days are in `calendar_days`.
public final class CalendarYear: Model, @unchecked Sendable {
    public static let schema = "calendar_years"
    @ID(custom: "year", generatedBy: .user) public var id: Int?
    @Field(key: "papers") public var papers: String
    @Field(key: "loaded_at") public var loadedAt: Date
    @Field(key: "loaded_by") public var loadedBy: String
    public init() {}
    public init(year: Int, papers: [String], loadedAt: Date, loadedBy: String) {
        self.id = year; self.papers = papers.joined(separator: "\n"); self.loadedAt = loadedAt; self.loadedBy = loadedBy
    }
}

public final class CalendarDay: Model, @unchecked Sendable {
    public static let schema = "calendar_days"
    @ID(key: .id) public var id: UUID?
    @Field(key: "notice_year") public var noticeYear: Int
    @Field(key: "date") public var date: String
    @Field(key: "name") public var name: String
    @Field(key: "is_off_day") public var isOffDay: Bool
    public init() {}
    public init(noticeYear: Int, day: HolidayNotice.Day) {
        self.noticeYear = noticeYear; self.date = day.date.description; self.name = day.name; self.isOffDay = day.isOffDay
    }
}
