import ProtoRuntime

/// Re-encodes a payload with its secret fields blanked, using the message type named for it.
struct PayloadRedactor: Sendable {
    let registry: MessageRegistry

    /// The bytes safe to store, or nil when the type is unknown or the bytes do not decode as it (then nothing of
    /// the payload may be stored: it could hold a secret).
    func redact(_ payload: [UInt8], typeName: String) -> [UInt8]? {
        guard let type = registry.type(named: typeName) else { return nil }
        return try? Self.redact(payload, as: type)
    }

    private static func redact<M: ProtoMessage>(_ payload: [UInt8], as type: M.Type) throws -> [UInt8] {
        try M(serializedBytes: payload).redactingSecrets().serializedBytes()
    }
}
