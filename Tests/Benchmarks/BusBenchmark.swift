import Bus
import Foundation
import ProtoRuntime
import Support
import Synchronization

/// `bench: bus.*` lines: echo through the broker against a raw libzmq REQ/REP round trip and a C++ gRPC peer,
/// for two payload sizes, 1 and 16 callers, 1 and 4 workers, journal off and on. Each line also gives the CPU
/// time all taking processes spent per call, which other load on the machine disturbs far less than the rates.
enum BusBenchmark {
    struct Sample {
        var latencies: [Duration]
        var elapsed: Duration
        /// CPU used by every process taking part, when known.
        var cpuSeconds: Double?
        /// The same, split between the calling process, the broker and all workers.
        var cpuSplit: (client: Double, broker: Double, workers: Double)?

        var callsPerSecond: Double { Double(latencies.count) / elapsed.seconds }
        var cpuPerCall: Double? { cpuSeconds.map { $0 / Double(max(1, latencies.count)) } }

        /// Folds in another window of the same setup.
        mutating func add(_ other: Sample) {
            latencies += other.latencies
            elapsed += other.elapsed
            if let mine = cpuSeconds, let theirs = other.cpuSeconds { cpuSeconds = mine + theirs }
            if let mine = cpuSplit, let theirs = other.cpuSplit {
                cpuSplit = (mine.client + theirs.client, mine.broker + theirs.broker, mine.workers + theirs.workers)
            }
        }
        func percentile(_ p: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].microseconds
        }
        var line: String {
            // The slowest call shows a stall that p99 hides (one stuck call stretches the whole window).
            let slowest = latencies.max()?.microseconds ?? 0
            var line = String(format: "p50_us=%.1f p99_us=%.1f max_us=%.0f calls_s=%.0f", percentile(0.5), percentile(0.99), slowest,
                              callsPerSecond)
            if let cpuPerCall, let cpuSeconds {
                // How much of the machine the processes kept busy: well under 100 means the calls waited on
                // wake-ups, not on CPU.
                let busy = cpuSeconds / elapsed.seconds / Double(ProcessInfo.processInfo.activeProcessorCount) * 100
                line += String(format: " cpu_us_per_call=%.1f cpu_busy_pct=%.0f", cpuPerCall * 1e6, busy)
            }
            if let cpuSplit {
                let calls = Double(max(1, latencies.count))
                line += String(format: " cpu_us_client=%.1f cpu_us_broker=%.1f cpu_us_workers=%.1f",
                               cpuSplit.client / calls * 1e6, cpuSplit.broker / calls * 1e6, cpuSplit.workers / calls * 1e6)
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

        // For profiling one setup: VELES_BENCH_BUS_WORKERS=4 runs only the 4-worker stacks, without the peers;
        // VELES_BENCH_BUS_HOLD=payload,callers,workers,seconds holds one load (journal off) long enough to profile
        // (with VELES_BENCH_BUS_POOL=1 the workers run every handler on Swift's pool, with VELES_BENCH_BUS_JOURNAL=1
        // the broker journals).
        if let hold = ProcessInfo.processInfo.environment["VELES_BENCH_BUS_HOLD"] {
            let numbers = hold.split(separator: ",").compactMap { Int($0) }
            guard numbers.count == 4 else { throw BenchmarkFailure("VELES_BENCH_BUS_HOLD wants payload,callers,workers,seconds") }
            let journal = ProcessInfo.processInfo.environment["VELES_BENCH_BUS_JOURNAL"] == "1"
            let handlersOnPool = ProcessInfo.processInfo.environment["VELES_BENCH_BUS_POOL"] == "1"
            let stack = try await BusStack(build: build, scratch: scratch, workers: numbers[2], journal: journal,
                                           handlersOnPool: handlersOnPool)
            defer { stack.stop() }
            let setup = "payload=\(numbers[0]) callers=\(numbers[1]) workers=\(numbers[2]) journal=\(journal ? "on" : "off")"
            // VELES_BENCH_BUS_AB=NAME=VALUE[,NAME=VALUE…] starts a second stack whose broker and workers get those
            // variables, and alternates eight windows between the two: the machine's speed drifts too much for two
            // runs one after the other to tell a change of a few percent.
            if let assignments = ProcessInfo.processInfo.environment["VELES_BENCH_BUS_AB"] {
                var environment: [String: String] = [:]
                for assignment in assignments.split(separator: ",") {
                    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { throw BenchmarkFailure("VELES_BENCH_BUS_AB wants NAME=VALUE[,NAME=VALUE…]") }
                    environment[parts[0]] = parts[1]
                }
                let other = try await BusStack(build: build, scratch: scratch, workers: numbers[2], journal: journal,
                                               handlersOnPool: handlersOnPool, environment: environment)
                defer { other.stop() }
                let slice = Duration.seconds(numbers[3]) / 8
                var plain = try await stack.measure(payload: numbers[0], callers: numbers[1], window: slice)
                var changed = try await other.measure(payload: numbers[0], callers: numbers[1], window: slice)
                for _ in 1..<8 {
                    plain.add(try await stack.measure(payload: numbers[0], callers: numbers[1], window: slice))
                    changed.add(try await other.measure(payload: numbers[0], callers: numbers[1], window: slice))
                }
                emit("bench: bus.echo \(setup) variant=plain \(plain.line)")
                emit("bench: bus.echo \(setup) variant=\(assignments) \(changed.line)" +
                     String(format: " calls_s_vs_plain=%.3f p50_vs_plain=%.3f", changed.callsPerSecond / plain.callsPerSecond,
                            changed.percentile(0.5) / plain.percentile(0.5)))
                return
            }
            let sample = try await stack.measure(payload: numbers[0], callers: numbers[1], window: .seconds(numbers[3]))
            emit("bench: bus.echo \(setup) \(sample.line)")
            return
        }
        let only = ProcessInfo.processInfo.environment["VELES_BENCH_BUS_WORKERS"]
        for payload in payloads where only == nil {
            // The ratio is taken against the two-process round trip (one bus hop is one process to another),
            // measured again in windows between the bus's own.
            let sample = try RawRoundTrip.measure(payload: payload, window: window, inProcess: false)
            emit("bench: bus.zmq-reqrep payload=\(payload) callers=1 processes=2 \(sample.line)")
            let shared = try RawRoundTrip.measure(payload: payload, window: window, inProcess: true)
            emit("bench: bus.zmq-reqrep payload=\(payload) callers=1 processes=1 \(shared.line)")
        }
        let grpc = GRPCPeer(buildDirectory: build, scratch: scratch)
        var grpcSamples: [String: GRPCPeer.Result] = [:]
        // The lone caller's peer is measured here; the 16-caller peer in windows between the bus's own (below).
        for payload in payloads where only == nil {
            if let result = try? grpc.measure(payload: payload, callers: 1, seconds: window.seconds) {
                grpcSamples["\(payload)/1"] = result
                emit("bench: bus.grpc-echo payload=\(payload) callers=1 \(result.line)")
            } else {
                emit("bench: bus.grpc-echo payload=\(payload) callers=1 skipped=1 reason=\(grpc.problem ?? "unknown")")
            }
        }
        for workers in [1, 4] where only == nil || only == "\(workers)" {
            // Both stacks stay up and the journal comparison alternates short windows between them, so a change
            // in the machine's other load hits both sides alike.
            let plain = try await BusStack(build: build, scratch: scratch, workers: workers, journal: false)
            defer { plain.stop() }
            let journaled = try await BusStack(build: build, scratch: scratch, workers: workers, journal: true)
            defer { journaled.stop() }
            for payload in payloads {
                for callers in [1, 16] {
                    let slice = callers == 16 ? window / 4 : window / 2
                    var off: Sample
                    var on: Sample?
                    var rawAlongside: Sample?
                    // The ratio of each pair of neighbouring windows as well as of their sums: how far apart the
                    // pairs lie shows whether a ratio near its goal is on one side of it or only on average.
                    var p50RatioByWindow: [Double] = []
                    var grpcRatioByWindow: [Double] = []
                    if callers == 1, only == nil {
                        // The raw round trip in windows between the bus's own, for the same reason as the peer's.
                        let pair = try RawRoundTrip(payload: payload, inProcess: false)
                        defer { pair.close() }
                        off = try await plain.measure(payload: payload, callers: callers, window: slice / 4)
                        var rawWindows = try pair.measure(window: slice / 4)
                        p50RatioByWindow = [off.percentile(0.5) / rawWindows.percentile(0.5)]
                        for _ in 0..<3 {
                            let busWindow = try await plain.measure(payload: payload, callers: callers, window: slice / 4)
                            let rawWindow = try pair.measure(window: slice / 4)
                            p50RatioByWindow.append(busWindow.percentile(0.5) / rawWindow.percentile(0.5))
                            off.add(busWindow)
                            rawWindows.add(rawWindow)
                        }
                        rawAlongside = rawWindows
                    } else {
                        off = try await plain.measure(payload: payload, callers: callers, window: slice)
                    }
                    var peerWindows: [GRPCPeer.Result] = []
                    if callers == 16 {
                        // Four windows a side, the gRPC peer's between them: with fewer, or with the peer measured
                        // at another moment, a drift in the machine's speed could decide the comparison.
                        var busRate = off.callsPerSecond
                        for round in 0..<4 {
                            let journaledSlice = try await journaled.measure(payload: payload, callers: callers, window: slice)
                            if on == nil { on = journaledSlice } else { on?.add(journaledSlice) }
                            if only == nil, let peer = try? grpc.measure(payload: payload, callers: callers, seconds: slice.seconds) {
                                peerWindows.append(peer)
                                grpcRatioByWindow.append(busRate / peer.callsPerSecond)
                            }
                            if round < 3 {
                                let busWindow = try await plain.measure(payload: payload, callers: callers, window: slice)
                                busRate = busWindow.callsPerSecond
                                off.add(busWindow)
                            }
                        }
                        if only == nil {
                            if let peer = GRPCPeer.Result(windows: peerWindows) {
                                grpcSamples["\(payload)/\(callers)"] = peer
                                emit("bench: bus.grpc-echo payload=\(payload) callers=\(callers) alongside_workers=\(workers) \(peer.line)")
                            } else {
                                grpcSamples["\(payload)/\(callers)"] = nil
                                emit("bench: bus.grpc-echo payload=\(payload) callers=\(callers) skipped=1 reason=\(grpc.problem ?? "unknown")")
                            }
                        }
                    }
                    var line = "bench: bus.echo payload=\(payload) callers=\(callers) workers=\(workers) journal=off \(off.line)"
                    if let rawAlongside {
                        line += String(format: " p50_vs_raw=%.2f raw_p50_us=%.1f", off.percentile(0.5) / rawAlongside.percentile(0.5),
                                       rawAlongside.percentile(0.5)) + Self.spread("p50_vs_raw", p50RatioByWindow)
                    }
                    let peer = grpcSamples["\(payload)/\(callers)"]
                    if let peer {
                        line += String(format: " calls_s_vs_grpc=%.2f", off.callsPerSecond / peer.callsPerSecond) +
                            Self.spread("calls_s_vs_grpc", grpcRatioByWindow)
                    }
                    emit(line)
                    guard let on else { continue }
                    line = "bench: bus.echo payload=\(payload) callers=\(callers) workers=\(workers) journal=on \(on.line)"
                    if let peer {
                        line += String(format: " calls_s_vs_grpc=%.2f", on.callsPerSecond / peer.callsPerSecond)
                    }
                    line += String(format: " journal_cost_pct=%.1f", (1 - on.callsPerSecond / off.callsPerSecond) * 100)
                    if let onCPU = on.cpuPerCall, let offCPU = off.cpuPerCall {
                        line += String(format: " journal_cpu_cost_pct=%.1f", (onCPU / offCPU - 1) * 100)
                    }
                    emit(line)
                }
            }
        }
    }
}

extension BusBenchmark {
    /// ` NAME_min=… NAME_max=…` over the per-window ratios, or nothing with fewer than two.
    static func spread(_ name: String, _ ratios: [Double]) -> String {
        guard ratios.count > 1, let low = ratios.min(), let high = ratios.max() else { return "" }
        return " \(name)_min=" + String(format: "%.2f", low) + " \(name)_max=" + String(format: "%.2f", high)
    }
}

extension Duration {
    var microseconds: Double { seconds * 1e6 }
}

/// Writes a result line at once, unbuffered, so a slow or interrupted run still shows what it measured.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
