/// A Stripe event, from `/v1/events` or a webhook delivery.
public struct StripeEvent: StripeIdentified {
    public let id: String
    /// For example `customer.updated`.
    public let type: String
    public let created: Int64
    public let livemode: Bool
    public let apiVersion: String?
    public let pendingWebhooks: Int
    /// The id of the API request that caused the event, when one did.
    public let requestID: String?
    public let requestIdempotencyKey: String?
    public let object: StripeEventObject
    /// The changed fields' old values, on `*.updated` events.
    public let previousAttributes: JSONValue?

    /// The kind of object the event type names: `customer` for `customer.updated`, `subscription` for
    /// `customer.subscription.created`, `invoiceitem` for `invoiceitem.created`.
    public var objectKind: String { Self.kind(ofType: type) }

    private enum CodingKeys: String, CodingKey {
        case id, type, created, livemode, data, request
        case apiVersion = "api_version"
        case pendingWebhooks = "pending_webhooks"
    }

    private enum DataKeys: String, CodingKey {
        case object
        case previousAttributes = "previous_attributes"
    }

    private enum RequestKeys: String, CodingKey {
        case id
        case idempotencyKey = "idempotency_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(String.self, forKey: .type)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        apiVersion = try c.optional(.apiVersion)
        pendingWebhooks = try c.value(.pendingWebhooks, default: 0)
        // Very old API versions sent `request` as a bare id string.
        if let bareID = try? c.decodeIfPresent(String.self, forKey: .request) {
            requestID = bareID
            requestIdempotencyKey = nil
        } else {
            let request = try c.nestedIfPresent(.request, keyedBy: RequestKeys.self)
            requestID = try request?.optional(.id)
            requestIdempotencyKey = try request?.optional(.idempotencyKey)
        }
        let data = try c.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
        object = try StripeEventObject(from: try data.superDecoder(forKey: .object), fallbackKind: Self.kind(ofType: type))
        previousAttributes = try data.optional(.previousAttributes)
    }

    private static func kind(ofType type: String) -> String {
        let parts = type.split(separator: ".")
        return parts.count > 1 ? String(parts[parts.count - 2]) : type
    }
}
