import Bus
import Foundation
import HTTPServer

/// `/healthz` (each service and its live workers, from the broker) and `/readyz` (this gateway can serve).
struct HealthProbe: Sendable {
    let bus: BusClient
    let store: GatewayStore
    /// The services the API needs; healthz is 503 while any has no live worker.
    static let requiredServices = [GatewayAPI.connectionService, GatewayAPI.customersService, GatewayAPI.catalogService]

    func healthz() async -> HTTPResponse {
        do {
            let reply = try await bus.brokerHealth(timeout: .seconds(2))
            let services = reply.services.map { service -> [String: Any] in
                ["name": service.name, "live_workers": service.liveWorkers, "idle_slots": service.idleSlots,
                 "queued": service.queued, "in_flight": service.inFlight]
            }
            let live = Set(reply.services.filter { $0.liveWorkers > 0 }.map(\.name))
            let missing = Self.requiredServices.filter { !live.contains($0) }
            let json: [String: Any] = ["status": missing.isEmpty ? "serving" : "degraded", "broker": "reachable",
                                       "services": services, "missing": missing]
            return .json(missing.isEmpty ? 200 : 503, JSONOutput.encode(json))
        } catch {
            let json: [String: Any] = ["status": "not_serving", "broker": "unreachable",
                                       "error": String(describing: error), "services": [Any](), "missing": Self.requiredServices]
            return .json(503, JSONOutput.encode(json))
        }
    }

    func readyz() async -> HTTPResponse {
        do {
            _ = try store.workspaces()
            _ = try await bus.brokerHealth(timeout: .seconds(2))
            return .json(200, JSONOutput.encode(["ready": true]))
        } catch {
            return .json(503, JSONOutput.encode(["ready": false, "error": String(describing: error)]))
        }
    }
}
