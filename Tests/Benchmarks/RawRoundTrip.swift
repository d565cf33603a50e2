import Bus
import CZmq
import Foundation

/// The floor: one REQ socket and one REP socket echoing over ipc with plain libzmq calls, no broker, no protobuf.
///
/// The REP side runs in its own process (`veles-bench --raw-echo-server <endpoint>`), as every bus hop crosses
/// from one process to another; `inProcess` puts it on a thread of this process instead, sharing one libzmq
/// context and I/O thread with the REQ side, which saves two thread hand-overs per round trip.
enum RawRoundTrip {
    static let serverFlag = "--raw-echo-server"

    static func measure(payload: Int, window: Duration, inProcess: Bool) throws -> BusBenchmark.Sample {
        let endpoint = "ipc://\(FileManager.default.temporaryDirectory.path)/veles-raw-\(getpid())-\(payload)-\(inProcess)"
        let context = try ZMQContext()
        var server: Process?
        if inProcess {
            let ready = DispatchSemaphore(value: 0)
            Thread {
                serve(endpoint: endpoint, context: context, ready: ready)
            }.start()
            ready.wait()
        } else {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = [serverFlag, endpoint]
            try process.run()
            server = process
        }
        defer {
            if let server, server.isRunning {
                server.terminate()
                server.waitUntilExit()
            }
        }
        let socket = try ZMQSocket(context: context, type: .req)
        // A far end that never answers fails the run instead of hanging it.
        try socket.setOption(ZMQ_RCVTIMEO, Int32(10_000))
        try socket.connect(endpoint)
        let message = [[UInt8](repeating: 0x61, count: payload)]
        func roundTrip() throws {
            try socket.send(message)
            guard try socket.receive() != nil else { throw BenchmarkFailure("the raw echo server did not answer") }
        }
        for _ in 0..<1000 { try roundTrip() }
        var latencies: [Duration] = []
        latencies.reserveCapacity(200_000)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < window {
            let sent = ContinuousClock.now
            try roundTrip()
            latencies.append(ContinuousClock.now - sent)
        }
        let elapsed = ContinuousClock.now - start
        try socket.send([[]])
        _ = try? socket.receive()
        socket.close()
        server?.waitUntilExit()
        return BusBenchmark.Sample(latencies: latencies, elapsed: elapsed)
    }

    /// The REP side: echoes every message until an empty one arrives.
    static func serve(endpoint: String, context: ZMQContext, ready: DispatchSemaphore? = nil) {
        guard let socket = try? ZMQSocket(context: context, type: .rep), (try? socket.bind(endpoint)) != nil else {
            ready?.signal()
            return
        }
        ready?.signal()
        while let frames = try? socket.receive() {
            _ = try? socket.send(frames)
            if frames == [[]] { break }
        }
        // The answer to the closing message must leave before the socket goes, or the other side waits for it.
        try? socket.setOption(ZMQ_LINGER, Int32(1000))
        socket.close()
    }
}
