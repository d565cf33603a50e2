import SyncEngine

/// Stripe as one workspace may use it now: the mode its data is keyed by, and a source bound to its key.
struct StripeSession: Sendable {
    let mode: StripeDataMode
    /// The connection's generation; a Connect bumps it, and a run that sees it change stops.
    let generation: Int64
    let source: any CatalogStripeSource
}

/// Hands out Stripe sessions per workspace, as the connection service allows.
protocol StripeAccess: Sendable {
    /// A session for the workspace; throws `SyncStop.disconnected` or `.keyInvalid` when it may not call Stripe.
    func session(workspaceId: String) async throws -> StripeSession
    /// Returns when the workspace may still call Stripe, throws `SyncStop` when not; cheap enough for every page.
    func check(workspaceId: String) async throws
}

/// The sync engine's gate over `StripeAccess`: asked before every page.
struct StripeAccessGate: SyncGate {
    let access: any StripeAccess

    func check(workspaceId: String) async throws {
        try await access.check(workspaceId: workspaceId)
    }
}
