/// Limits the requests of this process with a token bucket; requests wait their turn in arrival order.
public actor TokenBucketRateLimiter: StripeRateLimiter {
    private var bucket: TokenBucket

    public init(ratePerSecond: Double, burst: Int = 1) {
        bucket = TokenBucket(ratePerSecond: ratePerSecond, burst: burst)
    }

    public func acquire() async throws {
        let wait = bucket.reserve(at: .now)
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
    }
}
