/// A postal address as Stripe stores it on customers and accounts; every part may be missing.
public struct StripeAddress: Decodable, Sendable, Hashable {
    public let line1: String?
    public let line2: String?
    public let city: String?
    public let state: String?
    public let postalCode: String?
    public let country: String?

    private enum CodingKeys: String, CodingKey {
        case line1, line2, city, state, country
        case postalCode = "postal_code"
    }

    /// True when Stripe sent the address with every part null, as it does for a customer without one.
    public var isEmpty: Bool {
        [line1, line2, city, state, postalCode, country].allSatisfy { $0?.isEmpty ?? true }
    }
}
