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
    /// Stripe customers matched again per transaction after a directory change.
    var rematchBatch = 500

    /// The mode whose mirror the workspace shows.
    func mode(of workspaceId: String) throws -> String? {
        try store.workspaceMode(workspaceId: workspaceId)?.mode
    }

    // MARK: Veles directory

    /// Stores Veles customers, then matches again the Stripe customers still not matched that the change can affect.
    /// Returns how many became matched.
    @discardableResult
    func upsertVelesCustomers(workspaceId: String, _ customers: [VelesCustomer]) throws -> Int {
        for customer in customers {
            // Blank checks without Foundation's trimming, which bridges every string: a batch holds thousands.
            guard !customer.id.allSatisfy(\.isWhitespace) else {
                throw CustomerSyncError.invalidArgument("every Veles customer needs an id")
            }
            guard !customer.name.allSatisfy(\.isWhitespace) else {
                throw CustomerSyncError.invalidArgument("Veles customer \(customer.id) needs a name")
            }
        }
        let change = try store.upsertVelesCustomers(workspaceId: workspaceId, customers)
        return try rematch(workspaceId: workspaceId, after: change)
    }

    /// Deletes Veles customers; Stripe customers linked to them become not matched and are matched again.
    func deleteVelesCustomers(workspaceId: String, ids: [String]) throws -> [String] {
        let (removed, change) = try store.deleteVelesCustomers(workspaceId: workspaceId, ids: ids)
        _ = try rematch(workspaceId: workspaceId, after: change)
        return removed
    }

    /// Matches again, a batch per transaction, the unmatched Stripe customers a change can affect: those carrying a
    /// key it touched, and those whose link it dropped. Returns how many became matched.
    private func rematch(workspaceId: String, after change: CustomerStore.DirectoryChange) throws -> Int {
        guard let mode = try mode(of: workspaceId) else { return 0 }
        let touching = try store.unmatchedStripeIds(workspaceId: workspaceId, mode: mode, touching: change.touchedKeys)
        let ids = Array(Set(touching).union(change.unlinkedStripeIds)).sorted()
        var linked = 0
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + rematchBatch, ids.count)])
            linked += try store.rematch(workspaceId: workspaceId, mode: mode, stripeIds: batch)
            start += batch.count
        }
        return linked
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
    func createVelesCustomer(workspaceId: String, stripeId: String) throws -> (customer: MirroredCustomer, veles: VelesCustomer, created: Bool) {
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
        let keys = MatchKeys(of: stripe.snapshot, resolver: store.resolver)
        let email = stripe.email?.trimmingCharacters(in: .whitespaces)
        let name = [stripe.name, email, stripe.description].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? stripeId
        let veles = VelesCustomer(id: velesId, name: name, domains: keys.domains,
                                  contactEmails: email.map { [$0] } ?? [], billingEmail: email)
        try upsertVelesCustomers(workspaceId: workspaceId, [veles])
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
