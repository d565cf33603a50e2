import Synchronization

/// A token bucket per account and mode, as Stripe limits each account (25 requests/s in test mode and 100 in live by
/// default). A limit of 0 turns limiting off for that mode.
final class RateLimiter: Sendable {
    /// Requests per second allowed per account in each mode; 0 means unlimited.
    struct Limits: Sendable, Equatable {
        var test: Int
        var live: Int

        func limit(for mode: Mode) -> Int { mode == .test ? test : live }
    }

    private struct Bucket {
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
    }

    private struct State {
        var limits: Limits
        var buckets: [LedgerKey: Bucket] = [:]
    }

    private let state: Mutex<State>

    init(limits: Limits) {
        state = Mutex(State(limits: limits))
    }

    var limits: Limits {
        get { state.withLock { $0.limits } }
    }

    func setLimits(_ limits: Limits) {
        state.withLock {
            $0.limits = limits
            $0.buckets = [:]
        }
    }

    /// Takes one token for the ledger; false when the bucket is empty (answer 429).
    func allow(_ key: LedgerKey, at now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            let rate = state.limits.limit(for: key.mode)
            guard rate > 0 else { return true }
            var bucket = state.buckets[key] ?? Bucket(tokens: Double(rate), refilledAt: now)
            let elapsed = now - bucket.refilledAt
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(rate), bucket.tokens + seconds * Double(rate))
            bucket.refilledAt = now
            guard bucket.tokens >= 1 else {
                state.buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            state.buckets[key] = bucket
            return true
        }
    }

    func reset() {
        state.withLock { $0.buckets = [:] }
    }
}
