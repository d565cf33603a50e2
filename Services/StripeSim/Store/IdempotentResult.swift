/// The stored outcome of a POST sent with an `Idempotency-Key`, replayed for a retry with the same parameters.
struct IdempotentResult: Sendable {
    /// Method, path and canonical parameters of the first request.
    let fingerprint: String
    let status: Int
    let body: [UInt8]
    let storedAt: Int
}
