/// A Stripe string enum that keeps values this client does not know yet, so a newer API never breaks decoding.
public protocol StripeOpenEnum: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The values this client knows, by their wire spelling.
    static var known: [String: Self] { get }
    /// Wraps a value this client does not know.
    static func unknown(_ raw: String) -> Self
}

extension StripeOpenEnum {
    /// The enum for a wire value: a known case, or `unknown` carrying the value.
    public init(rawString: String) {
        self = Self.known[rawString] ?? Self.unknown(rawString)
    }

    /// The wire spelling of this value.
    public var rawString: String {
        if let name = Self.known.first(where: { $0.value == self })?.key { return name }
        // Only the `unknown` case carries a payload, and it is the wire value itself.
        if let carried = Mirror(reflecting: self).children.first?.value as? String { return carried }
        return ""
    }

    public var description: String { rawString }

    public init(from decoder: any Decoder) throws {
        self.init(rawString: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawString)
    }
}
