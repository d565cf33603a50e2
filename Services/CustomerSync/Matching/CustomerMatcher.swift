import Normalization

/// The customer matching rules: pure, deterministic, no I/O.
///
/// In order: a standing link (manual, created, or an earlier automatic one) is kept; Stripe
/// metadata `veles_customer_id` naming a customer in the directory; the email equal to a Veles
/// contact or billing email; a registrable, non-free-mail domain of the email or a metadata
/// website equal to a Veles domain; the normalised name. The first rule that finds anyone
/// decides: one candidate is a link, several are an ambiguous result that stops the search.
/// Rejected pairs are removed from every rule's candidates, so an unlinked pair never returns.
///
/// Choices the issue leaves open: a standing link whose Veles customer has left the directory
/// is not kept (the rules run again); a customer deleted in Stripe keeps a standing link but gets
/// no new one; a rule whose candidates are all rejected counts as having found nobody.
public enum CustomerMatcher {
    // The entry points take the concrete directory forms, so the rules (written once, against
    // `VelesDirectoryLookup`) are compiled specialised for each instead of through witness tables.

    /// Matches one Stripe customer. Each key is computed only when its rule is reached.
    public static func match(_ customer: StripeCustomerSnapshot, in index: VelesCustomerIndex,
                             decisions: MatchDecisions) -> MatchResult {
        MatchResult(stripeCustomerID: customer.id, outcome: outcome(customer, keys: nil, in: index, decisions: decisions))
    }

    /// Matches one Stripe customer against the part of the directory its keys (computed first, to
    /// look that part up) reach; the answer is the one the whole directory gives.
    public static func match(_ customer: StripeCustomerSnapshot, keys: MatchKeys, in excerpt: VelesDirectoryExcerpt,
                             decisions: MatchDecisions) -> MatchResult {
        MatchResult(stripeCustomerID: customer.id, outcome: outcome(customer, keys: keys, in: excerpt, decisions: decisions))
    }

    /// Matches many Stripe customers, spread over the machine's cores; results keep input order.
    public static func matchAll(_ customers: [StripeCustomerSnapshot], in index: VelesCustomerIndex,
                                decisions: MatchDecisions) -> [MatchResult] {
        ParallelChunks(count: customers.count) { range in
            customers[range].map { match($0, in: index, decisions: decisions) }
        }.joined()
    }

    private static func outcome(_ customer: StripeCustomerSnapshot, keys: MatchKeys?, in directory: some VelesDirectoryLookup,
                                decisions: MatchDecisions) -> MatchOutcome {
        // A standing link to a customer still in the directory is kept as it is.
        if let link = decisions.links[customer.id], directory.contains(id: link.velesCustomerID) {
            return .linked(velesCustomerID: link.velesCustomerID, method: link.method, isStanding: true)
        }
        // A customer deleted in Stripe gets no new link.
        if customer.isDeleted { return .deletedInStripe }

        let rejected = decisions.rejectedVelesIDs(for: customer.id)
        let hinted = keys.map(\.velesCustomerID) ?? MatchKeys.velesCustomerID(in: customer.metadata)
        if let hinted, directory.contains(id: hinted), !rejected.contains(hinted) {
            return .linked(velesCustomerID: hinted, method: .metadata, isStanding: false)
        }
        let email = keys.map(\.email) ?? customer.email.flatMap(DomainText.normalizedEmail)
        if let email, let decided = decide(.email, [email], in: directory, rejected: rejected) {
            return decided
        }
        let domains = keys?.domains ?? MatchKeys.domains(email: email, metadata: customer.metadata, resolver: directory.resolver)
        if let decided = decide(.domain, domains, in: directory, rejected: rejected) {
            return decided
        }
        let name = keys?.name ?? customer.name.map(NameNormalizer.company.normalize) ?? ""
        if !name.isEmpty, let decided = decide(.name, [name], in: directory, rejected: rejected) {
            return decided
        }
        return .noCandidate
    }

    /// What one rule decides from the customers carrying any of `values`: nil to go on with the next rule.
    private static func decide(_ rule: MatchMethod, _ values: [String], in directory: some VelesDirectoryLookup,
                               rejected: Set<String>) -> MatchOutcome? {
        var candidates: [String] = []
        for value in values {
            directory.forEachCustomer(with: DirectoryKey(rule, value)) { id in
                if !rejected.contains(id), !candidates.contains(id) { candidates.append(id) }
            }
        }
        switch candidates.count {
        case 0: return nil
        case 1: return .linked(velesCustomerID: candidates[0], method: rule, isStanding: false)
        default: return .ambiguous(rule: rule, candidates: candidates.sorted())
        }
    }
}
