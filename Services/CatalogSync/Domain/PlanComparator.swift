/// For manual and name matches, where Veles plans are never changed by a sync: how Stripe's active prices and the
/// linked product's active plans differ, for the admin to review.
enum PlanComparator {
    /// One difference between the two sides.
    struct Difference: Sendable, Hashable {
        /// Which side lacks what.
        enum Kind: String, Sendable, Hashable {
            /// An active Stripe price (in one currency) has no equal active plan in Veles.
            case missingInVeles = "missing_in_veles"
            /// An active Veles plan has no equal active Stripe price.
            case missingInStripe = "missing_in_stripe"
            /// A Stripe price has a shape the price book cannot express.
            case notExpressible = "not_expressible"
        }

        let kind: Kind
        let stripePriceId: String
        let velesPlanId: String
        let message: String
    }

    /// The plan fields that say what is charged, without ids or activity.
    private struct Terms: Hashable {
        let currency: String
        let paymentType: PaymentType
        let method: PricingMethod
        let unitAmount: ExactAmount?
        let tiers: [PlanTier]
        let packageRate: PackageRate?
        let metered: Bool
        let customAmount: CustomAmount?

        init(_ plan: PricingPlan) {
            currency = plan.currency
            paymentType = plan.paymentType
            method = plan.method
            unitAmount = plan.unitAmount
            tiers = plan.tiers
            packageRate = plan.packageRate
            metered = plan.metered
            customAmount = plan.customAmount
        }
    }

    static func differences(prices: [StripePriceRecord], plans: [PricingPlan]) -> [Difference] {
        var unclaimed = plans.filter(\.active)
        var result: [Difference] = []
        for price in prices.sorted(by: { $0.id < $1.id }) where price.active && !price.deleted {
            let mapped: [PricingPlan]
            do {
                mapped = try PriceMapper.plans(for: price) { _, currency in currency }
            } catch {
                result.append(Difference(kind: .notExpressible, stripePriceId: price.id, velesPlanId: "", message: error.message))
                continue
            }
            for plan in mapped {
                let terms = Terms(plan)
                if let index = unclaimed.firstIndex(where: { $0.stripePriceId == price.id && $0.currency == plan.currency && Terms($0) == terms })
                    ?? unclaimed.firstIndex(where: { Terms($0) == terms }) {
                    unclaimed.remove(at: index)
                } else {
                    result.append(Difference(kind: .missingInVeles, stripePriceId: price.id, velesPlanId: "",
                                             message: "Stripe price \(price.id) (\(describe(plan))) has no matching Veles plan."))
                }
            }
        }
        for plan in unclaimed.sorted(by: { $0.id < $1.id }) {
            result.append(Difference(kind: .missingInStripe, stripePriceId: "", velesPlanId: plan.id,
                                     message: "Veles plan \(plan.id) (\(describe(plan))) has no matching active Stripe price."))
        }
        return result
    }

    /// A short human summary of a plan: "USD monthly per_unit 1500".
    static func describe(_ plan: PricingPlan) -> String {
        var text = "\(plan.currency.uppercased()) \(plan.paymentType.label) \(plan.method.rawValue)"
        if let amount = plan.unitAmount { text += " \(amount)" }
        if !plan.tiers.isEmpty { text += " \(plan.tiers.count) tiers" }
        if plan.metered { text += " metered" }
        if plan.customAmount != nil { text += " custom amount" }
        return text
    }
}
