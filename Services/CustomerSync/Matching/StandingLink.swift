/// A link already stored for a Stripe customer: manual, created, or made earlier by a rule.
/// The matcher keeps it as it is, so that a later change in Stripe (a new email) never orphans it.
public struct StandingLink: Sendable, Hashable, Codable {
    public var stripeCustomerID: String
    public var velesCustomerID: String
    public var method: MatchMethod

    public init(stripeCustomerID: String, velesCustomerID: String, method: MatchMethod) {
        self.stripeCustomerID = stripeCustomerID
        self.velesCustomerID = velesCustomerID
        self.method = method
    }
}
