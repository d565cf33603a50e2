import StripeClient

/// Reads a page of `GET /v1/prices` straight into the mirror's records, reading what `StripePriceRecord(StripePrice)`
/// takes and applying the same defaults (the full sync's prices are three quarters of its objects, and decoding them
/// through `JSONDecoder` was its largest cost). Whatever it does not expect throws, and the caller decodes the page
/// the general way instead, so an unusual page is slower, never read differently.
enum PriceListReader {
    static func page(_ bytes: [UInt8]) throws -> CatalogPage<StripePriceRecord> {
        let page = try JSONCursor.listPage(bytes, item: price)
        return CatalogPage(items: page.items, hasMore: page.hasMore)
    }

    static func price(_ cursor: inout JSONCursor) throws -> StripePriceRecord {
        var id: String?
        var productId: String?
        var currency: String?
        var active = true
        var type: String?
        var billingScheme: String?
        var tiersMode: String?
        var tiers: [StripePriceRecord.Tier]?
        var unitAmount: Int64?
        var unitAmountDecimal: String?
        var transform: StripePriceRecord.TransformQuantity?
        var recurring: StripePriceRecord.Recurring?
        var custom: CustomAmount?
        var options: [String: StripePriceRecord.CurrencyOption] = [:]
        var nickname: String?
        var created: Int64?
        try cursor.object { cursor, key in
            switch key {
            case "id": id = try cursor.string()
            case "product": productId = try productReference(&cursor)
            case "currency": currency = try cursor.string()
            case "active": active = try cursor.optionalBool() ?? true
            case "type": type = try cursor.optionalString()
            case "billing_scheme": billingScheme = try cursor.optionalString()
            case "tiers_mode": tiersMode = try cursor.optionalString()
            case "tiers": tiers = try cursor.takeNull() ? nil : try tierList(&cursor)
            case "unit_amount": unitAmount = try cursor.optionalInt64()
            case "unit_amount_decimal": unitAmountDecimal = try cursor.optionalString()
            case "transform_quantity": transform = try cursor.takeNull() ? nil : try transformQuantity(&cursor)
            case "recurring": recurring = try cursor.takeNull() ? nil : try recurringTerms(&cursor)
            case "custom_unit_amount": custom = try cursor.takeNull() ? nil : try customAmount(&cursor)
            case "currency_options":
                if try !cursor.takeNull() {
                    try cursor.object { cursor, currency in options[currency] = try currencyOption(&cursor) }
                }
            case "nickname": nickname = try cursor.optionalString()
            case "created": created = try cursor.optionalInt64()
            default: try cursor.skip()
            }
        }
        guard let id, let productId, let currency else { throw JSONCursor.Malformed(offset: 0) }
        return StripePriceRecord(
            id: id, productId: productId, active: active, deleted: false, currency: currency,
            type: type ?? (recurring == nil ? "one_time" : "recurring"), billingScheme: billingScheme ?? "per_unit",
            tiersMode: tiersMode, tiers: tiers, unitAmount: unitAmount, unitAmountDecimal: unitAmountDecimal,
            transformQuantity: transform, recurring: recurring, customUnitAmount: custom, currencyOptions: options,
            nickname: nickname ?? "", createdS: created ?? 0)
    }

    /// `product` as an id, or an expanded product's id.
    private static func productReference(_ cursor: inout JSONCursor) throws -> String {
        if let id = try? cursor.string() { return id }
        var id: String?
        try cursor.object { cursor, key in
            if key == "id" { id = try cursor.string() } else { try cursor.skip() }
        }
        guard let id else { throw JSONCursor.Malformed(offset: 0) }
        return id
    }

    private static func tierList(_ cursor: inout JSONCursor) throws -> [StripePriceRecord.Tier] {
        var tiers: [StripePriceRecord.Tier] = []
        try cursor.array { cursor in
            var tier = StripePriceRecord.Tier()
            try cursor.object { cursor, key in
                switch key {
                case "up_to":
                    // `null`, or `"inf"` as requests spell it, is the unbounded last tier; any other text is not a tier.
                    if try cursor.takeNull() { break }
                    if let text = try? cursor.string() {
                        guard text == "inf" else { throw JSONCursor.Malformed(offset: 0) }
                    } else {
                        tier.upTo = try cursor.int64()
                    }
                case "unit_amount": tier.unitAmount = try cursor.optionalInt64()
                case "unit_amount_decimal": tier.unitAmountDecimal = try cursor.optionalString()
                case "flat_amount": tier.flatAmount = try cursor.optionalInt64()
                case "flat_amount_decimal": tier.flatAmountDecimal = try cursor.optionalString()
                default: try cursor.skip()
                }
            }
            tiers.append(tier)
        }
        return tiers
    }

    private static func transformQuantity(_ cursor: inout JSONCursor) throws -> StripePriceRecord.TransformQuantity {
        var divideBy: Int64?
        var round: String?
        try cursor.object { cursor, key in
            switch key {
            case "divide_by": divideBy = try cursor.int64()
            case "round": round = try cursor.string()
            default: try cursor.skip()
            }
        }
        guard let divideBy, let round else { throw JSONCursor.Malformed(offset: 0) }
        return StripePriceRecord.TransformQuantity(divideBy: divideBy, round: round)
    }

    private static func recurringTerms(_ cursor: inout JSONCursor) throws -> StripePriceRecord.Recurring {
        var interval: String?
        var count: Int64?
        var usage: String?
        try cursor.object { cursor, key in
            switch key {
            case "interval": interval = try cursor.string()
            case "interval_count": count = try cursor.optionalInt64()
            case "usage_type": usage = try cursor.optionalString()
            default: try cursor.skip()
            }
        }
        guard let interval, let intervalCount = Int(exactly: count ?? 1) else { throw JSONCursor.Malformed(offset: 0) }
        return StripePriceRecord.Recurring(interval: interval, intervalCount: intervalCount, usageType: usage ?? "licensed")
    }

    private static func customAmount(_ cursor: inout JSONCursor) throws -> CustomAmount {
        var amount = CustomAmount()
        try cursor.object { cursor, key in
            switch key {
            case "minimum": amount.minimum = try cursor.optionalInt64()
            case "maximum": amount.maximum = try cursor.optionalInt64()
            case "preset": amount.preset = try cursor.optionalInt64()
            default: try cursor.skip()
            }
        }
        return amount
    }

    private static func currencyOption(_ cursor: inout JSONCursor) throws -> StripePriceRecord.CurrencyOption {
        var option = StripePriceRecord.CurrencyOption()
        try cursor.object { cursor, key in
            switch key {
            case "unit_amount": option.unitAmount = try cursor.optionalInt64()
            case "unit_amount_decimal": option.unitAmountDecimal = try cursor.optionalString()
            case "tiers": option.tiers = try cursor.takeNull() ? nil : try tierList(&cursor)
            case "custom_unit_amount": option.customUnitAmount = try cursor.takeNull() ? nil : try customAmount(&cursor)
            default: try cursor.skip()
            }
        }
        return option
    }
}
