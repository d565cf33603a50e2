/// The catalog's copy of a Stripe price. Enum-like fields stay as Stripe spells them, so a value newer than this code
/// is kept and refused at import with a clear message rather than lost.
struct StripePriceRecord: Sendable, Hashable, Codable {
    /// One tier as Stripe sends it; `upTo` nil is the unbounded last tier.
    struct Tier: Sendable, Hashable, Codable {
        var upTo: Int64?
        var unitAmount: Int64?
        var unitAmountDecimal: String?
        var flatAmount: Int64?
        var flatAmountDecimal: String?
    }

    /// The amounts of the price in one more currency.
    struct CurrencyOption: Sendable, Hashable, Codable {
        var unitAmount: Int64?
        var unitAmountDecimal: String?
        var tiers: [Tier]?
        var customUnitAmount: CustomAmount?
    }

    /// `recurring` as Stripe sends it.
    struct Recurring: Sendable, Hashable, Codable {
        var interval: String
        var intervalCount: Int
        var usageType: String
    }

    /// `transform_quantity` as Stripe sends it.
    struct TransformQuantity: Sendable, Hashable, Codable {
        var divideBy: Int64
        var round: String
    }

    var id: String
    var productId: String
    var active: Bool
    var deleted: Bool
    var currency: String
    /// `one_time` or `recurring`.
    var type: String
    /// `per_unit` or `tiered`.
    var billingScheme: String
    /// `volume` or `graduated`, for tiered prices.
    var tiersMode: String?
    /// `nil` when the payload did not carry them (not expanded); a tiered price is never stored that way.
    var tiers: [Tier]?
    var unitAmount: Int64?
    var unitAmountDecimal: String?
    var transformQuantity: TransformQuantity?
    var recurring: Recurring?
    var customUnitAmount: CustomAmount?
    var currencyOptions: [String: CurrencyOption]
    var nickname: String
    var createdS: Int64

    var isTiered: Bool { billingScheme == "tiered" }

    /// True when this payload is a tiered price without its tiers (an event, an unexpanded list), which must be
    /// fetched again with tiers expanded before it is stored: a tiered price is never priced from a tierless payload.
    var needsTiers: Bool { isTiered && tiers == nil }
}
