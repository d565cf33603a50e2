/// What happened to a connection, as the `connection.changed` event tells the other services.
enum ConnectionChange: String, Sendable, Hashable {
    case connected
    case keyRotated = "key_rotated"
    case disconnected
    case keyInvalid = "key_invalid"
}

/// Where the manager announces changes; the bus publisher in production, a recorder in tests.
protocol ConnectionEventSink: Sendable {
    /// Best effort: a lost event is caught by the check every service makes before calling Stripe.
    func publish(_ change: ConnectionChange, details: ConnectionDetails) async
}
