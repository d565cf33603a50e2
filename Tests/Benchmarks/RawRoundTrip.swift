import Bus
import Foundation

/// The floor: one REQ socket and one REP socket echoing over ipc with plain libzmq calls, no broker, no protobuf.
enum RawRoundTrip {
    static func measure(payload: Int, window: Duration) throws -> BusBenchmark.Sample {
        let endpoint = "ipc://\(FileManager.default.temporaryDirectory.path)/veles-raw-\(getpid())-\(payload)"
        let context = try ZMQContext()
        let ready = DispatchSemaphore(value: 0)
        let server = Thread {
            guard let socket = try? ZMQSocket(context: context, type: .rep), (try? socket.bind(endpoint)) != nil else { return }
            ready.signal()
            while let frames = try? socket.receive() {
                _ = try? socket.send(frames)
                if frames == [[]] { break }
            }
            socket.close()
        }
        server.start()
        ready.wait()
        let socket = try ZMQSocket(context: context, type: .req)
        try socket.connect(endpoint)
        let message = [[UInt8](repeating: 0x61, count: payload)]
        for _ in 0..<1000 {
            try socket.send(message)
            _ = try socket.receive()
        }
        var latencies: [Duration] = []
        latencies.reserveCapacity(200_000)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < window {
            let sent = ContinuousClock.now
            try socket.send(message)
            _ = try socket.receive()
            latencies.append(ContinuousClock.now - sent)
        }
        let elapsed = ContinuousClock.now - start
        try socket.send([[]])
        _ = try? socket.receive()
        socket.close()
        return BusBenchmark.Sample(latencies: latencies, elapsed: elapsed)
    }
}
