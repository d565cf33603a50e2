/// Exact decimal amounts in minor units (`unit_amount_decimal`): at most 12 decimal places, kept as text.
enum DecimalAmount {
    /// The canonical text (no leading `+`, trailing fractional zeros removed), or nil when not a decimal.
    static func normalize(_ text: String) -> String? {
        var body = Substring(text)
        var negative = false
        if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.count <= 12, parts.count == 1 || !parts[1].isEmpty
        else { return nil }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        var digits = String(whole.drop { $0 == "0" })
        if digits.isEmpty { digits = "0" }
        let sign = negative && (digits != "0" || !fraction.isEmpty) ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(digits)" : "\(sign)\(digits).\(fraction)"
    }

    /// The integer value when the decimal is whole (so `unit_amount` can be shown), nil otherwise.
    static func wholeValue(_ text: String) -> Int? {
        text.contains(".") ? nil : Int(text)
    }
}
