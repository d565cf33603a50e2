import Foundation
import Testing

/// The review actions of the Customers and Products tabs, and changes made in Stripe after the sync.
extension EndToEndTests {
    /// An ambiguous customer linked to one of its candidates; a Veles customer created from one Veles does not know.
    func customerReviewActions(_ session: DemoSession, customers: [[String: Any]]) async throws {
        let api = session.api
        let ambiguous = try #require(session.expected.customers.first { $0.scenario == "two_veles_same_name" })
        let linked = try await api.send("POST", "/api/v1/stripe/customers/\(ambiguous.stripeId)/link",
                                        json: ["veles_customer_id": ambiguous.candidates[0]])
        #expect(linked.status == 200, "\(linked.text)")
        #expect(linked.json["match_status"] as? String == "matched")
        #expect(linked.json["match_method"] as? String == "manual")
        #expect(linked.json["veles_customer_id"] as? String == ambiguous.candidates[0])

        let unknownIDs = Set(session.expected.customers.filter { $0.scenario == "company_not_in_veles" }.map(\.stripeId))
        let unknown = try #require(customers.first { unknownIDs.contains($0["stripe_id"] as? String ?? "") && $0["name"] is String })
        let unknownID = try #require(unknown["stripe_id"] as? String)
        let created = try await api.send("POST", "/api/v1/stripe/customers/\(unknownID)/create-customer", json: [:])
        #expect(created.status == 201, "\(created.text)")
        let customer = try #require(created.json["customer"] as? [String: Any])
        let velesCustomer = try #require(created.json["veles_customer"] as? [String: Any])
        #expect(customer["match_status"] as? String == "matched")
        #expect(customer["match_method"] as? String == "created")
        #expect(velesCustomer["name"] as? String == unknown["name"] as? String)
        let velesID = try #require(velesCustomer["id"] as? String)
        let record = try await api.get("/api/v1/veles/customers/\(velesID)")
        #expect(record.status == 200)
        #expect(record.json["stripe_customer_ids"] as? [String] == [unknownID])
    }

    /// A product Veles does not have imported into the price book; another ignored.
    func productReviewActions(_ session: DemoSession) async throws {
        let api = session.api
        let toImport = try #require(session.expected.products.first { $0.scenario == "not_in_veles" && $0.active })
        let imported = try await api.send("POST", "/api/v1/stripe/products/\(toImport.stripeId)/import", json: [:])
        #expect(imported.status == 201, "\(imported.text)")
        #expect((imported.json["stripe_product"] as? [String: Any])?["match_status"] as? String == "import")
        let importedID = try #require((imported.json["product"] as? [String: Any])?["id"] as? String)
        #expect(try await api.get("/api/v1/veles/products/\(importedID)").status == 200)

        let toIgnore = try #require(session.expected.products.first { $0.scenario == "different_name" && $0.active })
        let ignored = try await api.send("POST", "/api/v1/stripe/products/\(toIgnore.stripeId)/ignore", json: [:])
        #expect(ignored.status == 200, "\(ignored.text)")
        #expect(ignored.json["match_status"] as? String == "ignored")
    }

    /// Renamed through Stripe's API: stripe-sim's webhook for that change is accepted by the gateway (which answers
    /// 2xx only once the owning service stored it), and the product no longer has its name match.
    func aProductRenamedInStripeLosesItsNameMatchByWebhook(_ session: DemoSession) async throws {
        let stripe = session.stripe
        let product = try #require(session.expected.products.first { $0.matchStatus == "name_match" })
        let newName = "Renamed In Stripe"
        let renamed = try await stripe.send("POST", "/v1/products/\(product.stripeId)", form: ["name": newName])
        #expect(renamed.status == 200, "\(renamed.text)")
        let events = try await stripe.get("/v1/events?type=product.updated&limit=10").json["data"] as? [[String: Any]] ?? []
        let event = events.first { event in
            let object = (event["data"] as? [String: Any])?["object"] as? [String: Any]
            return object?["id"] as? String == product.stripeId && object?["name"] as? String == newName
        }
        let eventID = try #require(event?["id"] as? String, "stripe-sim recorded no product.updated event for the rename")
        let attempts = try await DemoSession.eventually("the product.updated webhook to be accepted") {
            let attempts = try await stripe.get("/_sim/webhooks/deliveries?event=\(eventID)").json["data"] as? [[String: Any]] ?? []
            return attempts.contains { ($0["status"] as? Int).map { (200..<300).contains($0) } ?? false } ? attempts : nil
        }
        let webhookPrefix = session.veles.gatewayURL.absoluteString + "/webhooks/stripe/"
        #expect(attempts.allSatisfy { ($0["url"] as? String)?.hasPrefix(webhookPrefix) == true })
        let row = try await DemoSession.eventually("the renamed product to show not_matched") {
            let row = try await session.api.get("/api/v1/stripe/products/\(product.stripeId)").json
            return row["match_status"] as? String == "not_matched" ? row : nil
        }
        #expect(row["name"] as? String == newName)
        #expect(row["veles_product_id"] is NSNull)
    }

    /// Unlike the dataset's customers deleted before any sync (never listed), one deleted after it shows deleted.
    func aCustomerDeletedInStripeAfterTheSyncShowsDeleted(_ session: DemoSession) async throws {
        let customer = try #require(session.expected.customers.first { $0.status == "matched" && $0.scenario == "exact_email" })
        #expect(try await session.stripe.delete("/v1/customers/\(customer.stripeId)").status == 200)
        try await DemoSession.eventually("the deleted customer to show deleted") {
            let rows = try await session.api.get("/api/v1/stripe/customers?match_status=deleted").json["data"] as? [[String: Any]] ?? []
            return rows.contains { $0["stripe_id"] as? String == customer.stripeId } ? true : nil
        }
    }
}
