import FazhiCore
import FazhiStore
import Vapor

/// A record's clocks as its page and the API show them: the due date with what was deducted and
/// extended, the rule it comes from, and every event.
extension RecordsController {
    struct ClockEventDTO: Content {
        let kind: String; let label: String; let day: String; let reason: String
        /// An extension's chosen days, when it was not the rule's whole extension.
        let days: Int?
        let recordedAt: Date
    }
    struct ClockDTO: Content {
        /// The due field that holds the clock's date.
        let field: String; let label: String
        let rule: String; let source: String
        let start: String; let due: String?; let provisional: Bool; let pausedSince: String?; let extended: Bool
        /// "2024-03-28（已扣除征求第三方意见 6 个工作日，已延长 20 个工作日）"
        let text: String
        let events: [ClockEventDTO]
    }
    struct ClockList: Content { let items: [ClockDTO] }

    func clocks(_ req: Request, _ row: RecordRow) async throws -> [ClockDTO] {
        guard type.deadlines.contains(where: \.isClock) else { return [] }
        let entries = try await RecordClocks.entries(type, id: row.id, on: req.db)
        return try RecordClocks.readings(type, row, events: entries.map(\.event), calculator: try await calculator(req)).map { d, r in
            ClockDTO(field: d.field, label: type.field(d.field)?.label ?? d.field, rule: r.rule.id, source: r.source, start: r.start.description,
                     due: r.deadline?.due.description, provisional: r.deadline?.provisional ?? false, pausedSince: r.pausedSince?.day.description,
                     extended: r.extended, text: r.text,
                     events: entries.filter { $0.event.clock == d.field }.map {
                         ClockEventDTO(kind: $0.event.kind.rawValue, label: $0.event.kind.label, day: $0.event.day.description,
                                       reason: $0.event.reason, days: $0.event.days, recordedAt: $0.recordedAt)
                     })
        }
    }

    func clockList(req: Request) async throws -> ClockList {
        ClockList(items: try await clocks(req, try await record(req)))
    }
}
