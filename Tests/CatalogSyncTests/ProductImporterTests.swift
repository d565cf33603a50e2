import Testing
@testable import CatalogSync

@Suite struct ProductImporterTests {
    @Test func importBuildsTheProductWithAPlanPerActivePriceAndCurrency() throws {
        let product = Fixtures.product("prod_1", name: "Seats")
        let prices = [
            Fixtures.price("price_usd", currency: "usd", unitAmount: 1000, created: 1),
            Fixtures.price("price_eur", currency: "eur", unitAmount: 900, created: 2),
            Fixtures.price("price_old", currency: "usd", unitAmount: 700, active: false, created: 0),
        ]
        let built = try ProductImporter.build(product, prices: prices, velesProductId: "vprod_1", sku: "SEATS", nowMs: 9)
        #expect(built.name == "Seats" && built.sku == "SEATS" && built.description == "About Seats")
        #expect(built.status == .active)
        #expect(built.plans.map(\.currency) == ["usd", "eur"])
        #expect(built.plans.map(\.stripePriceId) == ["price_usd", "price_eur"])
        #expect(built.unitLabel == "")
    }

    @Test func unitLabelComesFromStripeOnlyWhenTheProductHasOne() throws {
        let labelled = Fixtures.product("prod_1", name: "Seats", unitLabel: "seat")
        #expect(try ProductImporter.build(labelled, prices: [], velesProductId: "v", sku: "S", nowMs: 0).unitLabel == "seat")
    }

    @Test func anInexpressiblePriceRefusesTheWholeImportNamingIt() throws {
        let prices = [Fixtures.price("price_ok", unitAmount: 1), Fixtures.price("price_bad", scheme: "per_kilo", unitAmount: 1)]
        do {
            _ = try ProductImporter.build(Fixtures.product("prod_1", name: "X"), prices: prices, velesProductId: "v", sku: "X", nowMs: 0)
            Issue.record("import should be refused")
        } catch {
            #expect(error.message.contains("price_bad"))
        }
    }

    @Test func newActivePriceAddsAPlanAndArchivedPriceMakesItInactive() throws {
        let first = Fixtures.price("price_1", unitAmount: 100, created: 1)
        var plans = try ProductImporter.build(Fixtures.product("prod_1", name: "X"), prices: [first], velesProductId: "v",
                                              sku: "X", nowMs: 0).plans
        let added = ProductImporter.syncPlans(plans, velesProductId: "v", prices: [first, Fixtures.price("price_2", currency: "eur", unitAmount: 90, created: 2)])
        #expect(added.changed && added.plans.count == 2 && added.plans[1].stripePriceId == "price_2")
        plans = added.plans
        var archived = first
        archived.active = false
        let after = ProductImporter.syncPlans(plans, velesProductId: "v", prices: [archived, Fixtures.price("price_2", currency: "eur", unitAmount: 90, created: 2)])
        #expect(after.changed)
        #expect(after.plans.first { $0.stripePriceId == "price_1" }?.active == false)
        #expect(after.plans.first { $0.stripePriceId == "price_2" }?.active == true)
        let unchanged = ProductImporter.syncPlans(after.plans, velesProductId: "v", prices: [archived])
        #expect(!unchanged.changed)
    }

    @Test func archivedPriceNeverSeenAddsNothingAndBadNewPriceIsReportedNotFatal() {
        let result = ProductImporter.syncPlans([], velesProductId: "v", prices: [
            Fixtures.price("price_archived", unitAmount: 1, active: false),
            Fixtures.price("price_weird", scheme: "per_kilo", unitAmount: 1),
        ])
        #expect(result.plans.isEmpty && !result.changed)
        #expect(result.problems.count == 1 && result.problems[0].contains("price_weird"))
    }
}
