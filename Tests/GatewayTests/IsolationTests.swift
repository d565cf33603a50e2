import Foundation
import TestSupport
import Testing

extension GatewayTests {
    /// A token of one workspace never reads or changes another workspace's data, on any route.
    @Suite struct Isolation {
        /// What workspace A sends on each route, aimed at workspace B's objects. Every authenticated route must be
        /// here: the test fails for one that is not, so a new route cannot skip the check.
        static func samples(bProduct: String) -> [RouteTable.Entry: (path: [String: String], body: Any?)] {
            let stripe = ["stripe_id": "cus_acme"]
            let product = ["stripe_id": bProduct]
            let veles = ["id": "vc_beta"]
            func entry(_ method: String, _ pattern: String) -> RouteTable.Entry { .init(method: method, pattern: pattern) }
            return [
                entry("GET", "/api/v1/stripe/connection"): ([:], nil),
                entry("POST", "/api/v1/stripe/connection"): ([:], ["api_key": "sk_test_not_this_account_0000"]),
                entry("POST", "/api/v1/stripe/connection/api-key"): ([:], ["api_key": GatewayStack.rotatedKey]),
                entry("DELETE", "/api/v1/stripe/connection"): ([:], nil),
                entry("GET", "/api/v1/stripe/customers"): ([:], nil),
                entry("GET", "/api/v1/stripe/customers/summary"): ([:], nil),
                entry("GET", "/api/v1/stripe/customers/sync-runs"): ([:], nil),
                entry("POST", "/api/v1/stripe/customers/sync"): ([:], [String: Any]()),
                entry("POST", "/api/v1/stripe/customers/{stripe_id}/link"): (stripe, ["veles_customer_id": "vc_beta"]),
                entry("DELETE", "/api/v1/stripe/customers/{stripe_id}/link"): (stripe, nil),
                entry("POST", "/api/v1/stripe/customers/{stripe_id}/create-customer"): (stripe, nil),
                entry("GET", "/api/v1/stripe/products"): ([:], nil),
                entry("GET", "/api/v1/stripe/products/summary"): ([:], nil),
                entry("GET", "/api/v1/stripe/products/sync-runs"): ([:], nil),
                entry("POST", "/api/v1/stripe/products/sync"): ([:], [String: Any]()),
                entry("GET", "/api/v1/stripe/products/{stripe_id}"): (product, nil),
                entry("POST", "/api/v1/stripe/products/{stripe_id}/match"): (product, ["veles_product_id": "vp_beta"]),
                entry("POST", "/api/v1/stripe/products/{stripe_id}/import"): (product, nil),
                entry("POST", "/api/v1/stripe/products/{stripe_id}/ignore"): (product, nil),
                entry("POST", "/api/v1/stripe/products/{stripe_id}/unignore"): (product, nil),
                entry("DELETE", "/api/v1/stripe/products/{stripe_id}/link"): (product, nil),
                entry("PUT", "/api/v1/veles/customers"): ([:], ["customers": [["id": "vc_beta", "name": "Hijacked"]]]),
                entry("GET", "/api/v1/veles/customers/{id}"): (veles, nil),
                entry("PUT", "/api/v1/veles/products"): ([:], ["products": [["id": "vp_beta", "name": "Hijacked", "sku": "HIJACK"]]]),
                entry("GET", "/api/v1/veles/products/{id}"): (["id": "vp_beta"], nil),
                entry("PATCH", "/api/v1/veles/products/{id}"): (["id": "vp_beta"], ["unit_label": "hijacked"]),
            ]
        }

        /// Everything workspace B can read, rendered so two readings compare equal when nothing changed.
        static func snapshot(_ stack: GatewayStack, _ token: String) async throws -> [String] {
            var readings: [String] = []
            for path in ["/api/v1/stripe/connection", "/api/v1/stripe/customers?limit=200", "/api/v1/stripe/customers/summary",
                         "/api/v1/stripe/customers/sync-runs", "/api/v1/veles/customers/vc_beta", "/api/v1/stripe/products?limit=200",
                         "/api/v1/stripe/products/sync-runs", "/api/v1/veles/products/vp_beta"] {
                let response = try await stack.call("GET", path, token: token)
                var json = (try? response.json()) ?? [:]
                json.removeValue(forKey: "syncing")
                let text = String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
                // A service with no worker answers 503 or 504 depending on timing; both mean "not served".
                readings.append(response.status >= 500 ? "\(path) not served" : "\(path) \(response.status) \(text)")
            }
            return readings
        }

        @Test func aTokenOfOneWorkspaceNeverReadsOrChangesAnotherWorkspaceOnAnyRoute() async throws {
            var dataset = CustomerRoutes.dataset
            dataset["products"] = [ProductRoutes.product("prod_beta", "Beta Stripe Widget", offset: 1)]
            let stack = try await GatewayStack.start(dataset: dataset)
            let tokenB = try await stack.workspaceToken("ws_beta")
            let tokenA = try await stack.workspaceToken("ws_alpha")
            let upsert = try await stack.call("PUT", "/api/v1/veles/customers", token: tokenB, json: ["customers": [
                ["id": "vc_beta", "name": "Beta Only Corp", "contact_emails": ["billing@acme.example"]],
            ]])
            #expect(upsert.status == 200, "\(upsert.text)")
            let connectionB = try #require(try await stack.connect(tokenB)["connection_id"] as? String)
            try await stack.syncCustomers(tokenB)
            let products = try await stack.call("PUT", "/api/v1/veles/products", token: tokenB, json: ["products": [
                ["id": "vp_beta", "name": "Beta Only Product", "sku": "BETA-1"],
            ]])
            #expect(products.status == 200, "\(products.text)")
            let productSync = try await stack.call("POST", "/api/v1/stripe/products/sync", token: tokenB, json: ["wait": true])
            #expect(try productSync.json()["outcome"] as? String == "succeeded", "\(productSync.text)")
            let productRows = try await stack.call("GET", "/api/v1/stripe/products", token: tokenB).text
            #expect(productRows.contains("prod_beta"), "B's own products are there to protect: \(productRows)")
            let matched = try await stack.call("GET", "/api/v1/stripe/customers?match_status=matched", token: tokenB).text
            #expect(matched.contains("vc_beta"), "B's own data is there to protect: \(matched)")
            let before = try await Self.snapshot(stack, tokenB)

            let samples = Self.samples(bProduct: "prod_beta")
            let routes = try RouteTable.served().filter { RouteTable.authenticated.contains($0) }
            let missing = routes.filter { samples[$0] == nil }
            #expect(missing.isEmpty, "routes without an isolation sample: \(missing)")
            for route in routes {
                guard let sample = samples[route] else { continue }
                let path = RouteTable.fill(route.pattern, sample.path)
                let response = try await stack.call(route.method, path, token: tokenA, json: sample.body)
                #expect(response.status < 500, "\(route) → \(response.status) \(response.text)")
                #expect(!response.text.contains("Beta Only Corp"), "\(route) showed B's customer: \(response.text)")
                #expect(!response.text.contains("Beta Only Product") && !response.text.contains("Beta Stripe Widget"),
                        "\(route) showed B's products: \(response.text)")
                #expect(!response.text.contains(connectionB), "\(route) showed B's connection: \(response.text)")
            }
            let after = try await Self.snapshot(stack, tokenB)
            for (old, new) in zip(before, after) where old != new {
                Issue.record("B's data changed:\nbefore \(old)\nafter  \(new)")
            }
        }
    }
}
