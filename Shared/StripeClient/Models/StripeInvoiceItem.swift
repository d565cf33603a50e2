/// A pending or invoiced charge on a customer (`invoiceitem`).
public struct StripeInvoiceItem: StripeIdentified {
    public let id: String
    public let livemode: Bool
    public let customer: String
    public let invoice: String?
    public let amount: Int64
    public let currency: String
    public let date: Int64?
    public let description: String?
    public let quantity: Int64?
    public let quantityDecimal: String?
    public let period: StripePeriod?
    public let proration: Bool
    public let discountable: Bool
    public let pricing: StripeLinePricing?
    public let parent: StripeLineParent?
    public let netAmount: Int64?
    public let metadata: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, livemode, customer, invoice, amount, currency, date, description, quantity, period, proration
        case discountable, pricing, price, parent, metadata
        case quantityDecimal = "quantity_decimal"
        case netAmount = "net_amount"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        livemode = try c.value(.livemode, default: false)
        customer = try c.expandableID(.customer) ?? ""
        invoice = try c.expandableID(.invoice)
        amount = try c.value(.amount, default: 0)
        currency = try c.decode(String.self, forKey: .currency)
        date = try c.optional(.date)
        description = try c.optional(.description)
        quantity = try c.optional(.quantity)
        quantityDecimal = try c.optional(.quantityDecimal)
        period = try c.optional(.period)
        proration = try c.value(.proration, default: false)
        discountable = try c.value(.discountable, default: true)
        pricing = try StripeLinePricing.decode(from: c, pricing: .pricing, legacyPrice: .price)
        parent = try StripeLineParent.decode(from: c, key: .parent)
        netAmount = try c.optional(.netAmount)
        metadata = try c.metadata(.metadata)
    }
}
