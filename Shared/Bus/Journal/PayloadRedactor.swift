import ProtoRuntime

/// Copies a payload with its secret fields blanked, using the schema of the message type named for it.
///
/// It works on the encoded bytes (fields without secrets are copied as they are), which costs far less than
/// decoding and re-encoding the message on the journal's busy path.
struct PayloadRedactor: Sendable {
    private let schemas: [String: ProtoMessageSchema]

    init(registry: MessageRegistry) {
        var schemas: [String: ProtoMessageSchema] = [:]
        for name in registry.messageNames {
            if let type = registry.type(named: name) { schemas[name] = type.protoSchema }
        }
        self.schemas = schemas
    }

    /// The bytes safe to store, or nil when the type is unknown or the bytes are not a well-formed message (then
    /// nothing of the payload may be stored: it could hold a secret). For a type without secret fields that is
    /// `bytes` and `range` themselves, uncopied.
    func safePayload(_ bytes: [UInt8], _ range: Range<Int>, typeName: String) -> (bytes: [UInt8], range: Range<Int>)? {
        guard let schema = schemas[typeName] else { return nil }
        guard schema.containsSecrets else { return (bytes, range) }
        let redacted = bytes.withUnsafeBytes { all in
            try? ProtoRedactor.redact(UnsafeRawBufferPointer(rebasing: all[range]), schema: schema)
        }
        guard let redacted else { return nil }
        return (redacted, redacted.indices)
    }
}
