import Foundation

/// The C++ gRPC echo peer (sources in `grpc-peer/`), built with make on first use into the build folder.
final class GRPCPeer {
    struct Result {
        let line: String
        let callsPerSecond: Double

        init(line: String, callsPerSecond: Double) {
            self.line = line
            self.callsPerSecond = callsPerSecond
        }

        /// Several equal windows as one: their mean rate, and the median of their p50s and p99s (the client
        /// prints percentiles, not its latencies); nil when there were none.
        init?(windows: [Result]) {
            guard !windows.isEmpty else { return nil }
            func median(_ key: String) -> Double {
                let values = windows.compactMap { Self.figure(key, in: $0.line) }.sorted()
                return values.isEmpty ? 0 : values[values.count / 2]
            }
            callsPerSecond = windows.map(\.callsPerSecond).reduce(0, +) / Double(windows.count)
            line = String(format: "p50_us=%.1f p99_us=%.1f calls_s=%.0f windows=%d", median("p50_us"), median("p99_us"),
                          callsPerSecond, windows.count)
        }

        /// The number after `key=` in a line of the peer client's `key=value` figures.
        static func figure(_ key: String, in line: String) -> Double? {
            line.split(separator: " ").first { $0.hasPrefix(key + "=") }.flatMap { Double($0.dropFirst(key.count + 1)) }
        }
    }

    private let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("grpc-peer")
    private let output: URL
    private let scratch: URL
    private(set) var problem: String?
    private var built: Bool?

    init(buildDirectory: URL, scratch: URL) {
        output = buildDirectory.appendingPathComponent("grpc-peer")
        self.scratch = scratch
    }

    private func build() -> Bool {
        if let built { return built }
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "-C", sources.path, "OUT=\(output.path)"]
        make.standardOutput = FileHandle.nullDevice
        make.standardError = FileHandle.nullDevice
        let ok = (try? make.run()) != nil && { make.waitUntilExit(); return make.terminationStatus == 0 }()
        if !ok { problem = "building the gRPC peer failed (needs libgrpc++-dev and protobuf-compiler-grpc)" }
        built = ok
        return ok
    }

    /// Runs the peer's server and client once; nil (with `problem` set) when the peer cannot be built or run.
    func measure(payload: Int, callers: Int, seconds: Double) throws -> Result? {
        guard build() else { return nil }
        // A Unix socket, like the bus's ipc endpoints, so both cross the same kind of transport.
        let address = "unix:\(scratch.path)/grpc-\(payload)-\(callers).sock"
        let server = Process()
        server.executableURL = output.appendingPathComponent("echo-server")
        server.arguments = [address]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // The gRPC server ignores SIGTERM while serving.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let client = Process()
        client.executableURL = output.appendingPathComponent("echo-client")
        client.arguments = [address, String(payload), String(callers), String(seconds)]
        let pipe = Pipe()
        client.standardOutput = pipe
        client.standardError = FileHandle.nullDevice
        try client.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        client.waitUntilExit()
        guard client.terminationStatus == 0,
              let rate = Result.figure("calls_s", in: text)
        else {
            problem = "the gRPC peer client failed"
            return nil
        }
        return Result(line: text, callsPerSecond: rate)
    }
}
