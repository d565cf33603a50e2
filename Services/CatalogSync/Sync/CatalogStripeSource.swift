/// What catalog sync reads from Stripe, in the mirror's terms; `StripeClientCatalogSource` is the real one.
protocol CatalogStripeSource: Sendable {
    /// One page of products after `startingAfter` (Stripe's list order: newest first).
    func products(startingAfter: String?) async throws -> CatalogPage<StripeProductRecord>
    /// One page of prices, active and archived, with tiers expanded.
    func prices(startingAfter: String?) async throws -> CatalogPage<StripePriceRecord>
    /// The product now, or its deleted stub (`deleted` set) when Stripe deleted it or no longer has it.
    func product(id: String) async throws -> StripeProductRecord
    /// The price now with its tiers; `nil` when Stripe no longer has it.
    func price(id: String) async throws -> StripePriceRecord?
    /// Catalog events newer than `eventId`, oldest first, one page; with `nil`, every catalog event Stripe keeps
    /// (asked only when none existed when the backfill began).
    func events(after eventId: String?) async throws -> CatalogPage<CatalogEvent>
    /// The newest catalog event's id, where a backfill's events catch-up starts; `nil` when there is none.
    func newestEventId() async throws -> String?
}

/// One page of a Stripe list.
struct CatalogPage<Item: Sendable>: Sendable {
    var items: [Item]
    var hasMore: Bool
}

/// A `product.*` or `price.*` event, reduced to what applying it needs: the object is always fetched again, so a
/// late or repeated delivery can never move the mirror backwards.
struct CatalogEvent: Sendable, Hashable {
    /// What the event is about.
    enum Subject: Sendable, Hashable {
        case product(id: String)
        case price(id: String)
    }

    let id: String
    let type: String
    let livemode: Bool
    let created: Int64
    let subject: Subject
    /// The event says the object was deleted (`product.deleted`, `price.deleted`, or a deleted stub).
    let deletesObject: Bool

    /// The event types catalog-sync owns.
    static let types = ["product.created", "product.updated", "product.deleted",
                        "price.created", "price.updated", "price.deleted"]

    static func isCatalogType(_ type: String) -> Bool { type.hasPrefix("product.") || type.hasPrefix("price.") }
}
