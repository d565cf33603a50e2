import StripeClient

/// The decrypted secrets of a usable connection, for a service about to call Stripe; never logged.
struct StripeCredentials: Sendable {
    var record: ConnectionRecord
    var apiKey: String
    var webhookSecret: String?
}

/// What the gateway needs to verify a webhook for a connection id.
struct WebhookVerification: Sendable {
    var record: ConnectionRecord
    var secret: String
}

/// A decision of the shared rate budget, in the terms the RPC reply uses.
struct RatePermitGrant: Sendable, Hashable {
    var leaseId: Int64
    var granted: Int
    var validForUs: Int64
    var retryAfterUs: Int64
    /// Nil: no limit applies to this connection.
    var limitPerSecond: Int?
}
