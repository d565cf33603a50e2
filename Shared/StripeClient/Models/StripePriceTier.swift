/// One tier of a tiered price or plan; amounts in minor units, with Stripe's exact decimal strings kept as sent.
public struct StripePriceTier: Decodable, Sendable, Hashable {
    /// The tier's last unit, inclusive; `nil` for the unbounded last tier (`up_to: null`, or `"inf"` as requests spell it).
    public let upTo: Int64?
    public let unitAmount: Int64?
    public let unitAmountDecimal: String?
    public let flatAmount: Int64?
    public let flatAmountDecimal: String?

    /// True for the last tier, which has no upper bound.
    public var isUnbounded: Bool { upTo == nil }

    private enum CodingKeys: String, CodingKey {
        case upTo = "up_to"
        case unitAmount = "unit_amount"
        case unitAmountDecimal = "unit_amount_decimal"
        case flatAmount = "flat_amount"
        case flatAmountDecimal = "flat_amount_decimal"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let bound = try? c.decodeIfPresent(Int64.self, forKey: .upTo) {
            upTo = bound
        } else if let text = try c.optional(.upTo, as: String.self), text != "inf" {
            throw DecodingError.dataCorruptedError(forKey: .upTo, in: c, debugDescription: "up_to is neither a number nor \"inf\": \(text)")
        } else {
            upTo = nil
        }
        unitAmount = try c.optional(.unitAmount)
        unitAmountDecimal = try c.optional(.unitAmountDecimal)
        flatAmount = try c.optional(.flatAmount)
        flatAmountDecimal = try c.optional(.flatAmountDecimal)
    }
}
