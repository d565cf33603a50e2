import Testing
@testable import CatalogSync

@Suite struct PlanComparatorTests {
    @Test func equalTermsShowNoDifferenceWhateverTheIds() throws {
        let price = Fixtures.price("price_1", unitAmount: 1000)
        var plan = try Fixtures.plans(price)[0]
        plan.id = "veles-own-plan"
        plan.stripePriceId = nil
        #expect(PlanComparator.differences(prices: [price], plans: [plan]).isEmpty)
    }

    @Test func bothSidesOfADifferenceAreShown() throws {
        let price = Fixtures.price("price_1", unitAmount: 1000)
        var plan = try Fixtures.plans(price)[0]
        plan.id = "pl_cheap"
        plan.unitAmount = Fixtures.amount("900")
        let differences = PlanComparator.differences(prices: [price, Fixtures.price("price_bad", scheme: "odd")], plans: [plan])
        #expect(differences.map(\.kind) == [.missingInVeles, .notExpressible, .missingInStripe])
        #expect(differences[0].stripePriceId == "price_1")
        #expect(differences[2].velesPlanId == "pl_cheap")
    }

    @Test func inactiveSidesAreNotCompared() throws {
        let archived = Fixtures.price("price_1", unitAmount: 1000, active: false)
        var plan = try Fixtures.plans(Fixtures.price("price_2", unitAmount: 5))[0]
        plan.active = false
        #expect(PlanComparator.differences(prices: [archived], plans: [plan]).isEmpty)
    }
}
