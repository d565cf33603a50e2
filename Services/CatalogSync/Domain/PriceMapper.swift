/// Turns Stripe prices into Veles pricing plans, one plan per currency a price carries.
///
/// The rules: `per_unit` is a per-unit rate from `unit_amount_decimal` (exact) or `unit_amount`, and with
/// `transform_quantity` a package rate keeping divisor and rounding; `custom_unit_amount` is a flat fee the buyer
/// chooses. `tiered` + `volume` is a volume lookup, except when every tier has only a flat amount, which is a
/// stair-step (a fee for the range the quantity falls in); `tiered` + `graduated` is a graduated lookup. A tier keeps
/// both its flat and its unit amount; `up_to: null` is the unbounded last tier. `one_time` is one-time; `recurring`
/// keeps interval and count; metered usage is flagged. Anything else is refused with the price's id in the message,
/// so nothing is ever imported at a made-up (zero) amount.
enum PriceMapper {
    /// The plans for one price: its own currency first, then each extra currency in `currency_options`, sorted.
    static func plans(for price: StripePriceRecord, planId: (String, String) -> String) throws(CatalogError) -> [PricingPlan] {
        let paymentType = try paymentType(of: price)
        let metered = price.recurring?.usageType == "metered"
        if let usage = price.recurring?.usageType, usage != "metered", usage != "licensed" {
            throw refusal(price, "its usage type \"\(usage)\" is not one the price book knows")
        }
        let primary = StripePriceRecord.CurrencyOption(unitAmount: price.unitAmount, unitAmountDecimal: price.unitAmountDecimal,
                                                       tiers: price.tiers, customUnitAmount: price.customUnitAmount)
        var amountsByCurrency: [(String, StripePriceRecord.CurrencyOption)] = [(price.currency.lowercased(), primary)]
        for currency in price.currencyOptions.keys.sorted() where currency.lowercased() != price.currency.lowercased() {
            if let option = price.currencyOptions[currency] { amountsByCurrency.append((currency.lowercased(), option)) }
        }
        var plans: [PricingPlan] = []
        for (currency, amounts) in amountsByCurrency {
            guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw refusal(price, "its currency \"\(currency)\" is not an ISO 4217 code")
            }
            var plan = PricingPlan(id: planId(price.id, currency), currency: currency, paymentType: paymentType,
                                   method: .perUnit, unitAmount: nil, tiers: [], packageRate: nil, metered: metered,
                                   customAmount: nil, active: price.active, stripePriceId: price.id)
            try fill(&plan, from: amounts, price: price, currency: currency)
            plans.append(plan)
        }
        return plans
    }

    private static func paymentType(of price: StripePriceRecord) throws(CatalogError) -> PaymentType {
        switch price.type {
        case "one_time":
            return .oneTime
        case "recurring":
            guard let recurring = price.recurring else { throw refusal(price, "it is recurring but has no interval") }
            guard let interval = BillingInterval(rawValue: recurring.interval) else {
                throw refusal(price, "its interval \"\(recurring.interval)\" is not day, week, month or year")
            }
            guard recurring.intervalCount >= 1 else {
                throw refusal(price, "its interval count \(recurring.intervalCount) is not a positive number")
            }
            return .recurring(interval: interval, count: recurring.intervalCount)
        default:
            throw refusal(price, "its type \"\(price.type)\" is neither one_time nor recurring")
        }
    }

    private static func fill(_ plan: inout PricingPlan, from amounts: StripePriceRecord.CurrencyOption,
                             price: StripePriceRecord, currency: String) throws(CatalogError) {
        let label = currency == price.currency.lowercased() ? "" : " in \(currency.uppercased())"
        switch price.billingScheme {
        case "per_unit":
            if let custom = amounts.customUnitAmount {
                plan.method = .flatFee
                plan.customAmount = custom
                return
            }
            guard let amount = try exact(amounts.unitAmount, amounts.unitAmountDecimal, price, label) else {
                throw refusal(price, "it is per unit but has no unit amount\(label)")
            }
            plan.method = .perUnit
            plan.unitAmount = amount
            if let transform = price.transformQuantity {
                guard transform.divideBy >= 1 else {
                    throw refusal(price, "its transform_quantity divides by \(transform.divideBy)")
                }
                guard let rounding = PackageRate.Rounding(rawValue: transform.round) else {
                    throw refusal(price, "its transform_quantity rounding \"\(transform.round)\" is neither up nor down")
                }
                plan.packageRate = PackageRate(divisor: transform.divideBy, rounding: rounding)
            }
        case "tiered":
            guard price.transformQuantity == nil else {
                throw refusal(price, "it is tiered and also transforms the quantity")
            }
            guard let stripeTiers = amounts.tiers else {
                throw refusal(price, "its tiers\(label) were not retrieved (tiers must be expanded)")
            }
            let tiers = try self.tiers(stripeTiers, price: price, label: label)
            switch price.tiersMode {
            case "volume":
                let flatOnly = tiers.allSatisfy { $0.unitAmount == nil }
                plan.method = flatOnly ? .stairStep : .volume
            case "graduated":
                plan.method = .graduated
            default:
                throw refusal(price, "its tiers mode \"\(price.tiersMode ?? "none")\" is neither volume nor graduated")
            }
            plan.tiers = tiers
        default:
            throw refusal(price, "its billing scheme \"\(price.billingScheme)\" is neither per_unit nor tiered")
        }
    }

    private static func tiers(_ stripeTiers: [StripePriceRecord.Tier], price: StripePriceRecord,
                              label: String) throws(CatalogError) -> [PlanTier] {
        guard !stripeTiers.isEmpty else { throw refusal(price, "it is tiered but has no tiers\(label)") }
        var result: [PlanTier] = []
        var previousBound: Int64 = 0
        for (index, tier) in stripeTiers.enumerated() {
            let isLast = index == stripeTiers.count - 1
            if let bound = tier.upTo {
                guard !isLast else { throw refusal(price, "its last tier\(label) ends at \(bound) instead of having no bound") }
                guard bound > previousBound else {
                    throw refusal(price, "its tier \(index + 1)\(label) ends at \(bound), not above the previous tier")
                }
                previousBound = bound
            } else if !isLast {
                throw refusal(price, "its tier \(index + 1)\(label) has no bound but is not the last tier")
            }
            let unit = try exact(tier.unitAmount, tier.unitAmountDecimal, price, label)
            let flat = try exact(tier.flatAmount, tier.flatAmountDecimal, price, label)
            guard unit != nil || flat != nil else {
                throw refusal(price, "its tier \(index + 1)\(label) has neither a unit nor a flat amount")
            }
            result.append(PlanTier(upTo: tier.upTo, unitAmount: unit, flatAmount: flat))
        }
        return result
    }

    private static func exact(_ minor: Int64?, _ decimal: String?, _ price: StripePriceRecord,
                              _ label: String) throws(CatalogError) -> ExactAmount? {
        do {
            return try ExactAmount.fromStripe(minorUnits: minor, decimal: decimal)
        } catch {
            throw refusal(price, "its amount\(label) is unusable: \(error.description)")
        }
    }

    static func refusal(_ price: StripePriceRecord, _ reason: String) -> CatalogError {
        .precondition("Stripe price \(price.id) cannot be expressed in the Veles price book: \(reason).")
    }
}
