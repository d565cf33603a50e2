extension StripeClient {
    /// Events of the last 30 days, newest first (filters: `type` with wildcards, `types`, `created`).
    public func listEvents(_ filter: StripeListFilter = StripeListFilter()) -> StripeListSequence<StripeEvent> {
        list("/v1/events", filter: filter)
    }

    public func retrieveEvent(_ id: String) async throws -> StripeEvent {
        try await get("/v1/events/\(Self.segment(id))")
    }

    /// Registers a webhook endpoint; the reply is the only time Stripe reveals its signing secret.
    public func createWebhookEndpoint(url: String, enabledEvents: [String], description: String? = nil,
                                      metadata: [String: String] = [:], idempotency: IdempotencyScope) async throws -> StripeWebhookEndpoint {
        var form: StripeForm = ["url": .string(url), "enabled_events": .list(enabledEvents.map { .string($0) })]
        form["api_version"] = .string(StripeAPIVersion.pinned)
        if let description { form["description"] = .string(description) }
        if !metadata.isEmpty { form["metadata"] = .strings(metadata) }
        return try await post("/v1/webhook_endpoints", form: form, idempotency: idempotency)
    }

    public func listWebhookEndpoints() -> StripeListSequence<StripeWebhookEndpoint> {
        list("/v1/webhook_endpoints")
    }

    public func retrieveWebhookEndpoint(_ id: String) async throws -> StripeWebhookEndpoint {
        try await get("/v1/webhook_endpoints/\(Self.segment(id))")
    }

    public func deleteWebhookEndpoint(_ id: String) async throws -> StripeDeletedObject {
        try await delete("/v1/webhook_endpoints/\(Self.segment(id))")
    }
}
