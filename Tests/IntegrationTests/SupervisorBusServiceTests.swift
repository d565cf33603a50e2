import Foundation
import Testing
import TestSupport

/// Bus services count as ready only once the broker reports their workers, one more with each copy started.
@Suite(.serialized) struct SupervisorBusServiceTests {
    func health(_ veles: VelesUp) async throws -> String {
        try await CommandResult.run("velesctl", ["health", "--broker-frontend", "tcp://127.0.0.1:\(veles.ports.brokerFrontend)"]).standardOutput
    }

    @Test func eachWorkerOfASyncServiceStartsOnceTheOneBeforeHasRegistered() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"),
                                arguments: ["--only", "broker,catalog-sync", "--catalog-sync-workers", "2"])
        let state = try await veles.waitUntilRunning()
        #expect(state.processes.map(\.name) == ["broker", "catalog-sync-1", "catalog-sync-2"])
        #expect(try await health(veles).contains("veles.catalog.v1.Catalog SERVING workers=2"))
        let lines = veles.output.split(separator: "\n")
        let firstReady = try #require(lines.firstIndex { $0.contains("ready process=catalog-sync-1") })
        let secondStarted = try #require(lines.firstIndex { $0.contains("started") && $0.contains("process=catalog-sync-2") })
        #expect(firstReady < secondStarted)
        for copy in [1, 2] {
            #expect(FileManager.default.fileExists(atPath: veles.logDirectory.appendingPathComponent("catalog-sync-\(copy).log").path))
        }
        let (status, survivors) = try await veles.stop()
        #expect(status == 0 && survivors.isEmpty, "still running: \(survivors)")
    }

    @Test func aKilledWorkerIsReplacedAndTheServiceHasItsWorkersAgain() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"),
                                arguments: ["--only", "broker,catalog-sync", "--catalog-sync-workers", "2"])
        let victim = try #require(try await veles.waitUntilRunning().process("catalog-sync-2")?.pid)
        kill(victim, SIGKILL)
        try await veles.waitForState("catalog-sync-2 restarted", timeout: .seconds(20)) { state in
            state.process("catalog-sync-2").map { $0.restarts == 1 && $0.pid != victim && $0.state == "ready" } ?? false
        }
        // The broker forgets the dead worker within its liveness window; then two live ones remain.
        let deadline = ContinuousClock.now + .seconds(10)
        var report = ""
        while ContinuousClock.now < deadline {
            report = try await health(veles)
            if report.contains("veles.catalog.v1.Catalog SERVING workers=2") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(report.contains("veles.catalog.v1.Catalog SERVING workers=2"), "\(report)")
        #expect(veles.state()?.process("catalog-sync-1")?.restarts == 0)
        let (status, survivors) = try await veles.stop()
        #expect(status == 0 && survivors.isEmpty, "still running: \(survivors)")
    }

    @Test func everyServiceBehindTheGatewayRunsWithItsWorkersAndStopsCleanly() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"),
                                arguments: ["--demo", "--only", "stripe-sim,broker,connection,customer-sync,catalog-sync"])
        let state = try await veles.waitUntilRunning()
        #expect(state.processes.map(\.name) == ["stripe-sim", "broker", "connection", "customer-sync-1", "customer-sync-2",
                                                "catalog-sync-1", "catalog-sync-2"])
        let report = try await health(veles)
        for line in ["veles.connection.v1.Connection SERVING workers=1", "veles.customers.v1.CustomerSync SERVING workers=2",
                     "veles.catalog.v1.Catalog SERVING workers=2"] {
            #expect(report.contains(line), "\(report)")
        }
        let (status, survivors) = try await veles.stop()
        #expect(status == 0 && survivors.isEmpty, "still running: \(survivors)")
        #expect(veles.seenPIDs.count == 7)
    }
}
