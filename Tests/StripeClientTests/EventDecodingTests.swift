import Foundation
import Testing
@testable import StripeClient

@Suite("Events decode their object by kind")
struct EventDecodingTests {
    @Test func customerUpdatedCarriesCustomerAndPreviousAttributes() throws {
        let event = try decodeJSON(StripeEvent.self, """
        {"id": "evt_1", "object": "event", "type": "customer.updated", "created": 1700000100, "livemode": false,
         "api_version": "\(StripeAPIVersion.pinned)", "pending_webhooks": 1,
         "request": {"id": "req_9", "idempotency_key": "veles-abc"},
         "data": {"object": {"id": "cus_1", "object": "customer", "email": "new@acme.com", "name": "Acme",
                             "metadata": {"veles_customer_id": "vc_7"}},
                  "previous_attributes": {"email": "old@acme.com", "metadata": {"veles_customer_id": null}}}}
        """)
        #expect(event.objectKind == "customer")
        #expect(event.requestID == "req_9")
        #expect(event.requestIdempotencyKey == "veles-abc")
        #expect(event.pendingWebhooks == 1)
        guard case .customer(let customer) = event.object else { Issue.record("expected a customer"); return }
        #expect(customer.email == "new@acme.com")
        #expect(customer.metadata["veles_customer_id"] == "vc_7")
        #expect(event.previousAttributes?["email"] == .string("old@acme.com"))
        #expect(event.previousAttributes?["metadata"]?["veles_customer_id"] == .null)
        #expect(event.previousAttributes?.keys == ["email", "metadata"])
    }

    @Test func subscriptionEventUnderCustomerPrefixDecodesAsSubscription() throws {
        let event = try decodeJSON(StripeEvent.self, """
        {"id": "evt_2", "type": "customer.subscription.created", "created": 1, "livemode": true,
         "data": {"object": {"id": "sub_1", "object": "subscription", "customer": "cus_1", "status": "trialing",
                             "items": {"object": "list", "data": [], "has_more": false}}}}
        """)
        #expect(event.objectKind == "subscription")
        guard case .subscription(let subscription) = event.object else { Issue.record("expected a subscription"); return }
        #expect(subscription.status == .trialing)
        #expect(event.livemode)
    }

    @Test func deletedStubAndUnknownKindsAreKept() throws {
        let deleted = try decodeJSON(StripeEvent.self, """
        {"id": "evt_3", "type": "product.deleted", "created": 1,
         "data": {"object": {"id": "prod_1", "object": "product", "deleted": true}}}
        """)
        guard case .deleted(let stub) = deleted.object else { Issue.record("expected a deleted stub"); return }
        #expect(stub.id == "prod_1" && stub.object == "product")

        let other = try decodeJSON(StripeEvent.self, """
        {"id": "evt_4", "type": "payment_intent.succeeded", "created": 1,
         "data": {"object": {"id": "pi_1", "object": "payment_intent", "amount": 1234}}}
        """)
        guard case .other(let kind, let json) = other.object else { Issue.record("expected an unmodelled object"); return }
        #expect(kind == "payment_intent")
        #expect(json["amount"]?.integerValue == 1234)
        #expect(other.object.id == "pi_1")
    }

    @Test func objectWithoutKindFallsBackToTheEventType() throws {
        let event = try decodeJSON(StripeEvent.self, """
        {"id": "evt_5", "type": "price.created", "created": 1,
         "data": {"object": {"id": "price_1", "currency": "usd", "product": "prod_1", "unit_amount": 5}}}
        """)
        guard case .price(let price) = event.object else { Issue.record("expected a price"); return }
        #expect(price.unitAmount == 5)
    }
}
