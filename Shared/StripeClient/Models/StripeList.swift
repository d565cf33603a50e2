/// One page of a Stripe list (`{"object": "list", "data": [...], "has_more": ...}`).
public struct StripeList<Element: Decodable & Sendable>: Decodable, Sendable {
    public let data: [Element]
    public let hasMore: Bool
    /// The list's own endpoint, for nested lists such as an invoice's lines.
    public let url: String?

    public init(data: [Element], hasMore: Bool, url: String?) {
        self.data = data
        self.hasMore = hasMore
        self.url = url
    }

    private enum CodingKeys: String, CodingKey {
        case data, url
        case hasMore = "has_more"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.value(.data, default: [])
        hasMore = try c.value(.hasMore, default: false)
        url = try c.optional(.url)
    }
}
