/// Bounds and preset of a customer-chosen amount ("pay what you want"); all in minor units.
public struct StripeCustomUnitAmount: Decodable, Sendable, Hashable {
    public let minimum: Int64?
    public let maximum: Int64?
    public let preset: Int64?
}
