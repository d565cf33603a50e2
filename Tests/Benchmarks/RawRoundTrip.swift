import Bus
import CZmq
import Foundation

/// The floor: one REQ socket and one REP socket echoing over ipc with plain libzmq calls, no broker, no protobuf.
///
/// The REP side runs in its own process (`veles-bench --raw-echo-server <endpoint>`), as every bus hop crosses
/// from one process to another; `inProcess` puts it on a thread of this process instead, sharing one libzmq
/// context and I/O thread with the REQ side, which saves two thread hand-overs per round trip.
final class RawRoundTrip {
    static let serverFlag = "--raw-echo-server"

    /// Outlives the socket: releasing a context waits for its sockets to close.
    private let context: ZMQContext
    private let socket: ZMQSocket
    private let server: Process?
    private let message: [[UInt8]]

    /// Starts the REP side and connects to it; `measure` may then be called any number of times.
    init(payload: Int, inProcess: Bool) throws {
        let endpoint = "ipc://\(FileManager.default.temporaryDirectory.path)/veles-raw-\(getpid())-\(payload)-\(inProcess)"
        let context = try ZMQContext()
        self.context = context
        if inProcess {
            let ready = DispatchSemaphore(value: 0)
            Thread {
                Self.serve(endpoint: endpoint, context: context, ready: ready)
            }.start()
            ready.wait()
            server = nil
        } else {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = [Self.serverFlag, endpoint]
            try process.run()
            server = process
        }
        socket = try ZMQSocket(context: context, type: .req)
        // A far end that never answers fails the run instead of hanging it.
        try socket.setOption(ZMQ_RCVTIMEO, Int32(10_000))
        try socket.connect(endpoint)
        message = [[UInt8](repeating: 0x61, count: payload)]
        for _ in 0..<1000 { try roundTrip() }
    }

    /// One window of back-to-back round trips.
    func measure(window: Duration) throws -> BusBenchmark.Sample {
        var latencies: [Duration] = []
        latencies.reserveCapacity(200_000)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < window {
            let sent = ContinuousClock.now
            try roundTrip()
            latencies.append(ContinuousClock.now - sent)
        }
        return BusBenchmark.Sample(latencies: latencies, elapsed: ContinuousClock.now - start)
    }

    /// Ends the REP side and waits for its process.
    func close() {
        _ = try? socket.send([[]])
        _ = try? socket.receive()
        socket.close()
        if let server, server.isRunning {
            server.terminate()
            server.waitUntilExit()
        }
    }

    /// One window on a pair started for it alone.
    static func measure(payload: Int, window: Duration, inProcess: Bool) throws -> BusBenchmark.Sample {
        let pair = try RawRoundTrip(payload: payload, inProcess: inProcess)
        defer { pair.close() }
        return try pair.measure(window: window)
    }

    private func roundTrip() throws {
        try socket.send(message)
        guard try socket.receive() != nil else { throw BenchmarkFailure("the raw echo server did not answer") }
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
