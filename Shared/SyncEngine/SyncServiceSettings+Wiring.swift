import Bus
import Store
import Support

/// The pieces every sync service wires the same way from its settings, so customer-sync and catalog-sync differ
/// only in their own jobs, stores and handlers.
extension SyncServiceSettings {
    /// Stripe access through the connection service, with these settings' Stripe URL and rate limit.
    public func connectionAccess(bus: BusClient, logger: Logger) -> ConnectionStripeAccess {
        ConnectionStripeAccess(channel: bus, baseURL: stripeBaseURL, rateLimit: stripeRateLimit, logger: logger)
    }

    /// The ledger of one kind of sync in the service's store, its leases owned by this process.
    public func ledger(database: Database, kind: String, process: String) -> SyncLedger {
        SyncLedger(database: database, kind: kind, owner: SyncLedger.makeOwner(process: process), leaseMs: leaseMs)
    }

    /// What runs beside the RPC worker: the scheduler over the connected workspaces at these settings' cadence, and
    /// the shortcut that starts a full sync as soon as a workspace connects.
    public func cadenceServices(coordinator: SyncCoordinator, bus: BusClient, logger: Logger) -> [any Service] {
        [
            SyncScheduler(coordinator: coordinator, directory: ConnectionDirectory(channel: bus), intervalMs: syncIntervalMs,
                          reconcileIntervalMs: reconcileIntervalMs, tick: schedulerTick, logger: logger.named("scheduler")),
            ConnectionEventTrigger(bus: bus, coordinator: coordinator, logger: logger),
        ]
    }
}
