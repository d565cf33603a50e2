/// The matcher's answer for one Stripe customer, with the method and the candidates behind it.
public struct MatchResult: Sendable, Hashable {
    public let stripeCustomerID: String
    public let outcome: MatchOutcome

    public init(stripeCustomerID: String, outcome: MatchOutcome) {
        self.stripeCustomerID = stripeCustomerID
        self.outcome = outcome
    }

    /// Whether the Stripe customer is linked.
    public var isMatched: Bool {
        if case .linked = outcome { return true }
        return false
    }

    /// The linked Veles customer, if any.
    public var velesCustomerID: String? {
        if case .linked(let id, _, _) = outcome { return id }
        return nil
    }

    /// How the link was made, or which rule was ambiguous; nil when no rule found anyone.
    public var method: MatchMethod? {
        switch outcome {
        case .linked(_, let method, _): return method
        case .ambiguous(let rule, _): return rule
        case .noCandidate, .deletedInStripe: return nil
        }
    }

    /// The Veles customers the deciding rule found, sorted (one when linked).
    public var candidates: [String] {
        switch outcome {
        case .linked(let id, _, _): return [id]
        case .ambiguous(_, let candidates): return candidates
        case .noCandidate, .deletedInStripe: return []
        }
    }
}
