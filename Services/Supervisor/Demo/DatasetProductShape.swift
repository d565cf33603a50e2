import Foundation

/// Turns a dataset product (`pricing_plans` with plain minor-unit amounts) into the gateway's upsert shape (`plans`
/// with money objects `{amount_minor, currency, decimal}`); a product already in the gateway's shape passes as it is.
enum DatasetProductShape {
    static func gatewayProduct(_ product: [String: Any]) -> [String: Any] {
        guard let plans = product["pricing_plans"] as? [[String: Any]] else { return product }
        var converted = product
        converted["pricing_plans"] = nil
        converted["plans"] = plans.map(gatewayPlan)
        return converted
    }

    private static func gatewayPlan(_ plan: [String: Any]) -> [String: Any] {
        let currency = plan["currency"] as? String ?? ""
        var result: [String: Any] = [:]
        for key in ["id", "currency", "payment_type", "interval", "interval_count", "method", "metered", "active"] {
            if let value = plan[key], !(value is NSNull) { result[key] = value }
        }
        if let amount = money(plan["unit_amount"], decimal: plan["unit_amount_decimal"], currency: currency) {
            result["unit_amount"] = amount
        }
        let tiers = (plan["tiers"] as? [[String: Any]] ?? []).map { tier -> [String: Any] in
            var converted: [String: Any] = [:]
            if let upTo = tier["up_to"] as? Int { converted["up_to"] = upTo }
            if let unit = money(tier["unit_amount"], decimal: tier["unit_amount_decimal"], currency: currency) { converted["unit_amount"] = unit }
            if let flat = money(tier["flat_amount"], decimal: tier["flat_amount_decimal"], currency: currency) { converted["flat_amount"] = flat }
            return converted
        }
        if !tiers.isEmpty { result["tiers"] = tiers }
        return result
    }

    private static func money(_ amount: Any?, decimal: Any?, currency: String) -> [String: Any]? {
        guard let minor = amount as? Int else { return nil }
        var money: [String: Any] = ["amount_minor": minor, "currency": currency]
        if let text = decimal as? String { money["decimal"] = text }
        return money
    }
}
