import Foundation

/// A Stripe secret or restricted API key; it prints, logs and reflects as its prefix and last four characters only.
public struct StripeSecretKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Whether the key is a full secret key or a restricted one.
    public enum Kind: String, Sendable, Hashable {
        case secret
        case restricted
    }

    public let mode: StripeMode
    public let kind: Kind
    private let value: String

    /// Validates the key's shape and derives its mode from the prefix; refuses publishable keys with advice.
    public init(_ text: String) throws(StripeError) {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else {
            throw StripeError(kind: .invalidKey, message: "No Stripe API key was given; paste a secret key (sk_test_… or sk_live_…) or a restricted key (rk_…).")
        }
        guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StripeError(kind: .invalidKey, message: "The Stripe API key contains characters no Stripe key has; paste it again without spaces or quotes.")
        }
        let masked = Self.mask(key)
        if key.hasPrefix("pk_") {
            throw StripeError(kind: .invalidKey, message: "\(masked) is a publishable key, which cannot read Stripe data; use the secret key (sk_test_… or sk_live_…) or a restricted key (rk_…) from the Dashboard's API keys page.")
        }
        switch true {
        case key.hasPrefix("sk_test_"): (mode, kind) = (.test, .secret)
        case key.hasPrefix("sk_live_"): (mode, kind) = (.live, .secret)
        case key.hasPrefix("rk_test_"): (mode, kind) = (.test, .restricted)
        case key.hasPrefix("rk_live_"): (mode, kind) = (.live, .restricted)
        default:
            throw StripeError(kind: .invalidKey, message: "\(masked) is not a Stripe secret key; it should start with sk_test_, sk_live_, rk_test_ or rk_live_.")
        }
        guard key.count > 12 else {
            throw StripeError(kind: .invalidKey, message: "\(masked) is too short to be a Stripe key; copy the whole key.")
        }
        value = key
    }

    /// The key itself, for the Authorization header and for encrypted storage; never log, journal or return it.
    public var unredactedValue: String { value }

    /// The last four characters, the most of a key that may be shown.
    public var lastFour: String { String(value.suffix(4)) }

    public var description: String { Self.mask(value) }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["mode": mode, "kind": kind, "lastFour": lastFour], displayStyle: .struct)
    }

    /// `sk_test_…4242`: the prefix that says what kind of key it is, and the last four characters.
    static func mask(_ key: String) -> String {
        let prefix = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_", "whsec_"].first { key.hasPrefix($0) } ?? ""
        return "\(prefix)…\(key.suffix(4))"
    }

    /// The text with anything shaped like a Stripe secret replaced by its masked form, for messages that echo a key.
    static func scrub(_ text: String) -> String {
        let prefixes = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "whsec_"]
        guard prefixes.contains(where: { text.contains($0) }) else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = prefixes.compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            result += rest[..<range.lowerBound]
            let tokenEnd = rest[range.upperBound...].firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "*")) } ?? rest.endIndex
            let token = String(rest[range.lowerBound..<tokenEnd])
            // A bare prefix (or an already masked key) has nothing secret after it.
            result += rest[range.upperBound..<tokenEnd].count >= 4 ? mask(token) : token
            rest = rest[tokenEnd...]
        }
        return result + rest
    }
}
