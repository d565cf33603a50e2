/// Builds the Veles product an import creates, and keeps an imported product's plans in step with Stripe's prices.
enum ProductImporter {
    /// The deterministic id of the plan made from one currency of one Stripe price; a re-sync finds it again by it.
    static func planId(velesProductId: String, priceId: String, currency: String) -> String {
        "pln_\(priceId.hasPrefix("price_") ? String(priceId.dropFirst(6)) : priceId)_\(currency)"
    }

    /// The new Veles product: Stripe's name, description and (when it has one) unit label, the chosen SKU, active,
    /// and a plan for each currency of each active price. A price the price book cannot express refuses the import.
    static func build(_ product: StripeProductRecord, prices: [StripePriceRecord], velesProductId: String,
                      sku: String, nowMs: Int64) throws(CatalogError) -> VelesProduct {
        var plans: [PricingPlan] = []
        for price in ordered(prices) where price.active && !price.deleted {
            plans += try PriceMapper.plans(for: price) { priceId, currency in
                planId(velesProductId: velesProductId, priceId: priceId, currency: currency)
            }
        }
        return VelesProduct(id: velesProductId, name: product.name, sku: sku, description: product.description,
                            category: "", customFields: [:], status: .active, unitLabel: product.unitLabel,
                            plans: plans, createdAtMs: nowMs, updatedAtMs: nowMs)
    }

    /// What syncing the prices of an imported product changed.
    struct PlanSync: Sendable, Equatable {
        var plans: [PricingPlan]
        var changed: Bool
        /// Prices that could not become plans, with the reason; shown on the Stripe product.
        var problems: [String]
    }

    /// A new active price adds its plans; an archived or deleted price makes its plans inactive; a price active again
    /// makes them active again. Plans made in Veles (no Stripe price) are left as they are.
    static func syncPlans(_ plans: [PricingPlan], velesProductId: String, prices: [StripePriceRecord]) -> PlanSync {
        var result = PlanSync(plans: plans, changed: false, problems: [])
        for price in ordered(prices) {
            let live = price.active && !price.deleted
            let indexes = result.plans.indices.filter { result.plans[$0].stripePriceId == price.id }
            if indexes.isEmpty {
                guard live else { continue }
                do {
                    result.plans += try PriceMapper.plans(for: price) { priceId, currency in
                        planId(velesProductId: velesProductId, priceId: priceId, currency: currency)
                    }
                    result.changed = true
                } catch {
                    result.problems.append(error.message)
                }
                continue
            }
            for index in indexes where result.plans[index].active != live {
                result.plans[index].active = live
                result.changed = true
            }
        }
        return result
    }

    /// Oldest first, then by id, so plans come out in the same order every time.
    private static func ordered(_ prices: [StripePriceRecord]) -> [StripePriceRecord] {
        prices.sorted { ($0.createdS, $0.id) < ($1.createdS, $1.id) }
    }
}
