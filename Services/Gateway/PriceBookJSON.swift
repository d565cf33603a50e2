import Foundation
import VelesAPI

/// The price book in the API's JSON: lower-case names for statuses and methods, money as
/// `{"amount_minor", "currency", "decimal"}`.
enum PriceBookJSON {
    static let methods: [(String, Veles_Catalog_V1_PricingMethod)] = [
        ("flat_fee", .flatFee), ("per_unit", .perUnit), ("volume", .volume), ("graduated", .graduated), ("stair_step", .stairStep),
    ]
    static let intervals: [(String, Veles_Catalog_V1_BillingInterval)] = [
        ("day", .day), ("week", .week), ("month", .month), ("year", .year),
    ]

    static func json(_ product: Veles_Catalog_V1_Product) -> [String: Any] {
        [
            "id": product.id, "name": product.name, "sku": product.sku,
            "description": JSONOutput.optional(product.description), "category": JSONOutput.optional(product.category),
            "custom_fields": product.customFields, "status": product.status == .inactive ? "inactive" : "active",
            "unit_label": product.unitLabel, "plans": product.plans.map(json),
            "created_at": JSONOutput.time(product.createdAtMs), "updated_at": JSONOutput.time(product.updatedAtMs),
        ]
    }

    static func json(_ plan: Veles_Catalog_V1_PricingPlan) -> [String: Any] {
        var json: [String: Any] = [
            "id": plan.id, "currency": plan.currency,
            "payment_type": plan.paymentType == .recurring ? "recurring" : "one_time",
            "method": methods.first { $0.1 == plan.method }?.0 ?? "unknown",
            "active": plan.active, "metered": plan.metered,
            "stripe_price_id": JSONOutput.optional(plan.stripePriceId),
            "unit_amount": plan.hasUnitAmount ? money(plan.unitAmount) : NSNull(),
            "tiers": plan.tiers.map { tier -> [String: Any] in
                ["up_to": tier.upTo == 0 ? NSNull() : NSNumber(value: tier.upTo),
                 "unit_amount": tier.hasUnitAmount ? money(tier.unitAmount) : NSNull(),
                 "flat_amount": tier.hasFlatAmount ? money(tier.flatAmount) : NSNull()]
            },
        ]
        if plan.paymentType == .recurring {
            json["interval"] = intervals.first { $0.1 == plan.interval }?.0 ?? NSNull()
            json["interval_count"] = plan.intervalCount
            json["billing_period"] = JSONOutput.optional(plan.billingPeriod)
        }
        if plan.hasPackageRate {
            json["package_rate"] = ["divisor": plan.packageRate.divisor,
                                    "rounding": plan.packageRate.rounding == .down ? "down" : "up"]
        }
        if plan.hasCustomAmount {
            json["custom_amount"] = ["minimum": plan.customAmount.minimum, "maximum": plan.customAmount.maximum,
                                     "preset": plan.customAmount.preset]
        }
        return json
    }

    static func money(_ money: Veles_Common_V1_Money) -> [String: Any] {
        ["amount_minor": money.amountMinor, "currency": money.currency, "decimal": JSONOutput.optional(money.decimal)]
    }

    /// A product from an upsert body; every plan and tier is checked, with the failing field named.
    static func product(_ item: JSONInput, index: Int) throws -> Veles_Catalog_V1_Product {
        let context = "products[\(index)]."
        return try named(context) {
            try item.onlyFields(["id", "name", "sku", "description", "category", "custom_fields", "status", "unit_label", "plans"])
            var product = Veles_Catalog_V1_Product()
            product.id = try item.requiredString("id")
            product.name = try item.requiredString("name")
            product.sku = try item.requiredString("sku")
            product.description = try item.optionalString("description") ?? ""
            product.category = try item.optionalString("category") ?? ""
            product.customFields = try item.stringMap("custom_fields")
            switch try item.optionalString("status") ?? "active" {
            case "active": product.status = .active
            case "inactive": product.status = .inactive
            case let other: throw APIError.badRequest("field 'status' must be active or inactive, not '\(other)'")
            }
            product.unitLabel = try item.optionalString("unit_label") ?? ""
            if item.object["plans"] != nil {
                product.plans = try item.objectList("plans").enumerated().map { planIndex, plan in
                    try self.plan(plan, context: "plans[\(planIndex)].")
                }
            }
            return product
        }
    }

    static func plan(_ item: JSONInput, context: String) throws -> Veles_Catalog_V1_PricingPlan {
        return try named(context) {
            try item.onlyFields(["id", "currency", "payment_type", "interval", "interval_count", "method", "unit_amount",
                                 "tiers", "metered", "active"])
            var plan = Veles_Catalog_V1_PricingPlan()
            plan.id = try item.optionalString("id") ?? ""
            plan.currency = try item.requiredString("currency").lowercased()
            switch try item.optionalString("payment_type") ?? "one_time" {
            case "one_time": plan.paymentType = .oneTime
            case "recurring":
                plan.paymentType = .recurring
                let interval = try item.requiredString("interval")
                guard let value = intervals.first(where: { $0.0 == interval })?.1 else {
                    throw APIError.badRequest("field 'interval' must be day, week, month or year")
                }
                plan.interval = value
                plan.intervalCount = Int32(clamping: try item.optionalInt("interval_count") ?? 1)
            case let other: throw APIError.badRequest("field 'payment_type' must be one_time or recurring, not '\(other)'")
            }
            let method = try item.requiredString("method")
            guard let value = methods.first(where: { $0.0 == method })?.1 else {
                throw APIError.badRequest("field 'method' must be one of \(methods.map(\.0).joined(separator: ", "))")
            }
            plan.method = value
            if let amount = item.object["unit_amount"] as? [String: Any] {
                plan.unitAmount = try money(JSONInput(object: amount), currency: plan.currency, field: "unit_amount")
            }
            if item.object["tiers"] != nil {
                plan.tiers = try item.objectList("tiers").enumerated().map { tierIndex, tier in
                    try named("tiers[\(tierIndex)].") {
                        try tier.onlyFields(["up_to", "unit_amount", "flat_amount"])
                        var result = Veles_Catalog_V1_Tier()
                        result.upTo = try tier.optionalInt("up_to") ?? 0
                        if let unit = tier.object["unit_amount"] as? [String: Any] {
                            result.unitAmount = try money(JSONInput(object: unit), currency: plan.currency, field: "unit_amount")
                        }
                        if let flat = tier.object["flat_amount"] as? [String: Any] {
                            result.flatAmount = try money(JSONInput(object: flat), currency: plan.currency, field: "flat_amount")
                        }
                        return result
                    }
                }
            }
            plan.metered = try item.optionalBool("metered") ?? false
            plan.active = try item.optionalBool("active") ?? true
            return plan
        }
    }

    static func money(_ item: JSONInput, currency: String, field: String) throws -> Veles_Common_V1_Money {
        try named("\(field).") {
            try item.onlyFields(["amount_minor", "currency", "decimal"])
            var money = Veles_Common_V1_Money()
            guard let amount = try item.optionalInt("amount_minor") else {
                throw APIError.badRequest("field 'amount_minor' is required")
            }
            money.amountMinor = amount
            money.currency = (try item.optionalString("currency") ?? currency).lowercased()
            money.decimal = try item.optionalString("decimal") ?? ""
            return money
        }
    }

    /// Prefixes the field named in a validation error with where it sits (`products[2].plans[0].`).
    static func named<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as APIError where error.status == 400 {
            throw APIError.badRequest(error.message.replacingOccurrences(of: "field '", with: "field '\(context)"))
        }
    }
}
