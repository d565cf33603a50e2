/// Test or live data; a key's prefix decides it, and it never changes for a connection.
public enum StripeMode: String, Sendable, Hashable, CaseIterable {
    case test
    case live

    /// The most requests per second this client sends to Stripe's own API with a key of this mode.
    public var stripeRateLimitCeiling: Double {
        switch self {
        case .test: 25
        case .live: 100
        }
    }
}
