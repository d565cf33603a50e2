import Support

/// The automatic cadence: every worker looks, on each tick, for workspaces whose next run is due and asks the
/// coordinator for it; the lease makes sure only one worker's request actually starts it.
///
/// A workspace with no successful full pass, or whose last one is older than `reconcileIntervalMs`, gets a full pass
/// (backfill and reconcile); otherwise an incremental events catch-up every `intervalMs`. Abandoned runs are resumed
/// at the next tick.
public struct SyncScheduler: Service {
    public let name: String
    private let coordinator: SyncCoordinator
    private let directory: any WorkspaceDirectory
    private let intervalMs: Int64
    private let reconcileIntervalMs: Int64
    private let tick: Duration
    private let logger: Logger

    public init(name: String = "sync-scheduler", coordinator: SyncCoordinator, directory: any WorkspaceDirectory,
                intervalMs: Int64, reconcileIntervalMs: Int64, tick: Duration = .seconds(1), logger: Logger) {
        self.name = name
        self.coordinator = coordinator
        self.directory = directory
        self.intervalMs = intervalMs
        self.reconcileIntervalMs = reconcileIntervalMs
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled {
            do {
                for workspaceId in try await directory.connectedWorkspaces() {
                    if Task.isCancelled { break }
                    if let pass = try due(workspaceId) {
                        try await coordinator.request(workspaceId: workspaceId, pass: pass, trigger: .schedule)
                    }
                }
            } catch {
                logger.warning("scheduler tick failed; trying again next tick", ["error": String(describing: error)])
            }
            try? await Task.sleep(for: tick)
        }
        await coordinator.shutdown()
    }

    /// The pass to run now for a workspace, or nil when nothing is due.
    func due(_ workspaceId: String) throws -> SyncRun.Pass? {
        let ledger = coordinator.ledger
        if try ledger.hasAbandonedRun(workspaceId: workspaceId) { return .full }
        if try ledger.activeRun(workspaceId: workspaceId) != nil { return nil }
        let now = ledger.currentTimeMs
        let lastFull = try ledger.lastRun(workspaceId: workspaceId, status: .succeeded, pass: .full)
        guard let lastFull, let fullEnd = lastFull.finishedAtMs, now - fullEnd < reconcileIntervalMs else {
            return try recentlyAttempted(workspaceId, now: now) ? nil : .full
        }
        return try recentlyAttempted(workspaceId, now: now) ? nil : .incremental
    }

    /// True when any run of the workspace ended less than one interval ago (success or not), so a failing workspace
    /// is retried on the cadence rather than in a tight loop.
    private func recentlyAttempted(_ workspaceId: String, now: Int64) throws -> Bool {
        guard let latest = try coordinator.ledger.runs(workspaceId: workspaceId, limit: 1).first else { return false }
        let end = latest.finishedAtMs ?? latest.startedAtMs
        return now - end < intervalMs
    }
}
