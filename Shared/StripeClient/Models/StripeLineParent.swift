/// What an invoice line or invoice item came from (`parent`): an invoice item, a subscription item, or a quote.
public struct StripeLineParent: Sendable, Hashable {
    /// `invoice_item_details`, `subscription_item_details`, `subscription_details`, …
    public let type: String
    public let invoiceItem: String?
    public let subscription: String?
    public let subscriptionItem: String?

    private enum CodingKeys: String, CodingKey {
        case type
        case invoiceItemDetails = "invoice_item_details"
        case subscriptionItemDetails = "subscription_item_details"
        case subscriptionDetails = "subscription_details"
    }

    private enum DetailKeys: String, CodingKey {
        case subscription
        case invoiceItem = "invoice_item"
        case subscriptionItem = "subscription_item"
    }

    /// Reads `parent` from a line's container; the ids come from the details block that `type` names.
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, key: Key) throws -> StripeLineParent? {
        guard let parent = try container.nestedIfPresent(key, keyedBy: CodingKeys.self) else { return nil }
        let type = try parent.value(.type, default: "")
        let detailsKey = CodingKeys(stringValue: type).flatMap { $0 == .type ? nil : $0 }
        let details = try detailsKey.flatMap { try parent.nestedIfPresent($0, keyedBy: DetailKeys.self) }
        return StripeLineParent(type: type,
                                invoiceItem: try details?.expandableID(.invoiceItem),
                                subscription: try details?.expandableID(.subscription),
                                subscriptionItem: try details?.expandableID(.subscriptionItem))
    }

    private init(type: String, invoiceItem: String?, subscription: String?, subscriptionItem: String?) {
        self.type = type
        self.invoiceItem = invoiceItem
        self.subscription = subscription
        self.subscriptionItem = subscriptionItem
    }
}
