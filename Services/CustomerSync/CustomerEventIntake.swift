import CustomerMatching
import Foundation
import StripeClient
import SyncEngine

/// Applies one Stripe event handed in by the gateway (a verified webhook delivery).
///
/// The event names the customer; its state is fetched from Stripe as it is now, so a late, repeated or reordered
/// delivery can only ever store the latest state. The event id is recorded in the same transaction as the change,
/// so a failure leaves it unrecorded and Stripe's retry is applied.
struct CustomerEventIntake: Sendable {
    /// What became of an event.
    enum Outcome: Sendable, Equatable {
        case applied
        case duplicate
        case ignored
    }

    let store: CustomerStore
    let ledger: SyncLedger
    let stripe: any StripeAccessProvider
    let job: CustomerSyncJob

    func handle(workspaceId: String, eventJSON: [UInt8]) async throws -> Outcome {
        let event: StripeEvent
        do {
            event = try JSONDecoder().decode(StripeEvent.self, from: Data(eventJSON))
        } catch {
            throw CustomerSyncError.invalidArgument("the event is not a Stripe event object: \(error)")
        }
        let access: WorkspaceStripeAccess
        do {
            access = try await stripe.access(workspaceId: workspaceId)
        } catch let stop as SyncStop {
            throw CustomerSyncError.failedPrecondition(stop.description)
        }
        guard event.livemode == (access.mode == .live) else {
            throw CustomerSyncError.failedPrecondition(
                "event \(event.id) is a \(event.livemode ? "live" : "test") mode event but the connection is in \(access.mode.rawValue) mode")
        }
        let alreadyApplied = try ledger.database.queryOne(
            "SELECT 1 AS one FROM sync_processed_events WHERE workspace_id = ? AND event_id = ?", workspaceId, event.id) != nil
        if alreadyApplied { return .duplicate }
        guard CustomerSyncJob.isCustomerObjectEvent(event.type) else {
            _ = try ledger.database.write { try ledger.markEventProcessed($0, workspaceId: workspaceId, eventId: event.id) }
            return .ignored
        }
        let customer: MirroredCustomer
        do {
            customer = try await job.current(event.object.id, access: access)
        } catch let error as StripeError {
            // Not stored: the gateway answers 5xx and Stripe delivers the event again later.
            throw CustomerSyncError.unavailable("could not fetch customer \(event.object.id) from Stripe: \(error)")
        }
        let mode = access.mode.rawValue
        try store.setWorkspaceMode(workspaceId: workspaceId, mode: mode, accountId: access.accountId)
        try store.noteAccount(workspaceId: workspaceId, accountId: access.accountId, ledger: ledger)
        let keys = [MatchKeys(of: customer.snapshot, resolver: store.resolver)]
        let fresh = try store.database.write { connection -> Bool in
            guard try ledger.markEventProcessed(connection, workspaceId: workspaceId, eventId: event.id) else { return false }
            _ = try store.matchAndStore([customer], keys: keys, connection: connection, workspaceId: workspaceId, mode: mode,
                                        seenRun: nil)
            return true
        }
        return fresh ? .applied : .duplicate
    }
}
