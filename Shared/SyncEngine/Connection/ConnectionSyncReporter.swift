import Bus
import Support
import VelesAPI

/// Reports each finished run to the connection service (`RecordSync`), which keeps the "last synced" times.
public struct ConnectionSyncReporter: SyncReporter {
    let connection: Veles_Connection_V1_ConnectionClient
    let kind: Veles_Connection_V1_SyncKind
    let access: ConnectionStripeAccess
    let logger: Logger

    public init(channel: any RPCChannel, kind: Veles_Connection_V1_SyncKind, access: ConnectionStripeAccess, logger: Logger) {
        connection = Veles_Connection_V1_ConnectionClient(channel: channel)
        self.kind = kind
        self.access = access
        self.logger = logger
    }

    public func runFinished(_ run: SyncRun) async {
        // A stopped run (disconnect, invalid key) says nothing about whether syncing works; it is kept in the run list.
        guard run.status == .succeeded || run.status == .failed else { return }
        var request = Veles_Connection_V1_RecordSyncRequest()
        request.kind = kind
        request.atMs = run.finishedAtMs ?? run.startedAtMs
        request.outcome = run.status == .succeeded ? .succeeded : .failed
        request.error = run.error
        request.generation = (try? await access.access(workspaceId: run.workspaceId))?.generation ?? 0
        do {
            _ = try await connection.recordSync(request, options: CallOptions(workspaceId: run.workspaceId))
        } catch {
            logger.warning("could not record the sync run with the connection service",
                           ["workspace": run.workspaceId, "run": run.runId, "error": String(describing: error)])
        }
    }
}
