import StripeClient

/// A workspace's Stripe connection as stored, without its secrets.
struct ConnectionRecord: Sendable, Hashable {
    var workspaceId: String
    var connectionId: String
    var accountId: String
    var accountName: String
    var mode: StripeMode
    var status: ConnectionStatus
    var connectedAtMs: Int64
    var disconnectedAtMs: Int64?
    var generation: Int64
    var keyVersion: Int64
    var apiKeyLast4: String
    var webhookEndpointId: String?
    /// Stripe's refusal of the webhook endpoint Connect asked for; changes then arrive with the scheduled syncs.
    var webhookProblem: String?
    var linksNeedReview: Bool
    var previousAccountId: String?
    var keyInvalidReason: String?

    /// The rate budget this connection draws from: one per Stripe account and mode, shared by every workspace.
    var rateBucket: String { "\(accountId):\(mode.rawValue)" }
}
