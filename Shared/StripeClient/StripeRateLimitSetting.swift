/// The request rate a client may send for one key.
public enum StripeRateLimitSetting: Sendable, Hashable {
    /// The ceiling for the key's mode: 25 requests/s for test keys, 100 for live keys.
    case modeCeiling
    /// A chosen rate; above the mode's ceiling only against a base URL that is not Stripe's own.
    case perSecond(Double)
    /// No limit; only against a base URL that is not Stripe's own (an emulator, for benchmarks).
    case unlimited
}
