import Foundation
import Synchronization
import Testing
@testable import StripeClient

private func scope(_ id: String, _ operation: String = "create") -> IdempotencyScope {
    IdempotencyScope(objectKind: "customer", objectId: id, operation: operation, generation: 1)
}

@Suite("The client against stripe-sim as a process", .serialized)
struct StripeSimClientTests {
    @Test func burstOf429sWithRetryAfterIsWaitedOut() async throws {
        let sim = try await StripeSimHarness()
        try await sim.control("POST", "_sim/faults", json: #"{"rate_limit_next": 2, "retry_after_s": 1}"#)
        let started = ContinuousClock.now
        let account = try await sim.client().retrieveAccount()
        #expect(account.id.hasPrefix("acct_"))
        #expect(ContinuousClock.now - started >= .milliseconds(1900))
        let counts = try await sim.control("GET", "_sim/requests?account=\(account.id)")
        let seconds = counts["per_second"] as? [[String: Any]] ?? []
        #expect(seconds.reduce(0) { $0 + ($1["rate_limited"] as? Int ?? 0) } == 2, "\(counts)")
    }

    @Test func postDroppedAfterTheSimStoredItCreatesExactlyOneObject() async throws {
        let sim = try await StripeSimHarness()
        let client = try sim.client()
        try await sim.control("POST", "_sim/faults", json: #"{"drop_after_next": 1, "method": "POST"}"#)
        let created = try await client.createCustomer(["email": "once@acme.com", "name": "Once Ltd"], idempotency: scope("vc_once"))
        let listed = try await client.listCustomers(StripeListFilter(email: "once@acme.com")).collect()
        #expect(listed.map(\.id) == [created.id])
        // The same scope again (a later retry of the same intent) replays rather than creating a second one.
        let again = try await client.createCustomer(["email": "once@acme.com", "name": "Once Ltd"], idempotency: scope("vc_once"))
        #expect(again.id == created.id)
        // A new connection generation is a new intent.
        let reconnected = IdempotencyScope(objectKind: "customer", objectId: "vc_once", operation: "create", generation: 2)
        let second = try await client.createCustomer(["email": "once@acme.com", "name": "Once Ltd"], idempotency: reconnected)
        #expect(second.id != created.id)
    }

    @Test func listsEveryCustomerToTheEndAndDecodesTheSimsShapes() async throws {
        let sim = try await StripeSimHarness()
        let client = try sim.client()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<250 {
                group.addTask {
                    let form: StripeForm = ["name": .string("Customer \(index) & Söhne"), "email": .string("c\(index)+tag@example.com"),
                                            "metadata": ["veles_customer_id": .string("vc_\(index)")]]
                    _ = try await client.createCustomer(form, idempotency: scope("vc_\(index)"))
                }
            }
            try await group.waitForAll()
        }
        let all = try await client.listCustomers().collect()
        #expect(all.count == 250)
        #expect(Set(all.map(\.id)).count == 250)
        #expect(Set(all.compactMap { $0.metadata["veles_customer_id"] }) == Set((0..<250).map { "vc_\($0)" }))
        let one = try #require(all.first { $0.metadata["veles_customer_id"] == "vc_7" })
        #expect(one.name == "Customer 7 & Söhne")
        #expect(one.email == "c7+tag@example.com")

        let filtered = try await client.listCustomers(StripeListFilter(email: "c42+tag@example.com")).collect()
        #expect(filtered.map { $0.metadata["veles_customer_id"] } == ["vc_42"])

        let deleted = try await client.deleteCustomer(one.id)
        #expect(deleted.deleted && deleted.id == one.id)
        let retrieved = try await client.retrieveCustomer(one.id)
        #expect(retrieved.isDeleted)
    }

    @Test func everyPriceShapeRoundTripsThroughTheSim() async throws {
        let sim = try await StripeSimHarness()
        let client = try sim.client()
        let product = try await client.createProduct(["name": "Seats", "unit_label": "seat"], idempotency: scope("p_1"))
        #expect(product.unitLabel == "seat")
        let tiered = try await client.createPrice([
            "product": .string(product.id), "currency": "usd", "billing_scheme": "tiered", "tiers_mode": "graduated",
            "recurring": ["interval": "month", "interval_count": 3],
            "tiers": [["up_to": 10, "unit_amount": 500], ["up_to": "inf", "unit_amount_decimal": "412.5", "flat_amount": 1000]],
        ], idempotency: scope("plan_1"))
        // Created without expansion: the tiers are not in the reply.
        #expect(tiered.needsTierExpansion)
        let fetched = try await client.retrievePrice(tiered.id)
        let tiers = try #require(fetched.tiers)
        #expect(fetched.tiersMode == .graduated)
        #expect(fetched.recurring?.intervalCount == 3)
        #expect(tiers.count == 2)
        #expect(tiers[0].upTo == 10 && tiers[0].unitAmount == 500)
        #expect(tiers[1].isUnbounded && tiers[1].unitAmountDecimal == "412.5" && tiers[1].flatAmount == 1000)

        let package = try await client.createPrice([
            "product": .string(product.id), "currency": "eur", "unit_amount": 2500,
            "transform_quantity": ["divide_by": 10, "round": "up"],
        ], idempotency: scope("plan_2"))
        #expect(package.transformQuantity == StripeTransformQuantity(divideBy: 10, round: .up))
        #expect(package.type == .oneTime)

        let custom = try await client.createPrice([
            "product": .string(product.id), "currency": "usd",
            "custom_unit_amount": ["enabled": true, "minimum": 500, "preset": 2000],
        ], idempotency: scope("plan_3"))
        #expect(custom.customUnitAmount?.minimum == 500)
        #expect(custom.customUnitAmount?.preset == 2000)

        let listed = try await client.listPrices(StripeListFilter(product: product.id)).collect()
        #expect(Set(listed.map(\.id)) == [tiered.id, package.id, custom.id])
        #expect(listed.first { $0.id == tiered.id }?.tiers?.count == 2)
    }

    @Test func eventsCarryObjectsAndPreviousAttributes() async throws {
        let sim = try await StripeSimHarness()
        let client = try sim.client()
        let customer = try await client.createCustomer(["email": "old@acme.com"], idempotency: scope("vc_ev"))
        _ = try await client.updateCustomer(customer.id, ["email": "new@acme.com"], idempotency: scope("vc_ev", "update:1"))
        let events = try await client.listEvents(StripeListFilter(type: "customer.*")).collect()
        #expect(events.map(\.type) == ["customer.updated", "customer.created"])
        let updated = try #require(events.first)
        guard case .customer(let current) = updated.object else { Issue.record("expected a customer"); return }
        #expect(current.email == "new@acme.com")
        #expect(updated.previousAttributes?["email"] == .string("old@acme.com"))
        #expect(updated.requestIdempotencyKey == scope("vc_ev", "update:1").key)
    }

    @Test func signedWebhookDeliveryVerifiesWithTheEndpointSecret() async throws {
        let sim = try await StripeSimHarness()
        let client = try sim.client()
        let delivered = Mutex<[(header: String, body: Data)]>([])
        let receiver = try LocalHTTPServer { request in
            delivered.withLock { $0.append((request.headers["stripe-signature"] ?? "", request.body)) }
            return .respond(status: 200, headers: [:], body: "{}")
        }
        defer { receiver.stop() }
        let endpoint = try await client.createWebhookEndpoint(url: receiver.baseURL.appendingPathComponent("hook").absoluteString,
                                                              enabledEvents: ["customer.created"],
                                                              idempotency: IdempotencyScope(objectKind: "webhook_endpoint", objectId: "ws_1",
                                                                                            operation: "create", generation: 1))
        let secret = try #require(endpoint.secret)
        #expect(!"\(endpoint)".contains(secret.unredactedValue))
        let customer = try await client.createCustomer(["name": "Hooked"], idempotency: scope("vc_hook"))
        let deadline = ContinuousClock.now + .seconds(10)
        while delivered.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let delivery = try #require(delivered.withLock { $0.first })
        let event = try StripeWebhookSignature.verifiedEvent(payload: Array(delivery.body), header: delivery.header, secrets: [secret])
        #expect(event.type == "customer.created")
        #expect(event.object.id == customer.id)
        #expect(throws: StripeError.self) {
            try StripeWebhookSignature.verify(payload: Array(delivery.body), header: delivery.header, secrets: [StripeWebhookSecret("whsec_other")])
        }
    }

    @Test func wrongKeyIsAnAuthenticationFailureWithoutTheKey() async throws {
        let sim = try await StripeSimHarness()
        let wrong = "sk_test_wrong_key_9999"
        let configuration = try StripeConfiguration(key: StripeSecretKey(wrong), baseURL: sim.baseURL, rateLimit: .unlimited)
        let error = try await #require(throws: StripeError.self) {
            _ = try await StripeClient(configuration: configuration).retrieveAccount()
        }
        #expect(error.isAuthenticationFailure)
        #expect(error.attempts == 1)
        #expect(!"\(error)".contains(wrong))
    }

    @Test func clientAtTheTestCeilingNeverTripsTheSimsLimit() async throws {
        let sim = try await StripeSimHarness(arguments: ["--rate-limit", "25"])
        let client = try sim.client(rateLimit: .modeCeiling)
        let account = try await client.retrieveAccount()
        try await sim.control("DELETE", "_sim/requests")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 { group.addTask { _ = try await client.get("/v1/customers", query: ["limit": 1], as: StripeList<StripeCustomer>.self) } }
            try await group.waitForAll()
        }
        let counts = try await sim.control("GET", "_sim/requests?account=\(account.id)")
        #expect(counts["total"] as? Int == 40)
        #expect((counts["max_per_second"] as? Int ?? 99) <= 25)
        let perSecond = counts["per_second"] as? [[String: Any]] ?? []
        #expect(perSecond.allSatisfy { ($0["rate_limited"] as? Int ?? 1) == 0 })
    }
}
