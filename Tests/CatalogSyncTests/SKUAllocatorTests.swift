import Testing
@testable import CatalogSync

@Suite struct SKUAllocatorTests {
    @Test func metadataSKUWinsOverTheName() {
        #expect(SKUAllocator.wantedSKU(name: "Pro Plan", metadata: ["sku": "  PRO-001 "], stripeProductId: "prod_abc") == "PRO-001")
    }

    @Test(arguments: [("Pro Plan", "PRO-PLAN"), ("Café Crème (Large)", "CAFE-CREME-LARGE"), ("API calls & Storage", "API-CALLS-AND-STORAGE"),
                      ("The Widget", "WIDGET"), ("100% Uptime!", "100-UPTIME")])
    func skuDerivedFromTheNormalisedName(name: String, sku: String) {
        #expect(SKUAllocator.wantedSKU(name: name, metadata: [:], stripeProductId: "prod_abc") == sku)
    }

    @Test func derivedSKUStopsAtAWordBoundaryWithinFortyCharacters() {
        let sku = SKUAllocator.wantedSKU(name: "Enterprise Analytics Platform With Premium Support Included", metadata: [:], stripeProductId: "prod_x")
        #expect(sku == "ENTERPRISE-ANALYTICS-PLATFORM-WITH")
        #expect(sku.count <= SKUAllocator.maximumDerivedLength)
    }

    @Test func nameWithoutLatinLettersFallsBackToTheStripeId() {
        #expect(SKUAllocator.wantedSKU(name: "日本語", metadata: [:], stripeProductId: "prod_Tij9Kx2Lm") == "PROD-9KX2LM")
        #expect(SKUAllocator.wantedSKU(name: "", metadata: ["sku": "  "], stripeProductId: "prod_Q1") == "PROD-Q1")
    }

    @Test func freeSKUIsTakenAsIs() {
        let choice = SKUAllocator.allocate(wanted: "PRO-PLAN", stripeProductId: "prod_abc123") { _ in false }
        #expect(choice.sku == "PRO-PLAN" && !choice.adjusted)
    }

    @Test func collisionGetsTheStripeIdTailAndThenACounter() {
        let taken: Set<String> = ["pro-plan", "pro-plan-abc123", "pro-plan-abc123-2"]
        let first = SKUAllocator.allocate(wanted: "PRO-PLAN", stripeProductId: "prod_zzabc123") { taken.contains($0.lowercased()) && $0 != "PRO-PLAN-ABC123" }
        #expect(first.sku == "PRO-PLAN-ABC123" && first.adjusted && first.wanted == "PRO-PLAN")
        let second = SKUAllocator.allocate(wanted: "PRO-PLAN", stripeProductId: "prod_zzabc123") { taken.contains($0.lowercased()) }
        #expect(second.sku == "PRO-PLAN-ABC123-3")
    }

    @Test func allocationIsDeterministic() {
        let taken: Set<String> = ["WIDGET"]
        let runs = (0..<3).map { _ in SKUAllocator.allocate(wanted: "WIDGET", stripeProductId: "prod_777xyz") { taken.contains($0) }.sku }
        #expect(Set(runs) == ["WIDGET-777XYZ"])
    }
}
