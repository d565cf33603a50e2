import Bus

/// `velesctl health`: each service the broker knows, its live workers, and what one of them answers; with
/// `--service`, that one service alone, so a container's health check reflects its own service and nothing else.
struct HealthCommand {
    let client: BusClient
    let timeout: Duration?
    /// The service to check, by full name or by its last part; nil checks every service the broker knows.
    let service: String?

    /// The broker answers `Health/Check` itself, so asking about this service asks about the broker alone.
    static let brokerService = Veles_Bus_V1_Health.descriptor.fullName

    /// Returns false when a service checked is not serving, for the exit status.
    func run() async throws -> Bool {
        let bus = try await client.brokerHealth(timeout: timeout)
        var checked = bus.services
        if let service {
            let name = try Self.resolve(service, known: bus.services.map(\.name))
            if name == Self.brokerService {
                print(Self.brokerLine(bus))
                return true
            }
            checked = bus.services.filter { $0.name == name }
        } else {
            print(Self.brokerLine(bus))
        }
        var allServing = true
        for entry in checked {
            let status = try await status(of: entry)
            if status != "SERVING" { allServing = false }
            print("\(entry.name) \(status) workers=\(entry.liveWorkers) idle_slots=\(entry.idleSlots) in_flight=\(entry.inFlight) queued=\(entry.queued)")
        }
        return allServing
    }

    /// SERVING only when the service has a live worker and one of its workers says so.
    private func status(of entry: Veles_Bus_V1_ServiceHealth) async throws -> String {
        guard entry.liveWorkers > 0 else { return "NOT_SERVING" }
        do {
            let answer = try await client.health(of: entry.name, timeout: timeout)
            return answer.status == .serving ? "SERVING" : "NOT_SERVING"
        } catch let error as RPCError {
            return "ERROR(\(error.code.statusName))"
        }
    }

    private static func brokerLine(_ bus: Veles_Bus_V1_CheckResponse) -> String {
        "broker SERVING services=\(bus.services.count)"
    }

    /// The full name of `name` among the services the broker knows and the broker's own, the way `velesctl call`
    /// reads service names: in full (`veles.catalog.v1.Catalog`) or by the last part (`Catalog`).
    static func resolve(_ name: String, known: [String]) throws -> String {
        let candidates = [brokerService] + known
        let matches = candidates.filter { ServiceName.service($0, isNamedBy: name) }
        guard let match = matches.first else {
            // A service is known once one of its workers has registered; before that a check must fail, not pass.
            let listed = known.isEmpty ? "none yet" : known.sorted().joined(separator: ", ")
            throw CLIError("the broker knows no service \(name) (no worker of it has registered); it knows: \(listed)")
        }
        guard matches.count == 1 else {
            throw CLIError("service name \(name) is ambiguous: \(matches.joined(separator: ", "))")
        }
        return match
    }
}
