/// A Stripe invoice; `lines` is complete only after `StripeClient.retrieveInvoice` paged the rest (see `lines.hasMore`).
public struct StripeInvoice: StripeIdentified {
    public let id: String
    public let created: Int64
    public let livemode: Bool
    public let number: String?
    public let customer: String?
    public let status: StripeInvoiceStatus?
    public let currency: String
    public let amountDue: Int64
    public let amountPaid: Int64
    public let amountRemaining: Int64
    public let subtotal: Int64
    public let total: Int64
    public let collectionMethod: StripeCollectionMethod?
    public let billingReason: String?
    public let description: String?
    public let dueDate: Int64?
    public let periodStart: Int64?
    public let periodEnd: Int64?
    public let autoAdvance: Bool?
    public let attemptCount: Int
    public let hostedInvoiceURL: String?
    public let invoicePDF: String?
    /// The subscription this invoice bills: the old top-level field, or `parent.subscription_details` in newer versions.
    public let subscription: String?
    public let finalizedAt: Int64?
    public let paidAt: Int64?
    public let voidedAt: Int64?
    public let markedUncollectibleAt: Int64?
    public let metadata: [String: String]
    public internal(set) var lines: StripeList<StripeInvoiceLineItem>

    private enum CodingKeys: String, CodingKey {
        case id, created, livemode, number, customer, status, currency, subtotal, total, description, subscription
        case parent, lines, metadata
        case amountDue = "amount_due"
        case amountPaid = "amount_paid"
        case amountRemaining = "amount_remaining"
        case collectionMethod = "collection_method"
        case billingReason = "billing_reason"
        case dueDate = "due_date"
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case autoAdvance = "auto_advance"
        case attemptCount = "attempt_count"
        case hostedInvoiceURL = "hosted_invoice_url"
        case invoicePDF = "invoice_pdf"
        case statusTransitions = "status_transitions"
    }

    private enum ParentKeys: String, CodingKey {
        case type
        case subscriptionDetails = "subscription_details"
    }

    private enum SubscriptionDetailsKeys: String, CodingKey {
        case subscription
    }

    private enum TransitionKeys: String, CodingKey {
        case finalizedAt = "finalized_at"
        case paidAt = "paid_at"
        case voidedAt = "voided_at"
        case markedUncollectibleAt = "marked_uncollectible_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        number = try c.optional(.number)
        customer = try c.expandableID(.customer)
        status = try c.optional(.status)
        currency = try c.decode(String.self, forKey: .currency)
        amountDue = try c.value(.amountDue, default: 0)
        amountPaid = try c.value(.amountPaid, default: 0)
        amountRemaining = try c.value(.amountRemaining, default: 0)
        subtotal = try c.value(.subtotal, default: 0)
        total = try c.value(.total, default: 0)
        collectionMethod = try c.optional(.collectionMethod)
        billingReason = try c.optional(.billingReason)
        description = try c.optional(.description)
        dueDate = try c.optional(.dueDate)
        periodStart = try c.optional(.periodStart)
        periodEnd = try c.optional(.periodEnd)
        autoAdvance = try c.optional(.autoAdvance)
        attemptCount = try c.value(.attemptCount, default: 0)
        hostedInvoiceURL = try c.optional(.hostedInvoiceURL)
        invoicePDF = try c.optional(.invoicePDF)
        let parent = try c.nestedIfPresent(.parent, keyedBy: ParentKeys.self)
        let parentSubscription = try parent?.optional(.type, as: String.self) == "subscription_details"
            ? parent?.nestedIfPresent(.subscriptionDetails, keyedBy: SubscriptionDetailsKeys.self)?.expandableID(.subscription)
            : nil
        subscription = try c.expandableID(.subscription) ?? parentSubscription
        let transitions = try c.nestedIfPresent(.statusTransitions, keyedBy: TransitionKeys.self)
        finalizedAt = try transitions?.optional(.finalizedAt)
        paidAt = try transitions?.optional(.paidAt)
        voidedAt = try transitions?.optional(.voidedAt)
        markedUncollectibleAt = try transitions?.optional(.markedUncollectibleAt)
        metadata = try c.metadata(.metadata)
        lines = try c.value(.lines, default: StripeList(data: [], hasMore: false, url: nil))
    }
}
