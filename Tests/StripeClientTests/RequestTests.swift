import Foundation
import Testing
@testable import StripeClient

@Suite("Requests carry auth, the pinned version, and keys derived from the Veles object")
struct RequestTests {
    @Test func everyRequestCarriesAuthVersionAndUserAgent() async throws {
        let transport = ScriptedTransport([.json(200, #"{"id": "acct_1"}"#)])
        _ = try await StripeClient.scripted(transport).retrieveAccount()
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url.absoluteString == "http://127.0.0.1:1/v1/account")
        #expect(request.headers["Authorization"] == "Bearer \(TestKeys.test)")
        #expect(request.headers["Stripe-Version"] == StripeAPIVersion.pinned)
        #expect(request.headers["User-Agent"] == StripeConfiguration.defaultUserAgent)
        #expect(request.headers["Idempotency-Key"] == nil)
    }

    @Test func postsAreFormEncodedWithIdempotencyKey() async throws {
        let transport = ScriptedTransport([.json(200, #"{"id": "cus_1"}"#)])
        let scope = IdempotencyScope(objectKind: "customer", objectId: "vc_9", operation: "create", generation: 2)
        _ = try await StripeClient.scripted(transport).createCustomer(["email": "a+b@x.com"], idempotency: scope)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["Idempotency-Key"] == scope.key)
        #expect(request.body == Data("email=a%2Bb%40x.com".utf8))
    }

    @Test func retrievesExpandAndListsPassFilters() async throws {
        let transport = ScriptedTransport([
            .json(200, #"{"id": "price_1", "currency": "usd", "product": "prod_1", "billing_scheme": "tiered", "tiers": []}"#),
            .json(200, #"{"object": "list", "data": [], "has_more": false}"#),
        ])
        let client = try StripeClient.scripted(transport)
        _ = try await client.retrievePrice("price_1")
        _ = try await client.listPrices(StripeListFilter(active: true, product: "prod_1")).collect()
        #expect(transport.requests[0].url.absoluteString == "http://127.0.0.1:1/v1/prices/price_1?expand%5B%5D=tiers")
        #expect(transport.requests[1].url.absoluteString == "http://127.0.0.1:1/v1/prices?limit=100&product=prod_1&active=true&expand%5B%5D=data.tiers")
    }

    @Test func idempotencyKeyIsStablePerScopeAndChangesWithEachPart() {
        let base = IdempotencyScope(objectKind: "order", objectId: "ord_1", operation: "create_invoice", generation: 1)
        #expect(base.key == IdempotencyScope(objectKind: "order", objectId: "ord_1", operation: "create_invoice", generation: 1).key)
        #expect(base.key.hasPrefix("veles-"))
        #expect(base.key.count == 6 + 48)
        let variants = [
            IdempotencyScope(objectKind: "contract", objectId: "ord_1", operation: "create_invoice", generation: 1),
            IdempotencyScope(objectKind: "order", objectId: "ord_2", operation: "create_invoice", generation: 1),
            IdempotencyScope(objectKind: "order", objectId: "ord_1", operation: "finalize", generation: 1),
            IdempotencyScope(objectKind: "order", objectId: "ord_1", operation: "create_invoice", generation: 2),
            // Parts that would run together if simply concatenated.
            IdempotencyScope(objectKind: "order", objectId: "ord_1create", operation: "_invoice", generation: 1),
        ]
        #expect(Set(variants.map(\.key)).count == variants.count)
        #expect(!variants.map(\.key).contains(base.key))
    }

    @Test func errorRepliesDecodeStripeShape() async throws {
        let transport = ScriptedTransport([
            .json(402, #"{"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "param": "source", "message": "Your card was declined."}}"#,
                  headers: ["Request-Id": "req_abc"]),
        ])
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient.scripted(transport).retrieveAccount()
        }
        #expect(error.kind == .card)
        #expect(error.httpStatus == 402)
        #expect(error.type == "card_error")
        #expect(error.code == "card_declined")
        #expect(error.declineCode == "insufficient_funds")
        #expect(error.param == "source")
        #expect(error.message == "Your card was declined.")
        #expect(error.requestID == "req_abc")
    }

    @Test func unauthorizedIsDistinguishableAndNeverEchoesTheKey() async throws {
        let transport = ScriptedTransport([
            .error(401, type: "invalid_request_error", message: "Invalid API Key provided: \(TestKeys.test)"),
        ])
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient.scripted(transport).retrieveAccount()
        }
        #expect(error.isAuthenticationFailure)
        #expect(error.kind == .authentication)
        #expect(!error.message.contains(TestKeys.test))
        #expect(!"\(error)".contains(TestKeys.test))
        #expect(error.message.hasSuffix("sk_test_…1234"))
    }

    @Test func nonStripeErrorBodiesAndUndecodableRepliesGiveClearErrors() async throws {
        let transport = ScriptedTransport([
            .response(status: 404, headers: [:], body: "<html>not found</html>"),
            .json(200, #"{"object": "customer"}"#),
        ])
        let client = try StripeClient.scripted(transport)
        let notFound = try await #require(throws: StripeError.self) { _ = try await client.retrieveAccount() }
        #expect(notFound.kind == .notFound)
        #expect(notFound.message.contains("404"))
        let undecodable = try await #require(throws: StripeError.self) { _ = try await client.retrieveCustomer("cus_1") }
        #expect(undecodable.kind == .decoding)
        #expect(undecodable.message.contains("id"))
    }
}
