/// How failed requests are retried: exponential backoff with jitter, bounded in attempts and in total time.
public struct StripeRetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The wait before the first retry; each later wait doubles, up to `maxBackoff`.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// No retry starts once this much time has passed since the first attempt.
    public var maxTotalTime: Duration
    /// A `Retry-After` longer than this is not waited out: the error is returned instead.
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 6, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
                maxTotalTime: Duration = .seconds(60), maxRetryAfter: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxTotalTime = maxTotalTime
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries at all.
    public static let none = StripeRetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry): half fixed, half random, so that
    /// many workers hit by the same 429 do not come back in step.
    public func backoff(beforeRetry retry: Int, random: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let base = min(initialBackoff * (1 << exponent), maxBackoff)
        return base / 2 + base * (min(max(random, 0), 1) / 2)
    }
}
