import Bus
import ProtoRuntime
import Support
import Testing
import TestSupport

extension BusIntegrationTests {
    /// A service the broker knows but that has no worker left: one served from this test process, then stopped.
    static let idleService = "veles.healthtest.v1.Idle"

    static func makeIdleServiceKnown(_ bus: BusHarness) async throws {
        let worker = BusWorker(
            services: [RPCService(descriptor: ServiceDescriptor(fullName: idleService, methods: []), handlers: [:])],
            configuration: BusWorkerConfiguration(broker: bus.backend, workerName: "idle"),
            logger: Logger(process: "idle", level: .warning)
        )
        let serving = Task { try await worker.run() }
        try await bus.waitForWorkers(1, service: idleService)
        serving.cancel()
        _ = try? await serving.value
        try await bus.waitForWorkers(0, service: idleService)
    }

    /// compose.yaml checks each container with `velesctl health --service <its service>`: only that service counts.
    @Test func healthOfOneServiceReflectsThatServiceAlone() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try bus.startWorker("checked")
        try await bus.waitForWorkers(1)
        try await Self.makeIdleServiceKnown(bus)

        let (allStatus, all) = try bus.velesctl(["health"])
        #expect(allStatus == 1, "the whole bus is not serving while \(Self.idleService) has no worker: \(all)")

        for name in ["veles.bustest.v1.BusTest", "BusTest"] {
            let (status, output) = try bus.velesctl(["health", "--service", name])
            #expect(status == 0, "--service \(name): \(output)")
            #expect(output.contains("veles.bustest.v1.BusTest SERVING workers=1"), "\(output)")
            #expect(!output.contains(Self.idleService), "--service \(name) printed another service: \(output)")
        }

        let (idleStatus, idle) = try bus.velesctl(["health", "--service", "Idle"])
        #expect(idleStatus == 1, "\(idle)")
        #expect(idle.contains("\(Self.idleService) NOT_SERVING workers=0"), "\(idle)")
        #expect(!idle.contains("BusTest"), "\(idle)")

        let (unknownStatus, unknown) = try bus.velesctl(["health", "--service", "veles.nowhere.v1.Nothing"])
        #expect(unknownStatus != 0)
        #expect(unknown.contains("the broker knows no service veles.nowhere.v1.Nothing"), "\(unknown)")
    }

    /// The broker container's check asks about the broker alone (`Health` is the service the broker answers itself).
    @Test func healthOfTheBrokerIgnoresServicesWithoutWorkers() async throws {
        let bus = try BusHarness()
        try await bus.startBroker()
        try await Self.makeIdleServiceKnown(bus)
        for name in ["veles.bus.v1.Health", "Health"] {
            let (status, output) = try bus.velesctl(["health", "--service", name])
            #expect(status == 0, "--service \(name): \(output)")
            #expect(output.hasPrefix("broker SERVING services=1"), "\(output)")
            #expect(!output.contains(Self.idleService), "\(output)")
        }
    }
}
