/// A webhook endpoint's signing secret (`whsec_…`); it describes itself by its last four characters only.
public struct StripeWebhookSecret: Sendable, Hashable, Decodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    /// The secret itself, for the HMAC and for encrypted storage only; never log or return it.
    public var unredactedValue: String { value }

    public var lastFour: String { String(value.suffix(4)) }

    public var description: String { "whsec_…\(lastFour)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["lastFour": lastFour]) }
}
