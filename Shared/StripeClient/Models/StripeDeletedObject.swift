/// The stub Stripe returns for a deleted object: `{"id", "object", "deleted": true}`.
public struct StripeDeletedObject: StripeIdentified, Hashable {
    public let id: String
    /// The kind of object that was deleted (`customer`, `product`, …).
    public let object: String
    public let deleted: Bool

    public init(id: String, object: String) {
        self.id = id
        self.object = object
        self.deleted = true
    }
}
