import StripeClient

/// The Stripe calls the connection service makes for itself: who owns a key, and the webhook endpoint.
/// `bucket` names the rate budget the call draws from (the account's, once known).
protocol StripeAccountGateway: Sendable {
    /// The account the key belongs to, or nil when the key works but may not read the account (a restricted key, or
    /// an emulator without `/v1/account`), which a cheap list call has then proved. Throws Stripe's refusal.
    func identify(key: StripeSecretKey, bucket: String) async throws -> IdentifiedAccount?
    /// `attempt` tells apart the creations of one connection (Connect's, then one per key that retries it), so
    /// each has an idempotency key of its own.
    func createWebhookEndpoint(key: StripeSecretKey, url: String, connectionId: String, generation: Int64,
                               attempt: String, bucket: String) async throws -> CreatedWebhookEndpoint
    func deleteWebhookEndpoint(key: StripeSecretKey, id: String, bucket: String) async throws
}

/// A Stripe account as `GET /v1/account` names it.
struct IdentifiedAccount: Sendable, Hashable {
    var id: String
    var name: String
}

/// A webhook endpoint just registered with Stripe, with the signing secret Stripe reveals only now.
struct CreatedWebhookEndpoint: Sendable, Hashable {
    var id: String
    var secret: String
}
