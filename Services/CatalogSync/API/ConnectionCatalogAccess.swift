import SyncEngine

/// The catalog's Stripe access in the service: the shared `ConnectionStripeAccess` (key, account budget, per-page
/// check, a 401 reported as an invalid key) with its client read through the catalog's source.
struct ConnectionCatalogAccess: StripeAccess {
    let connection: ConnectionStripeAccess
    var productsOnly = false

    func session(workspaceId: String) async throws -> StripeSession {
        let access = try await connection.access(workspaceId: workspaceId)
        return StripeSession(mode: access.mode == .live ? .live : .test, generation: access.generation,
                             accountId: access.accountId, source: StripeClientCatalogSource(client: access.client, productsOnly: productsOnly))
    }

    func check(workspaceId: String) async throws {
        try await connection.check(workspaceId: workspaceId)
    }

    func translate(_ error: any Error, workspaceId: String) async -> SyncStop? {
        await connection.translate(error, workspaceId: workspaceId)
    }
}
