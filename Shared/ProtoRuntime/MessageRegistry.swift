/// Message types by full proto name, so the journal, the CLI and the gateway can decode a payload they only know by name.
public struct MessageRegistry: Sendable {
    private let types: [String: any ProtoMessage.Type]

    public init(_ types: [any ProtoMessage.Type]) {
        var byName: [String: any ProtoMessage.Type] = [:]
        for type in types { byName[type.protoMessageName] = type }
        self.types = byName
    }

    /// A registry holding the types of both.
    public func merging(_ other: MessageRegistry) -> MessageRegistry {
        MessageRegistry(Array(types.values) + Array(other.types.values))
    }

    public func type(named name: String) -> (any ProtoMessage.Type)? {
        types[name]
    }

    public var messageNames: [String] { types.keys.sorted() }
}
