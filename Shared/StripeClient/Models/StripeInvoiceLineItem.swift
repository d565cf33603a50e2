/// One line of an invoice.
public struct StripeInvoiceLineItem: StripeIdentified {
    public let id: String
    public let invoice: String?
    public let livemode: Bool
    public let amount: Int64
    public let currency: String
    public let description: String?
    public let quantity: Int64?
    public let period: StripePeriod?
    public let subscription: String?
    public let pricing: StripeLinePricing?
    public let parent: StripeLineParent?
    public let discountable: Bool
    public let metadata: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, invoice, livemode, amount, currency, description, quantity, period, subscription
        case pricing, price, parent, discountable, metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        invoice = try c.expandableID(.invoice)
        livemode = try c.value(.livemode, default: false)
        amount = try c.value(.amount, default: 0)
        currency = try c.decode(String.self, forKey: .currency)
        description = try c.optional(.description)
        quantity = try c.optional(.quantity)
        period = try c.optional(.period)
        subscription = try c.expandableID(.subscription)
        pricing = try StripeLinePricing.decode(from: c, pricing: .pricing, legacyPrice: .price)
        parent = try StripeLineParent.decode(from: c, key: .parent)
        discountable = try c.value(.discountable, default: true)
        metadata = try c.metadata(.metadata)
    }
}
