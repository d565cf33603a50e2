import Foundation
import Normalization
import Testing
import TestSupport

/// The product half of the demo dataset: every price shape the catalog import must handle is in
/// it, and each expected product status agrees with the name rule read through the shared normaliser.
@Suite("Demo dataset products")
struct DatasetCatalogTests {
    private func load(_ size: String, _ file: String) throws -> [String: Any] {
        let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/Dataset/\(size)/\(file)")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("every Stripe price shape appears", arguments: ["demo", "small"])
    func everyPriceShape(_ size: String) throws {
        let stripe = try load(size, "stripe.json")
        let products = try #require(stripe["products"] as? [[String: Any]])
        let prices = try #require(stripe["prices"] as? [[String: Any]])
        #expect(products.count >= 60)
        func any(_ test: ([String: Any]) -> Bool) -> Bool { prices.contains(where: test) }
        func recurring(_ price: [String: Any]) -> [String: Any]? { price["recurring"] as? [String: Any] }
        func tiers(_ price: [String: Any]) -> [[String: Any]] { price["tiers"] as? [[String: Any]] ?? [] }
        let shapes: [(String, Bool)] = [
            ("per unit amount", any { $0["billing_scheme"] as? String == "per_unit" && $0["unit_amount"] is Int }),
            ("unit_amount_decimal only", any { $0["unit_amount"] is NSNull && ($0["unit_amount_decimal"] as? String)?.contains(".") == true }),
            ("transform_quantity", any { $0["transform_quantity"] is [String: Any] }),
            ("tiered volume", any { $0["tiers_mode"] as? String == "volume" && tiers($0).allSatisfy { $0["unit_amount"] is Int } }),
            ("tiered graduated", any { $0["tiers_mode"] as? String == "graduated" }),
            ("stair-step flat-only tiers", any { !tiers($0).isEmpty && tiers($0).allSatisfy { $0["flat_amount"] is Int && $0["unit_amount"] is NSNull } }),
            ("tier with flat and unit", any { tiers($0).contains { $0["flat_amount"] is Int && $0["unit_amount"] is Int } }),
            ("up_to inf", any { tiers($0).last?["up_to"] is NSNull }),
            ("one-time", any { $0["type"] as? String == "one_time" }),
            ("daily", any { recurring($0)?["interval"] as? String == "day" }),
            ("weekly", any { recurring($0)?["interval"] as? String == "week" }),
            ("monthly", any { recurring($0)?["interval"] as? String == "month" && recurring($0)?["interval_count"] as? Int == 1 }),
            ("quarterly", any { recurring($0)?["interval"] as? String == "month" && recurring($0)?["interval_count"] as? Int == 3 }),
            ("yearly", any { recurring($0)?["interval"] as? String == "year" }),
            ("metered", any { recurring($0)?["usage_type"] as? String == "metered" }),
            ("custom_unit_amount", any { $0["custom_unit_amount"] is [String: Any] }),
            ("archived price", any { $0["active"] as? Bool == false }),
        ]
        for (shape, present) in shapes {
            #expect(present, "no \(shape) price in the \(size) dataset")
        }
        // This Stripe API version bills a metered price through a billing meter it names.
        let meters = Set((stripe["meters"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        for price in prices where recurring(price)?["usage_type"] as? String == "metered" {
            #expect(meters.contains(recurring(price)?["meter"] as? String ?? ""), "metered price \(price["id"] ?? "") names no meter of the dataset")
        }
        let currenciesByProduct = Dictionary(grouping: prices, by: { $0["product"] as? String ?? "" }).mapValues { Set($0.compactMap { $0["currency"] as? String }) }
        #expect(currenciesByProduct.values.contains { $0 == ["usd", "eur"] })
        #expect(products.contains { $0["active"] as? Bool == false })
    }

    @Test("expected product statuses follow the name rule", arguments: ["demo", "small"])
    func expectedStatusesFollowNameRule(_ size: String) throws {
        let stripeProducts = try #require(try load(size, "stripe.json")["products"] as? [[String: Any]])
        let velesProducts = try #require(try load(size, "veles.json")["products"] as? [[String: Any]])
        let expected = try #require(try load(size, "expected.json")["products"] as? [[String: Any]])
        var activeByName: [String: [String]] = [:]
        for product in velesProducts where product["status"] as? String == "active" {
            activeByName[NameNormalizer.product.normalize(product["name"] as? String ?? ""), default: []].append(product["id"] as? String ?? "")
        }
        let expectedByID = Dictionary(uniqueKeysWithValues: expected.map { ($0["stripe_id"] as? String ?? "", $0) })
        var statuses: Set<String> = []
        for product in stripeProducts {
            let id = try #require(product["id"] as? String)
            let row = try #require(expectedByID[id])
            let candidates = activeByName[NameNormalizer.product.normalize(product["name"] as? String ?? "")] ?? []
            let isActive = product["active"] as? Bool == true
            let ruleSays = isActive && candidates.count == 1 ? "name_match" : "not_matched"
            #expect(row["match_status"] as? String == ruleSays, "\(id) \(product["name"] ?? "")")
            #expect((row["veles_product_id"] as? String) == (ruleSays == "name_match" ? candidates.first : nil))
            statuses.insert(ruleSays)
        }
        #expect(statuses == ["name_match", "not_matched"])
    }
}
