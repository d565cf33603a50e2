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
        let expected = try ExpectedAnswer.read(folder: Self.dataset)
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
        let stripe = veles.stripeSim

        // Connected, and a sync asked for through the API succeeds for both kinds.
        let connection = try await api.get("/api/v1/stripe/connection")
        #expect(connection.status == 200)
        #expect(connection.json["status"] as? String == "connected")
        #expect(connection.json["mode"] as? String == "test")
        #expect(connection.json["webhook_configured"] as? Bool == true)
        let account = try #require(connection.json["account_id"] as? String)
        for kind in ["customers", "products"] {
            let run = try await api.send("POST", "/api/v1/stripe/\(kind)/sync", json: ["wait": true])
            #expect(run.status == 200, "\(kind) sync: \(run.text)")
            #expect(run.json["outcome"] as? String == "succeeded", "\(kind) sync: \(run.text)")
        }

        // The match results are the dataset's expected answer, exactly.
        let customers = try await api.listAll("/api/v1/stripe/customers")
        let report = CustomerMatchReport(expected: expected.customers, listed: Self.listedCustomers(customers))
        print("end-to-end customers: \(report.listedCount) listed, \(report.matchedCount) matched; per rule found/expected: \(report.perRule); false matches \(report.falseMatches.count)")
        #expect(report.falseMatches.isEmpty, "false matches:\n\(report.falseMatches.joined(separator: "\n"))")
        #expect(report.missed.isEmpty, "expected matches not found (\(report.perRule)):\n\(report.missed.joined(separator: "\n"))")
        #expect(report.otherDifferences.isEmpty, "other differences:\n\(report.otherDifferences.joined(separator: "\n"))")
        for rule in CustomerMatchReport.rules {
            #expect((report.expectedByRule[rule] ?? 0) > 0, "the dataset should exercise the \(rule) rule")
            #expect(report.foundByRule[rule] == report.expectedByRule[rule], "\(rule): \(report.perRule)")
        }
        #expect(report.listedCount == expected.customers.filter { $0.status != "not_listed" }.count)

        let products = try await api.listAll("/api/v1/stripe/products")
        let productRows = Dictionary(uniqueKeysWithValues: products.compactMap { row in (row["stripe_id"] as? String).map { ($0, row) } })
        var productDifferences: [String] = []
        for want in expected.products {
            let row = productRows[want.stripeId]
            let status = row?["match_status"] as? String
            let velesID = row?["veles_product_id"] as? String
            if status != want.matchStatus || velesID != want.velesProductId {
                productDifferences.append("\(want.stripeId) [\(want.scenario)] expected \(want.matchStatus)/\(want.velesProductId ?? "-"), got \(status ?? "absent")/\(velesID ?? "-")")
            }
        }
        let byStatus = Dictionary(grouping: products.compactMap { $0["match_status"] as? String }, by: { $0 }).mapValues(\.count)
        let statusText = byStatus.keys.sorted().map { "\($0) \(byStatus[$0] ?? 0)" }.joined(separator: ", ")
        print("end-to-end products: \(products.count) listed (\(statusText)); differences from the expected answer \(productDifferences.count)")
        #expect(products.count == expected.products.count)
        #expect(productDifferences.isEmpty, "products:\n\(productDifferences.joined(separator: "\n"))")

        // Review actions on customers: link an ambiguous one to a candidate, create a Veles customer from an unknown one.
        let ambiguous = try #require(expected.customers.first { $0.scenario == "two_veles_same_name" })
        let linked = try await api.send("POST", "/api/v1/stripe/customers/\(ambiguous.stripeId)/link",
                                        json: ["veles_customer_id": ambiguous.candidates[0]])
        #expect(linked.status == 200, "\(linked.text)")
        #expect(linked.json["match_status"] as? String == "matched")
        #expect(linked.json["match_method"] as? String == "manual")
        #expect(linked.json["veles_customer_id"] as? String == ambiguous.candidates[0])

        let unknownIDs = Set(expected.customers.filter { $0.scenario == "company_not_in_veles" }.map(\.stripeId))
        let unknown = try #require(customers.first { unknownIDs.contains($0["stripe_id"] as? String ?? "") && $0["name"] is String })
        let unknownID = try #require(unknown["stripe_id"] as? String)
        let created = try await api.send("POST", "/api/v1/stripe/customers/\(unknownID)/create-customer", json: [:])
        #expect(created.status == 201, "\(created.text)")
        let createdCustomer = try #require(created.json["customer"] as? [String: Any])
        let newVeles = try #require((created.json["veles_customer"] as? [String: Any])?["id"] as? String)
        #expect(createdCustomer["match_status"] as? String == "matched")
        #expect(createdCustomer["match_method"] as? String == "created")
        #expect((created.json["veles_customer"] as? [String: Any])?["name"] as? String == unknown["name"] as? String)
        let velesRecord = try await api.get("/api/v1/veles/customers/\(newVeles)")
        #expect(velesRecord.status == 200)
        #expect(velesRecord.json["stripe_customer_ids"] as? [String] == [unknownID])

        // Review actions on products: import one Veles does not have, ignore another.
        let toImport = try #require(expected.products.first { $0.scenario == "not_in_veles" && $0.active })
        let imported = try await api.send("POST", "/api/v1/stripe/products/\(toImport.stripeId)/import", json: [:])
        #expect(imported.status == 201, "\(imported.text)")
        #expect((imported.json["stripe_product"] as? [String: Any])?["match_status"] as? String == "import")
        let importedID = try #require((imported.json["product"] as? [String: Any])?["id"] as? String)
        #expect(try await api.get("/api/v1/veles/products/\(importedID)").status == 200)

        let toIgnore = try #require(expected.products.first { $0.scenario == "different_name" && $0.active })
        let ignored = try await api.send("POST", "/api/v1/stripe/products/\(toIgnore.stripeId)/ignore", json: [:])
        #expect(ignored.status == 200, "\(ignored.text)")
        #expect(ignored.json["match_status"] as? String == "ignored")

        // A name-matched product renamed in Stripe: the webhook reaches the gateway and the match is dropped.
        let nameMatched = try #require(expected.products.first { $0.matchStatus == "name_match" })
        let renamed = try await stripe.send("POST", "/v1/products/\(nameMatched.stripeId)", form: ["name": "Renamed In Stripe"])
        #expect(renamed.status == 200, "\(renamed.text)")
        let events = try await stripe.get("/v1/events?type=product.updated&limit=10").json["data"] as? [[String: Any]] ?? []
        let renameEvent = events.first { event in
            let object = (event["data"] as? [String: Any])?["object"] as? [String: Any]
            return object?["id"] as? String == nameMatched.stripeId && object?["name"] as? String == "Renamed In Stripe"
        }
        let eventID = try #require(renameEvent?["id"] as? String, "stripe-sim recorded no product.updated event for the rename")
        let delivered = try await Self.eventually("the product.updated webhook to be accepted") {
            let attempts = try await stripe.get("/_sim/webhooks/deliveries?event=\(eventID)").json["data"] as? [[String: Any]] ?? []
            return attempts.contains { ($0["status"] as? Int).map { (200..<300).contains($0) } ?? false } ? attempts : nil
        }
        #expect(delivered.allSatisfy { ($0["url"] as? String)?.hasPrefix(veles.gatewayURL.absoluteString + "/webhooks/stripe/") == true })
        let unmatched = try await Self.eventually("the renamed product to show not_matched") {
            let row = try await api.get("/api/v1/stripe/products/\(nameMatched.stripeId)").json
            return row["match_status"] as? String == "not_matched" ? row : nil
        }
        #expect(unmatched["name"] as? String == "Renamed In Stripe")
        #expect(unmatched["veles_product_id"] is NSNull)

        // A synced customer deleted in Stripe afterwards shows as deleted (unlike those deleted before any sync).
        let doomed = try #require(expected.customers.first { $0.status == "matched" && $0.stripeId != ambiguous.stripeId })
        #expect(try await stripe.delete("/v1/customers/\(doomed.stripeId)").status == 200)
        try await Self.eventually("the deleted customer to show deleted") {
            let rows = try await api.get("/api/v1/stripe/customers?match_status=deleted").json["data"] as? [[String: Any]] ?? []
            return rows.contains { $0["stripe_id"] as? String == doomed.stripeId } ? true : nil
        }

        // Connected, the short interval has the sync services call Stripe within two intervals; disconnected, they
        // make no further call in the same time, and every synced record is still listed.
        let window = Duration.seconds(2 * Self.syncInterval + 1)
        let callsBefore = try await Self.requestCount(stripe, account: account)
        try await Task.sleep(for: window)
        let callsConnected = try await Self.requestCount(stripe, account: account) - callsBefore
        #expect(callsConnected > 0, "no scheduled sync called Stripe within \(window) while connected")
        let beforeCustomers = Set(try await api.listAll("/api/v1/stripe/customers").compactMap { $0["stripe_id"] as? String })
        let beforeProducts = Set(try await api.listAll("/api/v1/stripe/products").compactMap { $0["stripe_id"] as? String })
        let disconnected = try await api.delete("/api/v1/stripe/connection")
        #expect(disconnected.status == 200, "\(disconnected.text)")
        #expect(disconnected.json["status"] as? String == "disconnected")
        let callsAtDisconnect = try await Self.requestCount(stripe, account: account)
        try await Task.sleep(for: window)
        let callsDisconnected = try await Self.requestCount(stripe, account: account) - callsAtDisconnect
        print("end-to-end disconnect: Stripe calls for \(account) in \(window) with a \(Self.syncInterval) s sync interval: \(callsConnected) connected, \(callsDisconnected) disconnected")
        #expect(callsDisconnected == 0, "stripe-sim saw \(callsDisconnected) calls for the account after the disconnect")
        let afterCustomers = Set(try await api.listAll("/api/v1/stripe/customers").compactMap { $0["stripe_id"] as? String })
        let afterProducts = Set(try await api.listAll("/api/v1/stripe/products").compactMap { $0["stripe_id"] as? String })
        #expect(afterCustomers == beforeCustomers && afterCustomers.count == report.listedCount)
        #expect(afterProducts == beforeProducts && afterProducts.count == expected.products.count)
        #expect(try await api.get("/api/v1/stripe/connection").json["status"] as? String == "disconnected")

        let (status, survivors) = try await veles.stop()
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after the stop: \(survivors)")
    }

    /// The gateway's customer rows in the expected answer's terms, by Stripe id.
    static func listedCustomers(_ rows: [[String: Any]]) -> [String: CustomerMatchReport.Listed] {
        var listed: [String: CustomerMatchReport.Listed] = [:]
        for row in rows {
            guard let id = row["stripe_id"] as? String else { continue }
            listed[id] = CustomerMatchReport.Listed(status: row["match_status"] as? String ?? "?",
                                                    velesCustomerId: row["veles_customer_id"] as? String,
                                                    method: row["match_method"] as? String,
                                                    candidates: (row["candidates"] as? [String] ?? []).sorted())
        }
        return listed
    }

    /// stripe-sim's count of `/v1` requests made with any key of `account`.
    static func requestCount(_ stripe: HTTPClient, account: String) async throws -> Int {
        let reply = try await stripe.get("/_sim/requests?account=\(account)")
        guard reply.status == 200, let total = reply.json["total"] as? Int else {
            throw HarnessError("/_sim/requests answered \(reply.status): \(reply.text)")
        }
        return total
    }

    /// Polls `probe` every 100 ms until it returns a value; fails after `timeout`.
    @discardableResult
    static func eventually<T>(_ what: String, timeout: Duration = .seconds(20),
                              _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("timed out after \(timeout) waiting for \(what)")
    }
}
