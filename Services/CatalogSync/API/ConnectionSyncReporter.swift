import Bus
import Support
import SyncEngine
import VelesAPI

/// Tells the connection service how each run ended (a success moves Products Last Synced) and publishes
/// `sync.finished` for anyone listening.
struct ConnectionSyncReporter: SyncReporter {
    let connection: Veles_Connection_V1_ConnectionClient
    let bus: BusClient
    let access: any StripeAccess
    let logger: Logger

    func runFinished(_ run: SyncRun) async {
        var request = Veles_Connection_V1_RecordSyncRequest()
        request.kind = .products
        request.atMs = run.finishedAtMs ?? run.startedAtMs
        request.outcome = run.status == .succeeded ? .succeeded : .failed
        request.error = run.error
        request.generation = (try? await access.session(workspaceId: run.workspaceId).generation) ?? 0
        do {
            _ = try await connection.recordSync(request, options: CallOptions(workspaceId: run.workspaceId))
        } catch {
            logger.warning("could not record the sync with the connection service",
                           ["workspace": run.workspaceId, "run": run.runId, "error": String(describing: error)])
        }
        var event = Veles_Catalog_V1_SyncFinished()
        event.workspaceId = run.workspaceId
        event.run = ProtoMapping.run(run)
        bus.publish(topic: "sync.finished", event, workspaceId: run.workspaceId)
    }
}
