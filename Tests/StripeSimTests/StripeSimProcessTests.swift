import Foundation
import Testing
import TestSupport

/// stripe-sim as a process: start-up options, datasets, snapshots across restarts, rate limits and counts, accounts
/// from a config file, and the control endpoints other tests rely on.
@Suite("stripe-sim process", .serialized)
struct StripeSimProcessTests {
    @Test func helpNamesTheAPIVersionTheControlEndpointsAndThatItIsNotForProduction() async throws {
        let child = try ChildProcess("stripe-sim", arguments: ["--help"])
        #expect(await child.waitForExit(timeout: .seconds(10)) == 0)
        for phrase in ["2026-10-28.endive", "never on the", "/_sim/requests", "/_sim/faults", "--dataset", "--snapshot",
                       "--rate-limit", "loopback"] {
            #expect(child.log.contains(phrase), "help lacks \(phrase)")
        }
    }

    @Test func datasetLoadsAtStartAndResetRestoresIt() async throws {
        let directory = try TemporaryDirectory()
        let dataset = directory.appending("dataset.json")
        try Data(#"""
            {"customers": [{"id": "cus_seed1", "name": "Seed One", "email": "one@example.com", "created": 1700000000},
                           {"id": "cus_seed2", "name": "Seed Two", "deleted": true, "created": 1700000001}],
             "products": [{"id": "prod_seed", "name": "Seeded", "active": false}],
             "prices": [{"id": "price_seed", "product": "prod_seed", "currency": "usd", "billing_scheme": "tiered",
                         "tiers_mode": "graduated", "tiers": [{"up_to": 10, "unit_amount": 100}, {"up_to": "inf", "unit_amount": 50}]}]}
            """#.utf8).write(to: dataset)
        let sim = try await StripeSimProcess(arguments: ["--no-rate-limit", "--dataset", dataset.path], directory: directory)
        let list = try await sim.object("GET", "/v1/customers")
        #expect((list.json["data"] as? [[String: Any]])?.map { $0["id"] as? String } == ["cus_seed1"])
        let deleted = try await sim.object("GET", "/v1/customers/cus_seed2")
        #expect(deleted.status == 200 && deleted.json["deleted"] as? Bool == true)
        let price = try await sim.object("GET", "/v1/prices/price_seed?expand[]=tiers")
        #expect((price.json["tiers"] as? [[String: Any]])?.count == 2)
        #expect(price.json["unit_amount"] is NSNull)

        _ = try await sim.object("POST", "/v1/customers", form: [("name", "Added later")])
        let reset = try await sim.object("POST", "/_sim/reset")
        #expect(reset.status == 200)
        let afterReset = try await sim.object("GET", "/v1/customers?limit=100")
        #expect((afterReset.json["data"] as? [[String: Any]])?.count == 1, "reset empties and reloads the dataset")
        let events = try await sim.object("GET", "/v1/events")
        #expect((events.json["data"] as? [Any])?.isEmpty == true)
    }

    @Test func snapshotKeepsObjectsEventsEndpointsAndClockAcrossARestart() async throws {
        let directory = try TemporaryDirectory()
        let snapshot = directory.appending("sim-snapshot.json").path
        var customerID = ""
        var secret = ""
        do {
            let sim = try await StripeSimProcess(arguments: ["--no-rate-limit", "--snapshot", snapshot], directory: directory)
            customerID = try await sim.object("POST", "/v1/customers", form: [("name", "Persisted"), ("metadata[k]", "v")])
                .json["id"] as? String ?? ""
            let endpoint = try await sim.object("POST", "/v1/webhook_endpoints",
                                                form: [("url", "http://127.0.0.1:9/hook"), ("enabled_events[]", "*")])
            secret = endpoint.json["secret"] as? String ?? ""
            _ = try await sim.object("POST", "/_sim/clock/advance", json: #"{"seconds": 86400}"#)
            #expect(sim.child.stop() == 0)
        }
        #expect(FileManager.default.fileExists(atPath: snapshot))
        let restarted = try await StripeSimProcess(arguments: ["--no-rate-limit", "--snapshot", snapshot], directory: directory)
        let customer = try await restarted.object("GET", "/v1/customers/\(customerID)")
        #expect(customer.status == 200 && customer.json["name"] as? String == "Persisted")
        #expect((customer.json["metadata"] as? [String: String]) == ["k": "v"])
        let events = try await restarted.object("GET", "/v1/events")
        #expect((events.json["data"] as? [[String: Any]])?.first?["type"] as? String == "customer.created")
        let clock = try await restarted.object("GET", "/_sim/clock")
        #expect(clock.json["offset_s"] as? Int == 86400)
        let raw = try String(contentsOfFile: snapshot, encoding: .utf8)
        #expect(raw.contains(secret) && secret.hasPrefix("whsec_"), "the endpoint secret survives for signing")
    }

    @Test func defaultRateLimitIs25PerSecondInTestModeAndCountsShowIt() async throws {
        let sim = try await StripeSimProcess(arguments: [])
        var statuses: [Int] = []
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<60 { group.addTask { try await sim.request("GET", "/v1/customers?limit=1").status } }
            for try await status in group { statuses.append(status) }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let allowed = statuses.filter { $0 == 200 }.count
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 429 })
        // A full bucket of 25, plus what refills at 25/s while the burst lasts.
        #expect(allowed >= 25 && Double(allowed) <= 25 + 25 * seconds + 1, "\(allowed) allowed in \(seconds) s")
        #expect(allowed < 60, "some of the burst must be refused")
        let limited = try await sim.object("GET", "/v1/customers?limit=1")
        if limited.status == 429 {
            #expect((limited.json["error"] as? [String: Any])?["code"] as? String == "rate_limit")
        }
        let counts = try await sim.object("GET", "/_sim/requests?account=acct_1SimVelesDemo000&mode=test")
        #expect((counts.json["total"] as? Int ?? 0) >= 60)
        let perSecond = counts.json["per_second"] as? [[String: Any]] ?? []
        let limitedCount = perSecond.reduce(0) { $0 + ($1["rate_limited"] as? Int ?? 0) }
        #expect(limitedCount == statuses.filter { $0 == 429 }.count + (limited.status == 429 ? 1 : 0))
        let everyone = try await sim.object("GET", "/_sim/requests")
        let reports = everyone.json["accounts"] as? [[String: Any]] ?? []
        #expect(reports.map { $0["account"] as? String } == ["acct_1SimVelesDemo000"])
        #expect((reports.first?["total"] as? Int ?? 0) >= 60)
        let live = try await sim.request("GET", "/v1/customers?limit=1", key: "sk_live_sim_default")
        #expect(live.status == 200, "live mode has its own bucket")
    }

    @Test func accountsAndRestrictedKeysComeFromTheConfigFile() async throws {
        let directory = try TemporaryDirectory()
        let config = directory.appending("accounts.json")
        try Data(#"""
            {"accounts": [
              {"id": "acct_1First00000000", "name": "First Co", "email": "ops@first.example",
               "keys": ["sk_test_first_key_1", {"key": "rk_test_first_reader", "permissions": {"customers": "read", "account": "read"}}]},
              {"id": "acct_1Second0000000", "name": "Second Co", "keys": ["sk_test_second_key"]}]}
            """#.utf8).write(to: config)
        let sim = try await StripeSimProcess(arguments: ["--no-rate-limit", "--config", config.path], directory: directory)
        let first = try await sim.object("GET", "/v1/account", key: "sk_test_first_key_1")
        #expect(first.json["id"] as? String == "acct_1First00000000")
        #expect((first.json["business_profile"] as? [String: Any])?["name"] as? String == "First Co")
        let second = try await sim.object("GET", "/v1/account", key: "sk_test_second_key")
        #expect(second.json["id"] as? String == "acct_1Second0000000")
        _ = try await sim.object("POST", "/v1/customers", key: "sk_test_first_key_1", form: [("name", "Mine")])
        let othersView = try await sim.object("GET", "/v1/customers", key: "sk_test_second_key")
        #expect((othersView.json["data"] as? [Any])?.isEmpty == true, "accounts never see each other's objects")
        let readerList = try await sim.request("GET", "/v1/customers", key: "rk_test_first_reader")
        #expect(readerList.status == 200)
        let readerWrite = try await sim.object("POST", "/v1/customers", key: "rk_test_first_reader", form: [("name", "No")])
        #expect(readerWrite.status == 403)
        let readerAccount = try await sim.request("GET", "/v1/account", key: "rk_test_first_reader")
        #expect(readerAccount.status == 200)
        let oldKey = try await sim.request("GET", "/v1/customers", key: "sk_test_sim_default")
        #expect(oldKey.status == 401, "the default keys are gone when a config file names the accounts")

        // Keys added and revoked at run time: a rotation target, and a key that stops working.
        let added = try await sim.object("POST", "/_sim/keys", json: #"{"account": "acct_1First00000000", "key": "sk_test_first_key_2"}"#)
        #expect(added.status == 200)
        let rotated = try await sim.object("GET", "/v1/customers", key: "sk_test_first_key_2")
        #expect((rotated.json["data"] as? [Any])?.count == 1, "the new key sees the same account's objects")
        let revoked = try await sim.request("DELETE", "/_sim/keys/sk_test_first_key_1")
        #expect(revoked.status == 200)
        let afterRevoke = try await sim.request("GET", "/v1/customers", key: "sk_test_first_key_1")
        #expect(afterRevoke.status == 401)
        let unknownAccount = try await sim.request("POST", "/_sim/keys", json: #"{"account": "acct_nope", "key": "sk_test_zzz"}"#)
        #expect(unknownAccount.status == 400)
    }

    @Test func unknownRoutesVersionsAndBodiesGetStripesErrorShape() async throws {
        let sim = try await StripeSimProcess()
        let unknown = try await sim.object("GET", "/v1/charges_that_do_not_exist")
        #expect(unknown.status == 404)
        #expect(((unknown.json["error"] as? [String: Any])?["message"] as? String)?.contains("Unrecognized request URL") == true)
        let version = try await sim.request("GET", "/v1/customers", headers: ["Stripe-Version": "2020-08-27"])
        #expect(version.status == 400)
        let connect = try await sim.request("GET", "/v1/customers", headers: ["Stripe-Account": "acct_1Other"])
        #expect(connect.status == 400, "Connect is not emulated, and says so")
        let missing = try await sim.object("GET", "/v1/customers", key: nil)
        #expect(missing.status == 401)
        let json = try await sim.object("POST", "/v1/customers", json: #"{"name": "x"}"#)
        #expect(json.status == 400, "a JSON body is refused: the API takes form encoding")
        let tooBig = try await sim.request("POST", "/v1/customers", form: [("description", String(repeating: "x", count: 2 << 20))])
        #expect(tooBig.status == 413)
        let stillServing = try await sim.request("GET", "/v1/customers")
        #expect(stillServing.status == 200)
    }
}
