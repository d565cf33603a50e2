import Store
import SyncEngine

/// Applies catalog events, from webhooks or from the events catch-up, the same way: the object is fetched again
/// from Stripe (tiers expanded), so an event whose payload lacks tiers is never priced from it, and a late or
/// repeated delivery stores today's state, never an older one. Each event id is applied once.
struct CatalogEventApplier: Sendable {
    let store: CatalogStore

    /// An event with the object as Stripe has it now, ready to store.
    struct Change: Sendable {
        /// What to write for the event's object.
        enum Object: Sendable {
            case product(StripeProductRecord)
            case price(StripePriceRecord)
            /// The price is gone from Stripe.
            case priceGone(String)
        }

        let event: CatalogEvent
        let mode: StripeDataMode
        let object: Object
        /// A price whose product this store has not seen yet: it is fetched and stored alongside.
        let product: StripeProductRecord?
    }

    /// Fetches what the event is about; no store access, so it runs outside any transaction.
    func fetch(_ event: CatalogEvent, session: StripeSession, workspaceId: String) async throws -> Change {
        let mode = session.mode
        switch event.subject {
        case .product(let id):
            let product = event.deletesObject ? StripeProductRecord.deletedStub(id: id) : try await session.source.product(id: id)
            return Change(event: event, mode: mode, object: .product(product), product: nil)
        case .price(let id):
            guard !event.deletesObject, let price = try await session.source.price(id: id) else {
                return Change(event: event, mode: mode, object: .priceGone(id), product: nil)
            }
            let known = try store.stripeProduct(workspaceId: workspaceId, mode: mode, id: price.productId) != nil
            let product = known ? nil : try await session.source.product(id: price.productId)
            return Change(event: event, mode: mode, object: .price(price), product: product)
        }
    }

    /// Stores one fetched event inside the caller's transaction; `nil` for a duplicate event id, which changes nothing.
    func apply(_ change: Change, connection: Connection, workspaceId: String, ledger: SyncLedger) throws -> SyncCounts? {
        guard try ledger.markEventProcessed(connection, workspaceId: workspaceId, eventId: change.event.id) else { return nil }
        try store.setMode(connection, workspaceId: workspaceId, mode: change.mode)
        var counts = SyncCounts()
        if let product = change.product {
            counts += try store.storeProducts(connection, workspaceId: workspaceId, mode: change.mode, [product])
        }
        switch change.object {
        case .product(let product) where product.deleted:
            if try store.markProductDeleted(connection, workspaceId: workspaceId, mode: change.mode, id: product.id) {
                counts.deleted += 1
            }
        case .product(let product):
            counts += try store.storeProducts(connection, workspaceId: workspaceId, mode: change.mode, [product])
        case .price(let price):
            counts += try store.storePrices(connection, workspaceId: workspaceId, mode: change.mode, [price])
        case .priceGone(let id):
            try store.markPriceDeleted(connection, workspaceId: workspaceId, mode: change.mode, id: id)
        }
        return counts
    }
}
