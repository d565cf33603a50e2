/// What the matcher decided for one Stripe customer.
public enum MatchOutcome: Sendable, Hashable {
    /// Linked to one Veles customer; `isStanding` when the link was already stored and is kept.
    case linked(velesCustomerID: String, method: MatchMethod, isStanding: Bool)
    /// A rule found several Veles customers: nothing is linked and they are listed for review.
    case ambiguous(rule: MatchMethod, candidates: [String])
    /// No rule found a Veles customer.
    case noCandidate
    /// Deleted in Stripe and not linked: no new link is made for a customer that no longer exists.
    case deletedInStripe
}
