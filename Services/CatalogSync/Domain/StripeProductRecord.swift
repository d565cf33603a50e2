/// Test or live Stripe data; every mirrored object is keyed by it so the two never mix.
enum StripeDataMode: String, Sendable, Hashable, Codable {
    case test, live

    init(livemode: Bool) { self = livemode ? .live : .test }
}

/// The catalog's copy of a Stripe product, as last seen in Stripe.
struct StripeProductRecord: Sendable, Hashable, Codable {
    var id: String
    var name: String
    var description: String
    var active: Bool
    /// Stripe answered with a deleted stub (or a `product.deleted` event); the row and its link are kept.
    var deleted: Bool
    /// Creation time in Stripe, Unix seconds as Stripe sends it.
    var createdS: Int64
    var updatedS: Int64
    var metadata: [String: String]
    var unitLabel: String
}
