import Synchronization

/// A message's field table, generated next to the message; JSON and redaction walk encoded bytes with it.
public struct ProtoMessageSchema: Sendable {
    public let messageName: String
    /// Fields in declaration order (the order JSON is rendered in).
    public let fields: [ProtoFieldSchema]
    let indexByNumber: [Int: Int]
    let indexByName: [String: Int]
    private let secrets = SecretPresence()

    public init(messageName: String, fields: [ProtoFieldSchema]) {
        self.messageName = messageName
        self.fields = fields
        var byNumber: [Int: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            byNumber[field.number] = index
            byName[field.name] = index
            byName[field.jsonName] = index
        }
        self.indexByNumber = byNumber
        self.indexByName = byName
    }

    public func field(number: Int) -> ProtoFieldSchema? {
        indexByNumber[number].map { fields[$0] }
    }

    /// Finds a field by its proto name or its lowerCamel JSON name.
    public func field(named name: String) -> ProtoFieldSchema? {
        indexByName[name].map { fields[$0] }
    }

    /// True when this message or any message it contains has a secret field. Worked out on first use and then
    /// remembered: redaction asks it for every message it writes.
    public var containsSecrets: Bool {
        if let known = secrets.known { return known }
        var visited = Set<String>()
        let found = containsSecrets(visited: &visited)
        secrets.known = found
        return found
    }

    func containsSecrets(visited: inout Set<String>) -> Bool {
        guard visited.insert(messageName).inserted else { return false }
        for field in fields {
            if field.isSecret { return true }
            for type in field.valueTypes {
                if case .message(let nested) = type, nested.protoSchema.containsSecrets(visited: &visited) { return true }
            }
        }
        return false
    }
}

extension ProtoFieldSchema {
    /// The types of the values this field holds (a map's value type, not its entry).
    var valueTypes: [ProtoFieldType] {
        if case .map(_, let value) = cardinality { return [value] }
        return [type]
    }
}

/// Whether a message type can hold a secret, once known. It cannot be worked out when the schema is built: message
/// types that contain each other would have their schemas build each other.
final class SecretPresence: Sendable {
    private static let unknown: UInt8 = 0, absent: UInt8 = 1, present: UInt8 = 2
    private let state = Atomic<UInt8>(SecretPresence.unknown)

    /// Threads racing to set it set the same answer, so a relaxed store is enough.
    var known: Bool? {
        get {
            switch state.load(ordering: .relaxed) {
            case Self.absent: false
            case Self.present: true
            default: nil
            }
        }
        set {
            if let newValue { state.store(newValue ? Self.present : Self.absent, ordering: .relaxed) }
        }
    }
}
