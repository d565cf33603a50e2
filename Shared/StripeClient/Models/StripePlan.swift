/// A legacy Stripe plan, still sent beside the price on subscription items and in `plan.*` events.
public struct StripePlan: StripeIdentified {
    public let id: String
    public let created: Int64
    public let livemode: Bool
    public let active: Bool
    public let currency: String
    public let product: StripeExpandable<StripeProduct>?
    public let amount: Int64?
    public let amountDecimal: String?
    public let billingScheme: StripeBillingScheme
    public let tiersMode: StripeTiersMode?
    public let tiers: [StripePriceTier]?
    public let interval: StripeRecurringInterval
    public let intervalCount: Int
    public let usageType: StripeUsageType
    public let meter: String?
    public let transformUsage: StripeTransformQuantity?
    public let trialPeriodDays: Int?
    public let nickname: String?
    public let metadata: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, created, livemode, active, currency, product, amount, tiers, interval, meter, nickname, metadata
        case amountDecimal = "amount_decimal"
        case billingScheme = "billing_scheme"
        case tiersMode = "tiers_mode"
        case intervalCount = "interval_count"
        case usageType = "usage_type"
        case transformUsage = "transform_usage"
        case trialPeriodDays = "trial_period_days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        active = try c.value(.active, default: true)
        currency = try c.decode(String.self, forKey: .currency)
        product = try c.optional(.product)
        amount = try c.optional(.amount)
        amountDecimal = try c.optional(.amountDecimal)
        billingScheme = try c.value(.billingScheme, default: .perUnit)
        tiersMode = try c.optional(.tiersMode)
        tiers = try c.optional(.tiers)
        interval = try c.decode(StripeRecurringInterval.self, forKey: .interval)
        intervalCount = try c.value(.intervalCount, default: 1)
        usageType = try c.value(.usageType, default: .licensed)
        meter = try c.optional(.meter)
        transformUsage = try c.optional(.transformUsage)
        trialPeriodDays = try c.optional(.trialPeriodDays)
        nickname = try c.optional(.nickname)
        metadata = try c.metadata(.metadata)
    }
}
