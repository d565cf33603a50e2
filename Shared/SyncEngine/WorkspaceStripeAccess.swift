import StripeClient

/// A workspace's way into Stripe for one run: a client for its current key (rate-limited against the account's shared
/// budget), and the facts that key mirrored data and idempotency keys.
public struct WorkspaceStripeAccess: Sendable {
    public let client: StripeClient
    public let mode: StripeMode
    public let accountId: String
    /// Bumped by each Connect; part of every idempotency key so a reconnect never replays an old response.
    public let generation: Int64

    public init(client: StripeClient, mode: StripeMode, accountId: String, generation: Int64) {
        self.client = client
        self.mode = mode
        self.accountId = accountId
        self.generation = generation
    }
}

/// Hands out `WorkspaceStripeAccess` for a workspace, or throws `SyncStop` when the workspace may not call Stripe.
public protocol StripeAccessProvider: Sendable {
    func access(workspaceId: String) async throws -> WorkspaceStripeAccess
}
