import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support

/// Delivers events to webhook endpoints: signed POSTs, retried with backoff on failure, with switches for paused,
/// duplicate and out-of-order delivery. Runs as one task, with up to eight deliveries in flight (one at a time when
/// the order is the point).
actor WebhookDispatcher {
    private struct Job {
        let delivery: PendingDelivery
        let sequence: Int
        var attempt: Int
        var dueAt: ContinuousClock.Instant
    }

    private let store: SimStore
    private let logger: Logger
    private let session: URLSession
    private var switches: WebhookSwitches
    private var jobs: [Job] = []
    private var nextSequence = 0
    private var attempts: [DeliveryAttempt] = []
    static let keptAttempts = 10_000

    init(store: SimStore, switches: WebhookSwitches, logger: Logger) {
        self.store = store
        self.switches = switches
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = switches.timeoutSeconds
        session = URLSession(configuration: configuration)
    }

    var currentSwitches: WebhookSwitches { switches }

    func setSwitches(_ next: WebhookSwitches) {
        switches = next
    }

    func enqueue(_ deliveries: [PendingDelivery]) {
        let hold: Duration = switches.outOfOrder ? .milliseconds(switches.holdMilliseconds) : .zero
        for delivery in deliveries {
            jobs.append(Job(delivery: delivery, sequence: nextSequence, attempt: 1, dueAt: .now + hold))
            nextSequence += 1
        }
    }

    /// Sends everything held now, ignoring `paused` and the out-of-order window (retries keep their schedule).
    func flush() async {
        let now = ContinuousClock.now
        for index in jobs.indices where jobs[index].attempt == 1 { jobs[index].dueAt = now }
        await sendDue(ignoringPause: true)
    }

    var pendingCount: Int { jobs.count }

    func reset() {
        jobs = []
        attempts = []
    }

    func renderAttempts(event: String?) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.beginObject()
        writer.key("pending"); writer.int(jobs.count)
        writer.key("data")
        writer.beginArray()
        for attempt in attempts where event == nil || attempt.eventID == event {
            attempt.render(into: &writer)
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// The delivery loop; returns when cancelled.
    func run() async {
        while !Task.isCancelled {
            await sendDue(ignoringPause: false)
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func sendDue(ignoringPause: Bool) async {
        guard ignoringPause || !switches.paused else { return }
        let now = ContinuousClock.now
        guard jobs.contains(where: { $0.dueAt <= now }) else { return }
        // Out of order: everything enqueued within one hold window goes out as one batch, newest first.
        let horizon = switches.outOfOrder ? now + .milliseconds(switches.holdMilliseconds) : now
        var due = jobs.filter { $0.dueAt <= horizon }
        let dueSequences = Set(due.map(\.sequence))
        jobs.removeAll { dueSequences.contains($0.sequence) }
        due.sort { switches.outOfOrder ? $0.sequence > $1.sequence : $0.sequence < $1.sequence }
        if switches.outOfOrder {
            // The order is the point: one at a time.
            for job in due { await deliver(job) }
            return
        }
        // Like Stripe, several deliveries are in flight at once, so one slow receiver does not hold up the rest.
        var index = 0
        while index < due.count {
            let batch = due[index..<min(index + WebhookDispatcher.parallelDeliveries, due.count)]
            await withTaskGroup(of: Void.self) { group in
                for job in batch { group.addTask { await self.deliver(job) } }
            }
            index += batch.count
        }
    }

    static let parallelDeliveries = 8

    /// Sends one job (twice with duplicates on) and schedules its retry when it failed.
    private func deliver(_ job: Job) async {
        let delivered = await send(job, duplicate: false)
        if switches.duplicates { _ = await send(job, duplicate: true) }
        guard !delivered else { return }
        if job.attempt < switches.maxAttempts {
            var retry = job
            retry.attempt += 1
            retry.dueAt = .now + .milliseconds(Int(switches.retryDelay(afterAttempt: job.attempt) * 1000))
            jobs.append(retry)
        } else {
            logger.warning("webhook delivery given up", ["event": job.delivery.eventID, "endpoint": job.delivery.endpointID,
                                                         "attempts": String(job.attempt)])
        }
    }

    /// POSTs one event; true when the endpoint answered 2xx (or no longer exists, so there is nothing to retry).
    private func send(_ job: Job, duplicate: Bool) async -> Bool {
        guard let box = store.box(job.delivery.ledger) else { return true }
        let found = box.state.withLock { ledger -> (WebhookEndpoint, Event, [UInt8])? in
            guard let endpoint = ledger.webhookEndpoints.resource(job.delivery.endpointID), !endpoint.disabled,
                  let entry = ledger.events.entry(job.delivery.eventID) else { return nil }
            return (endpoint, entry.resource, entry.json)
        }
        guard let (endpoint, event, payload) = found, let url = URL(string: endpoint.url) else { return true }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(payload)
        request.timeoutInterval = switches.timeoutSeconds
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("Stripe/1.0 (+https://stripe.com/docs/webhooks)", forHTTPHeaderField: "User-Agent")
        let timestamp = Int(Date().timeIntervalSince1970)
        request.setValue(WebhookSignature.header(payload: payload, secret: endpoint.secret, timestamp: timestamp),
                         forHTTPHeaderField: "Stripe-Signature")
        var status: Int?
        var failure: String?
        do {
            let (_, response) = try await session.data(for: request)
            status = (response as? HTTPURLResponse)?.statusCode
        } catch {
            failure = String(describing: error)
        }
        let succeeded = status.map { (200..<300).contains($0) } ?? false
        record(DeliveryAttempt(eventID: event.id, eventType: event.type, endpointID: endpoint.id, url: endpoint.url,
                               attempt: job.attempt, duplicate: duplicate, status: status, error: failure,
                               at: Date().timeIntervalSince1970))
        if succeeded, !duplicate {
            box.state.withLock { $0.markDelivered(eventID: event.id, endpointID: endpoint.id) }
        }
        return succeeded
    }

    private func record(_ attempt: DeliveryAttempt) {
        attempts.append(attempt)
        if attempts.count > WebhookDispatcher.keptAttempts { attempts.removeFirst(attempts.count - WebhookDispatcher.keptAttempts) }
    }
}
