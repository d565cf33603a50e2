/// What the store already knows for a workspace and the matcher must respect: standing links
/// and rejected pairs.
public struct MatchDecisions: Sendable, Hashable {
    /// Standing links by Stripe customer id (a Stripe customer has at most one).
    public private(set) var links: [String: StandingLink] = [:]
    /// Rejected Veles customer ids by Stripe customer id.
    public private(set) var rejected: [String: Set<String>] = [:]

    /// No links, no rejections: a first sync.
    public static let none = MatchDecisions()

    public init(links: some Sequence<StandingLink> = [], rejectedPairs: some Sequence<RejectedPair> = []) {
        for link in links {
            self.links[link.stripeCustomerID] = link
        }
        for pair in rejectedPairs {
            reject(pair)
        }
    }

    /// Records a link; it replaces the Stripe customer's previous link and lifts a rejection of
    /// the same pair (an admin linking a pair they once unlinked means it).
    public mutating func record(_ link: StandingLink) {
        links[link.stripeCustomerID] = link
        rejected[link.stripeCustomerID]?.remove(link.velesCustomerID)
    }

    /// Records an admin's unlink: the link goes and the pair is never linked automatically again.
    public mutating func reject(_ pair: RejectedPair) {
        if links[pair.stripeCustomerID]?.velesCustomerID == pair.velesCustomerID {
            links[pair.stripeCustomerID] = nil
        }
        rejected[pair.stripeCustomerID, default: []].insert(pair.velesCustomerID)
    }

    /// The Veles customers the automatic rules must not propose for this Stripe customer.
    public func rejectedVelesIDs(for stripeCustomerID: String) -> Set<String> {
        rejected[stripeCustomerID] ?? []
    }
}
