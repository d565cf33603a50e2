/// The declared type of a field, as the schema used for JSON and redaction sees it.
public enum ProtoFieldType: Sendable {
    case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes, uint32, sfixed32, sfixed64, sint32, sint64
    case enumeration(any ProtoEnum.Type)
    case message(any ProtoMessage.Type)

    /// The wire type values of this type use when not packed.
    public var wireType: WireType {
        switch self {
        case .double, .fixed64, .sfixed64: return .fixed64
        case .float, .fixed32, .sfixed32: return .fixed32
        case .string, .bytes, .message: return .lengthDelimited
        case .int64, .uint64, .int32, .bool, .uint32, .sint32, .sint64, .enumeration: return .varint
        }
    }
}

/// Whether a field holds one value, a list or a map.
public enum ProtoFieldCardinality: Sendable {
    case singular
    case repeated
    case map(key: ProtoFieldType, value: ProtoFieldType)
}
