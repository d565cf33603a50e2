/// A message's field table, generated next to the message; JSON and redaction walk encoded bytes with it.
public struct ProtoMessageSchema: Sendable {
    public let messageName: String
    /// Fields in declaration order (the order JSON is rendered in).
    public let fields: [ProtoFieldSchema]
    let indexByNumber: [Int: Int]
    let indexByName: [String: Int]

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

    /// True when this message or any message it contains has a secret field.
    public var containsSecrets: Bool {
        var visited = Set<String>()
        return containsSecrets(visited: &visited)
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
