/// Waits on each limiter in turn: the client's own ceiling first, then a shared budget, so a permit leased from
/// the shared budget is never left to expire while this process waits on its own limit.
public struct SequentialRateLimiter: StripeRateLimiter {
    public let limiters: [any StripeRateLimiter]

    public init(_ limiters: [any StripeRateLimiter]) {
        self.limiters = limiters
    }

    public func acquire() async throws {
        for limiter in limiters {
            try await limiter.acquire()
        }
    }
}
