/// The parameters of a Stripe request, encoded as `application/x-www-form-urlencoded` with nested brackets.
///
/// Fields keep the order they were set in; setting a field again replaces it in place.
public struct StripeForm: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [StripeFormField] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, StripeFormValue)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of a top-level parameter; assigning `nil` removes it.
    public subscript(name: String) -> StripeFormValue? {
        get { fields.first { $0.name == name }?.value }
        set {
            let index = fields.firstIndex { $0.name == name }
            switch (index, newValue) {
            case let (index?, value?): fields[index] = StripeFormField(name: name, value: value)
            case let (nil, value?): fields.append(StripeFormField(name: name, value: value))
            case let (index?, nil): fields.remove(at: index)
            case (nil, nil): break
            }
        }
    }

    /// Adds `expand[]` entries, keeping any already there.
    public mutating func expand(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        var existing: [StripeFormValue] = []
        if case .list(let current)? = self["expand"] { existing = current }
        self["expand"] = .list(existing + paths.map { .string($0) })
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// The flattened `(name, value)` pairs, before percent-encoding: `items[0][price]`, `metadata[plan]`, `expand[]`.
    public var pairs: [(String, String)] {
        var pairs: [(String, String)] = []
        for field in fields { field.value.flatten(under: field.name, into: &pairs) }
        return pairs
    }

    /// The form body or query string. Names and values are escaped so brackets, `+`, `&`, `=`, spaces and any
    /// Unicode arrive intact (brackets too, as Stripe's SDKs send them: a query may not carry them bare).
    public var encoded: String {
        pairs.map { Self.escape($0.0) + "=" + Self.escape($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes every byte outside RFC 3986's unreserved set.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0f)]
            }
        }
        return out
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
}
