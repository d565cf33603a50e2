extension ProtoMessage {
    /// Proto3 JSON with the .proto field names; secret fields show as "[REDACTED]" unless `redactingSecrets` is false.
    public func jsonString(redactingSecrets: Bool = true) -> String {
        // The bytes come from this value's own encoder, so rendering cannot meet malformed input.
        (try? ProtoJSONRenderer.render(serializedBytes(), schema: Self.protoSchema, redacting: redactingSecrets)) ?? "{}"
    }

    /// Parses proto3 JSON; field names may be the .proto names or their lowerCamel forms.
    public init(jsonString: String) throws {
        let json = try JSONParser.parse(jsonString)
        let bytes = try ProtoJSONEncoder.encode(json, schema: Self.protoSchema)
        try self.init(serializedBytes: bytes)
    }

    /// A copy with secret fields replaced (strings and bytes by "[REDACTED]", others cleared), for logs and the journal.
    public func redactingSecrets() -> Self {
        guard Self.protoSchema.containsSecrets else { return self }
        guard let bytes = try? ProtoRedactor.redact(serializedBytes(), schema: Self.protoSchema),
              let copy = try? Self(serializedBytes: bytes) else { return Self() }
        return copy
    }
}

extension MessageRegistry {
    /// Renders bytes of the message type named `messageName` as JSON.
    public func jsonString(messageNamed messageName: String, bytes: [UInt8], redactingSecrets: Bool = true) throws -> String {
        try ProtoJSONRenderer.render(bytes, schema: schema(named: messageName), redacting: redactingSecrets)
    }

    /// Encodes JSON as the message type named `messageName` (checked by decoding it once).
    public func serializedBytes(messageNamed messageName: String, jsonString: String) throws -> [UInt8] {
        guard let type = type(named: messageName) else { throw ProtoJSONError("unknown message type \(messageName)") }
        let bytes = try ProtoJSONEncoder.encode(try JSONParser.parse(jsonString), schema: type.protoSchema)
        return try type.init(serializedBytes: bytes).serializedBytes()
    }

    /// Redacts secret fields in bytes of the message type named `messageName`.
    public func redactingSecrets(messageNamed messageName: String, bytes: [UInt8]) throws -> [UInt8] {
        try ProtoRedactor.redact(bytes, schema: schema(named: messageName))
    }

    private func schema(named messageName: String) throws -> ProtoMessageSchema {
        guard let type = type(named: messageName) else { throw ProtoJSONError("unknown message type \(messageName)") }
        return type.protoSchema
    }
}
