import Bus

/// `velesctl health`: each service the broker knows, its live workers, and what one of them answers.
struct HealthCommand {
    let client: BusClient
    let timeout: Duration?

    /// Returns false when some service is not serving, for the exit status.
    func run() async throws -> Bool {
        let bus = try await client.brokerHealth(timeout: timeout)
        print("broker SERVING services=\(bus.services.count)")
        var allServing = true
        for service in bus.services {
            var status = "NOT_SERVING"
            if service.liveWorkers > 0 {
                do {
                    let answer = try await client.health(of: service.name, timeout: timeout)
                    status = answer.status == .serving ? "SERVING" : "NOT_SERVING"
                } catch let error as RPCError {
                    status = "ERROR(\(error.code.statusName))"
                }
            }
            if status != "SERVING" { allServing = false }
            print("\(service.name) \(status) workers=\(service.liveWorkers) idle_slots=\(service.idleSlots) in_flight=\(service.inFlight) queued=\(service.queued)")
        }
        return allServing
    }
}
