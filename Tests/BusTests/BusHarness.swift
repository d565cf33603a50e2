import Bus
import Foundation
import Support
import TestSupport

/// A broker and test workers as real processes on private ipc endpoints, stopped when the harness goes away.
final class BusHarness: @unchecked Sendable {
    // @unchecked: children are only added from the test's own task; ChildProcess is itself thread-safe.
    let directory: TemporaryDirectory
    let frontend: String
    let backend: String
    var broker: ChildProcess?
    var workers: [String: ChildProcess] = [:]
    private var clients: [BusClient] = []

    init(tcp: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "veles-bus")
        if tcp {
            frontend = "tcp://127.0.0.1:\(try Network.freePort())"
            backend = "tcp://127.0.0.1:\(try Network.freePort())"
        } else {
            frontend = "ipc://\(directory.path)/frontend"
            backend = "ipc://\(directory.path)/backend"
        }
    }

    deinit {
        for client in clients { client.close() }
        for worker in workers.values { worker.stop(grace: .seconds(2)) }
        broker?.stop(grace: .seconds(2))
    }

    var journalDirectory: String { directory.appending("journal").path }

    /// Starts (or restarts) the broker and waits until it listens.
    @discardableResult
    func startBroker(journal: Bool = false, extra: [String] = []) async throws -> ChildProcess {
        var arguments = ["--broker-frontend", frontend, "--broker-backend", backend, "--data-dir", directory.path,
                         "--heartbeat-ms", "1000", "--log-level", "debug"]
        if !journal { arguments.append("--no-journal") }
        let process = try ChildProcess("broker", arguments: arguments + extra, logDirectory: directory.url)
        try await process.waitForLog("broker listening", timeout: .seconds(10))
        broker = process
        return process
    }

    /// Starts a test worker; call `waitForWorkers` to know the broker has it.
    @discardableResult
    func startWorker(_ name: String, concurrency: Int = 4) throws -> ChildProcess {
        let process = try ChildProcess("BusTestWorker", arguments: [
            "--broker-backend", backend, "--broker-frontend", frontend, "--name", name,
            "--concurrency", String(concurrency), "--log-level", "info",
        ], logDirectory: directory.url)
        workers[name] = process
        return process
    }

    func client(caller: String = "bustests", timeout: Duration = .seconds(5)) throws -> BusClient {
        let client = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: caller, defaultTimeout: timeout),
                                   logger: Logger(process: "bustests", level: .warning))
        clients.append(client)
        return client
    }

    /// Waits until the broker reports `count` live workers for `service`.
    func waitForWorkers(_ count: Int, service: String = Veles_Bustest_V1_BusTest.descriptor.fullName,
                        timeout: Duration = .seconds(10)) async throws {
        let client = try self.client()
        let deadline = ContinuousClock.now + timeout
        var seen = -1
        while ContinuousClock.now < deadline {
            if let health = try? await client.brokerHealth(timeout: .milliseconds(500)) {
                seen = Int(health.services.first { $0.name == service }?.liveWorkers ?? 0)
                if seen == count { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("broker has \(seen) workers of \(service), expected \(count); broker log:\n\(broker?.log.suffix(3000) ?? "")")
    }

    /// Runs velesctl against this bus and returns its exit status and standard output.
    func velesctl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = TestPaths.executable("velesctl")
        process.arguments = ["--broker-frontend", frontend, "--journal-dir", journalDirectory, "--timeout-ms", "5000"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
