import Foundation
import Testing
import TestSupport

/// The whole system started the way `make run` starts it (`veles up --demo`), on the small dataset, and driven only
/// through the gateway's HTTP API. Stripe's own API on stripe-sim stands for what a person does in Stripe's dashboard.
@Suite(.serialized) struct EndToEndTests {
    /// Seconds between automatic syncs of both sync services, short so that "more than two intervals" is quick.
    static let syncInterval = 2
    static let dataset = TestPaths.repositoryRoot.appendingPathComponent("Tests/Dataset/small")

    @Test(.timeLimit(.minutes(3)))
    func theDemoSyncsToTheExpectedAnswerServesTheReviewActionsAndStopsCallingStripeOnceDisconnected() async throws {
        let folder = try TemporaryDirectory(prefix: "veles-e2e")
        let veles = try VelesUp(
            dataDirectory: folder.appending("data"),
            arguments: ["--demo", "--dataset", Self.dataset.path, "--customer-sync-workers", "2", "--catalog-sync-workers", "2"],
            environment: ["VELES_CUSTOMERS_SYNC_INTERVAL": String(Self.syncInterval),
                          "VELES_PRODUCTS_SYNC_INTERVAL": String(Self.syncInterval)])
        let demo = try await veles.waitForDemo(timeout: .seconds(90))
        let token = try #require(demo["VELES_API_TOKEN"])
        #expect(demo["VELES_API_URL"] == veles.gatewayURL.absoluteString)
        #expect(veles.output.contains("API token:  \(token)"), "the summary should print the token")

        let api = veles.gateway(token: token)
        let connection = try await api.get("/api/v1/stripe/connection")
        #expect(connection.status == 200)
        #expect(connection.json["status"] as? String == "connected")
        #expect(connection.json["mode"] as? String == "test")
        #expect(connection.json["webhook_configured"] as? Bool == true)
        let session = DemoSession(veles: veles, api: api, stripe: veles.stripeSim,
                                  account: try #require(connection.json["account_id"] as? String),
                                  expected: try ExpectedAnswer.read(folder: Self.dataset))

        let customers = try await syncMatchesTheExpectedAnswer(session)
        try await customerReviewActions(session, customers: customers)
        try await productReviewActions(session)
        try await aProductRenamedInStripeLosesItsNameMatchByWebhook(session)
        try await aCustomerDeletedInStripeAfterTheSyncShowsDeleted(session)
        try await disconnectStopsEveryCallToStripeAndKeepsTheRecords(session)

        let (status, survivors) = try await veles.stop()
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after the stop: \(survivors)")
    }

    /// A sync asked for through the API succeeds for both kinds, and then every customer and product is what the
    /// dataset's expected answer says, exactly; the counts per rule are printed. Returns the customer rows.
    private func syncMatchesTheExpectedAnswer(_ session: DemoSession) async throws -> [[String: Any]] {
        for kind in ["customers", "products"] {
            let run = try await session.api.send("POST", "/api/v1/stripe/\(kind)/sync", json: ["wait": true])
            #expect(run.status == 200, "\(kind) sync: \(run.text)")
            #expect(run.json["outcome"] as? String == "succeeded", "\(kind) sync: \(run.text)")
        }
        let expected = session.expected
        let customers = try await session.api.listAll("/api/v1/stripe/customers")
        let report = CustomerMatchReport(expected: expected.customers, listed: CustomerMatchReport.listed(customers))
        print("end-to-end customers: \(report.listedCount) listed, \(report.matchedCount) matched; per rule found/expected: \(report.perRule); false matches \(report.falseMatches.count)")
        #expect(report.falseMatches.isEmpty, "false matches:\n\(report.falseMatches.joined(separator: "\n"))")
        #expect(report.missed.isEmpty, "expected matches not found (\(report.perRule)):\n\(report.missed.joined(separator: "\n"))")
        #expect(report.otherDifferences.isEmpty, "other differences:\n\(report.otherDifferences.joined(separator: "\n"))")
        for rule in CustomerMatchReport.rules {
            #expect((report.expectedByRule[rule] ?? 0) > 0, "the dataset should exercise the \(rule) rule")
            #expect(report.foundByRule[rule] == report.expectedByRule[rule], "\(rule): \(report.perRule)")
        }
        #expect(report.listedCount == expected.customers.filter { $0.status != "not_listed" }.count)

        let products = try await session.api.listAll("/api/v1/stripe/products")
        let rows = Dictionary(uniqueKeysWithValues: products.compactMap { row in (row["stripe_id"] as? String).map { ($0, row) } })
        var differences: [String] = []
        for want in expected.products {
            let status = rows[want.stripeId]?["match_status"] as? String
            let velesID = rows[want.stripeId]?["veles_product_id"] as? String
            if status != want.matchStatus || velesID != want.velesProductId {
                differences.append("\(want.stripeId) [\(want.scenario)] expected \(want.matchStatus)/\(want.velesProductId ?? "-"), got \(status ?? "absent")/\(velesID ?? "-")")
            }
        }
        let byStatus = Dictionary(grouping: products.compactMap { $0["match_status"] as? String }, by: { $0 }).mapValues(\.count)
        let statusText = byStatus.keys.sorted().map { "\($0) \(byStatus[$0] ?? 0)" }.joined(separator: ", ")
        print("end-to-end products: \(products.count) listed (\(statusText)); differences from the expected answer \(differences.count)")
        #expect(products.count == expected.products.count)
        #expect(differences.isEmpty, "products:\n\(differences.joined(separator: "\n"))")
        return customers
    }

    /// Connected, the short interval has the sync services call Stripe within two intervals; disconnected, they make
    /// no further call in the same time, and every synced record is still listed.
    private func disconnectStopsEveryCallToStripeAndKeepsTheRecords(_ session: DemoSession) async throws {
        let window = Duration.seconds(2 * Self.syncInterval + 1)
        let callsBefore = try await session.stripeRequestCount()
        try await Task.sleep(for: window)
        let callsConnected = try await session.stripeRequestCount() - callsBefore
        #expect(callsConnected > 0, "no scheduled sync called Stripe within \(window) while connected")
        let customers = try await session.listedIDs("/api/v1/stripe/customers")
        let products = try await session.listedIDs("/api/v1/stripe/products")

        let disconnected = try await session.api.delete("/api/v1/stripe/connection")
        #expect(disconnected.status == 200, "\(disconnected.text)")
        #expect(disconnected.json["status"] as? String == "disconnected")
        let callsAtDisconnect = try await session.stripeRequestCount()
        try await Task.sleep(for: window)
        let callsDisconnected = try await session.stripeRequestCount() - callsAtDisconnect
        print("end-to-end disconnect: Stripe calls for \(session.account) in \(window) with a \(Self.syncInterval) s sync interval: \(callsConnected) connected, \(callsDisconnected) disconnected")
        #expect(callsDisconnected == 0, "stripe-sim saw \(callsDisconnected) calls for the account after the disconnect")

        #expect(try await session.listedIDs("/api/v1/stripe/customers") == customers)
        #expect(customers.count == session.expected.customers.filter { $0.status != "not_listed" }.count)
        #expect(try await session.listedIDs("/api/v1/stripe/products") == products)
        #expect(products.count == session.expected.products.count)
        #expect(try await session.api.get("/api/v1/stripe/connection").json["status"] as? String == "disconnected")
    }
}
