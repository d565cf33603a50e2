import Store
import TestSupport
@testable import CatalogSync

/// A catalog store in its own temporary folder, with helpers that write the mirror the way a sync page does.
struct StoreHarness {
    let folder: TemporaryDirectory
    let store: CatalogStore
    let workspace = "ws_1"

    init() throws {
        folder = try TemporaryDirectory()
        let database = try Database(path: folder.appending("catalog.sqlite").path, migrations: CatalogSchema.migrations)
        store = CatalogStore(database: database)
    }

    @discardableResult
    func sync(_ products: [StripeProductRecord], prices: [StripePriceRecord] = [], mode: StripeDataMode = .test) throws -> Int {
        try store.database.write { connection in
            let counts = try store.storeProducts(connection, workspaceId: workspace, mode: mode, products)
            try store.storePrices(connection, workspaceId: workspace, mode: mode, prices)
            return counts.created
        }
    }

    func upsert(_ products: VelesProduct...) throws {
        _ = try store.upsertProducts(workspaceId: workspace, products)
    }

    func state(_ id: String, mode: StripeDataMode = .test) throws -> LinkState? {
        try store.stripeProduct(workspaceId: workspace, mode: mode, id: id)?.state
    }
}
