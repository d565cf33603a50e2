import Foundation
import Testing
import TestSupport
@testable import CatalogSync

/// Catalog sync against a stripe-sim process: every price shape, renames, deletions, ignores, inactive products and
/// SKU collisions, through the real Stripe client.
@Suite(.serialized) struct CatalogSimTests {
    private func plans(_ h: StripeSimHarness, importing product: String) throws -> [PricingPlan] {
        try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: product).product.plans
    }

    @Test func everyPriceShapeImportsWithTheRightMethodTiersAndAmounts() async throws {
        let h = try await StripeSimHarness()
        let meter = try await h.stripe("POST", "/v1/billing/meters", [("display_name", "API calls"), ("event_name", "api_call"),
                                                                      ("default_aggregation[formula]", "sum")])["id"] as? String ?? ""
        let product = try await h.product("Everything", [("metadata[sku]", "EVERY-1")])
        let perUnit = try await h.price(product, [("currency", "usd"), ("unit_amount", "1500"), ("recurring[interval]", "month")])
        let decimal = try await h.price(product, [("currency", "usd"), ("unit_amount_decimal", "0.125"), ("recurring[interval]", "month"),
                                                  ("recurring[usage_type]", "metered"), ("recurring[meter]", meter)])
        let package = try await h.price(product, [("currency", "usd"), ("unit_amount", "2500"), ("recurring[interval]", "month"),
                                                  ("recurring[interval_count]", "3"),
                                                  ("transform_quantity[divide_by]", "10"), ("transform_quantity[round]", "up")])
        let volume = try await h.price(product, [("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "volume"),
                                                 ("recurring[interval]", "year"),
                                                 ("tiers[0][up_to]", "10"), ("tiers[0][unit_amount]", "1000"),
                                                 ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount_decimal]", "750.5")])
        let graduated = try await h.price(product, [("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "graduated"),
                                                    ("recurring[interval]", "month"),
                                                    ("tiers[0][up_to]", "100"), ("tiers[0][unit_amount]", "50"), ("tiers[0][flat_amount]", "1000"),
                                                    ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount]", "25")])
        let stair = try await h.price(product, [("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "volume"),
                                                ("recurring[interval]", "month"),
                                                ("tiers[0][up_to]", "5"), ("tiers[0][flat_amount]", "10000"),
                                                ("tiers[1][up_to]", "inf"), ("tiers[1][flat_amount]", "30000")])
        let oneTime = try await h.price(product, [("currency", "usd"), ("unit_amount", "99900")])
        let custom = try await h.price(product, [("currency", "usd"), ("custom_unit_amount[enabled]", "true"),
                                                 ("custom_unit_amount[minimum]", "500"), ("custom_unit_amount[preset]", "2000")])
        let archived = try await h.price(product, [("currency", "usd"), ("unit_amount", "1"), ("recurring[interval]", "week")])
        try await h.stripe("POST", "/v1/prices/\(archived)", [("active", "false")])
        #expect(try await h.sync().status == .succeeded)

        let imported = try plans(h, importing: product)
        let byPrice = Dictionary(uniqueKeysWithValues: imported.map { ($0.stripePriceId ?? "", $0) })
        #expect(imported.count == 8 && byPrice[archived] == nil)
        #expect(byPrice[perUnit]?.method == .perUnit && byPrice[perUnit]?.unitAmount?.decimal == "1500")
        #expect(byPrice[perUnit]?.paymentType == .recurring(interval: .month, count: 1))
        #expect(byPrice[decimal]?.unitAmount?.decimal == "0.125" && byPrice[decimal]?.metered == true)
        #expect(byPrice[package]?.packageRate == PackageRate(divisor: 10, rounding: .up))
        #expect(byPrice[package]?.paymentType.label == "quarterly")
        #expect(byPrice[volume]?.method == .volume && byPrice[volume]?.unitAmount == nil)
        #expect(byPrice[volume]?.tiers.map(\.upTo) == [10, nil])
        #expect(byPrice[volume]?.tiers.map { $0.unitAmount?.decimal } == ["1000", "750.5"])
        #expect(byPrice[graduated]?.method == .graduated)
        #expect(byPrice[graduated]?.tiers.first?.flatAmount?.decimal == "1000" && byPrice[graduated]?.tiers.first?.unitAmount?.decimal == "50")
        #expect(byPrice[stair]?.method == .stairStep && byPrice[stair]?.tiers.map { $0.flatAmount?.decimal } == ["10000", "30000"])
        #expect(byPrice[oneTime]?.paymentType == .oneTime && byPrice[oneTime]?.unitAmount?.decimal == "99900")
        #expect(byPrice[custom]?.method == .flatFee && byPrice[custom]?.customAmount?.minimum == 500)
        #expect(try h.store.velesProduct(workspaceId: h.workspace, id: imported.isEmpty ? "" :
            try #require(try h.row(product)?.state.velesProductId))?.sku == "EVERY-1")
    }

    @Test func tieredPriceFirstSeenThroughAnEventIsFetchedWithTiersAndNeverPricedAtZero() async throws {
        let h = try await StripeSimHarness()
        let product = try await h.product("Calls")
        #expect(try await h.sync().status == .succeeded)
        let tiered = try await h.price(product, [("currency", "usd"), ("billing_scheme", "tiered"), ("tiers_mode", "volume"),
                                                 ("recurring[interval]", "month"),
                                                 ("tiers[0][up_to]", "1000"), ("tiers[0][unit_amount]", "3"),
                                                 ("tiers[1][up_to]", "inf"), ("tiers[1][unit_amount]", "2")])
        let incremental = try await h.sync(.incremental)
        #expect(incremental.status == .succeeded, "\(incremental.error)")
        let stored = try #require(try h.store.price(workspaceId: h.workspace, mode: .test, id: tiered))
        #expect(stored.unitAmount == nil && stored.tiers?.count == 2)
        let plan = try #require(try plans(h, importing: product).first)
        #expect(plan.method == .volume && plan.tiers.map { $0.unitAmount?.decimal } == ["3", "2"])
    }

    @Test func productWithUSDAndEURPricesImportsAsTwoPlans() async throws {
        let h = try await StripeSimHarness()
        let product = try await h.product("Seats")
        try await h.price(product, [("currency", "usd"), ("unit_amount", "1000"), ("recurring[interval]", "month")])
        try await h.price(product, [("currency", "eur"), ("unit_amount", "900"), ("recurring[interval]", "month")])
        try await h.sync()
        let plans = try plans(h, importing: product)
        #expect(plans.map(\.currency).sorted() == ["eur", "usd"])
        #expect(plans.map { $0.unitAmount?.decimal ?? "" }.sorted() == ["1000", "900"])
    }

    @Test func renamesDeletionsIgnoresAndNewProductsThroughSyncs() async throws {
        let h = try await StripeSimHarness()
        _ = try h.store.upsertProducts(workspaceId: h.workspace, [
            Fixtures.velesProduct("vp_alpha", name: "Alpha", sku: "ALPHA"), Fixtures.velesProduct("vp_beta", name: "Beta", sku: "BETA")])
        let alpha = try await h.product("Alpha")
        let manual = try await h.product("Manual one")
        let imported = try await h.product("Imported one")
        let ignored = try await h.product("Internal test product")
        let doomed = try await h.product("Doomed")
        try await h.sync()
        #expect(try h.row(alpha)?.state.status == .nameMatch)
        _ = try h.store.matchProduct(workspaceId: h.workspace, mode: .test, stripeProductId: manual, velesProductId: "vp_beta")
        let veles = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: imported).product
        _ = try h.store.ignoreProduct(workspaceId: h.workspace, mode: .test, stripeProductId: ignored)

        for id in [alpha, manual, imported] { try await h.stripe("POST", "/v1/products/\(id)", [("name", "Renamed \(id)")]) }
        try await h.stripe("DELETE", "/v1/products/\(doomed)")
        let fresh = try await h.product("Brand new")
        #expect(try await h.sync(.incremental).status == .succeeded)
        #expect(try h.row(alpha)?.state == .notMatched)
        #expect(try h.row(alpha)?.product.name == "Renamed \(alpha)")
        #expect(try h.row(manual)?.state.status == .manual)
        #expect(try h.row(imported)?.state.status == .imported && h.row(imported)?.state.velesProductId == veles.id)
        #expect(try h.row(doomed)?.product.deleted == true)
        #expect(try h.row(fresh)?.state.status == .notMatched)
        // A full reconcile keeps all of it, and the ignored product stays ignored.
        #expect(try await h.sync(.full).status == .succeeded)
        #expect(try h.row(ignored)?.state == .ignored)
        #expect(try h.row(doomed)?.product.deleted == true)
        #expect(try h.store.velesProduct(workspaceId: h.workspace, id: veles.id)?.name == "Imported one")
        let counts = try h.store.counts(workspaceId: h.workspace, mode: .test)
        #expect(counts.needingReview == 2)  // renamed Alpha and the new product
        #expect(counts.deleted == 1)
    }

    @Test func importingAnInactiveProductFailsAndSKUCollisionGetsTheSuffix() async throws {
        let h = try await StripeSimHarness()
        _ = try h.store.upsertProducts(workspaceId: h.workspace, [Fixtures.velesProduct("vp_1", name: "Existing", sku: "GOLD-PLAN")])
        let inactive = try await h.product("Retired", [("active", "false")])
        let gold = try await h.product("Gold Plan")
        try await h.sync()
        do {
            _ = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: inactive)
            Issue.record("inactive product imported")
        } catch let error as CatalogError {
            #expect(error.code == .failedPrecondition && error.message.contains("reactivate"))
        }
        let result = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: gold)
        #expect(result.sku.adjusted && result.sku.wanted == "GOLD-PLAN")
        #expect(result.product.sku == "GOLD-PLAN-" + String(gold.dropFirst(5).suffix(6)).uppercased())
    }

    @Test func rateLimitedPagesAreRetriedAndTheRunSucceedsWithEverything() async throws {
        let h = try await StripeSimHarness()
        for index in 0..<250 { _ = try await h.product("Bulk \(index)") }
        try await h.control("/_sim/faults", json: #"{"rate_limit_next": 2, "retry_after_s": 0}"#)
        let run = try await h.sync()
        #expect(run.status == .succeeded)
        #expect(try h.store.counts(workspaceId: h.workspace, mode: .test).total == 250)
    }

    @Test func disconnectDuringASyncStopsItWithinOnePage() async throws {
        let h = try await StripeSimHarness()
        for index in 0..<400 { _ = try await h.product("Bulk \(index)") }
        try await h.control("/_sim/faults", json: #"{"latency_ms": 150}"#)
        let (run, _) = try await h.coordinator.request(workspaceId: h.workspace, pass: .full, trigger: .manual)
        while (try h.coordinator.ledger.run(id: run.runId)?.pages ?? 0) < 1 { try await Task.sleep(for: .milliseconds(10)) }
        h.access.connected.withLock { $0 = false }
        let pagesAtDisconnect = try h.coordinator.ledger.run(id: run.runId)?.pages ?? 0
        let done = try #require(try await h.coordinator.wait(runId: run.runId, timeout: .seconds(20)))
        #expect(done.status == .stopped)
        #expect(done.pages <= pagesAtDisconnect + 1)
    }
}
