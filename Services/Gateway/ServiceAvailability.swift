import Bus
import Synchronization

/// Which services behind the gateway the broker last reported with no live worker.
///
/// The broker holds a request for a service whose workers are gone until its deadline, and the gateway's own
/// deadline ends at the same instant, so without this every call to a dead service waited the full deadline and
/// then came back as 503 or 504 by chance. After a failed call the gateway asks the broker; a service with no
/// worker is remembered, and later calls to it are answered 503 at once for as long as the broker still says so.
final class ServiceAvailability: Sendable {
    private let bus: BusClient
    private let down = Mutex<Set<String>>([])
    private let probeTimeout: Duration

    init(bus: BusClient, probeTimeout: Duration = .milliseconds(500)) {
        self.bus = bus
        self.probeTimeout = probeTimeout
    }

    /// Throws UNAVAILABLE without calling `service` when it was seen down and the broker still has no worker of it.
    func checkBeforeCall(to service: String) async throws {
        guard down.withLock({ $0.contains(service) }) else { return }
        if await hasNoLiveWorker(service) == true { throw Self.unavailable(service) }
        _ = down.withLock { $0.remove(service) }
    }

    /// The error a failed call to `service` is shown as: a timeout or UNAVAILABLE while the broker has no worker of
    /// the service becomes a plain UNAVAILABLE (503 with Retry-After), and the service is remembered as down.
    func explain(_ error: any Error, calling service: String) async -> any Error {
        guard let rpc = error as? RPCError, rpc.code == .unavailable || rpc.code == .deadlineExceeded,
              await hasNoLiveWorker(service) == true else { return error }
        _ = down.withLock { $0.insert(service) }
        return Self.unavailable(service)
    }

    /// Nil when the broker did not answer either: then nothing is known and the call's own error stands.
    private func hasNoLiveWorker(_ service: String) async -> Bool? {
        guard let health = try? await bus.brokerHealth(timeout: probeTimeout) else { return nil }
        return !health.services.contains { $0.name == service && $0.liveWorkers > 0 }
    }

    private static func unavailable(_ service: String) -> RPCError {
        RPCError(.unavailable, "\(service) has no running worker; retry after a moment")
    }
}
