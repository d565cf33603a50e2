import Bus
import Foundation
import Testing
import TestSupport
import VelesAPI

/// catalog-sync as a process on the real bus, against stripe-sim, called the way the gateway and billing call it.
@Suite(.serialized) struct CatalogBusTests {
    @Test func syncFillsTheTabImportWorksAndLastSyncedIsRecorded() async throws {
        let h = try await CatalogBusHarness()
        let seats = try await h.sim.product("Seats")
        try await h.sim.price(seats, [("currency", "usd"), ("unit_amount", "1000"), ("recurring[interval]", "month")])
        try await h.sim.price(seats, [("currency", "eur"), ("unit_amount", "900"), ("recurring[interval]", "month")])
        let calls = try await h.sim.product("API Calls")
        try await h.sim.price(calls, [("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "volume"),
                                      ("recurring[interval]", "month"), ("tiers[0][up_to]", "1000"), ("tiers[0][unit_amount]", "3"),
                                      ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount]", "2")])
        _ = try await h.sim.product("Support")
        var upsert = Veles_Catalog_V1_UpsertProductsRequest()
        upsert.products = [velesProduct("vp_support", name: "support", sku: "SUP")]
        _ = try await h.catalog.upsertProducts(upsert, options: h.options)

        let sync = try await h.syncNow()
        #expect(sync.run.status == .succeeded, "\(sync.run.error)")
        var list = Veles_Catalog_V1_ListStripeProductsRequest()
        list.sort = .oldestFirst
        let rows = try await h.catalog.listStripeProducts(list, options: h.options)
        // Created in the same second, so the order among them is by id; the set is what matters here.
        #expect(Set(rows.products.map(\.name)) == ["Seats", "API Calls", "Support"])
        let support = try #require(rows.products.first { $0.name == "Support" })
        #expect(support.matchStatus == .nameMatch && support.velesProductId == "vp_support" && support.velesProductName == "support")
        #expect(rows.mode == .test)
        let summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        #expect(summary.needsReview == 2 && summary.nameMatch == 1 && summary.total == 3)
        #expect(summary.lastSyncedAtMs > 0 && summary.lastRun.status == .succeeded)
        #expect(h.connection.recorded.withLock { $0.contains { $0.kind == .products && $0.outcome == .succeeded } })

        var importRequest = Veles_Catalog_V1_ImportProductRequest()
        importRequest.stripeProductId = calls
        let imported = try await h.catalog.importProduct(importRequest, options: h.options)
        #expect(imported.created && imported.stripeProduct.matchStatus == .import)
        let plan = try #require(imported.product.plans.first)
        #expect(plan.method == .volume && plan.tiers.map(\.unitAmount.amountMinor) == [3, 2] && plan.tiers.last?.upTo == 0)
        #expect(!plan.hasUnitAmount)
        importRequest.stripeProductId = seats
        let seatsProduct = try await h.catalog.importProduct(importRequest, options: h.options).product
        #expect(seatsProduct.plans.map(\.currency).sorted() == ["eur", "usd"])
        #expect(seatsProduct.unitLabel == "")

        var priceRequest = Veles_Catalog_V1_GetStripePriceForPlanRequest()
        priceRequest.planId = plan.id
        let price = try await h.catalog.getStripePriceForPlan(priceRequest, options: h.options)
        #expect(price.stripePriceId == plan.stripePriceId && price.stripeProductId == calls && price.mode == .test)

        var label = Veles_Catalog_V1_UpdateUnitLabelRequest()
        label.id = imported.product.id
        label.unitLabel = "API calls"
        _ = try await h.catalog.updateUnitLabel(label, options: h.options)
        var get = Veles_Catalog_V1_GetProductRequest()
        get.id = imported.product.id
        #expect(try await h.catalog.getProduct(get, options: h.options).product.unitLabel == "API calls")
    }

    @Test func badRequestsGetTheRightStatusAndChangeNothing() async throws {
        let h = try await CatalogBusHarness()
        let retired = try await h.sim.product("Retired", [("active", "false")])
        try await h.syncNow()
        let noWorkspace = CallOptions(timeout: .seconds(10))
        #expect(await h.status { try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: noWorkspace) } == .invalidArgument)
        var importRequest = Veles_Catalog_V1_ImportProductRequest()
        importRequest.stripeProductId = "prod_unknown"
        #expect(await h.status { try await h.catalog.importProduct(importRequest, options: h.options) } == .notFound)
        importRequest.stripeProductId = retired
        #expect(await h.status { try await h.catalog.importProduct(importRequest, options: h.options) } == .failedPrecondition)
        var upsert = Veles_Catalog_V1_UpsertProductsRequest()
        upsert.products = [velesProduct("vp_a", name: "A", sku: "SAME"), velesProduct("vp_b", name: "B", sku: "same")]
        #expect(await h.status { try await h.catalog.upsertProducts(upsert, options: h.options) } == .alreadyExists)
        var get = Veles_Catalog_V1_GetProductRequest()
        get.id = "vp_a"
        #expect(await h.status { try await h.catalog.getProduct(get, options: h.options) } == .notFound)
        var event = Veles_Catalog_V1_HandleStripeEventRequest()
        event.eventJson = "{\"id\": 12"
        #expect(await h.status { try await h.catalog.handleStripeEvent(event, options: h.options) } == .invalidArgument)
        var match = Veles_Catalog_V1_MatchProductRequest()
        match.stripeProductId = retired
        match.velesProductId = "vp_missing"
        #expect(await h.status { try await h.catalog.matchProduct(match, options: h.options) } == .notFound)
        var list = Veles_Catalog_V1_ListStripeProductsRequest()
        list.page.cursor = "garbage"
        #expect(await h.status { try await h.catalog.listStripeProducts(list, options: h.options) } == .invalidArgument)
    }

    @Test func webhookEventsAreStoredBeforeTheReplyDuplicatesAcknowledgedAndOtherModeRefused() async throws {
        let h = try await CatalogBusHarness()
        let product = try await h.sim.product("Usage")
        try await h.syncNow()
        let priceId = try await h.sim.price(product, [("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "graduated"),
                                                      ("recurring[interval]", "month"), ("tiers[0][up_to]", "10"), ("tiers[0][flat_amount]", "500"),
                                                      ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount]", "7")])
        let events = try await h.sim.stripe("GET", "/v1/events?type=price.created")
        let first = try #require((events["data"] as? [[String: Any]])?.first)
        let text = String(decoding: try JSONSerialization.data(withJSONObject: first), as: UTF8.self)
        var request = Veles_Catalog_V1_HandleStripeEventRequest()
        request.eventJson = text
        let applied = try await h.catalog.handleStripeEvent(request, options: h.options)
        #expect(applied.applied && !applied.duplicate)
        var detail = Veles_Catalog_V1_GetStripeProductRequest()
        detail.stripeProductId = product
        let stored = try await h.catalog.getStripeProduct(detail, options: h.options)
        #expect(stored.prices.map(\.id) == [priceId])
        #expect(stored.prices.first?.plans.first?.method == .graduated)
        #expect(stored.prices.first?.plans.first?.tiers.first?.flatAmount.amountMinor == 500)
        let again = try await h.catalog.handleStripeEvent(request, options: h.options)
        #expect(again.duplicate && !again.applied)
        var live = first
        live["livemode"] = true
        live["id"] = "evt_live_copy"
        request.eventJson = String(decoding: try JSONSerialization.data(withJSONObject: live), as: UTF8.self)
        #expect(await h.status { try await h.catalog.handleStripeEvent(request, options: h.options) } == .failedPrecondition)
    }

    @Test func twoWorkersAndTwoSyncNowCallsMakeOneRun() async throws {
        let h = try await CatalogBusHarness(workers: 2)
        for index in 0..<120 { _ = try await h.sim.product("Bulk \(index)") }
        try await h.sim.control("/_sim/faults", json: #"{"latency_ms": 40}"#)
        var request = Veles_Catalog_V1_SyncNowRequest()
        request.full = true
        let catalog = h.catalog
        let options = h.options
        let firstRequest = request
        let secondRequest = request
        async let first = catalog.syncNow(firstRequest, options: options)
        async let second = catalog.syncNow(secondRequest, options: options)
        let (a, b) = try await (first, second)
        #expect(a.run.runId == b.run.runId)
        #expect(a.joined != b.joined)
        request.waitMs = 20_000
        let done = try await catalog.syncNow(request, options: options)
        var runs = Veles_Catalog_V1_ListSyncRunsRequest()
        runs.limit = 10
        let listed = try await catalog.listSyncRuns(runs, options: options).runs
        #expect(listed.contains { $0.runId == a.run.runId && $0.status == .succeeded && $0.created == 120 })
        #expect(done.run.status == .succeeded)
    }

    @Test func disconnectStopsARunningSyncAndSyncNowIsRefused() async throws {
        let h = try await CatalogBusHarness()
        for index in 0..<400 { _ = try await h.sim.product("Bulk \(index)") }
        try await h.sim.control("/_sim/faults", json: #"{"latency_ms": 100}"#)
        var request = Veles_Catalog_V1_SyncNowRequest()
        request.full = true
        let started = try await h.catalog.syncNow(request, options: h.options)
        try await Task.sleep(for: .milliseconds(400))
        h.connection.connected.withLock { $0 = false }
        var runs = Veles_Catalog_V1_ListSyncRunsRequest()
        runs.limit = 1
        var latest = try await h.catalog.listSyncRuns(runs, options: h.options).runs.first
        let deadline = ContinuousClock.now + .seconds(15)
        while latest?.status == .running, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            latest = try await h.catalog.listSyncRuns(runs, options: h.options).runs.first
        }
        #expect(latest?.runId == started.run.runId && latest?.status == .stopped)
        #expect((latest?.pages ?? 99) < 4)
        #expect(await h.status { try await h.catalog.syncNow(request, options: h.options) } == .failedPrecondition)
    }

    @Test func withTheRealConnectionServiceAConnectSyncsAndMovesProductsLastSynced() async throws {
        let h = try await CatalogBusHarness(realConnection: true)
        _ = try await h.sim.product("Connected product")
        let connection = Veles_Connection_V1_ConnectionClient(channel: h.client)
        var connect = Veles_Connection_V1_ConnectRequest()
        connect.apiKey = StripeSimHarness.key
        _ = try await connection.connect(connect, options: h.options)
        // The connect event (or the scheduler) starts the first full pass; nobody presses Sync.
        var summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        let deadline = ContinuousClock.now + .seconds(20)
        while summary.lastSyncedAtMs == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            summary = try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options)
        }
        #expect(summary.total == 1 && summary.needsReview == 1 && summary.mode == .test)
        var state = try await connection.getConnection(Veles_Connection_V1_GetConnectionRequest(), options: h.options).connection
        let recordDeadline = ContinuousClock.now + .seconds(10)
        while state.productsLastSyncedAtMs == 0, ContinuousClock.now < recordDeadline {
            try await Task.sleep(for: .milliseconds(100))
            state = try await connection.getConnection(Veles_Connection_V1_GetConnectionRequest(), options: h.options).connection
        }
        #expect(state.productsLastSyncedAtMs > 0)
        _ = try await connection.disconnect(Veles_Connection_V1_DisconnectRequest(), options: h.options)
        var request = Veles_Catalog_V1_SyncNowRequest()
        request.full = true
        #expect(await h.status { try await h.catalog.syncNow(request, options: h.options) } == .failedPrecondition)
        // Disconnect keeps the synced data.
        #expect(try await h.catalog.summary(Veles_Catalog_V1_SummaryRequest(), options: h.options).total == 1)
    }
}
