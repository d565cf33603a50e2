import Bus
import Support
import VelesAPI

/// Starts a full sync as soon as a workspace connects (the `connection.changed` event), instead of waiting for the
/// next scheduler tick. Only a shortcut: the scheduler would start the same run anyway, so a lost event loses nothing.
public struct ConnectionEventTrigger: Service {
    public let name = "connection-events"
    let bus: BusClient
    let coordinator: SyncCoordinator
    let logger: Logger

    public init(bus: BusClient, coordinator: SyncCoordinator, logger: Logger) {
        self.bus = bus
        self.coordinator = coordinator
        self.logger = logger
    }

    public func run() async throws {
        for await event in bus.subscribe(topicPrefix: "connection.changed") {
            if Task.isCancelled { break }
            guard let change = try? event.payload(as: Veles_Connection_V1_ConnectionChanged.self),
                  change.change == .connected, !change.workspaceId.isEmpty else { continue }
            do {
                try await coordinator.request(workspaceId: change.workspaceId, pass: .full, trigger: .connect)
            } catch {
                logger.warning("could not start the first sync after connect",
                               ["workspace": change.workspaceId, "error": String(describing: error)])
            }
        }
    }
}
