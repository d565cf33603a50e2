/// The schedule of a recurring price.
public struct StripeRecurring: Decodable, Sendable, Hashable {
    public let interval: StripeRecurringInterval
    public let intervalCount: Int
    public let usageType: StripeUsageType
    /// The billing meter of a metered price, by id (newer API versions require one).
    public let meter: String?
    /// Older API versions' aggregation of metered usage (`sum`, `max`, …).
    public let aggregateUsage: String?
    public let trialPeriodDays: Int?

    private enum CodingKeys: String, CodingKey {
        case interval, meter
        case intervalCount = "interval_count"
        case usageType = "usage_type"
        case aggregateUsage = "aggregate_usage"
        case trialPeriodDays = "trial_period_days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        interval = try c.decode(StripeRecurringInterval.self, forKey: .interval)
        intervalCount = try c.value(.intervalCount, default: 1)
        usageType = try c.value(.usageType, default: .licensed)
        meter = try c.optional(.meter)
        aggregateUsage = try c.optional(.aggregateUsage)
        trialPeriodDays = try c.optional(.trialPeriodDays)
    }
}
