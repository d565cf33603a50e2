import Bus
import Foundation
import ProtoRuntime
import Support
import Synchronization

/// `bench: bus.*` lines: echo through the broker against a raw libzmq REQ/REP round trip and a C++ gRPC peer,
/// for two payload sizes, 1 and 16 callers, 1 and 4 workers, journal off and on.
enum BusBenchmark {
    struct Sample {
        var latencies: [Duration]
        var elapsed: Duration
        /// CPU used by every process taking part, when known.
        var cpuSeconds: Double?

        var callsPerSecond: Double { Double(latencies.count) / elapsed.seconds }
        func percentile(_ p: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].microseconds
        }
        var line: String {
            var line = String(format: "p50_us=%.1f p99_us=%.1f calls_s=%.0f", percentile(0.5), percentile(0.99), callsPerSecond)
            if let cpuSeconds, !latencies.isEmpty {
                line += String(format: " cpu_us_per_call=%.1f", cpuSeconds / Double(latencies.count) * 1e6)
            }
            return line
        }
    }

    static let payloads = [64, 4096]
    static let window: Duration = .seconds(2)

    /// The entry `main.swift` calls: runs the async benchmark to its end on the cooperative pool and waits for it.
    static func run() throws {
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await measureAll() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    static func measureAll() async throws {
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("veles-bench-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // For profiling one setup: VELES_BENCH_BUS_WORKERS=4 runs only the 4-worker stacks, without the peers.
        let only = ProcessInfo.processInfo.environment["VELES_BENCH_BUS_WORKERS"]
        var raw: [Int: Sample] = [:]
        for payload in payloads where only == nil {
            // The ratio is taken against the two-process round trip: one bus hop is one process to another.
            let sample = try RawRoundTrip.measure(payload: payload, window: window, inProcess: false)
            raw[payload] = sample
            emit("bench: bus.zmq-reqrep payload=\(payload) callers=1 processes=2 \(sample.line)")
            let shared = try RawRoundTrip.measure(payload: payload, window: window, inProcess: true)
            emit("bench: bus.zmq-reqrep payload=\(payload) callers=1 processes=1 \(shared.line)")
        }
        let grpc = GRPCPeer(buildDirectory: build, scratch: scratch)
        var grpcSamples: [String: GRPCPeer.Result] = [:]
        for payload in payloads where only == nil {
            for callers in [1, 16] {
                if let result = try? grpc.measure(payload: payload, callers: callers, seconds: window.seconds) {
                    grpcSamples["\(payload)/\(callers)"] = result
                    emit("bench: bus.grpc-echo payload=\(payload) callers=\(callers) \(result.line)")
                } else {
                    emit("bench: bus.grpc-echo payload=\(payload) callers=\(callers) skipped=1 reason=\(grpc.problem ?? "unknown")")
                }
            }
        }
        var journalOff: [String: Sample] = [:]
        for journal in [false, true] {
            for workers in [1, 4] where only == nil || only == "\(workers)" {
                let stack = try await BusStack(build: build, scratch: scratch, workers: workers, journal: journal)
                defer { stack.stop() }
                for payload in payloads {
                    for callers in [1, 16] where journal == false || callers == 16 {
                        let sample = try await stack.measure(payload: payload, callers: callers, window: window)
                        var line = "bench: bus.echo payload=\(payload) callers=\(callers) workers=\(workers) journal=\(journal ? "on" : "off") \(sample.line)"
                        if callers == 1, let raw = raw[payload] {
                            line += String(format: " p50_vs_raw=%.2f", sample.percentile(0.5) / raw.percentile(0.5))
                        }
                        if let peer = grpcSamples["\(payload)/\(callers)"] {
                            line += String(format: " calls_s_vs_grpc=%.2f", sample.callsPerSecond / peer.callsPerSecond)
                        }
                        if journal, let off = journalOff["\(payload)/\(callers)/\(workers)"] {
                            line += String(format: " journal_cost_pct=%.1f", (1 - sample.callsPerSecond / off.callsPerSecond) * 100)
                        } else if !journal {
                            journalOff["\(payload)/\(callers)/\(workers)"] = sample
                        }
                        emit(line)
                    }
                }
            }
        }
    }
}

extension Duration {
    var microseconds: Double { seconds * 1e6 }
}

/// Writes a result line at once, unbuffered, so a slow or interrupted run still shows what it measured.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
