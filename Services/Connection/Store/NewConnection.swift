import StripeClient

/// What Connect stores: the validated account, the sealed key, and the webhook endpoint if one was created.
struct NewConnection: Sendable {
    var workspaceId: String
    var connectionId: String
    var accountId: String
    var accountName: String
    var mode: StripeMode
    var apiKeyLast4: String
    var sealedApiKey: [UInt8]
    var webhookEndpointId: String?
    var sealedWebhookSecret: [UInt8]?
    /// Why no endpoint was created although a public URL is set.
    var webhookProblem: String?
}
