import CustomerMatching
import Testing

/// One row of the matching table: a Stripe customer, what the store already decided, the answer.
struct MatchCase: Sendable, CustomTestStringConvertible {
    let title: String
    let customer: StripeCustomerSnapshot
    let decisions: MatchDecisions
    let expected: MatchOutcome

    var testDescription: String { title }

    init(_ title: String, name: String? = nil, email: String? = nil, metadata: [String: String] = [:], deleted: Bool = false,
         links: [StandingLink] = [], rejected: [String] = [], expected: MatchOutcome) {
        self.title = title
        self.customer = StripeCustomerSnapshot(id: MatchCase.stripeID, name: name, email: email, metadata: metadata, isDeleted: deleted)
        self.decisions = MatchDecisions(links: links, rejectedPairs: rejected.map { RejectedPair(stripeCustomerID: MatchCase.stripeID, velesCustomerID: $0) })
        self.expected = expected
    }

    static let stripeID = "cus_table"

    static func link(_ velesID: String, _ method: MatchMethod) -> StandingLink {
        StandingLink(stripeCustomerID: stripeID, velesCustomerID: velesID, method: method)
    }

    static func linked(_ velesID: String, by method: MatchMethod) -> MatchOutcome {
        .linked(velesCustomerID: velesID, method: method, isStanding: false)
    }

    static func kept(_ velesID: String, by method: MatchMethod) -> MatchOutcome {
        .linked(velesCustomerID: velesID, method: method, isStanding: true)
    }
}
