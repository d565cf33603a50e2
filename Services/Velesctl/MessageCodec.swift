import ProtoRuntime

/// JSON ↔ protobuf for message types known only by name at run time.
struct MessageCodec: Sendable {
    let registry: MessageRegistry

    func type(_ name: String) throws -> any ProtoMessage.Type {
        guard let type = registry.type(named: name) else { throw CLIError("message type \(name) is not known to velesctl") }
        return type
    }

    /// Encodes JSON as the named message.
    func encode(json: String, as typeName: String) throws -> [UInt8] {
        try Self.encode(json: json, as: try type(typeName))
    }

    /// Renders bytes of the named message as JSON with secret fields redacted.
    func json(_ bytes: [UInt8], as typeName: String) throws -> String {
        try Self.render(bytes, as: try type(typeName))
    }

    private static func encode<M: ProtoMessage>(json: String, as type: M.Type) throws -> [UInt8] {
        try M(jsonString: json).serializedBytes()
    }

    private static func render<M: ProtoMessage>(_ bytes: [UInt8], as type: M.Type) throws -> String {
        try M(serializedBytes: bytes).jsonString(redactingSecrets: true)
    }
}
