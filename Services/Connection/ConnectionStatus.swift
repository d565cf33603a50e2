/// Where a workspace's Stripe connection stands; only `connected` lets any service call Stripe.
enum ConnectionStatus: String, Sendable, Hashable {
    case connected
    case disconnected
    /// Stripe answered 401 for the stored key; nothing calls Stripe until UpdateApiKey sets a working one.
    case keyInvalid = "key_invalid"

    /// True while the stored key may still be replaced by UpdateApiKey (the connection was not disconnected).
    var holdsKey: Bool { self != .disconnected }
}
