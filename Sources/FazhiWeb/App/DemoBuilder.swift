import FazhiCore
import FazhiStore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Makes the demo behind a serving platform: the first start answers at once, and the demo's
/// records and history are made step by step in the background (`DemoHistory.generate`). A start
/// after a stop during the demo resumes it from its first step not done (`DemoSteps`). Until it
/// is complete, `/readyz` answers 503 and every page shows its progress. It writes through
/// connections of its own (`DatabaseID.background`), so requests never wait for a connection it
/// holds; a request that writes waits for the step being written (seconds for a module's records,
/// a moment for a day of the history).
final class DemoBuilder: LifecycleHandler, Sendable {
    let request: DemoSteps.Request
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(_ request: DemoSteps.Request) { self.request = request }

    func didBootAsync(_ app: Application) async throws {
        let db = app.db(.background), services = app.fazhi, hasher = app.password, logger = app.logger, request = request
        services.demoProgress.withLockedValue { $0 = DemoSteps.Progress() }
        task.withLockedValue {
            $0 = Task.detached {
                do {
                    let step: @Sendable () async throws -> Void = {
                        try Task.checkCancellation()
                        let progress = try await DemoSteps.progress(on: db)
                        services.demoProgress.withLockedValue { $0 = progress }
                    }
                    try await step()
                    let made = try await DemoHistory.generate(scale: request.scale, districts: request.districts, on: db, config: services.config.reminders,
                                                              calculator: services.calculator(on: db), now: services.config.clock.now,
                                                              hash: { try hasher.hash($0) }, step: step)
                    if services.config.printCredentials {
                        say("已生成演示数据：\(made.records) 条登记簿记录（\(made.districts.joined(separator: "、"))），"
                            + "提醒计划与发送按日运行 \(made.history.days) 天，发送提醒 \(made.history.sent) 条")
                    }
                    services.dataChanged()
                    services.demoProgress.withLockedValue { $0 = nil }
                } catch is CancellationError {
                    logger.info("demo paused: the next start resumes it")
                } catch let refusal as DemoRecords.Failure {
                    // Nothing of it can be made (its districts hold other records): it is not asked for again.
                    try? await DemoSteps.withdraw(on: db)
                    services.demoProgress.withLockedValue { $0 = nil }
                    say("演示数据未生成：\(refusal.description)")
                } catch {
                    // The platform serves what is there; the next start goes on from the step that failed.
                    services.demoProgress.withLockedValue { $0 = nil }
                    logger.report(error: error)
                    say("演示数据未能生成完：\(error)。下次启动时从未完成的一步继续。")
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { $0 }
        running?.cancel()
        await running?.value
    }
}

extension DemoSteps.Progress {
    /// What the pages say while the demo is being made.
    var banner: String {
        var parts = ["登记簿记录 \(modules)/\(moduleTotal) 项"]
        if dayTotal > 0 { parts.append("提醒与换发的历史 \(days)/\(dayTotal) 天") }
        return "演示数据正在后台生成（约 \(percent)%：" + parts.joined(separator: "，") + "）。生成完成前，统计、报告和提醒还不完整；刷新页面可查看进度。"
    }
}
