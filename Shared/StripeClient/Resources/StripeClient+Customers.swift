extension StripeClient {
    /// Customers, newest first (filters: `created`, `email`).
    public func listCustomers(_ filter: StripeListFilter = StripeListFilter()) -> StripeListSequence<StripeCustomer> {
        list("/v1/customers", filter: filter)
    }

    /// A customer, or the deleted stub Stripe keeps answering with after a delete.
    public func retrieveCustomer(_ id: String, expand: [String] = []) async throws -> StripeDeletable<StripeCustomer> {
        try await get("/v1/customers/\(Self.segment(id))", query: Self.expansion(expand))
    }

    public func createCustomer(_ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeCustomer {
        try await post("/v1/customers", form: form, idempotency: idempotency)
    }

    public func updateCustomer(_ id: String, _ form: StripeForm, idempotency: IdempotencyScope) async throws -> StripeCustomer {
        try await post("/v1/customers/\(Self.segment(id))", form: form, idempotency: idempotency)
    }

    public func deleteCustomer(_ id: String) async throws -> StripeDeletedObject {
        try await delete("/v1/customers/\(Self.segment(id))")
    }
}
