import Crypto

/// What a POST is for, from which its `Idempotency-Key` is derived: the same Veles object, operation and
/// connection generation always give the same key, so a retry replays Stripe's first answer instead of acting twice,
/// while a reconnect (a new generation) never replays a response meant for the old connection.
public struct IdempotencyScope: Sendable, Hashable, CustomStringConvertible {
    /// The kind of Veles object, e.g. `customer`, `order`, `contract`, `webhook_endpoint`.
    public let objectKind: String
    /// The Veles object's id (or, for a connection-level call, the workspace id).
    public let objectId: String
    /// What is done to it; distinct writes to one object need distinct operations, e.g. `create` or `update:rev7`.
    public let operation: String
    /// The connection's generation, bumped by each Connect.
    public let generation: Int64

    public init(objectKind: String, objectId: String, operation: String, generation: Int64) {
        self.objectKind = objectKind
        self.objectId = objectId
        self.operation = operation
        self.generation = generation
    }

    /// The header value: `veles-` and 48 hex digits of SHA-256 over the length-prefixed parts, so no two
    /// different scopes can run together into the same input.
    public var key: String {
        let parts = ["v1", objectKind, objectId, operation, String(generation)]
        let canonical = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return "veles-" + Hex.encode(Array(Digest.sha256(canonical).prefix(24)))
    }

    public var description: String { "\(objectKind)/\(objectId) \(operation) gen \(generation)" }
}
