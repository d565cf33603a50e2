extension StripeClient {
    /// Products, newest first (filters: `active`, `created`).
    public func listProducts(_ filter: StripeListFilter = StripeListFilter()) -> StripeListSequence<StripeProduct> {
        list("/v1/products", filter: filter)
    }

    /// A product, or the deleted stub.
    public func retrieveProduct(_ id: String, expand: [String] = []) async throws -> StripeDeletable<StripeProduct> {
        try await get("/v1/products/\(Self.segment(id))", query: Self.expansion(expand))
    }

    public func createProduct(_ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeProduct {
        try await post("/v1/products", form: form, idempotency: idempotency)
    }

    public func updateProduct(_ id: String, _ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeProduct {
        try await post("/v1/products/\(Self.segment(id))", form: form, idempotency: idempotency)
    }

    public func deleteProduct(_ id: String) async throws -> StripeDeletedObject {
        try await delete("/v1/products/\(Self.segment(id))")
    }

    /// Prices, newest first (filters: `product`, `active`, `type`, `currency`, `created`). Tiers are expanded
    /// unless asked not to, because a tiered price without them cannot be priced.
    public func listPrices(_ filter: StripeListFilter = StripeListFilter(), expandTiers: Bool = true) -> StripeListSequence<StripePrice> {
        var filter = filter
        if expandTiers, !filter.expand.contains("data.tiers") { filter.expand.append("data.tiers") }
        return list("/v1/prices", filter: filter)
    }

    /// A price, with its tiers expanded unless asked not to.
    public func retrievePrice(_ id: String, expandTiers: Bool = true, expand: [String] = []) async throws -> StripePrice {
        try await get("/v1/prices/\(Self.segment(id))", query: Self.expansion((expandTiers ? ["tiers"] : []) + expand))
    }

    public func createPrice(_ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripePrice {
        try await post("/v1/prices", form: form, idempotency: idempotency)
    }

    /// Prices are mostly immutable: only `active`, `metadata`, `nickname`, `lookup_key` and the like change.
    public func updatePrice(_ id: String, _ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripePrice {
        try await post("/v1/prices/\(Self.segment(id))", form: form, idempotency: idempotency)
    }
}
