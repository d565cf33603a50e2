extension StripeClient {
    /// The account the key belongs to; the cheapest check that a key works.
    public func retrieveAccount() async throws -> StripeAccount {
        try await get("/v1/account")
    }
}
