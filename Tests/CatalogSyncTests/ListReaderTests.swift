import Foundation
import StripeClient
import Testing
import TestSupport
@testable import CatalogSync

/// The fast list readers must read every page exactly as the client's typed model does, and refuse (so the caller
/// falls back) whatever they do not expect.
@Suite struct ListReaderTests {
    /// What the general path makes of a page: the client's `StripePrice` turned into records.
    private func general(_ json: String) throws -> [StripePriceRecord] {
        try JSONDecoder().decode(StripeList<StripePrice>.self, from: Data(json.utf8)).data.map(StripePriceRecord.init)
    }

    private func fast(_ json: String) throws -> CatalogPage<StripePriceRecord> {
        try PriceListReader.page(Array(json.utf8))
    }

    static let everyShape = #"""
        {"object": "list", "url": "/v1/prices", "has_more": true, "data": [
          {"id": "price_unit", "object": "price", "active": true, "currency": "usd", "product": "prod_a",
           "type": "recurring", "billing_scheme": "per_unit", "unit_amount": 1000, "unit_amount_decimal": "1000",
           "recurring": {"interval": "month", "interval_count": 3, "usage_type": "licensed", "meter": null},
           "nickname": "Caf\u00e9 \"quoted\" \ud83d\ude00 line\nnext", "created": 1700000000, "metadata": {"a": "b"},
           "livemode": false, "tax_behavior": "unspecified", "lookup_key": null, "tiers_mode": null,
           "transform_quantity": null, "custom_unit_amount": null},
          {"id": "price_tiers", "object": "price", "active": false, "currency": "eur",
           "product": {"id": "prod_b", "object": "product", "name": "Nested {not a brace}", "metadata": {}},
           "type": "recurring", "billing_scheme": "tiered", "tiers_mode": "graduated", "unit_amount": null,
           "tiers": [{"up_to": 10, "unit_amount": 500, "unit_amount_decimal": "500", "flat_amount": null, "flat_amount_decimal": null},
                     {"up_to": "inf", "unit_amount": null, "flat_amount": 2500, "flat_amount_decimal": "2500.5"},
                     {"up_to": null, "unit_amount_decimal": "0.25"}],
           "recurring": {"interval": "year", "interval_count": 1, "usage_type": "metered"}, "created": 1700000001},
          {"id": "price_package", "currency": "usd", "product": "prod_c", "unit_amount": 2500,
           "transform_quantity": {"divide_by": 10, "round": "up"}, "created": -5},
          {"id": "price_custom", "currency": "usd", "product": "prod_d", "type": "one_time", "billing_scheme": "per_unit",
           "custom_unit_amount": {"minimum": 500, "maximum": null, "preset": 1000}, "active": null, "nickname": null,
           "currency_options": {"eur": {"unit_amount": 900, "unit_amount_decimal": "900", "tax_behavior": "inclusive",
                                        "tiers": [{"up_to": 5, "unit_amount": 1}], "custom_unit_amount": {"minimum": 1}},
                                "gbp": {"unit_amount": null, "tiers": null, "custom_unit_amount": null}},
           "extra": [1, 2.5e3, -0.5, true, false, null, {"deep": [[]]}, "\\"]}
        ]}
        """#

    @Test func everyPriceShapeReadsExactlyAsTheTypedModelReadsIt() throws {
        let page = try fast(Self.everyShape)
        #expect(page.hasMore)
        let expected = try general(Self.everyShape)
        #expect(page.items == expected)
        #expect(page.items.map(\.id) == ["price_unit", "price_tiers", "price_package", "price_custom"])
        #expect(page.items[0].nickname == "Café \"quoted\" 😀 line\nnext")
        #expect(page.items[1].productId == "prod_b" && page.items[1].tiers?.map(\.upTo) == [10, nil, nil])
        #expect(page.items[2].type == "one_time" && page.items[2].billingScheme == "per_unit" && page.items[2].active)
    }

    @Test func stripesOwnPriceFixtureReadsAsTheTypedModelReadsIt() throws {
        let url = TestPaths.sharedDirectory.appendingPathComponent("stripe/fixtures3.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            if TestPaths.isCI { Issue.record("\(url.path) is missing") }
            return
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let price = try #require((root["resources"] as? [String: Any])?["price"])
        let list = String(decoding: try JSONSerialization.data(withJSONObject: ["object": "list", "data": [price], "has_more": false]),
                          as: UTF8.self)
        let expected = try general(list)
        #expect(try fast(list).items == expected)
    }

    @Test func aStripeSimPageReadsAsTheTypedModelReadsIt() async throws {
        let sim = try await StripeSimHarness()
        let product = try await sim.product("Reader check")
        try await sim.price(product, [("currency", "usd"), ("unit_amount", "1000"), ("recurring[interval]", "month")])
        try await sim.price(product, [("currency", "eur"), ("billing_scheme", "tiered"), ("tiers_mode", "volume"),
                                      ("recurring[interval]", "month"), ("tiers[0][up_to]", "10"), ("tiers[0][unit_amount]", "3"),
                                      ("tiers[1][up_to]", "inf"), ("tiers[1][flat_amount]", "200")])
        try await sim.price(product, [("currency", "usd"), ("unit_amount_decimal", "12.5"), ("transform_quantity[divide_by]", "5"),
                                      ("transform_quantity[round]", "down")])
        let body = try await sim.access.client.getBody("/v1/prices", query: ["limit": 100, "expand": ["data.tiers"]])
        let text = String(decoding: body, as: UTF8.self)
        let page = try fast(text)
        let expected = try general(text)
        #expect(page.items.count == 3 && page.items == expected)
    }

    private func generalProducts(_ json: String) throws -> [StripeProductRecord] {
        try JSONDecoder().decode(StripeList<StripeProduct>.self, from: Data(json.utf8)).data.map(StripeProductRecord.init)
    }

    @Test func productPagesReadExactlyAsTheTypedModelReadsThem() async throws {
        let json = #"""
            {"object": "list", "has_more": false, "data": [
              {"id": "prod_full", "object": "product", "name": "Seats \u00e9", "description": "Per seat", "active": true,
               "created": 1700000000, "updated": 1700000100, "metadata": {"sku": "SEAT-1", "note": "a \"b\""},
               "unit_label": "seat", "images": [], "default_price": null, "tax_code": {"id": "txcd_1", "object": "tax_code"}},
              {"id": "prod_sparse", "created": 5},
              {"id": "prod_nulls", "name": null, "description": null, "active": null, "updated": null, "metadata": null,
               "unit_label": null, "marketing_features": [{"name": "x"}]}
            ]}
            """#
        let expected = try generalProducts(json)
        let read = try ProductListReader.page(Array(json.utf8)).items
        #expect(read == expected)
        #expect(expected.map(\.updatedS) == [1_700_000_100, 5, 0])

        let sim = try await StripeSimHarness()
        _ = try await sim.product("Sim product", [("description", "From the sim"), ("metadata[sku]", "SIM-1"), ("unit_label", "user")])
        _ = try await sim.product("Archived", [("active", "false")])
        let body = String(decoding: try await sim.access.client.getBody("/v1/products", query: ["limit": 100]), as: UTF8.self)
        let fromSim = try generalProducts(body)
        let readFromSim = try ProductListReader.page(Array(body.utf8)).items
        #expect(fromSim.count == 2 && readFromSim == fromSim)
    }

    @Test func whatTheReaderDoesNotExpectIsRefusedForTheGeneralPath() {
        for odd in [
            #"{"data": [{"id": "p", "currency": "usd", "product": "prod", "unit_amount": 10.5}], "has_more": false}"#,
            #"{"data": [{"id": "p", "currency": "usd", "product": "prod", "tiers": [{"up_to": "ten"}]}], "has_more": false}"#,
            #"{"data": [{"currency": "usd", "product": "prod"}], "has_more": false}"#,
            #"{"data": [], "has_more": false} trailing"#,
            #"{"data": [{"id": "p", "currency": "usd", "product": "prod"}]}"#,
            #"{"data": [{"id": "p\"#,
        ] {
            #expect(throws: JSONCursor.Malformed.self, "\(odd)") { try fast(odd) }
        }
        let oddProduct = #"{"data": [{"id": "prod", "metadata": {"n": 5}}], "has_more": false}"#
        #expect(throws: JSONCursor.Malformed.self) { try ProductListReader.page(Array(oddProduct.utf8)) }
    }
}
