// Lenient readers shared by the models: Stripe sends `null` for empty values, and emulators leave keys out.

extension KeyedDecodingContainer {
    /// The value, or `nil` when the key is missing or null.
    func optional<T: Decodable>(_ key: Key, as type: T.Type = T.self) throws -> T? {
        try decodeIfPresent(type, forKey: key)
    }

    /// The value, or `fallback` when the key is missing or null.
    func value<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }

    /// The metadata map; Stripe sends `{}` or `null` when there is none.
    func metadata(_ key: Key) throws -> [String: String] {
        try decodeIfPresent([String: String].self, forKey: key) ?? [:]
    }

    /// The nested object's container, or `nil` when the key is missing or null.
    func nestedIfPresent<NestedKey: CodingKey>(_ key: Key, keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey>? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try nestedContainer(keyedBy: type, forKey: key)
    }

    /// The id of an expandable field, whether it came as an id string or as an expanded object.
    func expandableID(_ key: Key) throws -> String? {
        try decodeIfPresent(StripeExpandable<StripeAnyObject>.self, forKey: key)?.id
    }
}

/// The id and kind of any Stripe object, for expandable fields whose full type this client does not model.
public struct StripeAnyObject: StripeIdentified {
    public let id: String
    public let object: String?
}

/// A Stripe object that has an id, so an expandable reference to it can always say which one it names.
public protocol StripeIdentified: Decodable, Sendable {
    var id: String { get }
}
