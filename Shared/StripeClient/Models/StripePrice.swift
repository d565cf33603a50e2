/// A Stripe price in any of its shapes: per unit or tiered, one-time or recurring, package, metered, custom amount.
public struct StripePrice: StripeIdentified {
    public let id: String
    public let created: Int64
    public let livemode: Bool
    public let active: Bool
    public let currency: String
    public let product: StripeExpandable<StripeProduct>
    public let type: StripePriceType
    public let billingScheme: StripeBillingScheme
    /// Set for tiered prices only.
    public let tiersMode: StripeTiersMode?
    /// The tiers, present only when the request expanded them (`expand[]=tiers`); `nil` means "not sent", not "none".
    public let tiers: [StripePriceTier]?
    public let unitAmount: Int64?
    public let unitAmountDecimal: String?
    public let transformQuantity: StripeTransformQuantity?
    public let recurring: StripeRecurring?
    public let customUnitAmount: StripeCustomUnitAmount?
    public let currencyOptions: [String: StripeCurrencyOption]?
    public let taxBehavior: StripeTaxBehavior?
    public let lookupKey: String?
    public let nickname: String?
    public let metadata: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, created, livemode, active, currency, product, type, tiers, recurring, nickname, metadata
        case billingScheme = "billing_scheme"
        case tiersMode = "tiers_mode"
        case unitAmount = "unit_amount"
        case unitAmountDecimal = "unit_amount_decimal"
        case transformQuantity = "transform_quantity"
        case customUnitAmount = "custom_unit_amount"
        case currencyOptions = "currency_options"
        case taxBehavior = "tax_behavior"
        case lookupKey = "lookup_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        active = try c.value(.active, default: true)
        currency = try c.decode(String.self, forKey: .currency)
        product = try c.decode(StripeExpandable<StripeProduct>.self, forKey: .product)
        recurring = try c.optional(.recurring)
        type = try c.optional(.type) ?? (recurring == nil ? .oneTime : .recurring)
        billingScheme = try c.value(.billingScheme, default: .perUnit)
        tiersMode = try c.optional(.tiersMode)
        tiers = try c.optional(.tiers)
        unitAmount = try c.optional(.unitAmount)
        unitAmountDecimal = try c.optional(.unitAmountDecimal)
        transformQuantity = try c.optional(.transformQuantity)
        customUnitAmount = try c.optional(.customUnitAmount)
        currencyOptions = try c.optional(.currencyOptions)
        taxBehavior = try c.optional(.taxBehavior)
        lookupKey = try c.optional(.lookupKey)
        nickname = try c.optional(.nickname)
        metadata = try c.metadata(.metadata)
    }

    /// True for a tiered price whose tiers this payload does not carry (events and unexpanded lists), so they must be fetched.
    public var needsTierExpansion: Bool {
        billingScheme == .tiered && tiers == nil
    }
}
