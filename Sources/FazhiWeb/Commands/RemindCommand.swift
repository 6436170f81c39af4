import FazhiCore
import FazhiStore
import Foundation
import Vapor

/// `fazhi remind --once`: one pass of the reminder scheduler — make the moves of lapsed clocks,
/// plan what has become due, then deliver everything due — without waiting for the hour. Safe beside running instances: keys
/// and claims make sure nothing is planned or sent twice.
struct RemindCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "执行一轮：计划到期提醒并发送") var once: Bool
        @Flag(name: "dispatch-only", help: "只发送已计划的提醒") var dispatchOnly: Bool
    }
    var help: String { "到期提醒：计划并发送一轮（--once）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.once || signature.dispatchOnly else { throw CommandFailure("用法：fazhi remind --once 或 fazhi remind --dispatch-only") }
        let app = context.application
        if !signature.dispatchOnly {
            let lapsed = try await ClockLapses.run(now: app.fazhi.config.clock.now, on: app.db)
            if lapsed.moved > 0 { context.console.print("期限届满、依法自动流转 \(lapsed.moved) 件（如视为受理）") }
            for r in lapsed.refused { context.console.print("未能自动流转：\(r.register) \(r.id.uuidString)：\(r.reason)") }
            let planned = try await ReminderPlanner.run(now: app.fazhi.config.clock.now, on: app.db)
            context.console.print("已计划提醒 \(planned.total) 条（证照到期 \(planned.licences) 条，办理期限 \(planned.deadlines) 条）")
        }
        let tally = try await ReminderDispatcher(db: app.db, config: app.fazhi.config.reminders).run(clock: app.fazhi.config.clock)
        context.console.print("已发送 \(tally.sent) 条，未成功 \(tally.failed) 条（将按退避时间重试）")
    }
}
