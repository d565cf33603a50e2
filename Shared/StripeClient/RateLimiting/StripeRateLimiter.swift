/// Decides when the client may send its next request; the client awaits it before every attempt, retries included.
///
/// `TokenBucketRateLimiter` limits one process. A budget shared by every worker of an account implements this same
/// protocol, usually as `LeasedPermitRateLimiter` over a `StripePermitSource` that the connection service serves.
public protocol StripeRateLimiter: Sendable {
    /// Returns when one request may be sent; throws `CancellationError` if the task is cancelled while waiting.
    func acquire() async throws
}

/// A limiter that never waits, for emulators with the rate limit switched off.
public struct UnlimitedRateLimiter: StripeRateLimiter {
    public init() {}
    public func acquire() async throws {}
}
