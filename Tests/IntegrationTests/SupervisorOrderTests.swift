import Foundation
import Testing
import TestSupport

/// Processes start one after the other, each once the one before is ready, and stop in the reverse order.
@Suite(.serialized) struct SupervisorOrderTests {
    /// The supervisor's own lines, in order, that mention `process=<name>`.
    func position(of text: String, for process: String, in output: String) -> Int? {
        output.split(separator: "\n").firstIndex { $0.contains(text) && $0.contains("process=\(process)") }
    }

    @Test func eachProcessStartsAfterTheOneBeforeIsReadyAndStopsBeforeIt() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"),
                                arguments: ["--demo", "--only", "stripe-sim,broker"])
        let state = try await veles.waitUntilRunning()
        #expect(state.processes.map(\.name) == ["stripe-sim", "broker"])
        #expect(state.processes.allSatisfy { $0.state == "ready" && $0.pid.map(ProcessLiveness.isAlive) == true })
        let (status, survivors) = try await veles.stop()
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after the stop: \(survivors)")

        let output = veles.output
        let order = [("started", "stripe-sim"), ("ready", "stripe-sim"), ("started", "broker"), ("ready", "broker"),
                     ("stopped", "broker"), ("stopped", "stripe-sim")]
        let positions = order.map { position(of: $0.0, for: $0.1, in: output) }
        #expect(positions.allSatisfy { $0 != nil }, "missing lines in:\n\(output)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "out of order:\n\(output)")
    }

    @Test func aKilledBrokerIsRestartedAndAnswersHealthAgain() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"), arguments: ["--only", "broker"])
        let first = try #require(try await veles.waitUntilRunning().process("broker")?.pid)
        kill(first, SIGKILL)
        try await veles.waitForState("broker restarted", timeout: .seconds(20)) { state in
            state.process("broker").map { $0.restarts == 1 && $0.state == "ready" && $0.pid != first } ?? false
        }
        let health = try await CommandResult.run("velesctl", ["health", "--broker-frontend", "tcp://127.0.0.1:\(veles.ports.brokerFrontend)"])
        #expect(health.status == 0, "\(health.standardOutput)\(health.standardError)")
        #expect(health.standardOutput.hasPrefix("broker SERVING"))
        let (status, survivors) = try await veles.stop()
        #expect(status == 0 && survivors.isEmpty)
    }

    @Test func aBrokerOnIPCEndpointsIsReadyOnceItSaysItListens() async throws {
        let folder = try TemporaryDirectory()
        let frontend = "ipc://\(folder.path)/front.sock", backend = "ipc://\(folder.path)/back.sock"
        // Later flags win, so these replace the harness's tcp endpoints.
        let veles = try VelesUp(dataDirectory: folder.appending("data"),
                                arguments: ["--only", "broker", "--broker-frontend", frontend, "--broker-backend", backend])
        try await veles.waitUntilRunning()
        let health = try await CommandResult.run("velesctl", ["health", "--broker-frontend", frontend])
        #expect(health.standardOutput.hasPrefix("broker SERVING"), "\(health.standardOutput)\(health.standardError)")
        let (status, survivors) = try await veles.stop()
        #expect(status == 0 && survivors.isEmpty)
    }
}
