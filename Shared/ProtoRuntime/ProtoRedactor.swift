/// Produces a copy of encoded message bytes with every secret field replaced: strings and bytes by "[REDACTED]",
/// anything else removed. Nested messages, lists and map values are searched too; unknown fields are kept.
public enum ProtoRedactor {
    static let marker = Array(ProtoJSONRenderer.redactedMarker.utf8)

    public static func redact(_ bytes: [UInt8], schema: ProtoMessageSchema) throws -> [UInt8] {
        guard schema.containsSecrets else { return bytes }
        return try bytes.withUnsafeBytes { try redact($0, schema: schema, depth: 0) }
    }

    /// The same for a message lying inside a larger buffer (a payload in its envelope), without copying it out first.
    public static func redact(_ bytes: UnsafeRawBufferPointer, schema: ProtoMessageSchema) throws -> [UInt8] {
        guard schema.containsSecrets else { return Array(bytes) }
        return try redact(bytes, schema: schema, depth: 0)
    }

    private static func redact(_ bytes: UnsafeRawBufferPointer, schema: ProtoMessageSchema, depth: Int) throws -> [UInt8] {
        guard depth <= DecodingOptions.defaultMaxDepth else {
            throw ProtoDecodingError(.tooDeep(limit: DecodingOptions.defaultMaxDepth), offset: 0)
        }
        var reader = ProtoReader(bytes)
        var sink = ByteSink()
        while let tag = try reader.nextTag() {
            let start = reader.tagStart
            guard let field = schema.field(number: tag.fieldNumber) else {
                try reader.skipPayload(tag)
                sink.raw(UnsafeRawBufferPointer(rebasing: bytes[start..<reader.position]))
                continue
            }
            if field.isSecret {
                try reader.skipPayload(tag)
                if field.isMap { continue }
                switch field.type {
                case .string, .bytes:
                    sink.tag(field.number, .lengthDelimited)
                    sink.lengthDelimited(marker)
                default:
                    continue
                }
                continue
            }
            if tag.wireType == .lengthDelimited, let nestedSchema = nestedSchemaWithSecrets(field) {
                let payload = try reader.readLengthDelimited { $0 }
                sink.tag(field.number, .lengthDelimited)
                sink.lengthDelimited(try redact(payload, schema: nestedSchema, depth: depth + 1))
                continue
            }
            try reader.skipPayload(tag)
            sink.raw(UnsafeRawBufferPointer(rebasing: bytes[start..<reader.position]))
        }
        return sink.bytes
    }

    /// The schema to search inside a length-delimited field, when it can hold secrets.
    private static func nestedSchemaWithSecrets(_ field: ProtoFieldSchema) -> ProtoMessageSchema? {
        if let entry = field.mapEntrySchema() {
            return entry.containsSecrets ? entry : nil
        }
        if case .message(let type) = field.type, type.protoSchema.containsSecrets {
            return type.protoSchema
        }
        return nil
    }
}
