import Testing
@testable import CatalogSync

@Suite struct CatalogStoreTests {
    @Test func duplicateSKUIsRefusedAsAlreadyExistsAndNothingIsStored() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Seats", sku: "SEAT-1"))
        do {
            try h.upsert(Fixtures.velesProduct("vp_2", name: "Other", sku: "OTHER"), Fixtures.velesProduct("vp_3", name: "Copy", sku: "seat-1"))
            Issue.record("duplicate SKU accepted")
        } catch let error as CatalogError {
            #expect(error.code == .alreadyExists)
            #expect(error.message.contains("vp_1"))
        }
        #expect(try h.store.velesProduct(workspaceId: h.workspace, id: "vp_2") == nil)
        // The same SKU in another workspace is fine.
        _ = try h.store.upsertProducts(workspaceId: "ws_2", [Fixtures.velesProduct("vp_9", name: "Seats", sku: "SEAT-1")])
    }

    @Test func upsertKeepsPlansExactlyAndGetReturnsThem() throws {
        let h = try StoreHarness()
        let plan = PricingPlan(id: "", currency: "EUR", paymentType: .recurring(interval: .month, count: 3), method: .graduated,
                               unitAmount: nil, tiers: [PlanTier(upTo: 10, unitAmount: Fixtures.amount("0.123456789012"), flatAmount: nil),
                                                        PlanTier(upTo: nil, unitAmount: Fixtures.amount("5"), flatAmount: Fixtures.amount("100"))],
                               packageRate: nil, metered: true, customAmount: nil, active: true, stripePriceId: nil)
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Calls", sku: "CALLS", plans: [plan]))
        let stored = try #require(try h.store.velesProduct(workspaceId: h.workspace, id: "vp_1"))
        #expect(stored.plans.count == 1)
        #expect(stored.plans[0].id == "vp_1-1" && stored.plans[0].currency == "eur")
        #expect(stored.plans[0].tiers[0].unitAmount?.decimal == "0.123456789012")
        #expect(stored.plans[0].paymentType.label == "quarterly")
    }

    @Test func invalidProductsAreRefusedNamingTheField() throws {
        let h = try StoreHarness()
        for (product, field) in [(Fixtures.velesProduct("vp_1", name: " ", sku: "A"), "name"),
                                 (Fixtures.velesProduct("vp_1", name: "A", sku: ""), "sku"),
                                 (Fixtures.velesProduct("", name: "A", sku: "A"), "id")] {
            do {
                try h.upsert(product)
                Issue.record("accepted a product without \(field)")
            } catch let error as CatalogError {
                #expect(error.code == .invalidArgument && error.message.contains(field))
            }
        }
    }

    @Test func newStripeProductAppearsNotMatchedAndNameMatchesWhenOneVelesProductHasItsName() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Widget Pro", sku: "W"))
        try h.sync([Fixtures.product("prod_1", name: "widget pro"), Fixtures.product("prod_2", name: "Gizmo")])
        #expect(try h.state("prod_1")?.status == .nameMatch)
        #expect(try h.state("prod_1")?.velesProductId == "vp_1")
        #expect(try h.state("prod_2")?.status == .notMatched)
    }

    @Test func addingOrRenamingVelesProductsRechecksNotMatchedStripeProducts() throws {
        let h = try StoreHarness()
        try h.sync([Fixtures.product("prod_1", name: "Gizmo"), Fixtures.product("prod_2", name: "Gadget")])
        try h.upsert(Fixtures.velesProduct("vp_1", name: "GIZMO", sku: "G"))
        #expect(try h.state("prod_1")?.status == .nameMatch)
        try h.upsert(Fixtures.velesProduct("vp_2", name: "Something", sku: "S"))
        #expect(try h.state("prod_2")?.status == .notMatched)
        try h.upsert(Fixtures.velesProduct("vp_2", name: "Gadget", sku: "S"))
        #expect(try h.state("prod_2")?.velesProductId == "vp_2")
        // Renaming the Veles side away drops the name match too.
        try h.upsert(Fixtures.velesProduct("vp_2", name: "Gadget 2", sku: "S"))
        #expect(try h.state("prod_2")?.status == .notMatched)
    }

    @Test func renameInStripeDropsNameMatchButNotImportOrManual() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Alpha", sku: "A"), Fixtures.velesProduct("vp_2", name: "Beta", sku: "B"))
        try h.sync([Fixtures.product("prod_a", name: "Alpha"), Fixtures.product("prod_b", name: "Other"), Fixtures.product("prod_c", name: "Gamma")])
        _ = try h.store.matchProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_b", velesProductId: "vp_2")
        let imported = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_c")
        try h.sync([Fixtures.product("prod_a", name: "Alpha v2"), Fixtures.product("prod_b", name: "Other v2"),
                    Fixtures.product("prod_c", name: "Gamma v2")])
        #expect(try h.state("prod_a") == .notMatched)
        #expect(try h.state("prod_b")?.status == .manual)
        #expect(try h.state("prod_c")?.status == .imported)
        #expect(try h.state("prod_c")?.velesProductId == imported.product.id)
        let row = try #require(try h.store.stripeProduct(workspaceId: h.workspace, mode: .test, id: "prod_c"))
        #expect(row.product.name == "Gamma v2")
        #expect(try h.store.counts(workspaceId: h.workspace, mode: .test).needingReview == 1)
    }

    @Test func unlinkRejectsThePairForAutomaticMatching() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Alpha", sku: "A"))
        try h.sync([Fixtures.product("prod_a", name: "Alpha")])
        _ = try h.store.unlinkProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        try h.sync([Fixtures.product("prod_a", name: "Alpha")])
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Alpha", sku: "A2"))
        #expect(try h.state("prod_a") == .notMatched)
        // An explicit manual match lifts the rejection.
        _ = try h.store.matchProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a", velesProductId: "vp_1")
        #expect(try h.state("prod_a")?.status == .manual)
    }

    @Test func ignoredStaysIgnoredThroughSyncsAndUnignoreRematches() throws {
        let h = try StoreHarness()
        try h.sync([Fixtures.product("prod_a", name: "Internal test")])
        _ = try h.store.ignoreProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Internal Test", sku: "T"))
        try h.sync([Fixtures.product("prod_a", name: "Internal test")])
        #expect(try h.state("prod_a") == .ignored)
        #expect(try h.store.counts(workspaceId: h.workspace, mode: .test).needingReview == 0)
        let back = try h.store.unignoreProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        #expect(back.state.status == .nameMatch)
    }

    @Test func inactiveProductCanBeNeitherMatchedNorImportedButKeepsItsLink() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Alpha", sku: "A"))
        try h.sync([Fixtures.product("prod_old", name: "Old", active: false), Fixtures.product("prod_a", name: "Alpha")])
        for action in [{ _ = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_old") },
                       { _ = try h.store.matchProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_old", velesProductId: "vp_1") }] {
            do {
                try action()
                Issue.record("inactive product accepted")
            } catch let error as CatalogError {
                #expect(error.code == .failedPrecondition && error.message.contains("reactivate"))
            }
        }
        try h.sync([Fixtures.product("prod_a", name: "Alpha", active: false)])
        let row = try #require(try h.store.stripeProduct(workspaceId: h.workspace, mode: .test, id: "prod_a"))
        #expect(row.state.status == .nameMatch && !row.product.active)
        let counts = try h.store.counts(workspaceId: h.workspace, mode: .test)
        #expect(counts.needingReview == 0 && counts.inactive == 2)
    }

    @Test func deletedInStripeIsShownDeletedAndTheVelesProductKept() throws {
        let h = try StoreHarness()
        try h.sync([Fixtures.product("prod_a", name: "Alpha")], prices: [Fixtures.price("price_1", product: "prod_a", unitAmount: 100)])
        let imported = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        try h.store.database.write { connection in
            _ = try h.store.markProductDeleted(connection, workspaceId: h.workspace, mode: .test, id: "prod_a")
        }
        let row = try #require(try h.store.stripeProduct(workspaceId: h.workspace, mode: .test, id: "prod_a"))
        #expect(row.product.deleted && row.state.status == .imported)
        let veles = try #require(try h.store.velesProduct(workspaceId: h.workspace, id: imported.product.id))
        #expect(veles.name == "Alpha")
        // A stale page listing it again does not bring it back.
        try h.sync([Fixtures.product("prod_a", name: "Alpha")])
        #expect(try h.store.stripeProduct(workspaceId: h.workspace, mode: .test, id: "prod_a")?.product.deleted == true)
    }

    @Test func importCreatesTheProductOnceWithPlansPerCurrency() throws {
        let h = try StoreHarness()
        try h.sync([Fixtures.product("prod_a", name: "Seats", metadata: ["sku": "SEATS-1"])],
                   prices: [Fixtures.price("price_usd", product: "prod_a", unitAmount: 1000),
                            Fixtures.price("price_eur", product: "prod_a", currency: "eur", unitAmount: 900)])
        let first = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        #expect(first.created && first.product.sku == "SEATS-1" && !first.sku.adjusted)
        #expect(first.product.plans.map(\.currency).sorted() == ["eur", "usd"])
        let second = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        #expect(!second.created && second.product.id == first.product.id)
        let plan = try #require(first.product.plans.first { $0.currency == "eur" })
        #expect(try h.store.stripePrice(forPlan: plan.id, workspaceId: h.workspace)?.priceId == "price_eur")
    }

    @Test func skuCollisionOnImportGetsTheDocumentedSuffix() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Something", sku: "seats"))
        try h.sync([Fixtures.product("prod_abc123", name: "Seats")])
        let result = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_abc123")
        #expect(result.sku.adjusted && result.sku.wanted == "SEATS" && result.product.sku == "SEATS-ABC123")
    }

    @Test func importedProductFollowsNewAndArchivedPrices() throws {
        let h = try StoreHarness()
        try h.sync([Fixtures.product("prod_a", name: "Seats")], prices: [Fixtures.price("price_1", product: "prod_a", unitAmount: 1000)])
        let imported = try h.store.importProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a")
        try h.sync([], prices: [Fixtures.price("price_1", product: "prod_a", unitAmount: 1000, active: false),
                                Fixtures.price("price_2", product: "prod_a", unitAmount: 1200)])
        let plans = try #require(try h.store.velesProduct(workspaceId: h.workspace, id: imported.product.id)).plans
        #expect(plans.count == 2)
        #expect(plans.first { $0.stripePriceId == "price_1" }?.active == false)
        #expect(plans.first { $0.stripePriceId == "price_2" }?.unitAmount?.decimal == "1200")
    }

    @Test func manualMatchLeavesPlansAloneWhenPricesChange() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Mine", sku: "M"))
        try h.sync([Fixtures.product("prod_a", name: "Seats")])
        _ = try h.store.matchProduct(workspaceId: h.workspace, mode: .test, stripeProductId: "prod_a", velesProductId: "vp_1")
        try h.sync([], prices: [Fixtures.price("price_2", product: "prod_a", unitAmount: 1200)])
        #expect(try h.store.velesProduct(workspaceId: h.workspace, id: "vp_1")?.plans.isEmpty == true)
    }

    @Test func tieredPriceWithoutTiersIsNeverStored() throws {
        let h = try StoreHarness()
        #expect(throws: CatalogError.self) {
            try h.sync([], prices: [Fixtures.price("price_t", scheme: "tiered", tiersMode: "volume", tiers: nil)])
        }
        #expect(try h.store.price(workspaceId: h.workspace, mode: .test, id: "price_t") == nil)
    }

    @Test func testAndLiveDataNeverMix() throws {
        let h = try StoreHarness()
        try h.sync([Fixtures.product("prod_a", name: "Test only")], mode: .test)
        try h.sync([Fixtures.product("prod_b", name: "Live only")], mode: .live)
        #expect(try h.store.listStripeProducts(workspaceId: h.workspace, mode: .test, .init()).rows.map(\.mirrored.product.id) == ["prod_a"])
        #expect(try h.store.listStripeProducts(workspaceId: h.workspace, mode: .live, .init()).rows.map(\.mirrored.product.id) == ["prod_b"])
        #expect(try h.store.stripeProduct(workspaceId: h.workspace, mode: .live, id: "prod_a") == nil)
    }

    @Test func listSearchesFiltersPagesAndSortsByCreated() throws {
        let h = try StoreHarness()
        try h.sync((1...7).map { Fixtures.product("prod_\($0)", name: $0 % 2 == 0 ? "Even \($0)" : "Odd \($0)", active: $0 != 3, created: Int64($0)) })
        var filter = CatalogStore.ProductFilter()
        filter.limit = 3
        var seen: [String] = []
        repeat {
            let page = try h.store.listStripeProducts(workspaceId: h.workspace, mode: .test, filter)
            seen += page.rows.map(\.mirrored.product.id)
            filter.cursor = page.nextCursor ?? ""
        } while !filter.cursor.isEmpty
        #expect(seen == (1...7).reversed().map { "prod_\($0)" })
        var search = CatalogStore.ProductFilter()
        search.query = "ODD"
        search.active = true
        search.newestFirst = false
        #expect(try h.store.listStripeProducts(workspaceId: h.workspace, mode: .test, search).rows.map(\.mirrored.product.id) == ["prod_1", "prod_5", "prod_7"])
        var byStatus = CatalogStore.ProductFilter()
        byStatus.statuses = [.ignored]
        #expect(try h.store.listStripeProducts(workspaceId: h.workspace, mode: .test, byStatus).rows.isEmpty)
    }

    @Test func fullPassSweepMarksProductsStripeNoLongerListsAsDeleted() throws {
        let h = try StoreHarness()
        _ = try h.store.database.write { c in
            try h.store.storeProducts(c, workspaceId: h.workspace, mode: .test, [Fixtures.product("prod_a", name: "A"), Fixtures.product("prod_b", name: "B")], pass: "p1")
        }
        let swept = try h.store.database.write { c in
            try h.store.storeProducts(c, workspaceId: h.workspace, mode: .test, [Fixtures.product("prod_a", name: "A")], pass: "p2")
            return try h.store.sweepUnseen(c, workspaceId: h.workspace, mode: .test, pass: "p2")
        }
        #expect(swept == 1)
        #expect(try h.store.stripeProduct(workspaceId: h.workspace, mode: .test, id: "prod_b")?.product.deleted == true)
        #expect(try h.store.stripeProduct(workspaceId: h.workspace, mode: .test, id: "prod_a")?.product.deleted == false)
    }

    @Test func unitLabelUpdateAndUnknownProduct() throws {
        let h = try StoreHarness()
        try h.upsert(Fixtures.velesProduct("vp_1", name: "Calls", sku: "C"))
        #expect(try h.store.updateUnitLabel(workspaceId: h.workspace, id: "vp_1", label: " API calls ").unitLabel == "API calls")
        #expect(throws: CatalogError.notFound("Veles product vp_x does not exist")) {
            try h.store.updateUnitLabel(workspaceId: h.workspace, id: "vp_x", label: "x")
        }
    }
}
