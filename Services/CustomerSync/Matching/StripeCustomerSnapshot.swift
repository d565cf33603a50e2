/// The facts of one Stripe customer that matching looks at.
public struct StripeCustomerSnapshot: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var email: String?
    public var metadata: [String: String]
    /// Deleted in Stripe: keeps a standing link but never gets a new automatic one.
    public var isDeleted: Bool

    public init(id: String, name: String? = nil, email: String? = nil, metadata: [String: String] = [:], isDeleted: Bool = false) {
        self.id = id
        self.name = name
        self.email = email
        self.metadata = metadata
        self.isDeleted = isDeleted
    }
}
