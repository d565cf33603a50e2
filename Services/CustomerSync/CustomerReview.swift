import CustomerMatching
import Foundation
import Store
import SyncEngine

/// The admin's review actions and the Veles directory changes, with the re-matching they cause.
///
/// Review works on the mirror of the mode the workspace last synced with, so a disconnected workspace can still be
/// reviewed; before any sync there is nothing to review.
struct CustomerReview: Sendable {
    let store: CustomerStore
    let matching: MatchIndexCache
    let resolver: RegistrableDomainResolver

    /// The mode whose mirror the workspace shows.
    func mode(of workspaceId: String) throws -> String? {
        try store.workspaceMode(workspaceId: workspaceId)?.mode
    }

    // MARK: Veles directory

    /// Stores Veles customers, then matches again the Stripe customers still not matched that the change can affect.
    /// Returns how many became matched.
    @discardableResult
    func upsertVelesCustomers(workspaceId: String, _ customers: [VelesCustomer]) async throws -> Int {
        for customer in customers {
            guard !customer.id.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CustomerSyncError.invalidArgument("every Veles customer needs an id")
            }
            guard !customer.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CustomerSyncError.invalidArgument("Veles customer \(customer.id) needs a name")
            }
        }
        let version = try store.upsertVelesCustomers(workspaceId: workspaceId, customers)
        let (index, touched) = try await matching.apply(VelesDirectoryChange(upserted: customers), workspaceId: workspaceId,
                                                        version: version)
        return try rematch(workspaceId: workspaceId, index: index, touched: touched)
    }

    /// Deletes Veles customers; Stripe customers linked to them become not matched and are matched again.
    func deleteVelesCustomers(workspaceId: String, ids: [String]) async throws -> [String] {
        let removed = try store.deleteVelesCustomers(workspaceId: workspaceId, ids: ids)
        let version = try store.directoryVersion(workspaceId: workspaceId)
        let (index, _) = try await matching.apply(VelesDirectoryChange(deletedIDs: removed), workspaceId: workspaceId,
                                                  version: version)
        _ = try rematch(workspaceId: workspaceId, index: index, touched: nil)
        return removed
    }

    /// Re-matches the unmatched Stripe customers: those whose keys meet `touched`, or all when it is nil.
    private func rematch(workspaceId: String, index: VelesCustomerIndex, touched: MatchKeySet?) throws -> Int {
        guard let mode = try mode(of: workspaceId) else { return 0 }
        let unmatched = try store.unmatched(workspaceId: workspaceId, mode: mode)
        guard !unmatched.isEmpty else { return 0 }
        let decisions = try store.decisions(workspaceId: workspaceId, mode: mode,
                                            stripeIds: unmatched.map(\.stripeId))
        let snapshots = unmatched.map(\.snapshot)
        let results = touched.map { CustomerMatcher.rematch(snapshots, after: $0, in: index, decisions: decisions) }
            ?? CustomerMatcher.matchAll(snapshots, in: index, decisions: decisions)
        return try store.database.write { connection in
            var linked = 0
            for result in results {
                try store.saveMatch(connection, workspaceId: workspaceId, mode: mode, result)
                if result.isMatched { linked += 1 }
            }
            return linked
        }
    }

    // MARK: Review actions

    /// Links a Stripe customer to a Veles customer by hand; the automatic matcher never replaces it.
    func link(workspaceId: String, stripeId: String, velesCustomerId: String) throws -> MirroredCustomer {
        let (mode, customer) = try reviewable(workspaceId: workspaceId, stripeId: stripeId)
        guard try store.velesCustomer(workspaceId: workspaceId, id: velesCustomerId) != nil else {
            throw CustomerSyncError.notFound("no Veles customer \(velesCustomerId) in this workspace")
        }
        guard !customer.deleted else {
            throw CustomerSyncError.failedPrecondition(
                "Stripe customer \(stripeId) was deleted in Stripe and cannot be linked")
        }
        try store.database.write { connection in
            try store.link(connection, workspaceId: workspaceId, mode: mode, stripeId: stripeId,
                           velesCustomerId: velesCustomerId, method: .manual)
        }
        return try reviewable(workspaceId: workspaceId, stripeId: stripeId).customer
    }

    /// Removes a link and records the pair as rejected, so no rule links the two again.
    func unlink(workspaceId: String, stripeId: String) throws -> MirroredCustomer {
        let (mode, customer) = try reviewable(workspaceId: workspaceId, stripeId: stripeId)
        guard customer.velesCustomerId != nil else {
            throw CustomerSyncError.failedPrecondition("Stripe customer \(stripeId) is not linked")
        }
        try store.database.write { connection in
            _ = try store.unlink(connection, workspaceId: workspaceId, mode: mode, stripeId: stripeId)
        }
        return try reviewable(workspaceId: workspaceId, stripeId: stripeId).customer
    }

    /// Creates a Veles customer from the Stripe customer's name, email and company domain, and links the two.
    /// The new id derives from the Stripe id, so calling twice returns the same Veles customer.
    func createVelesCustomer(workspaceId: String, stripeId: String) async throws -> (customer: MirroredCustomer, veles: VelesCustomer, created: Bool) {
        let (mode, stripe) = try reviewable(workspaceId: workspaceId, stripeId: stripeId)
        guard !stripe.deleted else {
            throw CustomerSyncError.failedPrecondition(
                "Stripe customer \(stripeId) was deleted in Stripe; a Veles customer is not created from it")
        }
        let velesId = "vcus_" + stripeId
        if let existing = try store.velesCustomer(workspaceId: workspaceId, id: velesId) {
            if stripe.velesCustomerId != velesId {
                try store.database.write { connection in
                    try store.link(connection, workspaceId: workspaceId, mode: mode, stripeId: stripeId,
                                   velesCustomerId: velesId, method: .created)
                }
            }
            return (try reviewable(workspaceId: workspaceId, stripeId: stripeId).customer, existing, false)
        }
        if let linked = stripe.velesCustomerId {
            throw CustomerSyncError.failedPrecondition(
                "Stripe customer \(stripeId) is already linked to Veles customer \(linked); unlink it first")
        }
        let keys = MatchKeys(of: stripe.snapshot, resolver: resolver)
        let email = stripe.email?.trimmingCharacters(in: .whitespaces)
        let name = [stripe.name, email, stripe.description].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? stripeId
        let veles = VelesCustomer(id: velesId, name: name, domains: keys.domains,
                                  contactEmails: email.map { [$0] } ?? [], billingEmail: email)
        try await upsertVelesCustomers(workspaceId: workspaceId, [veles])
        try store.database.write { connection in
            try store.link(connection, workspaceId: workspaceId, mode: mode, stripeId: stripeId,
                           velesCustomerId: velesId, method: .created)
        }
        return (try reviewable(workspaceId: workspaceId, stripeId: stripeId).customer, veles, true)
    }

    /// The mirror row an action is about, in the workspace's mode; NOT_FOUND when there is none.
    private func reviewable(workspaceId: String, stripeId: String) throws -> (mode: String, customer: MirroredCustomer) {
        guard let mode = try mode(of: workspaceId),
              let customer = try store.mirrored(workspaceId: workspaceId, mode: mode, stripeId: stripeId) else {
            throw CustomerSyncError.notFound("no Stripe customer \(stripeId) has been synced in this workspace")
        }
        return (mode, customer)
    }
}
