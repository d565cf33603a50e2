/// The record of one sync run, as kept in the store and listed for troubleshooting.
public struct SyncRun: Sendable, Hashable {
    /// Where a run is in its life; `failed` and `stopped` keep the reason in `error`.
    public enum Status: String, Sendable {
        case running
        case succeeded
        case failed
        /// Ended early on purpose (disconnect, key invalid, shutdown of the last worker).
        case stopped
    }

    /// Which pass: a full walk over every object (backfill and reconcile) or an events catch-up.
    public enum Pass: String, Sendable {
        case full
        case incremental
    }

    /// What started the run.
    public enum Trigger: String, Sendable {
        case manual
        case schedule
        case connect
    }

    public let runId: String
    public let workspaceId: String
    public let kind: String
    public let pass: Pass
    public let trigger: Trigger
    public var status: Status
    public let startedAtMs: Int64
    public var finishedAtMs: Int64?
    public var counts: SyncCounts
    public var pages: Int
    public var error: String

    public init(runId: String, workspaceId: String, kind: String, pass: Pass, trigger: Trigger, status: Status,
                startedAtMs: Int64, finishedAtMs: Int64?, counts: SyncCounts, pages: Int, error: String) {
        self.runId = runId
        self.workspaceId = workspaceId
        self.kind = kind
        self.pass = pass
        self.trigger = trigger
        self.status = status
        self.startedAtMs = startedAtMs
        self.finishedAtMs = finishedAtMs
        self.counts = counts
        self.pages = pages
        self.error = error
    }
}
