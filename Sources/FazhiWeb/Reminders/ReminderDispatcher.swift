import AsyncHTTPClient
import FazhiCore
import FazhiStore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Vapor

/// Delivers a claimed reminder through its channel. Every request carries the reminder's
/// idempotency key (`Idempotency-Key` header, the mail's Message-ID), so a receiver that honours
/// it takes a reminder re-sent after a crash as the one it already has.
struct ReminderChannels: Sendable {
    let config: ReminderConfig
    let client: HTTPClient

    func deliver(_ r: OutboxReminder) async -> DeliveryOutcome {
        // A verification SMS whose code was not filled in (its request's send failed, or the
        // process died): the code exists only as a hash, so it is never sent, nor retried.
        if r.body.contains(ReminderText.codeMark) {
            return DeliveryOutcome(id: r.id, ok: false, detail: "验证码只在获取时发送一次，不重试（验证码只以摘要保存）", final: true)
        }
        if let gateway = config.gateway, r.channel != .inbox {
            return DeliveryOutcome(id: r.id, ok: true, detail: "演示网关已接收，回执 " + gateway.receive(key: r.key))
        }
        do {
            let detail: String
            switch r.channel {
            // Put in the inbox by `ReminderOutbox.complete`, in the transaction that marks it sent.
            case .inbox: detail = "站内信"
            case .webhook:
                guard let url = config.webhookURL else { throw ChannelFailure("未配置工作群机器人地址（FAZHI_WEBHOOK_URL）") }
                detail = try await post(url, body: Data(Self.webhookPayload(r).bytes), key: r.key)
            case .sms:
                guard let template = config.smsURL else { throw ChannelFailure("未配置短信网关（FAZHI_SMS_URL）") }
                let fill: (String, (String) -> String) -> String = { text, encode in
                    text.replacingOccurrences(of: "{phone}", with: encode(r.recipient)).replacingOccurrences(of: "{text}", with: encode(r.body))
                        .replacingOccurrences(of: "{key}", with: encode(r.key))
                }
                let url = fill(template) { $0.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? $0 }
                if let body = config.smsBody {
                    detail = try await post(url, body: Data(fill(body, JSONWriter.escaped).utf8), key: r.key)
                } else {
                    detail = try await send(HTTPClientRequest(url: url), key: r.key)
                }
            case .email:
                guard let host = config.smtpHost else { throw ChannelFailure("未配置邮件服务器（FAZHI_SMTP）") }
                let smtp = SMTPClient(host: host, port: config.smtpPort, from: config.mailFrom, timeout: config.timeout)
                detail = try await smtp.send(to: r.recipient, subject: r.subject, body: r.body, messageID: r.key)
            }
            return DeliveryOutcome(id: r.id, ok: true, detail: detail)
        } catch {
            return DeliveryOutcome(id: r.id, ok: false, detail: String(describing: error))
        }
    }

    /// A group robot's text message (`msgtype` text), with the reminder's key, category and
    /// link for a receiver that reads them; keys in order.
    static func webhookPayload(_ r: OutboxReminder) -> JSONWriter {
        var w = JSONWriter(capacity: 256 + r.subject.utf8.count + r.body.utf8.count)
        w.beginObject()
        w.key("fazhi"); w.beginObject()
        w.key("category"); w.value(r.category)
        w.key("key"); w.value(r.key)
        w.key("link"); w.value(r.link ?? "")
        w.endObject()
        w.key("msgtype"); w.value("text")
        w.key("text"); w.beginObject(); w.key("content"); w.value(r.subject + "\n" + r.body); w.endObject()
        w.endObject()
        return w
    }

    private func post(_ url: String, body: Data, key: String) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.body = .bytes(ByteBuffer(data: body))
        return try await send(request, key: key)
    }

    private func send(_ request: HTTPClientRequest, key: String) async throws -> String {
        var request = request
        request.headers.add(name: "Idempotency-Key", value: key)
        let response = try await client.execute(request, timeout: .milliseconds(Int64(config.timeout * 1000)))
        let body = try await response.body.collect(upTo: 64 * 1024)
        let text = String(buffer: body).prefix(200)
        guard (200..<300).contains(response.status.code) else { throw ChannelFailure("HTTP \(response.status.code) \(text)") }
        return "HTTP \(response.status.code)"
    }
}

struct ChannelFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}

/// Claims due reminders in batches, delivers them with a bounded number in flight, and records
/// what came of each, until nothing due is left.
public struct ReminderDispatcher: Sendable {
    let db: any Database
    let config: ReminderConfig
    let channels: ReminderChannels

    /// One client for every dispatcher of the process, with connections enough for the number of
    /// deliveries in flight (the shared client keeps only eight per host).
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(db: any Database, config: ReminderConfig, client: HTTPClient = ReminderDispatcher.client) {
        self.db = db; self.config = config; self.channels = ReminderChannels(config: config, client: client)
    }

    public struct Tally: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
    }

    /// One pass: everything due at the moment each batch is claimed. The next batch is claimed
    /// as soon as the last of the current one is handed to a delivery slot, so the slots never
    /// wait for a batch to drain (a pause of a claim and the slowest deliveries at every batch).
    /// Each outcome is recorded before its delivery slot takes the next reminder (outcomes that
    /// finish together share one transaction), so a dispatcher that dies has at most
    /// `concurrency` deliveries made but not recorded: only those can be sent again by whoever
    /// takes its claims over.
    public func run(clock: Clock) async throws -> Tally {
        let recorder = OutcomeRecorder(db: db, config: config, clock: clock)
        let outcomes = try await deliver(recorder: recorder) {
            try await ReminderOutbox.claim(instance: config.instance, now: clock.now, lease: config.lease, limit: config.batch, on: db)
        }
        return Tally(sent: outcomes.ok, failed: outcomes.failed)
    }

    /// Delivers one reminder now; `code` fills a verification SMS's mark (the code is kept
    /// nowhere else). If it fails it waits for its retry like any other.
    public func send(_ id: Int64, code: String? = nil, clock: Clock) async throws -> Bool {
        var claimed = try await ReminderOutbox.claim(instance: config.instance, now: clock.now, lease: config.lease, limit: 1, only: id, on: db)
        if let code { claimed = claimed.map { $0.filling(ReminderText.codeMark, with: code) } }
        var batches = [claimed]
        let outcomes = try await deliver(recorder: OutcomeRecorder(db: db, config: config, clock: clock)) { batches.popLast() ?? [] }
        return outcomes.ok == 1
    }

    /// At most `concurrency` deliveries at once, of the batches `claim` gives until it gives
    /// none; a slot is free again once its outcome is recorded.
    func deliver(recorder: OutcomeRecorder, claim: () async throws -> [OutboxReminder]) async throws -> (ok: Int, failed: Int) {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var ok = 0, failed = 0, inFlight = 0
            var batch: [OutboxReminder] = [], next = 0, drained = false
            /// The next reminder to deliver, claiming a batch when the last is used up.
            func take() async throws -> OutboxReminder? {
                if next == batch.count && !drained {
                    batch = try await claim()
                    next = 0
                    drained = batch.isEmpty
                    await recorder.add(batch)
                }
                guard next < batch.count else { return nil }
                next += 1
                return batch[next - 1]
            }
            func start(_ r: OutboxReminder) {
                inFlight += 1
                group.addTask {
                    let outcome = await channels.deliver(r)
                    try await recorder.record(outcome)
                    return outcome.ok
                }
            }
            while inFlight < max(1, config.concurrency), let r = try await take() { start(r) }
            while let delivered = try await group.next() {
                inFlight -= 1
                if delivered { ok += 1 } else { failed += 1 }
                if let r = try await take() { start(r) }
            }
            return (ok, failed)
        }
    }
}

/// Records delivery outcomes as they come: one waits until the transaction that holds it has
/// committed. Outcomes that arrive while a transaction is being written go together in the next
/// (group commit), so recording each at once costs few transactions.
actor OutcomeRecorder {
    let db: any Database
    let config: ReminderConfig
    let clock: Clock
    /// The reminders claimed and not yet recorded.
    private var claimed: [Int64: OutboxReminder] = [:]
    private var waiting: [(DeliveryOutcome, CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    init(db: any Database, config: ReminderConfig, clock: Clock) {
        self.db = db; self.config = config; self.clock = clock
    }

    func add(_ batch: [OutboxReminder]) {
        for r in batch { claimed[r.id] = r }
    }

    func record(_ outcome: DeliveryOutcome) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiting.append((outcome, continuation))
            if !writing {
                writing = true
                Task { await self.write() }
            }
        }
    }

    private func write() async {
        while !waiting.isEmpty {
            let group = waiting
            waiting = []
            let outcomes = group.map(\.0)
            let reminders = outcomes.compactMap { claimed.removeValue(forKey: $0.id) }
            do {
                try await ReminderOutbox.complete(outcomes, claimed: reminders, instance: config.instance, now: clock.now,
                                                  retry: config.retry, on: db)
                for (_, c) in group { c.resume() }
            } catch {
                for (_, c) in group { c.resume(throwing: error) }
            }
        }
        writing = false
    }
}

/// Inside `fazhi serve` (once a demo being made is complete): every minute it delivers what is
/// due (new reminders, retries, SMS held back by quiet hours); at each whole hour (整点) one instance — the one that claims the hour in
/// `job_runs` — makes the moves of clocks that lapsed (`ClockLapses`), then plans the reminders that became due. Once a day one instance appends the audit
/// chain's signed head to the checkpoint file, when one is configured, and removes the files no
/// attachment names (`FileSweep`).
final class ReminderScheduler: LifecycleHandler, Sendable {
    static let job = "reminders.plan"
    static let checkpointJob = "audit.checkpoint"
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBoot(_ app: Application) throws {
        let db = app.db, config = app.fazhi.config.reminders, clock = app.fazhi.config.clock, logger = app.logger
        let checkpoints = app.fazhi.config.auditCheckpointFile, blobs = app.fazhi.blobs
        task.withLockedValue {
            $0 = Task.detached {
                while !Task.isCancelled {
                    await Self.tick(db: db, config: config, clock: clock, logger: logger)
                    if let checkpoints { await Self.checkpoint(to: checkpoints, db: db, instance: config.instance, logger: logger) }
                    await Self.sweep(blobs, db: db, instance: config.instance, logger: logger)
                    // The next minute of the system's time (the clock decides what is due, not when to look).
                    let now = Date().timeIntervalSince1970
                    let wait = 60 - now.truncatingRemainder(dividingBy: 60) + 0.5
                    try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        task.withLockedValue { $0?.cancel() }
    }

    static func hourSlot(_ date: Date) -> String {
        "\(LocalDate(date))T" + String(format: "%02d", LocalDate.hour(at: date))
    }

    /// The day's checkpoint of the audit chain, by the one instance that claims the day (a day of
    /// the system's time, like the audit trail's own timestamps).
    static func checkpoint(to path: String, db: any Database, instance: String, logger: Logger) async {
        do {
            let now = Date(), slot = LocalDate(now).description
            guard try await JobRuns.claim(job: checkpointJob, slot: slot, instance: instance, now: now, on: db) else { return }
            let checkpoint = try await AuditLog.checkpoint(on: db)
            try AuditCheckpointFile.append(checkpoint, to: path)
            try await JobRuns.finish(job: checkpointJob, slot: slot, outcome: "seq \(checkpoint.seq)", now: Date(), on: db)
        } catch {
            logger.report(error: error)
        }
    }

    /// The day's sweep of the file store, by the one instance that claims the day. Files are
    /// aged by the platform's clock, which the store stamps them with (`BlobStore.put`).
    static func sweep(_ blobs: BlobStore, db: any Database, instance: String, logger: Logger) async {
        do {
            let now = blobs.clock.now, slot = LocalDate(now).description
            guard try await JobRuns.claim(job: FileSweep.job, slot: slot, instance: instance, now: now, on: db) else { return }
            let outcome = try await FileSweep.run(blobs, now: now, on: db)
            try await JobRuns.finish(job: FileSweep.job, slot: slot, outcome: outcome.summary, now: blobs.clock.now, on: db)
            if outcome.removed > 0 { logger.info("files swept", metadata: ["removed": "\(outcome.removed)", "bytes": "\(outcome.removedBytes)"]) }
        } catch {
            logger.report(error: error)
        }
    }

    static func tick(db: any Database, config: ReminderConfig, clock: Clock, logger: Logger) async {
        do {
            // While a demo is being made its history delivers to its own gateway, day by day; the
            // live scheduler starts from where the history ends.
            guard try await DemoSteps.pending(on: db) == nil else { return }
            let now = clock.now, slot = hourSlot(now)
            // Clocks that lapsed into a move first, so the reminders planned next see the moved records.
            if try await JobRuns.claim(job: ClockLapses.job, slot: slot, instance: config.instance, now: now, on: db) {
                let lapsed = try await ClockLapses.run(now: now, on: db)
                try await JobRuns.finish(job: ClockLapses.job, slot: slot, outcome: "moved \(lapsed.moved), refused \(lapsed.refused.count)",
                                         now: clock.now, on: db)
                if lapsed.moved > 0 { logger.info("lapsed clocks moved", metadata: ["slot": .string(slot), "records": "\(lapsed.moved)"]) }
                for r in lapsed.refused {
                    logger.warning("lapsed clock not moved", metadata: ["register": .string(r.register), "record": .string(r.id.uuidString), "reason": .string(r.reason)])
                }
            }
            if try await JobRuns.claim(job: job, slot: slot, instance: config.instance, now: now, on: db) {
                let planned = try await ReminderPlanner.run(now: now, on: db)
                if planned.total >= PlannerStatistics.bulkRows { try await PlannerStatistics.refresh(tables: ["reminders"], on: db) }
                try await JobRuns.finish(job: job, slot: slot, outcome: "planned \(planned.total)", now: clock.now, on: db)
                logger.info("reminders planned", metadata: ["slot": .string(slot), "licences": "\(planned.licences)", "deadlines": "\(planned.deadlines)"])
            }
            let tally = try await ReminderDispatcher(db: db, config: config).run(clock: clock)
            if tally.sent + tally.failed > 0 {
                logger.info("reminders dispatched", metadata: ["sent": "\(tally.sent)", "failed": "\(tally.failed)"])
            }
        } catch {
            logger.report(error: error)
        }
    }
}

extension ReminderDispatcher {
    /// Sends a portal code's message once the page has answered, so that an answer takes the same
    /// time whether or not a code was made. The code lives only in this task; if the send fails,
    /// its outbox row is a dead letter and the person asks again. Shutdown waits for it as for a request.
    static func sendAfterAnswering(_ request: PortalCodes.Request, req: Request) {
        guard let reminder = request.reminder else { return }
        let services = req.application.fazhi, db = req.db, logger = req.logger
        services.inFlight.wrappingIncrement(ordering: .relaxed)
        Task.detached {
            defer { services.inFlight.wrappingDecrement(ordering: .relaxed) }
            do { _ = try await ReminderDispatcher(db: db, config: services.config.reminders).send(reminder, code: request.code, clock: services.config.clock) }
            catch { logger.report(error: error) }
        }
    }
}
