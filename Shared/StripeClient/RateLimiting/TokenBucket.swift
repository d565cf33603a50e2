/// The arithmetic of a token bucket, without clocks or waiting: callers pass the time in.
///
/// With `burst` 1 requests are spaced at least `1/rate` apart, so no window of one second ever holds more than
/// `rate` of them; a larger burst trades that guarantee for throughput after idle periods.
public struct TokenBucket: Sendable {
    public let ratePerSecond: Double
    public let burst: Double
    private var tokens: Double
    private var updatedAt: ContinuousClock.Instant

    public init(ratePerSecond: Double, burst: Int = 1, now: ContinuousClock.Instant = .now) {
        self.ratePerSecond = max(ratePerSecond, .leastNonzeroMagnitude)
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
        self.updatedAt = now
    }

    /// Takes one token, going into debt if none is left, and says how long the caller must wait before using it.
    /// Debt queues callers in arrival order without a separate queue.
    public mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        refill(at: now)
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens / ratePerSecond)
    }

    /// Takes up to `count` whole tokens that are free right now, for handing out as a batch lease; never goes into debt.
    public mutating func take(upTo count: Int, at now: ContinuousClock.Instant) -> Int {
        refill(at: now)
        let granted = min(max(count, 0), Int(max(tokens, 0).rounded(.down)))
        tokens -= Double(granted)
        return granted
    }

    /// How long until at least one whole token is free.
    public mutating func timeUntilAvailable(at now: ContinuousClock.Instant) -> Duration {
        refill(at: now)
        return tokens >= 1 ? .zero : .seconds((1 - tokens) / ratePerSecond)
    }

    private mutating func refill(at now: ContinuousClock.Instant) {
        guard now > updatedAt else { return }
        let elapsed = (now - updatedAt).seconds
        tokens = min(burst, tokens + elapsed * ratePerSecond)
        updatedAt = now
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
