import CustomerMatching

/// A Stripe customer as customer-sync keeps it, with its match state.
struct MirroredCustomer: Sendable, Hashable {
    /// The review screen's three states.
    enum Status: String, Sendable {
        case matched
        case notMatched = "not_matched"
        case deleted
    }

    var stripeId: String
    var name: String?
    var email: String?
    var description: String?
    var metadata: [String: String] = [:]
    /// Stripe's `created`, Unix seconds.
    var created: Int64 = 0
    var deleted = false
    var velesCustomerId: String?
    var matchMethod: MatchMethod?
    var matchedAtMs: Int64?
    /// Veles customers the deciding rule found (several when ambiguous).
    var candidates: [String] = []
    /// The rule that found several candidates, when the match was ambiguous.
    var ambiguousRule: MatchMethod?
    /// Why a kept link needs a look: "deleted_in_stripe" or "account_changed"; empty when none.
    var linkFlag = ""

    var status: Status {
        if deleted { return .deleted }
        return velesCustomerId == nil ? .notMatched : .matched
    }

    /// The facts the matcher reads.
    var snapshot: StripeCustomerSnapshot {
        StripeCustomerSnapshot(id: stripeId, name: name, email: email, metadata: metadata, isDeleted: deleted)
    }

    /// Whether the Stripe-side fields differ (the match state is not compared).
    func sameStripeData(as other: MirroredCustomer) -> Bool {
        name == other.name && email == other.email && description == other.description
            && metadata == other.metadata && created == other.created && deleted == other.deleted
    }
}
