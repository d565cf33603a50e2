/// A Stripe subscription with its items.
public struct StripeSubscription: StripeIdentified {
    public let id: String
    public let created: Int64
    public let livemode: Bool
    public let customer: StripeExpandable<StripeCustomer>
    public let status: StripeSubscriptionStatus
    public let currency: String?
    /// The first page of items; Stripe embeds up to ten, so `items.hasMore` says whether to list the rest.
    public let items: StripeList<StripeSubscriptionItem>
    public let metadata: [String: String]
    public let collectionMethod: StripeCollectionMethod?
    public let daysUntilDue: Int?
    public let description: String?
    public let startDate: Int64?
    public let billingCycleAnchor: Int64?
    public let cancelAtPeriodEnd: Bool
    public let cancelAt: Int64?
    public let canceledAt: Int64?
    public let endedAt: Int64?
    public let trialStart: Int64?
    public let trialEnd: Int64?
    /// Older API versions keep the current period on the subscription.
    public let currentPeriodStart: Int64?
    public let currentPeriodEnd: Int64?
    public let latestInvoice: String?
    public let defaultPaymentMethod: String?

    private enum CodingKeys: String, CodingKey {
        case id, created, livemode, customer, status, currency, items, metadata, description
        case collectionMethod = "collection_method"
        case daysUntilDue = "days_until_due"
        case startDate = "start_date"
        case billingCycleAnchor = "billing_cycle_anchor"
        case cancelAtPeriodEnd = "cancel_at_period_end"
        case cancelAt = "cancel_at"
        case canceledAt = "canceled_at"
        case endedAt = "ended_at"
        case trialStart = "trial_start"
        case trialEnd = "trial_end"
        case currentPeriodStart = "current_period_start"
        case currentPeriodEnd = "current_period_end"
        case latestInvoice = "latest_invoice"
        case defaultPaymentMethod = "default_payment_method"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        customer = try c.decode(StripeExpandable<StripeCustomer>.self, forKey: .customer)
        status = try c.decode(StripeSubscriptionStatus.self, forKey: .status)
        currency = try c.optional(.currency)
        items = try c.value(.items, default: StripeList(data: [], hasMore: false, url: nil))
        metadata = try c.metadata(.metadata)
        collectionMethod = try c.optional(.collectionMethod)
        daysUntilDue = try c.optional(.daysUntilDue)
        description = try c.optional(.description)
        startDate = try c.optional(.startDate)
        billingCycleAnchor = try c.optional(.billingCycleAnchor)
        cancelAtPeriodEnd = try c.value(.cancelAtPeriodEnd, default: false)
        cancelAt = try c.optional(.cancelAt)
        canceledAt = try c.optional(.canceledAt)
        endedAt = try c.optional(.endedAt)
        trialStart = try c.optional(.trialStart)
        trialEnd = try c.optional(.trialEnd)
        currentPeriodStart = try c.optional(.currentPeriodStart)
        currentPeriodEnd = try c.optional(.currentPeriodEnd)
        latestInvoice = try c.expandableID(.latestInvoice)
        defaultPaymentMethod = try c.expandableID(.defaultPaymentMethod)
    }
}
