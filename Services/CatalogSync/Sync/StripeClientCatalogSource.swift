import Foundation
import StripeClient

/// Reads the catalog through the shared Stripe client: 100 per page, tiers always expanded, events filtered to
/// `product.*` and `price.*` (only `product.*`, as one `type` wildcard, when the service syncs products only).
struct StripeClientCatalogSource: CatalogStripeSource {
    let client: StripeClient
    var productsOnly = false

    /// The events filter: Stripe's `types[]` list, or a single `type` wildcard for products only (which an emulator
    /// without the list form, such as localstripe, also takes).
    private var eventFilter: StripeForm {
        var query: StripeForm = [:]
        if productsOnly {
            query["type"] = "product.*"
        } else {
            query["types"] = .list(CatalogEvent.types.map { .string($0) })
        }
        return query
    }

    func products(startingAfter: String?) async throws -> CatalogPage<StripeProductRecord> {
        let body = try await client.getBody("/v1/products", query: StripeListFilter(startingAfter: startingAfter).pageQuery)
        let page = try JSONCursor.listPage(body, path: "/v1/products", item: ProductListReader.product,
                                           orDecoding: StripeProduct.self, StripeProductRecord.init)
        return CatalogPage(items: page.items, hasMore: page.hasMore)
    }

    func prices(startingAfter: String?) async throws -> CatalogPage<StripePriceRecord> {
        let filter = StripeListFilter(startingAfter: startingAfter, expand: ["data.tiers"])
        let body = try await client.getBody("/v1/prices", query: filter.pageQuery)
        let read = try JSONCursor.listPage(body, path: "/v1/prices", item: PriceListReader.price,
                                           orDecoding: StripePrice.self, StripePriceRecord.init)
        var page = CatalogPage(items: read.items, hasMore: read.hasMore)
        for (index, price) in page.items.enumerated() where price.needsTiers {
            // A list that came back without tiers (a proxy dropping the expansion) is repaired price by price.
            if let full = try await self.price(id: price.id) { page.items[index] = full }
        }
        return page
    }

    func product(id: String) async throws -> StripeProductRecord {
        do {
            switch try await client.retrieveProduct(id) {
            case .live(let product): return StripeProductRecord(product)
            case .deleted: return .deletedStub(id: id)
            }
        } catch let error as StripeError where error.kind == .notFound {
            return .deletedStub(id: id)
        }
    }

    func price(id: String) async throws -> StripePriceRecord? {
        do {
            let price = try await client.retrievePrice(id, expandTiers: true)
            guard !price.needsTierExpansion else {
                throw StripeError(kind: .decoding, message: "Stripe returned tiered price \(id) without its tiers although they were expanded")
            }
            return StripePriceRecord(price)
        } catch let error as StripeError where error.kind == .notFound {
            return nil
        }
    }

    func events(after eventId: String?) async throws -> CatalogPage<CatalogEvent> {
        var query = eventFilter
        query["limit"] = 100
        guard let eventId else {
            // No event existed when the backfill began, so every event Stripe keeps came after it: walk them all
            // (newest first, as Stripe lists) and hand them over oldest first.
            var all: [StripeEvent] = []
            var after: String?
            repeat {
                var pageQuery = query
                if let after { pageQuery["starting_after"] = .string(after) }
                let page = try await client.get("/v1/events", query: pageQuery, as: StripeList<StripeEvent>.self)
                all += page.data
                after = page.hasMore ? page.data.last?.id : nil
            } while after != nil
            return CatalogPage(items: all.reversed().compactMap(CatalogEvent.init), hasMore: false)
        }
        // An `ending_before` page holds the events right after the cursor, newest first; they are applied oldest first.
        query["ending_before"] = .string(eventId)
        let page = try await client.get("/v1/events", query: query, as: StripeList<StripeEvent>.self)
        return CatalogPage(items: page.data.reversed().compactMap(CatalogEvent.init), hasMore: page.hasMore)
    }

    func newestEventId() async throws -> String? {
        var query = eventFilter
        query["limit"] = 1
        return try await client.get("/v1/events", query: query, as: StripeList<StripeEvent>.self).data.first?.id
    }
}

extension CatalogEvent {
    /// The catalog view of a Stripe event; `nil` for types this service does not own.
    init?(_ event: StripeEvent) {
        guard CatalogEvent.isCatalogType(event.type) else { return nil }
        let objectId = event.object.id
        let isProduct = event.type.hasPrefix("product.")
        var deleted = event.type.hasSuffix(".deleted")
        if case .deleted = event.object { deleted = true }
        self.init(id: event.id, type: event.type, livemode: event.livemode, created: event.created,
                  subject: isProduct ? .product(id: objectId) : .price(id: objectId), deletesObject: deleted)
    }
}
