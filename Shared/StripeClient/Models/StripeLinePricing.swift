/// How an invoice line or invoice item was priced (`pricing`, newer API versions), with the older `price` field folded in.
public struct StripeLinePricing: Sendable, Hashable {
    /// `price_details` for lines priced by a Stripe price.
    public let type: String?
    public let price: String?
    public let product: String?
    public let unitAmountDecimal: String?

    public init(type: String?, price: String?, product: String?, unitAmountDecimal: String?) {
        self.type = type
        self.price = price
        self.product = product
        self.unitAmountDecimal = unitAmountDecimal
    }

    enum CodingKeys: String, CodingKey {
        case type
        case priceDetails = "price_details"
        case unitAmountDecimal = "unit_amount_decimal"
    }

    enum PriceDetailsKeys: String, CodingKey {
        case price, product
    }

    /// Reads `pricing` from a line's container, falling back to the older top-level `price` object or id.
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, pricing: Key, legacyPrice: Key) throws -> StripeLinePricing? {
        if let nested = try container.nestedIfPresent(pricing, keyedBy: CodingKeys.self) {
            let details = try nested.nestedIfPresent(.priceDetails, keyedBy: PriceDetailsKeys.self)
            return StripeLinePricing(type: try nested.optional(.type),
                                     price: try details?.expandableID(.price),
                                     product: try details?.expandableID(.product),
                                     unitAmountDecimal: try nested.optional(.unitAmountDecimal))
        }
        if let legacy = try container.optional(legacyPrice, as: StripeExpandable<StripePrice>.self) {
            return StripeLinePricing(type: "price_details", price: legacy.id,
                                     product: legacy.expanded?.product.id,
                                     unitAmountDecimal: legacy.expanded?.unitAmountDecimal)
        }
        return nil
    }
}
