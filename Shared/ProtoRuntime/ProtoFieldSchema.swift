/// One field of a message schema.
public struct ProtoFieldSchema: Sendable {
    public let number: Int
    /// The field's name in the .proto (`api_key_last4`).
    public let name: String
    /// The lowerCamel name protobuf JSON also accepts (`apiKeyLast4`).
    public let jsonName: String
    public let type: ProtoFieldType
    public let cardinality: ProtoFieldCardinality
    /// Marked `[(veles.options.v1.secret) = true]`: redacted in logs and the journal.
    public let isSecret: Bool
    /// Proto2 `optional`, proto3 `optional` and oneof members: written even when equal to the default.
    public let hasPresence: Bool
    /// Packed encoding for repeated scalars when this runtime writes them.
    public let isPacked: Bool

    public init(
        number: Int, name: String, jsonName: String, type: ProtoFieldType,
        cardinality: ProtoFieldCardinality = .singular, isSecret: Bool = false,
        hasPresence: Bool = false, isPacked: Bool = false
    ) {
        self.number = number
        self.name = name
        self.jsonName = jsonName
        self.type = type
        self.cardinality = cardinality
        self.isSecret = isSecret
        self.hasPresence = hasPresence
        self.isPacked = isPacked
    }
}
