import Store

/// The part of a sync that knows its objects: customer-sync and catalog-sync each provide one.
///
/// The engine decides when a run happens and who runs it; the job walks Stripe and writes pages through the context,
/// which checks before every page that the connection still allows syncing.
public protocol SyncJob: Sendable {
    /// The store kind this job syncs ("customers", "products"); one lease per workspace and kind.
    var kind: String { get }
    func run(_ context: SyncContext) async throws
}

/// Whether a workspace may sync now; called before every Stripe page, so a disconnect stops a run within one page.
public protocol SyncGate: Sendable {
    /// Returns normally when syncing may go on; throws `SyncStop` when it must not.
    func check(workspaceId: String) async throws
    /// Given the error a run failed with, the stop it really stands for (a 401 from Stripe is an invalid key, not a
    /// failed run), or nil to record the run as failed.
    func translate(_ error: any Error, workspaceId: String) async -> SyncStop?
}

extension SyncGate {
    public func translate(_ error: any Error, workspaceId: String) async -> SyncStop? { nil }
}

/// Told about every run that ends, to record "last synced" with the connection service.
public protocol SyncReporter: Sendable {
    func runFinished(_ run: SyncRun) async
}

/// Lists the workspaces a scheduler should keep in sync.
public protocol WorkspaceDirectory: Sendable {
    func connectedWorkspaces() async throws -> [String]
}

/// What a job sees of its run: its record, its cursors, the gate, and the one way to write a page.
public struct SyncContext: Sendable {
    public let run: SyncRun
    public let ledger: SyncLedger
    let gate: any SyncGate

    public init(run: SyncRun, ledger: SyncLedger, gate: any SyncGate) {
        self.run = run
        self.ledger = ledger
        self.gate = gate
    }

    public var workspaceId: String { run.workspaceId }

    /// Throws `SyncStop` when the run must end now (disconnect, key invalid, shutdown); call before each Stripe call.
    public func ensureAllowed() async throws {
        if Task.isCancelled { throw SyncStop.shuttingDown }
        try await gate.check(workspaceId: run.workspaceId)
    }

    public func cursor(_ name: String) throws -> String? {
        try ledger.cursor(workspaceId: run.workspaceId, name: name)
    }

    /// Stores a page (or `pages` consecutive ones), moves the cursor and adds the counts `body` returns, in one
    /// transaction (see `SyncLedger.commitPage`).
    public func commitPage(cursorName: String, cursor: String?, pages: Int = 1,
                           _ body: (Connection) throws -> SyncCounts) throws {
        try ledger.commitPage(run, cursorName: cursorName, cursor: cursor, pages: pages, body)
    }
}

/// Tells several reporters about each run, in order (a service's own notice beside the connection's record).
public struct SyncReporterGroup: SyncReporter {
    let reporters: [any SyncReporter]

    public init(_ reporters: [any SyncReporter]) {
        self.reporters = reporters
    }

    public func runFinished(_ run: SyncRun) async {
        for reporter in reporters { await reporter.runFinished(run) }
    }
}
