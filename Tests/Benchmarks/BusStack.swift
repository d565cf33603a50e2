import Bus
import Foundation
import Support
import TestSupport

/// A broker and echo workers started as processes for one benchmark configuration.
final class BusStack {
    private var processes: [Process] = []
    let client: BusClient

    /// `environment` is added to the broker's and workers' own, for comparing a setting in alternating windows;
    /// in it, VELES_BENCH_BROKER and VELES_BENCH_WORKER name other builds of the two, for comparing builds.
    init(build: URL, scratch: URL, workers: Int, journal: Bool, handlersOnPool: Bool = false,
         environment: [String: String] = [:]) async throws {
        let tag = UUID().uuidString.prefix(8)
        let frontend = "ipc://\(scratch.path)/front-\(tag)"
        let backend = "ipc://\(scratch.path)/back-\(tag)"
        var brokerArguments = ["--broker-frontend", frontend, "--broker-backend", backend, "--log-level", "warning",
                               "--data-dir", scratch.appendingPathComponent("data-\(tag)").path]
        if !journal { brokerArguments.append("--no-journal") }
        let brokerExecutable = environment["VELES_BENCH_BROKER"].map(URL.init(fileURLWithPath:)) ?? build.appendingPathComponent("broker")
        let workerExecutable = environment["VELES_BENCH_WORKER"].map(URL.init(fileURLWithPath:)) ?? build.appendingPathComponent("BusTestWorker")
        processes.append(try Self.launch(brokerExecutable, brokerArguments, environment: environment))
        for index in 0..<workers {
            processes.append(try Self.launch(workerExecutable, [
                "--broker-backend", backend, "--broker-frontend", frontend, "--name", "bench-\(index)",
                "--concurrency", "16", "--log-level", "warning",
            ] + (handlersOnPool ? ["--handlers-on-pool"] : []), environment: environment))
        }
        client = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "bench", defaultTimeout: .seconds(10)),
                               logger: Logger(process: "bench", level: .warning))
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let health = try? await client.brokerHealth(timeout: .milliseconds(500))
            if health?.services.first?.liveWorkers == UInt32(workers) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw BenchmarkFailure("the bus stack did not come up with \(workers) workers")
    }

    private static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func stop() {
        client.close()
        for process in processes.reversed() where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        processes.removeAll()
    }

    func measure(payload: Int, callers: Int, window: Duration) async throws -> BusBenchmark.Sample {
        var echoRequest = Veles_Bustest_V1_EchoRequest()
        echoRequest.blob = [UInt8](repeating: 0x61, count: payload)
        let request = echoRequest
        let echo = Veles_Bustest_V1_BusTestClient(channel: client)
        for _ in 0..<200 { _ = try await echo.echo(request) }
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let end = start + window
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var local: [Duration] = []
                    local.reserveCapacity(100_000)
                    while ContinuousClock.now < end {
                        let sent = ContinuousClock.now
                        _ = try await echo.echo(request)
                        local.append(ContinuousClock.now - sent)
                    }
                    return local
                }
            }
            var all: [Duration] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = ContinuousClock.now - start
        var sample = BusBenchmark.Sample(latencies: latencies, elapsed: elapsed)
        let cpuAfter = cpuSeconds()
        sample.cpuSeconds = (cpuAfter.client + cpuAfter.broker + cpuAfter.workers) - (cpuBefore.client + cpuBefore.broker + cpuBefore.workers)
        sample.cpuSplit = (cpuAfter.client - cpuBefore.client, cpuAfter.broker - cpuBefore.broker, cpuAfter.workers - cpuBefore.workers)
        return sample
    }

    /// CPU time (user and system) used so far by this process (the callers and their client), the broker and the
    /// workers. Per call it measures the bus's cost without the noise of other work on the machine.
    private func cpuSeconds() -> (client: Double, broker: Double, workers: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let client = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let perProcess = processes.map { processCPUSeconds(pid: $0.processIdentifier) ?? 0 }
        // The broker is started first, the workers after it.
        return (client, perProcess.first ?? 0, perProcess.dropFirst().reduce(0, +))
    }
}
