/// One request as the worker loop received it from the broker.
struct IncomingRequest: Sendable {
    let token: [UInt8]
    let budget: Duration
    let envelope: [UInt8]
    let receivedAt: ContinuousClock.Instant
    /// The connection it arrived on; a reply for an older connection is not sent.
    let generation: Int
}
