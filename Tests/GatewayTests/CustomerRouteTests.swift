import Foundation
import TestSupport
import Testing

extension GatewayTests {
    /// The Customers tab and the Veles customer directory, through HTTP against the real customer-sync.
    @Suite struct CustomerRoutes {
        static var dataset: [String: Any] { ["customers": [
            ["id": "cus_acme", "name": "Acme Corp", "email": "billing@acme.example", "created": 1_700_000_001],
            ["id": "cus_globex", "name": "Globex", "email": "ops@globex.example", "created": 1_700_000_002],
            ["id": "cus_initech", "name": "Initech", "email": "it@initech.example", "created": 1_700_000_003],
        ]] }

        static var acme: [String: Any] { ["id": "vc_acme", "name": "Acme Corporation", "domains": ["acme.example"],
                                          "contact_emails": ["billing@acme.example"]] }

        /// A connected, synced workspace with Acme in the Veles directory.
        static func synced() async throws -> (GatewayStack, String) {
            let stack = try await GatewayStack.start(dataset: dataset)
            let token = try await stack.workspaceToken("ws_customers")
            let upsert = try await stack.call("PUT", "/api/v1/veles/customers", token: token, json: ["customers": [acme]])
            #expect(upsert.status == 200, "\(upsert.text)")
            try await stack.connect(token)
            try await stack.syncCustomers(token)
            return (stack, token)
        }

        static func rows(_ response: HTTPCall.Response) throws -> [[String: Any]] {
            try #require(try response.json()["data"] as? [[String: Any]])
        }

        @Test func listPagesFiltersAndSummarises() async throws {
            let (stack, token) = try await Self.synced()
            let first = try await stack.call("GET", "/api/v1/stripe/customers?limit=2", token: token)
            #expect(first.status == 200, "\(first.text)")
            let firstPage = try first.json()
            #expect(try Self.rows(first).count == 2)
            #expect(firstPage["has_more"] as? Bool == true)
            let cursor = try #require(firstPage["next_cursor"] as? String)
            let second = try await stack.call("GET", "/api/v1/stripe/customers?limit=2&cursor=\(cursor)", token: token)
            #expect(try Self.rows(second).count == 1)
            #expect(try second.json()["has_more"] as? Bool == false)
            let names = Set((try Self.rows(first) + Self.rows(second)).compactMap { $0["name"] as? String })
            #expect(names == ["Acme Corp", "Globex", "Initech"])
            for row in try Self.rows(first) {
                for field in ["stripe_id", "name", "email", "match_status", "match_method", "veles_customer_id", "candidates"] {
                    #expect(row.keys.contains(field), "customer row lacks \(field)")
                }
            }

            let matched = try Self.rows(try await stack.call("GET", "/api/v1/stripe/customers?match_status=matched", token: token))
            #expect(matched.count == 1)
            #expect(matched.first?["veles_customer_id"] as? String == "vc_acme")
            #expect(matched.first?["match_method"] as? String == "email")
            let open = try Self.rows(try await stack.call("GET", "/api/v1/stripe/customers?match_status=not_matched", token: token))
            #expect(open.count == 2)
            let searched = try Self.rows(try await stack.call("GET", "/api/v1/stripe/customers?q=globex", token: token))
            #expect(searched.map { $0["name"] as? String } == ["Globex"])

            // A query that does not decode is refused, not read as no filter (which would list everything).
            for (query, named) in [("match_status=linked", "match_status"), ("limit=0", "limit"), ("limit=abc", "limit"),
                                   ("limit=201", "limit"), ("match_status=not_matched&q=%C3%28", "query string")] {
                let bad = try await stack.call("GET", "/api/v1/stripe/customers?\(query)", token: token)
                #expect(bad.status == 400, "\(query) → \(bad.status)")
                #expect(bad.errorMessage.contains(named))
            }

            let summary = try await stack.call("GET", "/api/v1/stripe/customers/summary", token: token).json()
            #expect(summary["matched"] as? Int == 1)
            #expect(summary["not_matched"] as? Int == 2)
            #expect(summary["deleted"] as? Int == 0)
            #expect(summary["last_synced_at"] is String)
            let lastRun = try #require(summary["last_run"] as? [String: Any])
            #expect(lastRun["outcome"] as? String == "succeeded")
            #expect(lastRun.keys.contains("error"))
        }

        @Test func linkUnlinkAndCreateCustomerWithTheirRefusals() async throws {
            let (stack, token) = try await Self.synced()
            let rows = try Self.rows(try await stack.call("GET", "/api/v1/stripe/customers?match_status=not_matched", token: token))
            let globex = try #require(rows.first { $0["name"] as? String == "Globex" }?["stripe_id"] as? String)
            let initech = try #require(rows.first { $0["name"] as? String == "Initech" }?["stripe_id"] as? String)

            let linked = try await stack.call("POST", "/api/v1/stripe/customers/\(globex)/link", token: token,
                                              json: ["veles_customer_id": "vc_acme"])
            #expect(linked.status == 200, "\(linked.text)")
            #expect(try linked.json()["match_status"] as? String == "matched")
            #expect(try linked.json()["match_method"] as? String == "manual")

            let unknownStripe = try await stack.call("POST", "/api/v1/stripe/customers/cus_nope/link", token: token,
                                                     json: ["veles_customer_id": "vc_acme"])
            #expect(unknownStripe.status == 404, "\(unknownStripe.text)")
            let unknownVeles = try await stack.call("POST", "/api/v1/stripe/customers/\(initech)/link", token: token,
                                                    json: ["veles_customer_id": "vc_nope"])
            #expect(unknownVeles.status == 404, "\(unknownVeles.text)")
            let wrongType = try await stack.call("POST", "/api/v1/stripe/customers/\(initech)/link", token: token,
                                                 json: ["veles_customer_id": ["vc_acme"]])
            #expect(wrongType.status == 400)
            #expect(wrongType.errorMessage.contains("'veles_customer_id'"))

            let unlinked = try await stack.call("DELETE", "/api/v1/stripe/customers/\(globex)/link", token: token)
            #expect(unlinked.status == 200, "\(unlinked.text)")
            #expect(try unlinked.json()["match_status"] as? String == "not_matched")
            let unlinkUnknown = try await stack.call("DELETE", "/api/v1/stripe/customers/cus_nope/link", token: token)
            #expect(unlinkUnknown.status == 404)

            let created = try await stack.call("POST", "/api/v1/stripe/customers/\(initech)/create-customer", token: token)
            #expect(created.status == 201, "\(created.text)")
            let velesId = try #require((try created.json()["veles_customer"] as? [String: Any])?["id"] as? String)
            let repeated = try await stack.call("POST", "/api/v1/stripe/customers/\(initech)/create-customer", token: token)
            #expect([200, 409].contains(repeated.status), "\(repeated.text)")
            let createdUnknown = try await stack.call("POST", "/api/v1/stripe/customers/cus_nope/create-customer", token: token)
            #expect(createdUnknown.status == 404)

            let veles = try await stack.call("GET", "/api/v1/veles/customers/\(velesId)", token: token)
            #expect(veles.status == 200)
            #expect((try veles.json()["stripe_customer_ids"] as? [String]) == [initech])
            #expect(try await stack.call("GET", "/api/v1/veles/customers/vc_nope", token: token).status == 404)

            let sync = try await stack.call("POST", "/api/v1/stripe/customers/sync", token: token, json: ["wait": "yes"])
            #expect(sync.status == 400)
            #expect(sync.errorMessage.contains("'wait'"))
            let runs = try await stack.call("GET", "/api/v1/stripe/customers/sync-runs", token: token)
            #expect(runs.status == 200)
            #expect(try Self.rows(runs).isEmpty == false)
        }

        @Test func syncIsRefusedUpFrontLikeProductsWhileTheConnectionIsNotActive() async throws {
            let stack = try await GatewayStack.start(dataset: Self.dataset)
            let token = try await stack.workspaceToken("ws_inactive")
            func runIds() async throws -> [String] {
                let runs = try await stack.call("GET", "/api/v1/stripe/customers/sync-runs", token: token)
                #expect(runs.status == 200, "\(runs.text)")
                return try Self.rows(runs).compactMap { $0["run_id"] as? String }
            }
            func expectRefused(_ when: String) async throws {
                for kind in ["customers", "products"] {
                    let sync = try await stack.call("POST", "/api/v1/stripe/\(kind)/sync", token: token, json: [String: Any]())
                    #expect(sync.status == 409, "\(kind) sync \(when) → \(sync.status) \(sync.text)")
                    #expect(sync.errorCode == "failed_precondition", "\(kind) sync \(when) → \(sync.text)")
                    #expect(sync.errorMessage.hasPrefix("cannot sync: the Stripe connection is not active ("),
                            "\(kind) sync \(when) → \(sync.errorMessage)")
                }
            }

            try await expectRefused("before any connect")
            #expect(try await runIds().isEmpty, "a refused sync recorded a run")
            let summary = try await stack.call("GET", "/api/v1/stripe/customers/summary", token: token).json()
            #expect(summary["last_run"] is NSNull, "a refused sync shows as the last run: \(summary)")

            try await stack.connect(token)
            try await stack.syncCustomers(token)
            let disconnected = try await stack.call("DELETE", "/api/v1/stripe/connection", token: token)
            #expect(disconnected.status == 200, "\(disconnected.text)")
            let before = try await runIds()
            try await expectRefused("after a disconnect")
            #expect(try await runIds() == before, "a refused sync recorded a run")
        }

        @Test func velesCustomerBatchesAreCheckedFieldByField() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_veles")
            let cases: [(Any, String)] = [
                ([String: Any](), "'customers'"),
                (["customers": "x"], "'customers'"),
                (["customers": [["id": "a"]]], "customers[0].name"),
                (["customers": [["id": "a", "name": "A"], ["id": 5, "name": "B"]]], "customers[1].id"),
                (["customers": [["id": "a", "name": "A", "domains": "a.example"]]], "customers[0].domains"),
                (["customers": [["id": "a", "name": "A", "colour": "red"]]], "customers[0].colour"),
                (["customers": (0...1000).map { ["id": "c\($0)", "name": "C\($0)"] }], "at most 1000"),
            ]
            for (body, named) in cases {
                let response = try await stack.call("PUT", "/api/v1/veles/customers", token: token, json: body)
                #expect(response.status == 400, "\(named): \(response.status) \(response.text)")
                #expect(response.errorMessage.contains(named), "\(response.errorMessage) should name \(named)")
            }
            let stored = try await stack.call("PUT", "/api/v1/veles/customers", token: token,
                                              json: ["customers": [["id": "vc_1", "name": "One", "billing_email": "a@one.example"]]])
            #expect(stored.status == 200, "\(stored.text)")
            #expect(try stored.json()["upserted"] as? Int == 1)
            let read = try await stack.call("GET", "/api/v1/veles/customers/vc_1", token: token)
            #expect(try read.json()["name"] as? String == "One")
            #expect(try read.json()["billing_email"] as? String == "a@one.example")
        }
    }
}
