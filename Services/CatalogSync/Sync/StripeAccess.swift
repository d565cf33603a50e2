import SyncEngine

/// Stripe as one workspace may use it now: the mode and account its data is keyed by, and a source bound to its key.
struct StripeSession: Sendable {
    let mode: StripeDataMode
    /// The connection's generation; a Connect bumps it, and a run that sees it change stops.
    let generation: Int64
    /// The Stripe account the key belongs to; empty when whoever handed out the key did not say.
    var accountId = ""
    let source: any CatalogStripeSource
}

/// Hands out Stripe sessions per workspace, as the connection allows; as the sync engine's gate it is asked before
/// every page (`check`) and given a failed run's error to tell an invalid key from a failure (`translate`).
protocol StripeAccess: SyncGate {
    /// A session for the workspace; throws `SyncStop.disconnected` or `.keyInvalid` when it may not call Stripe.
    func session(workspaceId: String) async throws -> StripeSession
}
