/// One request as the worker received it from the broker.
struct IncomingRequest: Sendable {
    /// The worker's own number for it, to match the handler's reply with the request.
    let id: UInt64
    let token: [UInt8]
    let budget: Duration
    let envelope: [UInt8]
    let receivedAt: ContinuousClock.Instant
    /// Where the task that starts for it is kept (a task that takes it over from another request uses its own).
    let slot: HandlerSlot
}
