/// One parameter value in Stripe's form syntax: a scalar, a list (`key[]`, `key[0][field]`) or a map (`key[field]`).
public indirect enum StripeFormValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case string(String)
    case list([StripeFormValue])
    /// Fields in the order given, so the encoded body is deterministic (it is part of idempotency).
    case map([StripeFormField])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .string(String(value)) }
    public init(booleanLiteral value: Bool) { self = .string(value ? "true" : "false") }
    public init(arrayLiteral elements: StripeFormValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, StripeFormValue)...) {
        self = .map(elements.map { StripeFormField(name: $0.0, value: $0.1) })
    }

    /// An integer parameter (amounts, counts, timestamps).
    public static func int<Number: BinaryInteger>(_ value: Number) -> StripeFormValue { .string(String(value)) }

    /// A map of strings, such as `metadata`; keys sorted so the body does not depend on dictionary order.
    /// An empty string value asks Stripe to remove that key.
    public static func strings(_ values: [String: String]) -> StripeFormValue {
        .map(values.keys.sorted().map { StripeFormField(name: $0, value: .string(values[$0] ?? "")) })
    }

    /// Flattens into `name[…]=value` pairs under `name`.
    func flatten(under name: String, into pairs: inout [(String, String)]) {
        switch self {
        case .string(let value):
            pairs.append((name, value))
        case .list(let elements):
            // Stripe reads an empty value as "clear this list".
            if elements.isEmpty { pairs.append((name, "")) }
            let scalarsOnly = elements.allSatisfy { if case .string = $0 { true } else { false } }
            for (index, element) in elements.enumerated() {
                element.flatten(under: scalarsOnly ? "\(name)[]" : "\(name)[\(index)]", into: &pairs)
            }
        case .map(let fields):
            if fields.isEmpty { pairs.append((name, "")) }
            for field in fields {
                field.value.flatten(under: "\(name)[\(field.name)]", into: &pairs)
            }
        }
    }
}

/// A named value inside a `StripeFormValue.map`.
public struct StripeFormField: Sendable, Hashable {
    public let name: String
    public let value: StripeFormValue

    public init(name: String, value: StripeFormValue) {
        self.name = name
        self.value = value
    }
}
