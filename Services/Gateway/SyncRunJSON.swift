import VelesAPI

/// The fields a sync run has in both sync services' protos, so the API renders every run one way.
protocol SyncRunFields {
    var runId: String { get }
    var pass: String { get }
    var trigger: String { get }
    var startedAtMs: Int64 { get }
    var finishedAtMs: Int64 { get }
    var error: String { get }
    var created: Int32 { get }
    var updated: Int32 { get }
    var deleted: Int32 { get }
    var matched: Int32 { get }
    var unmatched: Int32 { get }
    var pages: Int32 { get }
    /// "running", "succeeded", "failed" or "stopped".
    var outcomeName: String { get }
}

extension Veles_Customers_V1_SyncRun: SyncRunFields {
    var outcomeName: String {
        switch status {
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .stopped: "stopped"
        default: "unknown"
        }
    }
}

extension Veles_Catalog_V1_SyncRun: SyncRunFields {
    var outcomeName: String {
        switch status {
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .stopped: "stopped"
        default: "unknown"
        }
    }
}

extension GatewayAPI {
    /// The body of both tabs' `sync-runs` routes: one page of runs, newest first; `next_cursor` (passed back as
    /// `cursor`) reaches the older ones.
    static func syncRunsPage(_ runs: [some SyncRunFields], nextCursor: String) -> [UInt8] {
        var rows: [Any] = []
        for run in runs { rows.append(runJSON(run)) }
        return JSONOutput.encode(JSONOutput.page(rows, hasMore: !nextCursor.isEmpty, nextCursor: nextCursor))
    }

    static func runJSON(_ run: some SyncRunFields) -> [String: Any] {
        [
            "run_id": run.runId, "outcome": run.outcomeName, "pass": run.pass, "trigger": run.trigger,
            "started_at": JSONOutput.time(run.startedAtMs), "finished_at": JSONOutput.time(run.finishedAtMs),
            "error": JSONOutput.optional(run.error),
            "counts": ["created": run.created, "updated": run.updated, "deleted": run.deleted,
                       "matched": run.matched, "unmatched": run.unmatched, "pages": run.pages],
        ]
    }
}
