import Foundation
import Testing
import TestSupport

/// `veles up` running real processes: start, readiness, restart after a crash, giving up, and a stop that leaves
/// nothing behind.
@Suite(.serialized) struct SupervisorLifecycleTests {
    /// stripe-sim alone: the first process of the demo, an HTTP server with a readiness endpoint.
    static let simOnly = ["--demo", "--only", "stripe-sim"]

    @Test func sigtermStopsEveryProcessAndLeavesNoneBehind() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"), arguments: Self.simOnly)
        let state = try await veles.waitUntilRunning()
        let sim = try #require(state.process("stripe-sim"))
        let pid = try #require(sim.pid)
        #expect(ProcessLiveness.isAlive(pid))
        #expect(sim.state == "ready")
        let health = try await HTTPClient(baseURL: veles.stripeSimURL).get("/_sim/health")
        #expect(health.status == 200)
        // The demo account answers with the key the demo connects with, and holds the dataset.
        let customers = try await veles.stripeSim.get("/v1/customers?limit=3")
        #expect(customers.status == 200)
        #expect((customers.json["data"] as? [Any])?.count == 3)
        let log = try String(contentsOf: veles.logDirectory.appendingPathComponent("stripe-sim.log"), encoding: .utf8)
        #expect(log.contains("listening on http://127.0.0.1:\(veles.ports.stripeSim)"))

        let (status, survivors) = try await veles.stop(signal: SIGTERM)
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after the stop: \(survivors)")
        #expect(veles.state()?.status == "stopped")
        #expect(veles.output.contains("stopped cleanly"))
    }

    @Test(arguments: [SIGINT, SIGHUP])
    func ctrlCAndAClosedTerminalStopLikeSigterm(signal: Int32) async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"), arguments: Self.simOnly)
        try await veles.waitUntilRunning()
        let (status, survivors) = try await veles.stop(signal: signal)
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after signal \(signal): \(survivors)")
    }

    @Test func aChildThatDoesNotExitAfterSigtermIsKilledWhenTheGraceRunsOut() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"), arguments: Self.simOnly + ["--stop-grace", "1"])
        let pid = try #require(try await veles.waitUntilRunning().process("stripe-sim")?.pid)
        // A stopped process cannot act on SIGTERM; only SIGKILL ends it.
        kill(pid, SIGSTOP)
        let started = ContinuousClock.now
        let (status, survivors) = try await veles.stop()
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after the stop: \(survivors)")
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(veles.output.contains("did not exit within the grace period; killed"))
    }

    @Test func aChildKilledWithSignal9IsStartedAgainOnItsPort() async throws {
        let folder = try TemporaryDirectory()
        let veles = try VelesUp(dataDirectory: folder.appending("data"), arguments: Self.simOnly)
        let before = try await veles.waitUntilRunning()
        let first = try #require(before.process("stripe-sim")?.pid)
        kill(first, SIGKILL)

        let after = try await veles.waitForState("stripe-sim restarted", timeout: .seconds(20)) { state in
            guard let sim = state.process("stripe-sim") else { return false }
            return sim.restarts == 1 && sim.state == "ready" && sim.pid != nil && sim.pid != first
        }
        let second = try #require(after.process("stripe-sim")?.pid)
        #expect(!ProcessLiveness.isAlive(first))
        #expect(ProcessLiveness.isAlive(second))
        let health = try await HTTPClient(baseURL: veles.stripeSimURL).get("/_sim/health")
        #expect(health.status == 200)
        #expect(veles.output.contains("exited; restarting"))
        #expect(veles.output.contains("exit=\"signal 9\""))
        #expect(veles.output.contains("ready again"))

        let (status, survivors) = try await veles.stop()
        #expect(status == 0)
        #expect(survivors.isEmpty, "still running after the stop: \(survivors)")
    }

    @Test func aProcessThatKeepsCrashingIsGivenUpWithDoublingWaitsAndEverythingStops() async throws {
        let folder = try TemporaryDirectory()
        // stripe-sim refuses a dataset that is not JSON, at every start.
        let dataset = folder.appending("broken-dataset")
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        try Data("this is not json".utf8).write(to: dataset.appendingPathComponent("stripe.json"))
        let veles = try VelesUp(dataDirectory: folder.appending("data"),
                                arguments: Self.simOnly + ["--dataset", dataset.path, "--crash-limit", "3", "--restart-backoff", "0.1"])
        let status = await veles.child.waitForExit(timeout: .seconds(30))
        #expect(status == 1, "veles up should give up and exit 1:\n\(veles.output)")
        let output = veles.output
        #expect(output.contains("keeps crashing (3 times in a row"))
        #expect(output.contains("restart_in=0.1s"), "\(output)")
        #expect(output.contains("restart_in=0.2s"), "\(output)")
        #expect(output.contains("last lines of"), "the error should show the end of the process's log")
        #expect(veles.seenPIDs.filter(ProcessLiveness.isAlive).isEmpty)
    }

    @Test func aPortAlreadyInUseIsReportedAndNothingIsStarted() async throws {
        let folder = try TemporaryDirectory()
        let ports = try VelesUp.Ports.free()
        let holder = try PortHolder(port: ports.stripeSim)
        let veles = try VelesUp(dataDirectory: folder.appending("data"), ports: ports, arguments: Self.simOnly)
        let status = await veles.child.waitForExit(timeout: .seconds(20))
        #expect(status == 1)
        #expect(veles.output.contains("port \(holder.port) on 127.0.0.1 is already in use"))
        #expect(!veles.output.contains("started log="))
    }

    @Test func aSecondSupervisorOnTheSameDataFolderIsRefused() async throws {
        let folder = try TemporaryDirectory()
        let data = folder.appending("data")
        let first = try VelesUp(dataDirectory: data, arguments: Self.simOnly)
        let running = try await first.waitUntilRunning()
        let second = try VelesUp(dataDirectory: data, arguments: Self.simOnly)
        let status = await second.child.waitForExit(timeout: .seconds(20))
        #expect(status == 1)
        #expect(second.output.contains("another `veles up` (pid \(running.supervisorPID)) is running"))
        #expect(first.child.isRunning)
        let (stopped, survivors) = try await first.stop()
        #expect(stopped == 0 && survivors.isEmpty)
    }

    @Test func aNewRunStopsWhatAKilledSupervisorLeftBehind() async throws {
        let folder = try TemporaryDirectory()
        let data = folder.appending("data")
        let ports = try VelesUp.Ports.free()
        let first = try VelesUp(dataDirectory: data, ports: ports, arguments: Self.simOnly)
        let orphan = try #require(try await first.waitUntilRunning().process("stripe-sim")?.pid)
        first.child.kill9()
        #expect(ProcessLiveness.isAlive(orphan), "a supervisor killed outright cannot stop its children")

        let second = try VelesUp(dataDirectory: data, ports: ports, arguments: Self.simOnly)
        let state = try await second.waitUntilRunning()
        #expect(!ProcessLiveness.isAlive(orphan))
        #expect(second.output.contains("stopping a process left by an earlier run"))
        let fresh = try #require(state.process("stripe-sim")?.pid)
        #expect(fresh != orphan)
        let (status, survivors) = try await second.stop()
        #expect(status == 0 && survivors.isEmpty)
    }
}
