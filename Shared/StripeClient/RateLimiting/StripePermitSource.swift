/// Hands out request permits in batches from a budget shared by several processes (one per Stripe account).
///
/// The connection service implements it on its side with a `TokenBucket` per account; the other services
/// implement it as an RPC call to that method and wrap it in `LeasedPermitRateLimiter`.
public protocol StripePermitSource: Sendable {
    /// Grants between 1 and `count` permits, waiting until at least one is free.
    func lease(upTo count: Int) async throws -> StripePermitLease
}

/// Permits granted by a `StripePermitSource`: usable within `validFor` of their receipt, then void.
public struct StripePermitLease: Sendable, Hashable {
    public let count: Int
    /// Short, so a permit leased but unused cannot be spent late and crowd a later second.
    public let validFor: Duration

    public init(count: Int, validFor: Duration) {
        self.count = count
        self.validFor = validFor
    }
}
