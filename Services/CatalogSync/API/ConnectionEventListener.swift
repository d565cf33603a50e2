import Bus
import Support
import SyncEngine
import VelesAPI

/// Listens to `connection.changed`: a Connect starts a full pass at once (trigger `connect`) instead of waiting for
/// the next tick; the other changes need nothing here, because the gate asks the connection service before every page.
struct ConnectionEventListener: Service {
    let name = "connection-listener"
    let bus: BusClient
    let coordinator: SyncCoordinator
    let logger: Logger

    func run() async throws {
        for await event in bus.subscribe(topicPrefix: "connection.changed") {
            guard let changed = try? event.payload(as: Veles_Connection_V1_ConnectionChanged.self),
                  changed.change == .connected, !changed.workspaceId.isEmpty else { continue }
            do {
                try await coordinator.request(workspaceId: changed.workspaceId, pass: .full, trigger: .connect)
            } catch {
                logger.warning("could not start the sync after a connect", ["workspace": changed.workspaceId, "error": String(describing: error)])
            }
        }
    }
}
