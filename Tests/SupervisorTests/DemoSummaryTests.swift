import Testing
@testable import Supervisor

@Suite struct DemoSummaryTests {
    let facts = DemoEnvironmentFile(apiURL: "http://127.0.0.1:8080", apiToken: "vt_secret_token", stripeAPIURL: "http://127.0.0.1:12111",
                                    stripeAPIKey: "sk_test_veles_demo_4242", workspaceID: "demo")

    func text(customers: [String: Any], products: [String: Any]) -> String {
        DemoSummary(facts: facts, customers: customers, products: products, envFile: "/srv/data/demo.env").text
    }

    @Test func showsWhereTheAPIIsTheTokenAndTheFirstSyncsCounts() {
        let summary = text(customers: ["matched": 168, "not_matched": 84, "deleted": 0],
                           products: ["name_match": 28, "import": 0, "manual": 0, "not_matched": 36, "ignored": 0])
        let lines = summary.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("Veles is running (demo workspace demo)."))
        #expect(lines.contains("API:        http://127.0.0.1:8080/api/v1"))
        #expect(lines.contains("API token:  vt_secret_token"))
        #expect(lines.contains("Customers:  matched 168, not matched 84, deleted 0"))
        #expect(lines.contains("Products:   name match 28, import 0, manual 0, not matched 36, ignored 0"))
        #expect(lines.contains { $0.hasPrefix(". /srv/data/demo.env && curl") })
        #expect(lines.last == "Press Ctrl-C to stop everything.")
    }

    @Test func theStripeKeyItselfIsNeverPrinted() {
        #expect(!text(customers: [:], products: [:]).contains("sk_test_veles_demo_4242"))
    }

    @Test func productCountsNestedUnderCountsAndWholeDoublesAreRead() {
        let summary = text(customers: ["matched": 2.0, "not_matched": 1], products: ["counts": ["name_match": 3, "not_matched": 4.0]])
        #expect(summary.contains("Customers:  matched 2, not matched 1, deleted ?"))
        #expect(summary.contains("Products:   name match 3, import ?, manual ?, not matched 4, ignored ?"))
    }
}
