/// The arithmetic of a token bucket, without clocks or waiting: callers pass the time in.
///
/// Kept as the generic cell rate algorithm in whole nanoseconds, so there is no floating-point drift: with `burst` 1
/// requests are spaced at least `1/rate` apart (the interval rounded up), so no window of one second ever holds more
/// than `rate` of them. A larger burst trades that guarantee for throughput after idle periods.
public struct TokenBucket: Sendable {
    public let ratePerSecond: Double
    public let burst: Int
    /// The time one token takes to refill.
    public let interval: Duration
    /// How far ahead of its theoretical time a request may go: the burst's worth of intervals.
    private let tolerance: Duration
    /// When the next request would be due if the bucket were drained at exactly the rate.
    private var theoreticalArrival: ContinuousClock.Instant

    public init(ratePerSecond: Double, burst: Int = 1, now: ContinuousClock.Instant = .now) {
        self.ratePerSecond = ratePerSecond
        self.burst = max(burst, 1)
        let nanoseconds = (1e9 / max(ratePerSecond, 1e-9)).rounded(.up)
        interval = .nanoseconds(Int64(min(nanoseconds, Double(Int64.max / 4))))
        tolerance = interval * (self.burst - 1)
        theoreticalArrival = now
    }

    /// Takes one token, going into debt if none is left, and says how long the caller must wait before using it.
    /// Debt queues callers in arrival order without a separate queue.
    public mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        let due = max(theoreticalArrival, now)
        theoreticalArrival = due + interval
        let sendAt = due - tolerance
        return sendAt > now ? sendAt - now : .zero
    }

    /// Takes up to `count` whole tokens that are free right now, for handing out as a batch lease; never goes into debt.
    public mutating func take(upTo count: Int, at now: ContinuousClock.Instant) -> Int {
        let due = max(theoreticalArrival, now)
        let slack = (now + tolerance) - due
        guard slack >= .zero, count > 0 else { return 0 }
        let available = Int(slack.nanoseconds / interval.nanoseconds) + 1
        let granted = min(count, available)
        theoreticalArrival = due + interval * granted
        return granted
    }

    /// How long until at least one whole token is free.
    public func timeUntilAvailable(at now: ContinuousClock.Instant) -> Duration {
        let sendAt = theoreticalArrival - tolerance
        return sendAt > now ? sendAt - now : .zero
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
