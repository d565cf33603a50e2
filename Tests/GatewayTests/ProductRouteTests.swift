import Foundation
import TestSupport
import Testing

extension GatewayTests {
    /// The Products tab and the Veles price book, through HTTP against the real catalog-sync.
    @Suite struct ProductRoutes {
        static let created = 1_700_000_000

        static func product(_ id: String, _ name: String, active: Bool = true, offset: Int) -> [String: Any] {
            ["id": id, "object": "product", "name": name, "active": active, "created": created + offset,
             "updated": created + offset, "livemode": false, "metadata": [String: String](), "description": "About \(name)"]
        }

        static var dataset: [String: Any] {
            [
                "products": [
                    product("prod_widget", "Widget", offset: 1), product("prod_gadget", "Gadget", offset: 2),
                    product("prod_gizmo", "Gizmo", offset: 3), product("prod_spare", "Spare Part", offset: 4),
                    product("prod_old", "Old Thing", active: false, offset: 5),
                ],
                "prices": [
                    ["id": "price_gadget_month", "object": "price", "product": "prod_gadget", "currency": "usd", "active": true,
                     "unit_amount": 1500, "type": "recurring", "billing_scheme": "per_unit", "created": created + 2,
                     "recurring": ["interval": "month", "interval_count": 1, "usage_type": "licensed"], "livemode": false],
                ],
            ]
        }

        /// The Veles price book before any sync: one product named like a Stripe one, one to match by hand.
        static var velesProducts: [[String: Any]] {
            [
                ["id": "vp_widget", "name": "Widget", "sku": "WID-1"],
                ["id": "vp_gizmo", "name": "Gizmo Deluxe", "sku": "GIZ-1", "plans": [
                    ["currency": "usd", "method": "per_unit", "payment_type": "recurring", "interval": "month",
                     "unit_amount": ["amount_minor": 900]],
                ]],
            ]
        }

        static func rows(_ response: HTTPCall.Response) throws -> [[String: Any]] {
            try #require(try response.json()["data"] as? [[String: Any]], "\(response.status) \(response.text)")
        }

        static func ids(_ response: HTTPCall.Response) throws -> [String] {
            try rows(response).compactMap { $0["stripe_id"] as? String }
        }

        /// A connected workspace with the Veles products stored and the Stripe catalog synced.
        static func synced() async throws -> (GatewayStack, String) {
            let stack = try await GatewayStack.start(dataset: dataset)
            let token = try await stack.workspaceToken("ws_products")
            let upsert = try await stack.call("PUT", "/api/v1/veles/products", token: token, json: ["products": velesProducts])
            #expect(upsert.status == 200, "\(upsert.text)")
            #expect(try upsert.json()["upserted"] as? Int == 2)
            try await stack.connect(token)
            let sync = try await stack.call("POST", "/api/v1/stripe/products/sync", token: token, json: ["wait": true])
            #expect(sync.status == 200, "\(sync.text)")
            #expect(try sync.json()["outcome"] as? String == "succeeded", "\(sync.text)")
            return (stack, token)
        }

        @Test func syncListFiltersPagesAndSummarises() async throws {
            let (stack, token) = try await Self.synced()
            let all = try await stack.call("GET", "/api/v1/stripe/products?limit=200", token: token)
            #expect(all.status == 200, "\(all.text)")
            #expect(Set(try Self.ids(all)) == ["prod_widget", "prod_gadget", "prod_gizmo", "prod_spare", "prod_old"])
            for row in try Self.rows(all) {
                for field in ["stripe_id", "name", "description", "active", "match_status", "veles_product_id", "created"] {
                    #expect(row.keys.contains(field), "product row lacks \(field)")
                }
            }
            let widget = try #require(try Self.rows(all).first { $0["stripe_id"] as? String == "prod_widget" })
            #expect(widget["match_status"] as? String == "name_match")
            #expect(widget["veles_product_id"] as? String == "vp_widget")
            #expect(widget["description"] as? String == "About Widget")
            #expect(widget["created"] as? String == "2023-11-14T22:13:21.000Z")

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await stack.call("GET", "/api/v1/stripe/products?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                                token: token)
                #expect(page.status == 200, "\(page.text)")
                seen += try Self.ids(page)
                cursor = try page.json()["next_cursor"] as? String
                #expect((try page.json()["has_more"] as? Bool) == (cursor != nil))
            } while cursor != nil && seen.count < 10
            #expect(seen.count == 5 && Set(seen).count == 5, "paging returned \(seen)")

            let named = try await stack.call("GET", "/api/v1/stripe/products?match_status=name_match", token: token)
            #expect(try Self.ids(named) == ["prod_widget"])
            let inactive = try await stack.call("GET", "/api/v1/stripe/products?active=false", token: token)
            #expect(try Self.ids(inactive) == ["prod_old"])
            let searched = try await stack.call("GET", "/api/v1/stripe/products?q=gadg", token: token)
            #expect(try Self.ids(searched) == ["prod_gadget"])
            let oldestFirst = try await stack.call("GET", "/api/v1/stripe/products?sort=created&limit=1", token: token)
            #expect(try Self.ids(oldestFirst) == ["prod_widget"])

            for (query, named) in [("match_status=linked", "match_status"), ("active=maybe", "active"), ("sort=name", "sort"),
                                   ("limit=0", "limit"), ("limit=x", "limit"), ("cursor=not-a-cursor", "cursor")] {
                let bad = try await stack.call("GET", "/api/v1/stripe/products?\(query)", token: token)
                #expect(bad.status == 400, "\(query) → \(bad.status) \(bad.text)")
                #expect(bad.errorMessage.contains(named), "\(bad.errorMessage) should name \(named)")
            }

            let summary = try await stack.call("GET", "/api/v1/stripe/products/summary", token: token)
            #expect(summary.status == 200, "\(summary.text)")
            let counts = try summary.json()
            #expect(counts["name_match"] as? Int == 1)
            #expect(counts["total"] as? Int == 5)
            #expect(counts["last_synced_at"] is String)
            #expect((counts["last_run"] as? [String: Any])?["outcome"] as? String == "succeeded")

            let detail = try await stack.call("GET", "/api/v1/stripe/products/prod_gadget", token: token)
            #expect(detail.status == 200, "\(detail.text)")
            let prices = try #require(try detail.json()["prices"] as? [[String: Any]])
            #expect(prices.map { $0["id"] as? String } == ["price_gadget_month"])
            #expect(try await stack.call("GET", "/api/v1/stripe/products/prod_nope", token: token).status == 404)
        }

        @Test func syncRunsAreListedNewestFirstInTheCustomersShape() async throws {
            let (stack, token) = try await Self.synced()
            let again = try await stack.call("POST", "/api/v1/stripe/products/sync", token: token, json: ["wait": true])
            #expect(again.status == 200, "\(again.text)")
            let latestId = try #require(try again.json()["run_id"] as? String)

            let listed = try await stack.call("GET", "/api/v1/stripe/products/sync-runs", token: token)
            #expect(listed.status == 200, "\(listed.text)")
            let page = try listed.json()
            #expect(page["has_more"] as? Bool == false)
            #expect(page["next_cursor"] is NSNull)
            let runs = try Self.rows(listed)
            #expect(runs.count >= 2, "\(listed.text)")
            #expect(runs.first?["run_id"] as? String == latestId, "newest first: \(listed.text)")
            #expect(runs.first?["outcome"] as? String == "succeeded")
            let summary = try await stack.call("GET", "/api/v1/stripe/products/summary", token: token).json()
            #expect((summary["last_run"] as? [String: Any])?["run_id"] as? String == latestId)

            // The same shape as the customers' list of runs.
            try await stack.syncCustomers(token)
            let customerRuns = try Self.rows(try await stack.call("GET", "/api/v1/stripe/customers/sync-runs", token: token))
            let customerRun = try #require(customerRuns.first)
            #expect(Set(try #require(runs.first).keys) == Set(customerRun.keys))
            #expect(Set((runs.first?["counts"] as? [String: Any] ?? [:]).keys) == Set((customerRun["counts"] as? [String: Any] ?? [:]).keys))

            let one = try await stack.call("GET", "/api/v1/stripe/products/sync-runs?limit=1", token: token)
            #expect(try Self.rows(one).compactMap { $0["run_id"] as? String } == [latestId], "\(one.text)")
            #expect(try one.json()["has_more"] as? Bool == true, "\(one.text)")

            // Pages of one, followed by their cursors, give every run once, in the order of the whole list.
            try await stack.syncCustomers(token)
            for path in ["customers", "products"] {
                let whole = try Self.rows(try await stack.call("GET", "/api/v1/stripe/\(path)/sync-runs?limit=200", token: token))
                    .compactMap { $0["run_id"] as? String }
                #expect(whole.count >= 2, "\(path): \(whole)")
                var walked: [String] = []
                var cursor: String?
                repeat {
                    let query = "limit=1" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
                    let page = try await stack.call("GET", "/api/v1/stripe/\(path)/sync-runs?\(query)", token: token)
                    #expect(page.status == 200, "\(path) \(query) → \(page.text)")
                    walked += try Self.rows(page).compactMap { $0["run_id"] as? String }
                    cursor = try page.json()["next_cursor"] as? String
                    #expect((try page.json()["has_more"] as? Bool) == (cursor != nil))
                } while cursor != nil && walked.count <= whole.count
                #expect(walked == whole, "\(path): paged \(walked), whole \(whole)")
                let bad = try await stack.call("GET", "/api/v1/stripe/\(path)/sync-runs?cursor=nonsense", token: token)
                #expect(bad.status == 400, "\(path) bad cursor → \(bad.status) \(bad.text)")
                #expect(bad.errorMessage.contains("cursor"), "\(bad.errorMessage)")
            }
            for path in ["customers", "products"] {
                let widest = try await stack.call("GET", "/api/v1/stripe/\(path)/sync-runs?limit=200", token: token)
                #expect(widest.status == 200, "\(path) limit=200 → \(widest.status) \(widest.text)")
                for query in ["limit=0", "limit=201", "limit=x"] {
                    let bad = try await stack.call("GET", "/api/v1/stripe/\(path)/sync-runs?\(query)", token: token)
                    #expect(bad.status == 400, "\(path) \(query) → \(bad.status) \(bad.text)")
                    #expect(bad.errorMessage.contains("'limit'"), "\(bad.errorMessage)")
                }
            }

            let fresh = try await stack.workspaceToken("ws_products_fresh")
            let none = try await stack.call("GET", "/api/v1/stripe/products/sync-runs", token: fresh)
            #expect(none.status == 200, "\(none.text)")
            #expect(try Self.rows(none).isEmpty)
        }

        @Test func matchImportIgnoreUnignoreAndUnlinkWithTheirRefusals() async throws {
            let (stack, token) = try await Self.synced()
            let base = "/api/v1/stripe/products"

            let matched = try await stack.call("POST", "\(base)/prod_gizmo/match", token: token, json: ["veles_product_id": "vp_gizmo"])
            #expect(matched.status == 200, "\(matched.text)")
            #expect(try matched.json()["match_status"] as? String == "manual")
            #expect(try matched.json()["veles_product_id"] as? String == "vp_gizmo")
            let unknownStripe = try await stack.call("POST", "\(base)/prod_nope/match", token: token,
                                                     json: ["veles_product_id": "vp_gizmo"])
            #expect(unknownStripe.status == 404, "\(unknownStripe.text)")
            let unknownVeles = try await stack.call("POST", "\(base)/prod_spare/match", token: token,
                                                    json: ["veles_product_id": "vp_nope"])
            #expect(unknownVeles.status == 404, "\(unknownVeles.text)")
            let wrongType = try await stack.call("POST", "\(base)/prod_spare/match", token: token, json: ["veles_product_id": 7])
            #expect(wrongType.status == 400)
            #expect(wrongType.errorMessage.contains("'veles_product_id'"))
            let missing = try await stack.call("POST", "\(base)/prod_spare/match", token: token, json: [String: Any]())
            #expect(missing.status == 400)
            #expect(missing.errorMessage.contains("'veles_product_id'"))

            let imported = try await stack.call("POST", "\(base)/prod_gadget/import", token: token)
            #expect(imported.status == 201, "\(imported.text)")
            let importedJSON = try imported.json()
            #expect((importedJSON["stripe_product"] as? [String: Any])?["match_status"] as? String == "import")
            let velesProduct = try #require(importedJSON["product"] as? [String: Any])
            let velesId = try #require(velesProduct["id"] as? String)
            #expect(velesProduct["name"] as? String == "Gadget")
            let plans = try #require(velesProduct["plans"] as? [[String: Any]])
            #expect(plans.map { $0["stripe_price_id"] as? String } == ["price_gadget_month"])
            #expect((plans.first?["unit_amount"] as? [String: Any])?["amount_minor"] as? Int == 1500)
            let importedAgain = try await stack.call("POST", "\(base)/prod_gadget/import", token: token)
            #expect([200, 409].contains(importedAgain.status), "\(importedAgain.text)")
            #expect(try await stack.call("POST", "\(base)/prod_nope/import", token: token).status == 404)
            let readBack = try await stack.call("GET", "/api/v1/veles/products/\(velesId)", token: token)
            #expect(readBack.status == 200, "\(readBack.text)")

            let ignored = try await stack.call("POST", "\(base)/prod_spare/ignore", token: token)
            #expect(ignored.status == 200, "\(ignored.text)")
            #expect(try ignored.json()["match_status"] as? String == "ignored")
            let ignoredList = try await stack.call("GET", "\(base)?match_status=ignored", token: token)
            #expect(try Self.ids(ignoredList) == ["prod_spare"])
            let ignoreLinked = try await stack.call("POST", "\(base)/prod_widget/ignore", token: token)
            #expect(ignoreLinked.status == 409, "a linked product is unlinked before it is ignored: \(ignoreLinked.text)")
            #expect(try await stack.call("POST", "\(base)/prod_nope/ignore", token: token).status == 404)
            let unignored = try await stack.call("POST", "\(base)/prod_spare/unignore", token: token)
            #expect(unignored.status == 200, "\(unignored.text)")
            #expect(try unignored.json()["match_status"] as? String == "not_matched")
            #expect(try await stack.call("POST", "\(base)/prod_nope/unignore", token: token).status == 404)

            let unlinked = try await stack.call("DELETE", "\(base)/prod_gizmo/link", token: token)
            #expect(unlinked.status == 200, "\(unlinked.text)")
            #expect(try unlinked.json()["match_status"] as? String == "not_matched")
            #expect(try unlinked.json()["rejected_veles_product_id"] as? String == "vp_gizmo")
            #expect(try await stack.call("DELETE", "\(base)/prod_nope/link", token: token).status == 404)

            let sync = try await stack.call("POST", "\(base)/sync", token: token, json: ["full": "yes"])
            #expect(sync.status == 400)
            #expect(sync.errorMessage.contains("'full'"))
            let unknownField = try await stack.call("POST", "\(base)/sync", token: token, json: ["wait": true, "fast": true])
            #expect(unknownField.status == 400)
            #expect(unknownField.errorMessage.contains("'fast'"))
        }

        @Test func velesProductsUpsertReadAndRelabelFieldByField() async throws {
            let stack = try await GatewayStack.start()
            let token = try await stack.workspaceToken("ws_price_book")
            let stored = try await stack.call("PUT", "/api/v1/veles/products", token: token, json: ["products": Self.velesProducts])
            #expect(stored.status == 200, "\(stored.text)")
            #expect(try stored.json()["upserted"] as? Int == 2)

            let read = try await stack.call("GET", "/api/v1/veles/products/vp_gizmo", token: token)
            #expect(read.status == 200, "\(read.text)")
            let gizmo = try read.json()
            #expect(gizmo["name"] as? String == "Gizmo Deluxe")
            #expect(gizmo["sku"] as? String == "GIZ-1")
            let plan = try #require((gizmo["plans"] as? [[String: Any]])?.first)
            #expect(plan["method"] as? String == "per_unit")
            #expect(plan["interval"] as? String == "month")
            #expect((plan["unit_amount"] as? [String: Any])?["amount_minor"] as? Int == 900)
            #expect(try await stack.call("GET", "/api/v1/veles/products/vp_nope", token: token).status == 404)

            let relabelled = try await stack.call("PATCH", "/api/v1/veles/products/vp_gizmo", token: token, json: ["unit_label": "seat"])
            #expect(relabelled.status == 200, "\(relabelled.text)")
            #expect(try relabelled.json()["unit_label"] as? String == "seat")
            let reread = try await stack.call("GET", "/api/v1/veles/products/vp_gizmo", token: token)
            #expect(try reread.json()["unit_label"] as? String == "seat")
            #expect(try await stack.call("PATCH", "/api/v1/veles/products/vp_nope", token: token,
                                         json: ["unit_label": "seat"]).status == 404)
            for (body, named) in [([String: Any](), "'unit_label'"), (["unit_label": 5], "'unit_label'"),
                                  (["unit_label": "seat", "name": "x"], "'name'")] as [([String: Any], String)] {
                let refused = try await stack.call("PATCH", "/api/v1/veles/products/vp_gizmo", token: token, json: body)
                #expect(refused.status == 400, "\(body) → \(refused.status)")
                #expect(refused.errorMessage.contains(named), "\(refused.errorMessage) should name \(named)")
            }

            let cases: [(Any, String)] = [
                ([String: Any](), "'products'"),
                (["products": [["id": "vp_x", "name": "X"]]], "products[0].sku"),
                (["products": [["id": "vp_x", "name": "X", "sku": "X", "plans": [["currency": "usd"]]]]], "products[0].plans[0].method"),
                (["products": [["id": "vp_x", "name": "X", "sku": "X", "plans": [["currency": "usd", "method": "per_unit",
                                                                                  "unit_amount": ["amount_minor": "9"]]]]]],
                 "products[0].plans[0].unit_amount.amount_minor"),
                (["products": [["id": "vp_x", "name": "X", "sku": "X", "status": "gone"]]], "products[0].status"),
                (["products": (0...1000).map { ["id": "p\($0)", "name": "P\($0)", "sku": "S\($0)"] }], "at most 1000"),
            ]
            for (body, named) in cases {
                let response = try await stack.call("PUT", "/api/v1/veles/products", token: token, json: body)
                #expect(response.status == 400, "\(named): \(response.status) \(response.text)")
                #expect(response.errorMessage.contains(named), "\(response.errorMessage) should name \(named)")
            }
            let unchanged = try await stack.call("GET", "/api/v1/veles/products/vp_gizmo", token: token)
            #expect(try unchanged.json()["name"] as? String == "Gizmo Deluxe", "refused batches stored nothing")
        }
    }
}
