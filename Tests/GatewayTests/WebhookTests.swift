import Foundation
import StripeClient
import TestSupport
import Testing

extension GatewayTests {
    /// `POST /webhooks/stripe/{connection_id}`: signature, mode, duplicates, and dispatch to the owning service.
    @Suite struct Webhooks {
        /// A connected workspace whose stripe-sim deliveries are paused, so only the test's own events arrive.
        static func connected() async throws -> (GatewayStack, String, connectionId: String, secret: String) {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_hooks")
            let connection = try await stack.connect(token)
            #expect(connection["webhook_configured"] as? Bool == true)
            #expect(connection["webhook_problem"] is NSNull)
            let connectionId = try #require(connection["connection_id"] as? String)
            let secret = try await stack.webhookSecret(connectionId: connectionId)
            #expect(secret.hasPrefix("whsec_"))
            let paused = try await HTTPCall.json("POST", stack.stack.stripeURL + "/_sim/webhooks", ["paused": true])
            #expect(paused.status == 200)
            return (stack, token, connectionId, secret)
        }

        static func event(id: String, type: String, livemode: Bool = false, object: [String: Any]) throws -> Data {
            try JSONSerialization.data(withJSONObject: [
                "id": id, "object": "event", "type": type, "livemode": livemode, "api_version": StripeAPIVersion.pinned,
                "created": Int(Date().timeIntervalSince1970), "pending_webhooks": 1,
                "data": ["object": object],
            ] as [String: Any])
        }

        static func deliver(_ stack: GatewayStack, _ connectionId: String, _ body: Data, secret: String,
                            at time: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> HTTPCall.Response {
            let header = StripeWebhookSignature.header(payload: [UInt8](body), secret: StripeWebhookSecret(secret), timestamp: time)
            return try await stack.raw("POST", "/webhooks/stripe/\(connectionId)", token: nil, body: body,
                                       headers: ["Stripe-Signature": header])
        }

        static func stripeCustomer(_ stack: GatewayStack, id: String) async throws -> [String: Any] {
            let response = try await HTTPCall.send("GET", stack.stack.stripeURL + "/v1/customers/\(id)",
                                                   headers: ["Authorization": "Bearer \(ServiceStack.testKey)"])
            return try response.json()
        }

        static func customerNames(_ stack: GatewayStack, _ token: String) async throws -> [String] {
            let rows = try await stack.call("GET", "/api/v1/stripe/customers?limit=200", token: token).json()["data"] as? [[String: Any]]
            return (rows ?? []).compactMap { $0["name"] as? String }
        }

        @Test func stripeSimDeliveriesAreVerifiedAndStoredByCustomerSync() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_live_hooks")
            try await stack.connect(token)
            try await stack.syncCustomers(token)
            let id = try await stack.createStripeCustomer(name: "Delivered Ltd", email: "a@delivered.example")
            let deadline = ContinuousClock.now + .seconds(20)
            var names: [String] = []
            while ContinuousClock.now < deadline {
                names = try await Self.customerNames(stack, token)
                if names.contains("Delivered Ltd") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(names.contains("Delivered Ltd"), "\(stack.stack.logs)")
            let deliveries = try await HTTPCall.send("GET", stack.stack.stripeURL + "/_sim/webhooks/deliveries").text
            #expect(deliveries.contains(id) || deliveries.contains("customer.created"))
            #expect(deliveries.contains("200"))
        }

        @Test func signedCustomerEventIsStoredOnceAndADuplicateIsAcknowledged() async throws {
            let (stack, token, connectionId, secret) = try await Self.connected()
            let id = try await stack.createStripeCustomer(name: "Hooked Ltd", email: "x@hooked.example")
            let body = try Self.event(id: "evt_gw_created_1", type: "customer.created",
                                      object: try await Self.stripeCustomer(stack, id: id))
            let first = try await Self.deliver(stack, connectionId, body, secret: secret)
            #expect(first.status == 200, "\(first.text)")
            #expect(try first.json()["applied"] as? Bool == true)
            #expect(try await Self.customerNames(stack, token).contains("Hooked Ltd"))

            let again = try await Self.deliver(stack, connectionId, body, secret: secret)
            #expect(again.status == 200, "\(again.text)")
            #expect(try again.json()["duplicate"] as? Bool == true)
            #expect(try again.json()["applied"] as? Bool == false)
            #expect(try await Self.customerNames(stack, token).filter { $0 == "Hooked Ltd" }.count == 1)
        }

        @Test func badSignaturesAndUnknownConnectionsGetTheSameBareRefusal() async throws {
            let (stack, _, connectionId, secret) = try await Self.connected()
            let id = try await stack.createStripeCustomer(name: "Forged Ltd", email: "x@forged.example")
            let body = try Self.event(id: "evt_gw_forged", type: "customer.created",
                                      object: try await Self.stripeCustomer(stack, id: id))
            let wrongSecret = try await Self.deliver(stack, connectionId, body, secret: "whsec_not_the_secret")
            let unknown = try await Self.deliver(stack, "conn_does_not_exist", body, secret: secret)
            let stale = try await Self.deliver(stack, connectionId, body, secret: secret,
                                               at: Int64(Date().timeIntervalSince1970) - 3600)
            let unsigned = try await stack.raw("POST", "/webhooks/stripe/\(connectionId)", token: nil, body: body)
            var tampered = body
            tampered.append(contentsOf: Array("  ".utf8))
            let header = StripeWebhookSignature.header(payload: [UInt8](body), secret: StripeWebhookSecret(secret),
                                                       timestamp: Int64(Date().timeIntervalSince1970))
            let changed = try await stack.raw("POST", "/webhooks/stripe/\(connectionId)", token: nil, body: tampered,
                                              headers: ["Stripe-Signature": header])
            for response in [wrongSecret, unknown, stale, unsigned, changed] {
                #expect(response.status == 400)
                #expect(response.body == wrongSecret.body, "every refusal reads the same: \(response.text)")
                #expect(!response.text.contains(connectionId) && !response.text.contains("whsec_"))
            }
            // Nothing of a refused delivery was recorded: the same event, signed properly, is new to customer-sync.
            let genuine = try await Self.deliver(stack, connectionId, body, secret: secret)
            #expect(genuine.status == 200, "\(genuine.text)")
            #expect(try genuine.json()["duplicate"] as? Bool == false)
            #expect(!stack.gateway.log.contains(secret))
        }

        @Test func anEventOfTheOtherModeIsRefusedAndNotStored() async throws {
            let (stack, _, connectionId, secret) = try await Self.connected()
            let id = try await stack.createStripeCustomer(name: "Live Only Ltd", email: "x@live.example")
            var object = try await Self.stripeCustomer(stack, id: id)
            object["livemode"] = true
            let body = try Self.event(id: "evt_gw_live", type: "customer.created", livemode: true, object: object)
            let response = try await Self.deliver(stack, connectionId, body, secret: secret)
            #expect(response.status == 400, "\(response.text)")
            #expect(response.errorCode == "mode_mismatch")
            // The refused event was not recorded: its id, sent in the connection's own mode, is new.
            object["livemode"] = false
            let sameId = try Self.event(id: "evt_gw_live", type: "customer.created", object: object)
            let accepted = try await Self.deliver(stack, connectionId, sameId, secret: secret)
            #expect(accepted.status == 200, "\(accepted.text)")
            #expect(try accepted.json()["duplicate"] as? Bool == false)
        }

        @Test func productAndPriceEventsGoToCatalogSyncAndCustomerEventsToCustomerSync() async throws {
            let (stack, token, connectionId, secret) = try await Self.connected()
            // catalog-sync stores the product as Stripe has it now (it fetches it again), so it must exist there.
            let created = try await HTTPCall.form("POST", stack.stack.stripeURL + "/v1/products",
                                                  [("id", "prod_gw_hook"), ("name", "Hooked Product")],
                                                  headers: ["Authorization": "Bearer \(ServiceStack.testKey)"])
            #expect(created.status == 200, "\(created.text)")
            let product: [String: Any] = ["id": "prod_gw_hook", "object": "product", "name": "Hooked Product", "active": true,
                                          "created": 1_700_000_000, "livemode": false, "metadata": [String: String](),
                                          "updated": 1_700_000_000]
            let price: [String: Any] = [
                "id": "price_gw_hook", "object": "price", "product": "prod_gw_hook", "currency": "usd", "active": true,
                "unit_amount": 1000, "type": "one_time", "billing_scheme": "per_unit", "created": 1_700_000_000,
                "livemode": false,
            ]
            // The price too must exist in Stripe (loaded through the sim's harness, which sends no webhooks).
            try await stack.loadIntoStripe(["prices": [price]])
            let productEvent = try Self.event(id: "evt_gw_product", type: "product.created", object: product)
            let productReply = try await Self.deliver(stack, connectionId, productEvent, secret: secret)
            #expect(productReply.status == 200, "\(productReply.text)")
            let rows = try await stack.call("GET", "/api/v1/stripe/products", token: token).text
            #expect(rows.contains("prod_gw_hook"))
            // No reconnect to another account happened: nothing is flagged, and the filter says so.
            let flagged = try await stack.call("GET", "/api/v1/stripe/products?flagged=true", token: token)
            #expect(flagged.status == 200 && !flagged.text.contains("prod_gw_hook"), "\(flagged.text)")
            #expect(try await stack.call("GET", "/api/v1/stripe/products?flagged=maybe", token: token).status == 400)
            let summary = try await stack.call("GET", "/api/v1/stripe/products/summary", token: token).json()
            #expect(summary["links_need_review"] as? Int == 0)
            let priceEvent = try Self.event(id: "evt_gw_price", type: "price.updated", object: price)
            let priceReply = try await Self.deliver(stack, connectionId, priceEvent, secret: secret)
            #expect(priceReply.status == 200, "\(priceReply.text)")
            let detail = try await stack.call("GET", "/api/v1/stripe/products/prod_gw_hook", token: token).text
            #expect(detail.contains("price_gw_hook"), "\(detail)")

            let id = try await stack.createStripeCustomer(name: "Routed Ltd", email: "x@routed.example")
            let customerEvent = try Self.event(id: "evt_gw_customer", type: "customer.created",
                                               object: try await Self.stripeCustomer(stack, id: id))
            let customerReply = try await Self.deliver(stack, connectionId, customerEvent, secret: secret)
            #expect(customerReply.status == 200, "\(customerReply.text)")
            #expect(try await Self.customerNames(stack, token).contains("Routed Ltd"))

            let other = try Self.event(id: "evt_gw_invoice", type: "invoice.paid", object: ["id": "in_1", "object": "invoice"])
            let otherReply = try await Self.deliver(stack, connectionId, other, secret: secret)
            #expect(otherReply.status == 200, "\(otherReply.text)")
            #expect(try otherReply.json()["applied"] as? Bool == false)
        }
    }
}
