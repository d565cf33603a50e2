import Bus
import SyncEngine
import VelesAPI

/// Publishes `sync.finished` with the catalog's view of every run that ends, for anyone listening on the bus.
struct SyncFinishedPublisher: SyncReporter {
    let bus: BusClient

    func runFinished(_ run: SyncRun) async {
        var event = Veles_Catalog_V1_SyncFinished()
        event.workspaceId = run.workspaceId
        event.run = ProtoMapping.run(run)
        bus.publish(topic: "sync.finished", event, workspaceId: run.workspaceId)
    }
}
