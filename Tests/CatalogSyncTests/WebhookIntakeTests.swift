import SyncEngine
import Testing
@testable import CatalogSync

@Suite struct WebhookIntakeTests {
    let harness: StoreHarness
    let stripe = FakeStripe()
    let intake: WebhookIntake

    init() throws {
        harness = try StoreHarness()
        let ledger = SyncLedger(database: harness.store.database, kind: CatalogSyncJob.kindName, owner: "test")
        intake = WebhookIntake(applier: CatalogEventApplier(store: harness.store), access: stripe, ledger: ledger)
        let tiered = Fixtures.price("price_t", product: "prod_0", scheme: "tiered", tiersMode: "volume",
                                    tiers: [Fixtures.tier(10, unit: 500), Fixtures.tier(nil, unit: 400)])
        stripe.state.withLock { state in
            state.products = [Fixtures.product("prod_0", name: "Calls")]
            state.prices = [tiered]
        }
    }

    /// A `price.created` event as Stripe sends it: tiered, `unit_amount` null, and no tiers in the payload.
    private func tieredPriceEvent(id: String = "evt_1", livemode: Bool = false) -> String {
        """
        {"id": "\(id)", "object": "event", "type": "price.created", "created": 1700000000, "livemode": \(livemode),
         "api_version": "2024-06-20", "pending_webhooks": 1,
         "data": {"object": {"id": "price_t", "object": "price", "active": true, "currency": "usd", "product": "prod_0",
                             "billing_scheme": "tiered", "tiers_mode": "volume", "unit_amount": null, "unit_amount_decimal": null,
                             "type": "recurring", "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
                             "livemode": \(livemode), "created": 1700000000, "metadata": {}}}}
        """
    }

    @Test func tieredPriceFromAnEventIsFetchedWithItsTiersAndImportsAsVolume() async throws {
        let outcome = try await intake.handle(eventJSON: tieredPriceEvent(), workspaceId: harness.workspace)
        #expect(outcome.applied)
        let stored = try #require(try harness.store.price(workspaceId: harness.workspace, mode: .test, id: "price_t"))
        #expect(stored.tiers?.map(\.unitAmount) == [500, 400])
        let imported = try harness.store.importProduct(workspaceId: harness.workspace, mode: .test, stripeProductId: "prod_0")
        let plan = try #require(imported.product.plans.first)
        #expect(plan.method == .volume)
        #expect(plan.tiers.map { $0.unitAmount?.decimal } == ["500", "400"])
        #expect(plan.unitAmount == nil)
    }

    @Test func duplicateEventIsAcknowledgedAndNotAppliedTwice() async throws {
        _ = try await intake.handle(eventJSON: tieredPriceEvent(), workspaceId: harness.workspace)
        let fetches = stripe.state.withLock { $0.fetches.count }
        let again = try await intake.handle(eventJSON: tieredPriceEvent(), workspaceId: harness.workspace)
        #expect(!again.applied && again.eventId == "evt_1")
        #expect(stripe.state.withLock { $0.fetches.count } == fetches)
    }

    @Test func eventOfTheOtherModeIsRefused() async throws {
        await #expect(throws: CatalogError.self) {
            try await intake.handle(eventJSON: tieredPriceEvent(livemode: true), workspaceId: harness.workspace)
        }
        #expect(try harness.store.price(workspaceId: harness.workspace, mode: .live, id: "price_t") == nil)
        #expect(try harness.store.price(workspaceId: harness.workspace, mode: .test, id: "price_t") == nil)
    }

    @Test func foreignTypesAndMalformedJSONAreInvalidArguments() async throws {
        let customer = """
            {"id": "evt_c", "object": "event", "type": "customer.created", "created": 1, "livemode": false,
             "data": {"object": {"id": "cus_1", "object": "customer"}}}
            """
        for body in [customer, "{not json", "{\"id\": \"evt_x\"}"] {
            do {
                _ = try await intake.handle(eventJSON: body, workspaceId: harness.workspace)
                Issue.record("accepted \(body)")
            } catch let error as CatalogError {
                #expect(error.code == .invalidArgument)
            }
        }
    }

    @Test func disconnectedWorkspaceIsAFailedPrecondition() async throws {
        stripe.state.withLock { $0.connected = false }
        do {
            _ = try await intake.handle(eventJSON: tieredPriceEvent(), workspaceId: harness.workspace)
            Issue.record("accepted while disconnected")
        } catch let error as CatalogError {
            #expect(error.code == .failedPrecondition)
        }
    }
}
