/// A pair an admin unlinked: the automatic matcher never links these two again.
public struct RejectedPair: Sendable, Hashable, Codable {
    public var stripeCustomerID: String
    public var velesCustomerID: String

    public init(stripeCustomerID: String, velesCustomerID: String) {
        self.stripeCustomerID = stripeCustomerID
        self.velesCustomerID = velesCustomerID
    }
}
