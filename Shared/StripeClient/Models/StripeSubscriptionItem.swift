/// One line of a subscription: a price and its quantity.
public struct StripeSubscriptionItem: StripeIdentified {
    public let id: String
    public let created: Int64
    public let subscription: String?
    public let price: StripePrice
    /// The legacy plan view of the same price, when Stripe sends it.
    public let plan: StripePlan?
    public let quantity: Int64?
    public let metadata: [String: String]
    /// Newer API versions keep the current period on each item rather than on the subscription.
    public let currentPeriodStart: Int64?
    public let currentPeriodEnd: Int64?

    private enum CodingKeys: String, CodingKey {
        case id, created, subscription, price, plan, quantity, metadata
        case currentPeriodStart = "current_period_start"
        case currentPeriodEnd = "current_period_end"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        subscription = try c.optional(.subscription)
        price = try c.decode(StripePrice.self, forKey: .price)
        plan = try c.optional(.plan)
        quantity = try c.optional(.quantity)
        metadata = try c.metadata(.metadata)
        currentPeriodStart = try c.optional(.currentPeriodStart)
        currentPeriodEnd = try c.optional(.currentPeriodEnd)
    }
}
