/// A request the broker holds, queued or handed to a worker, with what the journal and re-dispatch need.
struct PendingRequest {
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
}
