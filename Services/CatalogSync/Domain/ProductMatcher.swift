import Normalization

/// The match-status rules, without I/O: what a Stripe product's link becomes after a sync, a Veles change or an
/// admin's action. The store feeds it rows and writes back what it returns.
enum ProductMatcher {
    static func normalize(_ name: String) -> String { NameNormalizer.product.normalize(name) }

    /// The state after the Stripe product or the Veles products changed.
    ///
    /// Import, manual and ignored are never changed automatically. A name match holds while the names stay equal; a
    /// rename on either side drops it (and the product may then name-match another Veles product). A product that is
    /// deleted or inactive in Stripe keeps whatever link it has, but gets no new one. A new name match needs exactly
    /// one active Veles product with the same normalised name, and no rejected pair with it: two candidates are
    /// ambiguous and match neither, even when one of them was rejected.
    ///
    /// - Parameters:
    ///   - linked: the Veles product the current link points to, when it still exists.
    ///   - sameName: the active Veles products whose normalised name equals the Stripe product's.
    ///   - rejected: Veles product ids an admin unlinked from this Stripe product.
    static func reconcile(_ product: StripeProductRecord, state: LinkState, linked: VelesCandidate?,
                          sameName: [VelesCandidate], rejected: Set<String>, nowMs: Int64) -> LinkState {
        switch state.status {
        case .imported, .manual, .ignored:
            return state
        case .nameMatch:
            if product.deleted || !product.active { return state }
            if let linked, !linked.normalizedName.isEmpty, linked.normalizedName == normalize(product.name) { return state }
            return freshMatch(product, sameName: sameName, rejected: rejected, nowMs: nowMs)
        case .notMatched:
            return freshMatch(product, sameName: sameName, rejected: rejected, nowMs: nowMs)
        }
    }

    private static func freshMatch(_ product: StripeProductRecord, sameName: [VelesCandidate], rejected: Set<String>,
                                   nowMs: Int64) -> LinkState {
        guard product.active, !product.deleted, !normalize(product.name).isEmpty else { return .notMatched }
        let candidates = sameName.filter(\.active)
        guard candidates.count == 1, let only = candidates.first, !rejected.contains(only.id) else { return .notMatched }
        return LinkState(status: .nameMatch, velesProductId: only.id, linkedAtMs: nowMs)
    }

    /// An admin links the Stripe product to an existing Veles product.
    static func match(_ product: StripeProductRecord, to velesProductId: String, nowMs: Int64) throws(CatalogError) -> LinkState {
        try requireUsable(product, action: "matched")
        return LinkState(status: .manual, velesProductId: velesProductId, linkedAtMs: nowMs)
    }

    /// An admin removes a link; the pair is then rejected for automatic matching. Unlinking an unlinked product
    /// changes nothing (the call is idempotent).
    static func unlink(_ state: LinkState) -> (state: LinkState, rejectedVelesProductId: String?) {
        guard state.status.isLinked else { return (state, nil) }
        return (.notMatched, state.velesProductId)
    }

    /// An admin sets a product aside; a linked product must be unlinked first so no link disappears by accident.
    static func ignore(_ state: LinkState, stripeProductId: String) throws(CatalogError) -> LinkState {
        if state.status.isLinked {
            throw .precondition("Stripe product \(stripeProductId) is linked to Veles product \(state.velesProductId ?? "?"); unlink it before ignoring it.")
        }
        return .ignored
    }

    /// An admin takes a product back into review; automatic matching then looks at it again.
    static func unignore(_ state: LinkState) -> LinkState {
        state.status == .ignored ? .notMatched : state
    }

    /// What an import request should do for a product in `state`.
    enum ImportDecision: Sendable, Equatable {
        /// Create a new Veles product.
        case create
        /// Already imported: answer with the existing Veles product.
        case existing(String)
    }

    /// Checks an import may go ahead; importing an imported product again returns the same Veles product.
    static func importDecision(_ product: StripeProductRecord, state: LinkState,
                               importedProductExists: Bool) throws(CatalogError) -> ImportDecision {
        if state.status == .imported, let id = state.velesProductId, importedProductExists { return .existing(id) }
        try requireUsable(product, action: "imported")
        if state.status == .manual || state.status == .nameMatch, let id = state.velesProductId {
            throw .precondition("Stripe product \(product.id) is already matched to Veles product \(id); unlink it before importing it.")
        }
        return .create
    }

    private static func requireUsable(_ product: StripeProductRecord, action: String) throws(CatalogError) {
        if product.deleted {
            throw .precondition("Stripe product \(product.id) was deleted in Stripe and cannot be \(action).")
        }
        if !product.active {
            throw .precondition("Stripe product \(product.id) is inactive in Stripe and cannot be \(action); reactivate it in your Stripe dashboard first.")
        }
    }
}
