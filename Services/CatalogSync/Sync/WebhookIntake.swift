import Foundation
import StripeClient
import SyncEngine

/// Takes the webhook events the gateway hands over: checks them, fetches their objects and stores them before the
/// reply, so the gateway acknowledges Stripe only for what is stored.
struct WebhookIntake: Sendable {
    let applier: CatalogEventApplier
    let access: any StripeAccess
    let ledger: SyncLedger

    /// What happened to one delivery.
    struct Outcome: Sendable, Equatable {
        let eventId: String
        let applied: Bool
    }

    func handle(eventJSON: String, workspaceId: String) async throws -> Outcome {
        let event: StripeEvent
        do {
            event = try JSONDecoder().decode(StripeEvent.self, from: Data(eventJSON.utf8))
        } catch {
            throw CatalogError.invalid("event_json is not a Stripe event: \(error)")
        }
        guard let catalogEvent = CatalogEvent(event) else {
            throw CatalogError.invalid("event \(event.id) of type \(event.type) is not a product or price event")
        }
        guard !catalogEvent.subject.objectId.isEmpty else { throw CatalogError.invalid("event \(event.id) names no object") }
        if try isProcessed(event.id, workspaceId: workspaceId) { return Outcome(eventId: event.id, applied: false) }
        let session: StripeSession
        do {
            session = try await access.session(workspaceId: workspaceId)
        } catch let stop as SyncStop {
            throw CatalogError.precondition("the workspace's Stripe connection is not usable: \(stop.description)")
        }
        guard StripeDataMode(livemode: event.livemode) == session.mode else {
            throw CatalogError.precondition("event \(event.id) is a \(event.livemode ? "live" : "test") mode event but the connection is in \(session.mode.rawValue) mode")
        }
        try applier.store.noteAccount(workspaceId: workspaceId, accountId: session.accountId, ledger: ledger)
        let change: CatalogEventApplier.Change
        do {
            change = try await applier.fetch(catalogEvent, session: session, workspaceId: workspaceId)
        } catch {
            // A refused key is reported to the connection service here too, not only when a run fails on it.
            guard let stop = await access.translate(error, workspaceId: workspaceId) else { throw error }
            throw CatalogError.precondition("the workspace's Stripe connection is not usable: \(stop.description)")
        }
        let applied = try ledger.database.write { connection in
            try applier.apply(change, connection: connection, workspaceId: workspaceId, ledger: ledger) != nil
        }
        return Outcome(eventId: event.id, applied: applied)
    }

    private func isProcessed(_ eventId: String, workspaceId: String) throws -> Bool {
        try ledger.database.queryOne("SELECT 1 AS one FROM sync_processed_events WHERE workspace_id = ? AND event_id = ?",
                                     workspaceId, eventId) != nil
    }
}

extension CatalogEvent.Subject {
    var objectId: String {
        switch self {
        case .product(let id), .price(let id): id
        }
    }
}
