/// A webhook endpoint registered with Stripe; `secret` is present only in the reply to its creation.
public struct StripeWebhookEndpoint: StripeIdentified {
    public let id: String
    public let created: Int64
    public let livemode: Bool
    public let url: String
    public let enabledEvents: [String]
    public let status: StripeWebhookEndpointStatus
    public let apiVersion: String?
    public let description: String?
    public let secret: StripeWebhookSecret?
    public let metadata: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, created, livemode, url, status, description, secret, metadata
        case enabledEvents = "enabled_events"
        case apiVersion = "api_version"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        created = try c.value(.created, default: 0)
        livemode = try c.value(.livemode, default: false)
        url = try c.decode(String.self, forKey: .url)
        enabledEvents = try c.value(.enabledEvents, default: [])
        status = try c.value(.status, default: .enabled)
        apiVersion = try c.optional(.apiVersion)
        description = try c.optional(.description)
        secret = try c.optional(.secret)
        metadata = try c.metadata(.metadata)
    }
}
