import Foundation
import Testing
import TestSupport
import VelesAPI

/// A workspace reconnected to another Stripe account (stripe-sim with two accounts, the real connection service and
/// customer-sync): links made against the first account are kept and flagged, never silently trusted.
@Suite(.serialized) struct CustomerAccountChangeTests {
    static let firstAccount = "acct_1FirstCustomers0"
    static let secondAccount = "acct_1SecondCustomer0"
    static let firstKey = "sk_test_first_customers_1111"
    static let secondKey = "sk_test_second_customers_2222"

    private static func start(workers: Int = 1) async throws -> (CustomerSyncFixture, TemporaryDirectory) {
        let folder = try TemporaryDirectory(prefix: "customer-accounts")
        let path = folder.appending("sim-accounts.json").path
        let config = """
            {"accounts": [
              {"id": "\(firstAccount)", "name": "First Co", "keys": ["\(firstKey)"]},
              {"id": "\(secondAccount)", "name": "Second Co", "keys": ["\(secondKey)"]}
            ]}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return (try await CustomerSyncFixture.start(workers: workers, simArguments: ["--config", path]), folder)
    }

    private static func createCustomer(_ fixture: CustomerSyncFixture, key: String, name: String, email: String) async throws -> String {
        let response = try await HTTPCall.form("POST", "\(fixture.stack.stripeURL)/v1/customers", [("name", name), ("email", email)],
                                               headers: ["Authorization": "Bearer \(key)"])
        guard response.status == 200, let id = try response.json()["id"] as? String else {
            throw TestSupportError("creating a customer answered \(response.status): \(response.text)")
        }
        return id
    }

    private static func connect(_ fixture: CustomerSyncFixture, key: String) async throws -> Veles_Connection_V1_StripeConnection {
        var request = Veles_Connection_V1_ConnectRequest()
        request.apiKey = key
        return try await fixture.connection.connect(request, options: fixture.options).connection
    }

    @Test func linksOfThePreviousAccountAreKeptAndFlaggedAfterAReconnect() async throws {
        let (fixture, folder) = try await Self.start()
        _ = folder
        try await fixture.upsertVeles([("v-acme", "Acme Ltd", ["billing@acme.example"], [])])
        let acme = try await Self.createCustomer(fixture, key: Self.firstKey, name: "Acme", email: "billing@acme.example")
        _ = try await Self.connect(fixture, key: Self.firstKey)
        #expect(try await fixture.syncNow().status == .succeeded)
        #expect(try await fixture.allCustomers().first { $0.stripeId == acme }?.velesCustomerId == "v-acme")

        try await fixture.disconnect()
        let other = try await Self.createCustomer(fixture, key: Self.secondKey, name: "Globex", email: "ap@globex.example")
        let second = try await Self.connect(fixture, key: Self.secondKey)
        #expect(second.linksNeedReview && second.previousAccountId == Self.firstAccount)
        let run = try await fixture.syncNow()
        #expect(run.status == .succeeded, "\(run.error)")
        let rows = try await fixture.allCustomers()
        let kept = try #require(rows.first { $0.stripeId == acme })
        #expect(kept.velesCustomerId == "v-acme", "the link is kept")
        #expect(kept.linkFlag == "account_changed:\(Self.firstAccount)", "the reason names the account, not a deletion")
        #expect(rows.first { $0.stripeId == other }?.linkFlag == "")
    }
    @Test func aWebhookOfTheNewAccountArrivingBeforeAnySyncFlagsTheOldLinksToo() async throws {
        let (fixture, folder) = try await Self.start(workers: 0)
        _ = folder
        let worker = try await fixture.startWorker()
        try await fixture.waitForWorkers(service: Veles_Customers_V1_CustomerSync.descriptor.fullName, count: 1)
        try await fixture.upsertVeles([("v-acme", "Acme Ltd", ["billing@acme.example"], [])])
        let acme = try await Self.createCustomer(fixture, key: Self.firstKey, name: "Acme", email: "billing@acme.example")
        _ = try await Self.connect(fixture, key: Self.firstKey)
        #expect(try await fixture.syncNow().status == .succeeded)
        // No worker hears the reconnect, so no run starts; the first thing customer-sync sees of the new account is
        // a webhook delivery.
        _ = worker.stop()
        try await fixture.disconnect()
        _ = try await Self.connect(fixture, key: Self.secondKey)
        _ = try await fixture.startWorker()
        try await fixture.waitForWorkers(service: Veles_Customers_V1_CustomerSync.descriptor.fullName, count: 1)
        let other = try await Self.createCustomer(fixture, key: Self.secondKey, name: "Globex", email: "ap@globex.example")
        let events = try await HTTPCall.send("GET", "\(fixture.stack.stripeURL)/v1/events?limit=10&type=customer.*",
                                             headers: ["Authorization": "Bearer \(Self.secondKey)"])
        let event = try #require((try events.json()["data"] as? [[String: Any]])?.first)
        let handled = try await fixture.handleEvent([UInt8](try JSONSerialization.data(withJSONObject: event)))
        #expect(!handled.duplicate && !handled.ignored)
        let rows = try await fixture.allCustomers()
        #expect(rows.first { $0.stripeId == acme }?.linkFlag == "account_changed:\(Self.firstAccount)")
        #expect(rows.contains { $0.stripeId == other })
    }
}
