/// How idempotent calls are retried after UNAVAILABLE: exponential backoff with jitter, within the call's deadline.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in total, the first included; 1 turns retries off.
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var multiplier: Double
    /// Each wait is scaled by a random factor in 1 ± jitter, so callers that failed together do not retry together.
    public var jitter: Double

    public init(maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(50), maxBackoff: Duration = .seconds(1),
                multiplier: Double = 2, jitter: Double = 0.2) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func backoff(after attempt: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(1, attempt) { wait = min(maxBackoff, wait * multiplier) }
        let factor = 1 + Double.random(in: -jitter...jitter)
        return min(maxBackoff, wait * factor)
    }
}
