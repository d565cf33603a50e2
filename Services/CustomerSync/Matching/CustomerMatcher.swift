/// The customer matching rules: pure, deterministic, no I/O.
///
/// In order: a standing link (manual, created, or an earlier automatic one) is kept; Stripe
/// metadata `veles_customer_id` naming a customer in the directory; the email equal to a Veles
/// contact or billing email; a registrable, non-free-mail domain of the email or a metadata
/// website equal to a Veles domain; the normalised name. The first rule that finds anyone
/// decides: one candidate is a link, several are an ambiguous result that stops the search.
/// Rejected pairs are removed from every rule's candidates, so an unlinked pair never returns.
public enum CustomerMatcher {
    /// Matches one Stripe customer.
    public static func match(_ customer: StripeCustomerSnapshot, in index: VelesCustomerIndex, decisions: MatchDecisions) -> MatchResult {
        if let outcome = standingOutcome(customer, in: index, decisions: decisions) {
            return MatchResult(stripeCustomerID: customer.id, outcome: outcome)
        }
        return match(customer.id, keys: MatchKeys(of: customer, resolver: index.resolver), in: index, decisions: decisions)
    }

    /// Matches a Stripe customer whose keys were computed already (deleted and standing-link
    /// cases must have been settled by the caller, as `match(_:in:decisions:)` does).
    static func match(_ stripeID: String, keys: MatchKeys, in index: VelesCustomerIndex, decisions: MatchDecisions) -> MatchResult {
        let rejected = decisions.rejectedVelesIDs(for: stripeID)
        func allowed(_ ids: [String]) -> [String] {
            rejected.isEmpty ? ids : ids.filter { !rejected.contains($0) }
        }
        if let hinted = keys.velesCustomerID, index.contains(id: hinted), !rejected.contains(hinted) {
            return MatchResult(stripeCustomerID: stripeID, outcome: .linked(velesCustomerID: hinted, method: .metadata, isStanding: false))
        }
        var domainCandidates: [String] = []
        for domain in keys.domains {
            for id in index.ids(forDomain: domain) where !domainCandidates.contains(id) {
                domainCandidates.append(id)
            }
        }
        let rules: [(MatchMethod, () -> [String])] = [
            (.email, { keys.email.map(index.ids(forEmail:)) ?? [] }),
            (.domain, { domainCandidates }),
            (.name, { index.ids(forName: keys.name) }),
        ]
        for (rule, lookup) in rules {
            let candidates = allowed(lookup())
            if candidates.count == 1 {
                return MatchResult(stripeCustomerID: stripeID, outcome: .linked(velesCustomerID: candidates[0], method: rule, isStanding: false))
            }
            if candidates.count > 1 {
                return MatchResult(stripeCustomerID: stripeID, outcome: .ambiguous(rule: rule, candidates: candidates.sorted()))
            }
        }
        return MatchResult(stripeCustomerID: stripeID, outcome: .noCandidate)
    }

    /// Matches many Stripe customers, spread over the machine's cores; results keep input order.
    public static func matchAll(_ customers: [StripeCustomerSnapshot], in index: VelesCustomerIndex, decisions: MatchDecisions) -> [MatchResult] {
        ParallelChunks(count: customers.count) { range in
            customers[range].map { match($0, in: index, decisions: decisions) }
        }.joined()
    }

    /// Matches again the unmatched Stripe customers that a directory change can affect (their keys
    /// meet the touched keys); the others keep their result. Returns only the re-matched ones.
    public static func rematch(_ unmatched: [StripeCustomerSnapshot], after touched: MatchKeySet, in index: VelesCustomerIndex, decisions: MatchDecisions) -> [MatchResult] {
        guard !touched.isEmpty else { return [] }
        var results: [MatchResult] = []
        for customer in unmatched {
            if let outcome = standingOutcome(customer, in: index, decisions: decisions) {
                results.append(MatchResult(stripeCustomerID: customer.id, outcome: outcome))
                continue
            }
            let keys = MatchKeys(of: customer, resolver: index.resolver)
            if keys.intersects(touched) {
                results.append(match(customer.id, keys: keys, in: index, decisions: decisions))
            }
        }
        return results
    }

    /// The outcome settled before any rule runs: a standing link to a customer still in the
    /// directory is kept, and a customer deleted in Stripe gets no new link.
    private static func standingOutcome(_ customer: StripeCustomerSnapshot, in index: VelesCustomerIndex, decisions: MatchDecisions) -> MatchOutcome? {
        if let link = decisions.links[customer.id], index.contains(id: link.velesCustomerID) {
            return .linked(velesCustomerID: link.velesCustomerID, method: link.method, isStanding: true)
        }
        return customer.isDeleted ? .deletedInStripe : nil
    }
}
