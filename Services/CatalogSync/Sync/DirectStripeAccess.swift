import StripeClient

/// Stripe access with a key given straight to the process (the one-shot `--sync-once` mode against an emulator or a
/// test account); the service itself gets keys from the connection service instead.
struct DirectStripeAccess: StripeAccess {
    let client: StripeClient
    var productsOnly = false

    func session(workspaceId: String) async throws -> StripeSession {
        StripeSession(mode: client.mode == .live ? .live : .test, generation: 0, source: StripeClientCatalogSource(client: client, productsOnly: productsOnly))
    }

    func check(workspaceId: String) async throws {}
}
