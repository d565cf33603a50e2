/// A connection with its still-sealed key and webhook secret, as read for handing to another service.
struct StoredSecrets: Sendable {
    var record: ConnectionRecord
    var sealedApiKey: [UInt8]
    var sealedWebhookSecret: [UInt8]?
}
