/// A price's amounts in one more currency (`currency_options[<currency>]`).
public struct StripeCurrencyOption: Decodable, Sendable, Hashable {
    public let unitAmount: Int64?
    public let unitAmountDecimal: String?
    public let tiers: [StripePriceTier]?
    public let customUnitAmount: StripeCustomUnitAmount?
    public let taxBehavior: StripeTaxBehavior?

    private enum CodingKeys: String, CodingKey {
        case tiers
        case unitAmount = "unit_amount"
        case unitAmountDecimal = "unit_amount_decimal"
        case customUnitAmount = "custom_unit_amount"
        case taxBehavior = "tax_behavior"
    }
}
