import Foundation

/// An amount in a currency's minor units, kept exactly as a decimal string (Stripe's `*_decimal` fields allow up to
/// twelve fractional digits), with the whole-number value alongside when there is one.
struct ExactAmount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Canonical decimal text in minor units: no sign, no leading zeros, no trailing fractional zeros ("1500", "0.25").
    let decimal: String

    /// The most fractional digits Stripe accepts in a decimal amount.
    static let maximumFractionDigits = 12

    /// The amount as whole minor units, when it has no fractional part and fits in 64 bits.
    var minorUnits: Int64? {
        decimal.contains(".") ? nil : Int64(decimal)
    }

    var isZero: Bool { decimal == "0" }

    var description: String { decimal }

    init(minorUnits: Int64) throws(AmountError) {
        guard minorUnits >= 0 else { throw AmountError("a negative amount (\(minorUnits)) is not a price") }
        decimal = String(minorUnits)
    }

    /// Parses a non-negative decimal such as "1500", "12.5" or "0.000000000001"; anything else is refused.
    init(decimal text: String) throws(AmountError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard !trimmed.isEmpty, parts.count <= 2,
              parts.allSatisfy({ part in part.allSatisfy { $0.isASCII && $0.isNumber } }),
              !(parts.first?.isEmpty ?? true) || (parts.count == 2 && !parts[1].isEmpty)
        else { throw AmountError("\"\(text)\" is not a non-negative decimal amount") }
        var whole = String(parts[0].drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        guard parts.count == 2 else {
            decimal = whole
            return
        }
        let fraction = String(parts[1].reversed().drop { $0 == "0" }.reversed())
        guard fraction.count <= Self.maximumFractionDigits else {
            throw AmountError("\"\(text)\" has more than \(Self.maximumFractionDigits) decimal places")
        }
        decimal = fraction.isEmpty ? whole : "\(whole).\(fraction)"
    }

    /// The exact amount from Stripe's pair of fields: the decimal string wins (it is the precise one); the integer
    /// must agree with it when both are sent. `nil` when neither is present.
    static func fromStripe(minorUnits: Int64?, decimal: String?) throws(AmountError) -> ExactAmount? {
        if let decimal {
            let exact = try ExactAmount(decimal: decimal)
            if let minorUnits, let whole = exact.minorUnits, whole != minorUnits {
                throw AmountError("amount \(minorUnits) disagrees with its decimal form \"\(decimal)\"")
            }
            return exact
        }
        return try minorUnits.map { v throws(AmountError) in try ExactAmount(minorUnits: v) }
    }
}

/// Why a text or number is not an amount the price book accepts.
struct AmountError: Error, Sendable, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
