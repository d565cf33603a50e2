/// A request the broker holds, queued or handed to a worker, with what the journal and re-dispatch need.
///
/// A class: it moves between a service's queue, the in-flight table and the journal many times per call, and a
/// struct of this many strings and arrays would retain and release each of them on every move.
final class PendingRequest {
    let client: [UInt8]
    let requestId: String
    /// Forwarded to the worker exactly as received.
    let envelope: [UInt8]
    let service: String
    let method: String
    let idempotent: Bool
    let workspaceId: String
    let caller: String
    let traceId: String
    let attempt: UInt32
    let responseType: String
    let receivedAt: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    /// How many workers it has been given to (more than one only after a worker died holding it).
    var dispatches = 0
    /// When it was last given to a worker.
    var dispatchedAt: ContinuousClock.Instant?

    init(client: [UInt8], requestId: String, envelope: [UInt8], service: String, method: String, idempotent: Bool,
         workspaceId: String, caller: String, traceId: String, attempt: UInt32, responseType: String,
         receivedAt: ContinuousClock.Instant, deadline: ContinuousClock.Instant) {
        self.client = client
        self.requestId = requestId
        self.envelope = envelope
        self.service = service
        self.method = method
        self.idempotent = idempotent
        self.workspaceId = workspaceId
        self.caller = caller
        self.traceId = traceId
        self.attempt = attempt
        self.responseType = responseType
        self.receivedAt = receivedAt
        self.deadline = deadline
    }
}
