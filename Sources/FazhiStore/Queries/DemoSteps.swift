import FazhiCore
import Fluent
import Foundation
import SQLKit

/// The demo's progress, step by step (M026). A demo is requested (`request`, with its scale and
/// number of districts); each district's module and each day of the history is then one step,
/// made in one transaction that also records it (`claim`), and the last step records that the
/// demo is complete. A process killed during the demo leaves whole steps only: the next start
/// finds the request without its completion and resumes from the first step not done. Two
/// instances resuming at once (PostgreSQL) meet on the step's key: the second waits for the
/// first's commit and then skips the step.
public enum DemoSteps {
    /// What was asked for: how many districts, at what scale.
    public struct Request: Sendable, Equatable {
        public var scale: Int
        public var districts: Int
        public init(scale: Int, districts: Int) { self.scale = scale; self.districts = districts }
    }

    static let requested = "request", historyTotal = "history"
    public static let completed = "complete"

    /// Records that the demo is wanted, unless it already is (the first request's numbers stay);
    /// true when this call recorded it.
    @discardableResult
    public static func request(_ request: Request, now: Date, on db: any Database) async throws -> Bool {
        try await claim(requested, detail: "\(request.scale) \(request.districts)", now: now, on: db)
    }

    /// Takes back a request that found nothing to do (every district already had records).
    public static func withdraw(on db: any Database) async throws {
        try await db.sql.raw("DELETE FROM demo_steps WHERE step = \(bind: requested)").run()
    }

    /// The demo requested and not yet complete, if any: what a start resumes.
    public static func pending(on db: any Database) async throws -> Request? {
        struct Row: Decodable { var step: String; var detail: String }
        let rows = try await db.sql.raw("SELECT step, detail FROM demo_steps WHERE step IN (\(bind: requested), \(bind: completed))").all(decoding: Row.self)
        guard !rows.contains(where: { $0.step == completed }), let detail = rows.first?.detail else { return nil }
        let numbers = detail.split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return Request(scale: numbers[0], districts: numbers[1])
    }

    /// Records a step inside the transaction that does it; false when it is already done (then
    /// the caller does nothing). On PostgreSQL a second transaction claiming the same step waits
    /// for the first to end, then gets false if it committed.
    public static func claim(_ step: String, detail: String = "", now: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { var step: String }
        return !(try await db.sql.raw("""
            INSERT INTO demo_steps (step, detail, done_at) VALUES (\(bind: step), \(bind: detail), \(bind: RecordSQL.millis(now)))
            ON CONFLICT (step) DO NOTHING RETURNING step
            """).all(decoding: Row.self)).isEmpty
    }

    /// Does a step in one transaction that records it: nothing, giving `none`, when it is done
    /// already. The work is the engines' own; their writes join the step's transaction.
    public static func perform<T: Sendable>(_ step: String, none: T, now: Date, on db: any Database,
                                            _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await db.write { tx in
            guard try await claim(step, now: now, on: tx) else { return none }
            return try await work(tx)
        }
    }

    /// The steps done whose name starts with `prefix`.
    public static func done(prefix: String, on db: any Database) async throws -> Set<String> {
        struct Row: Decodable { var step: String }
        let rows = try await db.sql.raw("SELECT step FROM demo_steps WHERE step LIKE \(bind: prefix + "%")").all(decoding: Row.self)
        return Set(rows.map(\.step))
    }

    static func records(_ district: String, _ part: String) -> String { "records:\(district):\(part)" }

    /// A history's steps are named by the number of districts it lives (`history:2:2023-05-10`):
    /// districts added to a demo (`--districts`) get a history of their own, from the first day,
    /// in which the districts already there have nothing left to do.
    public static func history(districts: Int) -> String { "history:\(districts):" }
    public static func day(_ day: LocalDate, districts: Int) -> String { history(districts: districts) + day.description }
    public static func historyEnd(districts: Int) -> String { history(districts: districts) + "end" }

    /// The history's number of days, recorded when it begins (a resumed history keeps it).
    public static func historyDays(_ days: Int, districts: Int, now: Date, on db: any Database) async throws -> Int {
        let step = historyTotal + ":\(districts)"
        _ = try await claim(step, detail: String(days), now: now, on: db)
        struct Row: Decodable { var detail: String }
        let rows = try await db.sql.raw("SELECT detail FROM demo_steps WHERE step = \(bind: step)").all(decoding: Row.self)
        return rows.first.flatMap { Int($0.detail) } ?? days
    }

    /// How far a demo has come, for the sign-in page and the dashboard while it is being made.
    public struct Progress: Sendable, Equatable, Encodable {
        /// Districts' modules made, of all.
        public var modules = 0, moduleTotal = 0
        /// Days of the history lived, of all (0 of 0 before the history begins).
        public var days = 0, dayTotal = 0
        public var complete = false

        public init(modules: Int = 0, moduleTotal: Int = 0, days: Int = 0, dayTotal: Int = 0, complete: Bool = false) {
            self.modules = modules; self.moduleTotal = moduleTotal; self.days = days; self.dayTotal = dayTotal; self.complete = complete
        }

        /// A rough share of the work done: the records are about half of the demo's time.
        public var percent: Int {
            if complete { return 100 }
            let records = moduleTotal == 0 ? 0 : Double(modules) / Double(moduleTotal)
            let history = dayTotal == 0 ? 0 : Double(days) / Double(dayTotal)
            return min(99, Int((records * 50 + history * 50).rounded(.down)))
        }
    }

    /// The progress of the demo requested, from the steps recorded.
    public static func progress(on db: any Database) async throws -> Progress? {
        guard let request = try await pending(on: db) else {
            let done = try await self.done(prefix: completed, on: db)
            return done.isEmpty ? nil : Progress(complete: true)
        }
        struct Row: Decodable { var step: String; var detail: String }
        let history = history(districts: request.districts), total = historyTotal + ":\(request.districts)"
        let rows = try await db.sql.raw("""
            SELECT step, detail FROM demo_steps WHERE step LIKE 'records:%' OR step LIKE \(bind: history + "2%") OR step = \(bind: total)
            """).all(decoding: Row.self)
        var progress = Progress()
        progress.moduleTotal = request.districts * (Modules.all.count + 1)
        for row in rows {
            if row.step.hasPrefix("records:") { progress.modules += 1 }
            else if row.step == total { progress.dayTotal = Int(row.detail) ?? 0 }
            else { progress.days += 1 }
        }
        progress.modules = min(progress.modules, progress.moduleTotal)
        return progress
    }
}
