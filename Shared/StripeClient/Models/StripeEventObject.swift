/// The object an event carries (`data.object`), decoded by its `object` kind.
public enum StripeEventObject: Sendable {
    case customer(StripeCustomer)
    case product(StripeProduct)
    case price(StripePrice)
    case plan(StripePlan)
    case subscription(StripeSubscription)
    case subscriptionItem(StripeSubscriptionItem)
    case invoice(StripeInvoice)
    case invoiceItem(StripeInvoiceItem)
    case invoiceLineItem(StripeInvoiceLineItem)
    case account(StripeAccount)
    case webhookEndpoint(StripeWebhookEndpoint)
    /// A `deleted: true` stub.
    case deleted(StripeDeletedObject)
    /// A kind this client does not model, kept whole.
    case other(kind: String, json: JSONValue)

    /// The object's id, whatever its kind (empty for an unmodelled object without one).
    public var id: String {
        switch self {
        case .customer(let object): object.id
        case .product(let object): object.id
        case .price(let object): object.id
        case .plan(let object): object.id
        case .subscription(let object): object.id
        case .subscriptionItem(let object): object.id
        case .invoice(let object): object.id
        case .invoiceItem(let object): object.id
        case .invoiceLineItem(let object): object.id
        case .account(let object): object.id
        case .webhookEndpoint(let object): object.id
        case .deleted(let object): object.id
        case .other(_, let json): json["id"]?.stringValue ?? ""
        }
    }

    private enum CodingKeys: String, CodingKey { case object, deleted }

    /// Decodes `data.object`; `fallbackKind` (from the event type) serves when the object does not name its kind.
    init(from decoder: any Decoder, fallbackKind: String) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.optional(.object, as: String.self) ?? fallbackKind
        if try c.value(.deleted, default: false) {
            self = .deleted(try StripeDeletedObject(from: decoder))
            return
        }
        switch kind {
        case "customer": self = .customer(try StripeCustomer(from: decoder))
        case "product": self = .product(try StripeProduct(from: decoder))
        case "price": self = .price(try StripePrice(from: decoder))
        case "plan": self = .plan(try StripePlan(from: decoder))
        case "subscription": self = .subscription(try StripeSubscription(from: decoder))
        case "subscription_item": self = .subscriptionItem(try StripeSubscriptionItem(from: decoder))
        case "invoice": self = .invoice(try StripeInvoice(from: decoder))
        case "invoiceitem": self = .invoiceItem(try StripeInvoiceItem(from: decoder))
        case "line_item": self = .invoiceLineItem(try StripeInvoiceLineItem(from: decoder))
        case "account": self = .account(try StripeAccount(from: decoder))
        case "webhook_endpoint": self = .webhookEndpoint(try StripeWebhookEndpoint(from: decoder))
        default: self = .other(kind: kind, json: try JSONValue(from: decoder))
        }
    }
}
