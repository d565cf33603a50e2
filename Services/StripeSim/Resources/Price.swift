/// A Stripe price: per unit or tiered, one-time or recurring. Amounts never change after creation.
struct Price: StoredResource, Equatable {
    /// One tier of a tiered price; `upTo` nil is the unbounded last tier (`up_to=inf`).
    struct Tier: Sendable, Equatable {
        var flatAmountDecimal: String?
        var unitAmountDecimal: String?
        var upTo: Int?
    }

    /// `recurring`: the billing interval and how usage is counted.
    struct Recurring: Sendable, Equatable {
        var interval: String
        var intervalCount: Int
        var meter: String?
        var usageType: String
        var trialPeriodDays: Int?
    }

    /// `custom_unit_amount`: the customer chooses the amount within bounds.
    struct CustomUnitAmount: Sendable, Equatable {
        var maximum: Int?
        var minimum: Int?
        var preset: Int?
    }

    /// `transform_quantity`: the quantity is divided before pricing, rounded up or down.
    struct TransformQuantity: Sendable, Equatable {
        var divideBy: Int
        var round: String
    }

    let id: String
    let created: Int
    var active = true
    var billingScheme = "per_unit"
    var currency: String
    var customUnitAmount: CustomUnitAmount?
    var lookupKey: String?
    var metadata: [String: String] = [:]
    var nickname: String?
    var product: String
    var recurring: Recurring?
    var taxBehavior = "unspecified"
    var tiers: [Tier]?
    var tiersMode: String?
    var transformQuantity: TransformQuantity?
    /// The exact amount in minor units as a decimal string; the integer `unit_amount` is derived when it is whole.
    var unitAmountDecimal: String?

    var type: String { recurring == nil ? "one_time" : "recurring" }

    init(id: String, created: Int, currency: String, product: String) {
        self.id = id
        self.created = created
        self.currency = currency
        self.product = product
    }

    func render(into writer: inout JSONWriter, livemode: Bool) {
        render(into: &writer, livemode: livemode, includeTiers: false, productObject: nil)
    }

    func render(into writer: inout JSONWriter, livemode: Bool, includeTiers: Bool, productObject: [UInt8]?) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("price")
        writer.key("active"); writer.bool(active)
        writer.key("billing_scheme"); writer.string(billingScheme)
        writer.key("created"); writer.int(created)
        writer.key("currency"); writer.string(currency)
        writer.key("custom_unit_amount")
        if let customUnitAmount {
            writer.beginObject()
            writer.key("maximum"); writer.int(customUnitAmount.maximum)
            writer.key("minimum"); writer.int(customUnitAmount.minimum)
            writer.key("preset"); writer.int(customUnitAmount.preset)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("livemode"); writer.bool(livemode)
        writer.key("lookup_key"); writer.string(lookupKey)
        writer.key("metadata"); writer.stringMap(metadata)
        writer.key("nickname"); writer.string(nickname)
        writer.key("product")
        if let productObject { writer.raw(productObject) } else { writer.string(product) }
        writer.key("recurring")
        if let recurring {
            writer.beginObject()
            writer.key("interval"); writer.string(recurring.interval)
            writer.key("interval_count"); writer.int(recurring.intervalCount)
            writer.key("meter"); writer.string(recurring.meter)
            writer.key("trial_period_days"); writer.int(recurring.trialPeriodDays)
            writer.key("usage_type"); writer.string(recurring.usageType)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("tax_behavior"); writer.string(taxBehavior)
        if includeTiers {
            writer.key("tiers")
            if let tiers {
                writer.beginArray()
                for tier in tiers {
                    writer.beginObject()
                    writer.key("flat_amount"); writer.int(tier.flatAmountDecimal.flatMap(DecimalAmount.wholeValue))
                    writer.key("flat_amount_decimal"); writer.string(tier.flatAmountDecimal)
                    writer.key("unit_amount"); writer.int(tier.unitAmountDecimal.flatMap(DecimalAmount.wholeValue))
                    writer.key("unit_amount_decimal"); writer.string(tier.unitAmountDecimal)
                    writer.key("up_to"); writer.int(tier.upTo)
                    writer.endObject()
                }
                writer.endArray()
            } else {
                writer.null()
            }
        }
        writer.key("tiers_mode"); writer.string(tiersMode)
        writer.key("transform_quantity")
        if let transformQuantity {
            writer.beginObject()
            writer.key("divide_by"); writer.int(transformQuantity.divideBy)
            writer.key("round"); writer.string(transformQuantity.round)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("type"); writer.string(type)
        writer.key("unit_amount"); writer.int(unitAmountDecimal.flatMap(DecimalAmount.wholeValue))
        writer.key("unit_amount_decimal"); writer.string(unitAmountDecimal)
        writer.endObject()
    }
}
