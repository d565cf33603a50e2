/// An event: a snapshot of the changed object, what changed on updates, and which request caused it.
struct Event: StoredResource {
    let id: String
    let created: Int
    let type: String
    /// The object's JSON as it was right after the change.
    let object: [UInt8]
    let previousAttributes: JSONValue?
    let requestID: String?
    let idempotencyKey: String?
    /// Endpoints that have not yet acknowledged this event.
    var pendingEndpoints: Set<String> = []

    init(id: String, created: Int, type: String, object: [UInt8], previousAttributes: JSONValue?,
         requestID: String?, idempotencyKey: String?) {
        self.id = id
        self.created = created
        self.type = type
        self.object = object
        self.previousAttributes = previousAttributes
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
    }

    func render(into writer: inout JSONWriter, livemode: Bool) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("object"); writer.string("event")
        writer.key("api_version"); writer.string(StripeAPIVersion.pinned)
        writer.key("created"); writer.int(created)
        writer.key("data")
        writer.beginObject()
        writer.key("object"); writer.raw(object)
        if let previousAttributes {
            writer.key("previous_attributes"); writer.value(previousAttributes)
        }
        writer.endObject()
        writer.key("livemode"); writer.bool(livemode)
        writer.key("pending_webhooks"); writer.int(pendingEndpoints.count)
        writer.key("request")
        writer.beginObject()
        writer.key("id"); writer.string(requestID)
        writer.key("idempotency_key"); writer.string(idempotencyKey)
        writer.endObject()
        writer.key("type"); writer.string(type)
        writer.endObject()
    }

    /// Whether a `type` filter matches: an exact name, or a prefix ending in `*` (`customer.*`, `*`).
    static func type(_ type: String, matches pattern: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix("*") { return type.hasPrefix(pattern.dropLast()) }
        return type == pattern
    }

    /// The top-level attributes that differ between two encodings of an object, with their old values; nested hashes
    /// (metadata, address) list only the keys that changed, with null for keys that were added.
    static func previousAttributes(old: [UInt8], new: [UInt8]) -> JSONValue? {
        guard let before = try? JSONParser.parse(old), let after = try? JSONParser.parse(new) else { return nil }
        let difference = diff(before, after)
        if case .object(let members) = difference, !members.isEmpty { return difference }
        return nil
    }

    private static func diff(_ before: JSONValue, _ after: JSONValue) -> JSONValue {
        guard let oldMembers = before.objectMembers, let newMembers = after.objectMembers else { return before }
        var changed: [(String, JSONValue)] = []
        for (name, oldValue) in oldMembers {
            let newValue = newMembers.first { $0.0 == name }?.1 ?? .null
            guard oldValue != newValue else { continue }
            if oldValue.objectMembers != nil, newValue.objectMembers != nil {
                changed.append((name, diff(oldValue, newValue)))
            } else {
                changed.append((name, oldValue))
            }
        }
        for (name, _) in newMembers where !oldMembers.contains(where: { $0.0 == name }) {
            changed.append((name, .null))
        }
        return .object(changed)
    }
}
