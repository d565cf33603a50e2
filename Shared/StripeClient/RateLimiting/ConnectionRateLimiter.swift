/// Spends permits of the account-wide Stripe budget that the connection service leases out, so every service and
/// worker process of an account together stays under Stripe's limit.
///
/// A lease asks for as many permits as there are callers waiting right now (at most `maxBatch`), so a lone
/// sequential sync asks for one at a time and never strands permits, while concurrent callers share one round trip.
/// Permits left when a lease expires are reported with the next request and go back to the budget.
/// The lease itself is a closure (the AcquireRatePermits call over the bus), so this module stays free of the bus.
public actor ConnectionRateLimiter: StripeRateLimiter {
    /// One request for permits, with the unspent rest of the previous lease.
    public struct LeaseRequest: Sendable, Hashable {
        public var count: Int
        public var returnedLeaseId: Int64
        public var returnedUnused: Int

        public init(count: Int, returnedLeaseId: Int64 = 0, returnedUnused: Int = 0) {
            self.count = count
            self.returnedLeaseId = returnedLeaseId
            self.returnedUnused = returnedUnused
        }
    }

    /// The connection service's answer to a `LeaseRequest`.
    public struct LeaseReply: Sendable, Hashable {
        public var granted: Int
        public var leaseId: Int64
        public var validFor: Duration
        public var retryAfter: Duration
        public var unlimited: Bool

        public init(granted: Int, leaseId: Int64, validFor: Duration, retryAfter: Duration, unlimited: Bool) {
            self.granted = granted
            self.leaseId = leaseId
            self.validFor = validFor
            self.retryAfter = retryAfter
            self.unlimited = unlimited
        }
    }

    public typealias Lease = @Sendable (LeaseRequest) async throws -> LeaseReply

    private struct Granted: Sendable {
        var reply: LeaseReply
        var requestedAt: ContinuousClock.Instant
    }

    private let lease: Lease
    private let maxBatch: Int
    private let unlimitedRecheck: Duration
    private var leaseId: Int64 = 0
    private var remaining = 0
    private var expiresAt = ContinuousClock.now
    private var unlimitedUntil: ContinuousClock.Instant?
    private var waiting = 0
    private var pending: Task<Granted, any Error>?

    /// `lease` performs the AcquireRatePermits call; `unlimitedRecheck` is how long an "unlimited" answer is trusted.
    public init(maxBatch: Int = 10, unlimitedRecheck: Duration = .seconds(30), lease: @escaping Lease) {
        self.lease = lease
        self.maxBatch = max(maxBatch, 1)
        self.unlimitedRecheck = unlimitedRecheck
    }

    public func acquire() async throws {
        waiting += 1
        defer { waiting -= 1 }
        while true {
            try Task.checkCancellation()
            let now = ContinuousClock.now
            if let unlimitedUntil, now < unlimitedUntil { return }
            if remaining > 0, now < expiresAt {
                remaining -= 1
                return
            }
            let task = pending ?? startLease()
            let granted: Granted
            do {
                granted = try await task.value
            } catch {
                if pending == task { pending = nil }
                throw error
            }
            guard pending == task else { continue }
            pending = nil
            if granted.reply.unlimited {
                unlimitedUntil = .now + unlimitedRecheck
                continue
            }
            leaseId = granted.reply.leaseId
            remaining = granted.reply.granted
            // Counted from when the request left, which is no later than when the budget counted the grant.
            expiresAt = granted.requestedAt + granted.reply.validFor
        }
    }

    /// Permits still spendable from the current lease (for tests and diagnostics).
    public var spendable: Int { ContinuousClock.now < expiresAt ? remaining : 0 }

    /// Starts one lease round for everyone waiting; it retries after the advised wait until permits come.
    private func startLease() -> Task<Granted, any Error> {
        var request = LeaseRequest(count: min(max(waiting, 1), maxBatch))
        if remaining > 0 {
            request.returnedLeaseId = leaseId
            request.returnedUnused = remaining
            remaining = 0
        }
        let lease = self.lease
        let task = Task<Granted, any Error> {
            var next = request
            while true {
                let requestedAt = ContinuousClock.now
                let reply = try await lease(next)
                if reply.unlimited || reply.granted > 0 { return Granted(reply: reply, requestedAt: requestedAt) }
                next.returnedLeaseId = 0
                next.returnedUnused = 0
                try await Task.sleep(for: max(reply.retryAfter, .milliseconds(1)))
            }
        }
        pending = task
        return task
    }
}
