@testable import CatalogSync

/// Builders for Stripe records and Veles products, so each test states only what it is about.
enum Fixtures {
    static func price(_ id: String, product: String = "prod_1", currency: String = "usd", type: String = "recurring",
                      scheme: String = "per_unit", tiersMode: String? = nil, tiers: [StripePriceRecord.Tier]? = nil,
                      unitAmount: Int64? = nil, unitAmountDecimal: String? = nil,
                      transform: StripePriceRecord.TransformQuantity? = nil,
                      interval: String = "month", intervalCount: Int = 1, usage: String = "licensed",
                      custom: CustomAmount? = nil, currencyOptions: [String: StripePriceRecord.CurrencyOption] = [:],
                      active: Bool = true, created: Int64 = 1_700_000_000) -> StripePriceRecord {
        StripePriceRecord(
            id: id, productId: product, active: active, deleted: false, currency: currency, type: type, billingScheme: scheme,
            tiersMode: tiersMode, tiers: tiers, unitAmount: unitAmount, unitAmountDecimal: unitAmountDecimal,
            transformQuantity: transform,
            recurring: type == "recurring" ? .init(interval: interval, intervalCount: intervalCount, usageType: usage) : nil,
            customUnitAmount: custom, currencyOptions: currencyOptions, nickname: "", createdS: created)
    }

    static func tier(_ upTo: Int64?, unit: Int64? = nil, unitDecimal: String? = nil, flat: Int64? = nil) -> StripePriceRecord.Tier {
        StripePriceRecord.Tier(upTo: upTo, unitAmount: unit, unitAmountDecimal: unitDecimal ?? unit.map(String.init),
                               flatAmount: flat, flatAmountDecimal: flat.map(String.init))
    }

    static func product(_ id: String, name: String, active: Bool = true, deleted: Bool = false,
                        metadata: [String: String] = [:], unitLabel: String = "", created: Int64 = 1_700_000_000) -> StripeProductRecord {
        StripeProductRecord(id: id, name: name, description: "About \(name)", active: active, deleted: deleted,
                            createdS: created, updatedS: created, metadata: metadata, unitLabel: unitLabel)
    }

    static func velesProduct(_ id: String, name: String, sku: String, status: VelesProduct.Status = .active,
                             plans: [PricingPlan] = []) -> VelesProduct {
        VelesProduct(id: id, name: name, sku: sku, description: "", category: "", customFields: [:], status: status,
                     unitLabel: "", plans: plans, createdAtMs: 0, updatedAtMs: 0)
    }

    static func amount(_ text: String) -> ExactAmount {
        // Test inputs are literals known to be valid.
        (try? ExactAmount(decimal: text)) ?? ExactAmount.zero
    }

    static func plans(_ price: StripePriceRecord) throws(CatalogError) -> [PricingPlan] {
        try PriceMapper.plans(for: price) { id, currency in "\(id)/\(currency)" }
    }
}

extension ExactAmount {
    static let zero: ExactAmount = (try? ExactAmount(minorUnits: 0))!
}
