import Foundation
import StripeClient
import Support

/// `StripeAccountGateway` over the shared Stripe client, each call drawing from the account's rate budget.
struct StripeAccountAPI: StripeAccountGateway {
    /// The events Veles consumes: catalog and customer changes now, billing's when it lands.
    static let webhookEvents = [
        "customer.created", "customer.updated", "customer.deleted",
        "product.created", "product.updated", "product.deleted",
        "price.created", "price.updated", "price.deleted",
        "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_failed", "invoice.voided",
        "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
    ]

    let baseURL: URL
    let ratePolicy: RateBudgetPolicy
    let permits: RatePermitStore
    /// Nil: a fresh URLSession per call. These calls are rare admin actions, so nothing is gained by keeping
    /// connections open, and a pooled connection the server has dropped can never fail a Connect.
    let transport: (any StripeTransport)?
    let logger: Logger

    func identify(key: StripeSecretKey, bucket: String) async throws -> IdentifiedAccount? {
        let stripe = try client(key: key, bucket: bucket)
        do {
            let account = try await stripe.retrieveAccount()
            return IdentifiedAccount(id: account.id, name: account.displayName)
        } catch let error as StripeError where error.kind == .permission || error.kind == .notFound {
            // A restricted key without account access, or an emulator without the endpoint: prove the key works.
            _ = try await stripe.get("/v1/customers", query: ["limit": "1"], as: ListProbe.self)
            return nil
        }
    }

    func createWebhookEndpoint(key: StripeSecretKey, url: String, connectionId: String, generation: Int64,
                               attempt: String, bucket: String) async throws -> CreatedWebhookEndpoint {
        let scope = IdempotencyScope(objectKind: "webhook_endpoint", objectId: connectionId, operation: attempt,
                                     generation: generation)
        // Through the client's own call, which pins the events' API version to the one this code reads; without
        // it Stripe renders them in the account's default version.
        let endpoint = try await client(key: key, bucket: bucket)
            .createWebhookEndpoint(url: url, enabledEvents: Self.webhookEvents, description: "Veles (connection \(connectionId))",
                                   metadata: ["veles_connection_id": connectionId], idempotency: scope)
        guard let secret = endpoint.secret else {
            throw StripeError(kind: .decoding, message: "Stripe created webhook endpoint \(endpoint.id) but sent no signing secret")
        }
        return CreatedWebhookEndpoint(id: endpoint.id, secret: secret.unredactedValue)
    }

    func deleteWebhookEndpoint(key: StripeSecretKey, id: String, bucket: String) async throws {
        do {
            _ = try await client(key: key, bucket: bucket)
                .delete("/v1/webhook_endpoints/\(StripeClient.segment(id))", as: StripeDeletedObject.self)
        } catch let error as StripeError where error.kind == .notFound {
            // Already gone (removed in the Dashboard): the goal is reached.
        }
    }

    private func client(key: StripeSecretKey, bucket: String) throws -> StripeClient {
        let limit = ratePolicy.limit(for: key.mode)
        let configuration = try StripeConfiguration(
            key: key, baseURL: baseURL, rateLimit: limit.map { .perSecond(Double($0)) } ?? .unlimited)
        return StripeClient(configuration: configuration, transport: transport ?? URLSessionTransport(),
                            rateLimiter: StoreRateLimiter(permits: permits, bucket: bucket, limit: limit),
                            logger: logger.named("stripe"))
    }

    /// The smallest reading of a list reply: that it is one.
    private struct ListProbe: Decodable {
        let object: String?
    }
}
