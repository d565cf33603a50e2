/// Writes a `StripePriceRecord` as the JSON its `Codable` conformance reads back, by hand: encoding every price of
/// a full sync through `JSONEncoder` cost more than storing it. Keys come in a fixed order and absent values are left
/// out, so equal records always give equal text (the store compares bodies to count real changes).
enum PriceBodyWriter {
    static func json(_ price: StripePriceRecord) -> String {
        var out = "{"
        var first = true
        func key(_ name: String) {
            if !first { out += "," }
            first = false
            out += "\"\(name)\":"
        }
        key("active"); out += price.active ? "true" : "false"
        key("billingScheme"); string(price.billingScheme, into: &out)
        key("createdS"); out += String(price.createdS)
        key("currency"); string(price.currency, into: &out)
        key("currencyOptions"); out += "{"
        for (index, currency) in price.currencyOptions.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            string(currency, into: &out)
            out += ":"
            if let option = price.currencyOptions[currency] { currencyOption(option, into: &out) }
        }
        out += "}"
        if let custom = price.customUnitAmount { key("customUnitAmount"); customAmount(custom, into: &out) }
        key("deleted"); out += price.deleted ? "true" : "false"
        key("id"); string(price.id, into: &out)
        key("nickname"); string(price.nickname, into: &out)
        key("productId"); string(price.productId, into: &out)
        if let recurring = price.recurring {
            key("recurring")
            out += "{\"interval\":"
            string(recurring.interval, into: &out)
            out += ",\"intervalCount\":\(recurring.intervalCount),\"usageType\":"
            string(recurring.usageType, into: &out)
            out += "}"
        }
        if let tiers = price.tiers { key("tiers"); self.tiers(tiers, into: &out) }
        if let mode = price.tiersMode { key("tiersMode"); string(mode, into: &out) }
        if let transform = price.transformQuantity {
            key("transformQuantity")
            out += "{\"divideBy\":\(transform.divideBy),\"round\":"
            string(transform.round, into: &out)
            out += "}"
        }
        key("type"); string(price.type, into: &out)
        if let amount = price.unitAmount { key("unitAmount"); out += String(amount) }
        if let decimal = price.unitAmountDecimal { key("unitAmountDecimal"); string(decimal, into: &out) }
        out += "}"
        return out
    }

    private static func currencyOption(_ option: StripePriceRecord.CurrencyOption, into out: inout String) {
        var fields: [String] = []
        if let custom = option.customUnitAmount {
            var text = ""
            customAmount(custom, into: &text)
            fields.append("\"customUnitAmount\":" + text)
        }
        if let tiers = option.tiers {
            var text = ""
            self.tiers(tiers, into: &text)
            fields.append("\"tiers\":" + text)
        }
        if let amount = option.unitAmount { fields.append("\"unitAmount\":\(amount)") }
        if let decimal = option.unitAmountDecimal {
            var text = ""
            string(decimal, into: &text)
            fields.append("\"unitAmountDecimal\":" + text)
        }
        out += "{" + fields.joined(separator: ",") + "}"
    }

    private static func customAmount(_ custom: CustomAmount, into out: inout String) {
        let fields = [("maximum", custom.maximum), ("minimum", custom.minimum), ("preset", custom.preset)]
            .compactMap { name, value in value.map { "\"\(name)\":\($0)" } }
        out += "{" + fields.joined(separator: ",") + "}"
    }

    private static func tiers(_ tiers: [StripePriceRecord.Tier], into out: inout String) {
        out += "["
        for (index, tier) in tiers.enumerated() {
            if index > 0 { out += "," }
            var fields: [String] = []
            if let flat = tier.flatAmount { fields.append("\"flatAmount\":\(flat)") }
            if let decimal = tier.flatAmountDecimal {
                var text = ""
                string(decimal, into: &text)
                fields.append("\"flatAmountDecimal\":" + text)
            }
            if let unit = tier.unitAmount { fields.append("\"unitAmount\":\(unit)") }
            if let decimal = tier.unitAmountDecimal {
                var text = ""
                string(decimal, into: &text)
                fields.append("\"unitAmountDecimal\":" + text)
            }
            if let bound = tier.upTo { fields.append("\"upTo\":\(bound)") }
            out += "{" + fields.joined(separator: ",") + "}"
        }
        out += "]"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func string(_ text: String, into out: inout String) {
        out += "\""
        // Ids, currencies and enum values never need escaping; only copy byte by byte when something does.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
