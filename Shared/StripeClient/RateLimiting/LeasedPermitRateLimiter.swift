/// Spends permits leased in batches from a shared budget, fetching the next batch only when this one is used or expired.
public actor LeasedPermitRateLimiter: StripeRateLimiter {
    private let source: any StripePermitSource
    private let batchSize: Int
    private var remaining = 0
    private var expiresAt = ContinuousClock.Instant.now
    private var pendingLease: Task<StripePermitLease, any Error>?

    public init(source: any StripePermitSource, batchSize: Int = 5) {
        self.source = source
        self.batchSize = max(batchSize, 1)
    }

    public func acquire() async throws {
        while true {
            try Task.checkCancellation()
            if remaining > 0, ContinuousClock.now < expiresAt {
                remaining -= 1
                return
            }
            // One lease request at a time; everyone waiting shares its result.
            let lease: Task<StripePermitLease, any Error>
            if let pendingLease {
                lease = pendingLease
            } else {
                let source = self.source
                let batchSize = self.batchSize
                lease = Task { try await source.lease(upTo: batchSize) }
                pendingLease = lease
            }
            let granted: StripePermitLease
            do {
                granted = try await lease.value
            } catch {
                if pendingLease == lease { pendingLease = nil }
                throw error
            }
            if pendingLease == lease {
                pendingLease = nil
                remaining = max(granted.count, 0)
                expiresAt = .now + granted.validFor
            }
        }
    }
}
