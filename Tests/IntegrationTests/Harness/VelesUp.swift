import Foundation
import Testing
import TestSupport

/// `veles up` started by a test the way `make run` starts it, on ports and a data folder of the test's own.
///
/// Every child pid the supervisor ever records is remembered, so a test can check that none survives a stop, and
/// releasing the value stops the supervisor and then kills any recorded child still alive, so a failing test leaves
/// nothing running.
final class VelesUp: @unchecked Sendable {
    // @unchecked: `seen` is guarded by `lock`; everything else is set in init.
    /// The ports of one run.
    struct Ports: Sendable {
        let gateway: Int
        let stripeSim: Int
        let brokerFrontend: Int
        let brokerBackend: Int

        static func free() throws -> Ports {
            Ports(gateway: try Network.freePort(), stripeSim: try Network.freePort(),
                  brokerFrontend: try Network.freePort(), brokerBackend: try Network.freePort())
        }
    }

    let dataDirectory: URL
    let ports: Ports
    let child: ChildProcess
    private let lock = NSLock()
    private var seen: Set<Int32> = []

    /// The flags every test run gets on top of its own: short grace and backoff so tests stay quick.
    static let quickFlags = ["--stop-grace", "3", "--restart-backoff", "0.2", "--ready-timeout", "30"]

    init(dataDirectory: URL, ports: Ports? = nil, arguments: [String] = [], environment: [String: String] = [:]) throws {
        self.dataDirectory = dataDirectory
        let ports = try ports ?? Ports.free()
        self.ports = ports
        let wiring = [
            "--data-dir", dataDirectory.path,
            "--http-port", String(ports.gateway), "--stripe-sim-port", String(ports.stripeSim),
            "--broker-frontend", "tcp://127.0.0.1:\(ports.brokerFrontend)",
            "--broker-backend", "tcp://127.0.0.1:\(ports.brokerBackend)",
        ]
        child = try ChildProcess("veles", arguments: ["up"] + wiring + Self.quickFlags + arguments,
                                 environment: environment, logDirectory: dataDirectory.deletingLastPathComponent())
    }

    deinit {
        child.stop(grace: .seconds(15))
        for pid in lock.withLock({ seen }) where ProcessLiveness.isAlive(pid) {
            kill(pid, SIGKILL)
        }
    }

    var stateFile: URL { dataDirectory.appendingPathComponent("veles-state.json") }
    var logDirectory: URL { dataDirectory.appendingPathComponent("logs") }
    var gatewayURL: URL { URL(string: "http://127.0.0.1:\(ports.gateway)")! }
    var stripeSimURL: URL { URL(string: "http://127.0.0.1:\(ports.stripeSim)")! }
    /// The gateway's API with `token` (from `waitForDemo()["VELES_API_TOKEN"]`).
    func gateway(token: String) -> HTTPClient { HTTPClient(baseURL: gatewayURL, bearer: token) }
    /// stripe-sim's Stripe API with the demo account's test key, and its `/_sim` control endpoints.
    var stripeSim: HTTPClient { HTTPClient(baseURL: stripeSimURL, bearer: Self.demoStripeKey) }
    /// The test key of stripe-sim's demo account (what `veles up --demo` connects with).
    static let demoStripeKey = "sk_test_veles_demo_4242"

    /// What the supervisor printed (its own log lines and, with `--demo`, the summary).
    var output: String { child.log }
    /// Every child pid recorded so far.
    var seenPIDs: [Int32] { lock.withLock { Array(seen) } }

    /// The state file as it is now (remembering the pids it names).
    func state() -> RecordedState? {
        guard let state = RecordedState.read(from: stateFile) else { return nil }
        lock.withLock { seen.formUnion(state.processes.compactMap(\.pid)) }
        return state
    }

    /// Waits until the state satisfies `condition`; fails with the supervisor's output if it exits or time runs out.
    @discardableResult
    func waitForState(_ what: String, timeout: Duration = .seconds(60),
                      _ condition: (RecordedState) -> Bool) async throws -> RecordedState {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            // A state file left by an earlier run on the same folder is not this run's.
            if let state = state(), state.supervisorPID == child.pid, condition(state) { return state }
            guard child.isRunning else { throw HarnessError("veles up exited before \(what):\n\(output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("veles up did not reach \(what) within \(timeout):\n\(output)")
    }

    /// Waits until every process is started and ready.
    @discardableResult
    func waitUntilRunning(timeout: Duration = .seconds(60)) async throws -> RecordedState {
        try await waitForState("running", timeout: timeout) { $0.status == "running" }
    }

    /// With `--demo`: waits for the printed summary and returns `data/demo.env` as a dictionary.
    func waitForDemo(timeout: Duration = .seconds(120)) async throws -> [String: String] {
        try await child.waitForLog("Press Ctrl-C to stop everything.", timeout: timeout)
        let text = try String(contentsOf: dataDirectory.appendingPathComponent("demo.env"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// Sends `signal` (SIGTERM unless told) and waits for the supervisor to exit; returns its status and the
    /// recorded child pids still alive once it has (a clean stop leaves none).
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async throws -> (status: Int32, survivors: [Int32]) {
        _ = state()
        child.signal(signal)
        guard let status = await child.waitForExit(timeout: timeout) else {
            throw HarnessError("veles up did not exit within \(timeout) of signal \(signal):\n\(output)")
        }
        return (status, seenPIDs.filter(ProcessLiveness.isAlive))
    }
}
