import Bus

import TestSupport

/// A hand-driven ZeroMQ socket for sending what no well-behaved peer would.
final class RawPeer {
    let socket: ZMQSocket
    private let context: ZMQContext

    init(type: ZMQSocketType, connect endpoint: String? = nil, bind: String? = nil) throws {
        context = try ZMQContext()
        socket = try ZMQSocket(context: context, type: type)
        if let endpoint { try socket.connect(endpoint) }
        if let bind { try socket.bind(bind) }
    }

    deinit { socket.close() }

    func send(_ frames: [[UInt8]]) throws {
        try socket.send(frames)
    }

    /// The next message, or nil after `timeout`.
    func receive(timeout: Duration = .seconds(3)) throws -> [[UInt8]]? {
        var poller = DescriptorPoller()
        poller.add(try socket.fileDescriptor())
        let deadline = ContinuousClock.now + timeout
        // The descriptor is edge-triggered: look for a message before every sleep, not only after a wake-up.
        while true {
            if let frames = try socket.receive(dontWait: true) { return frames }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            poller.poll(timeoutMilliseconds: Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000) + 1)
        }
    }

    /// Receives until a message with `command` arrives (skipping heartbeats and the like).
    func receive(command: BusCommand, routed: Bool, timeout: Duration = .seconds(3),
                 where accept: (BusMessage) -> Bool = { _ in true }) throws -> BusMessage? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let frames = try receive(timeout: deadline - ContinuousClock.now) else { return nil }
            if let message = try? BusMessage.parse(frames, routed: routed), message.command == command, accept(message) {
                return message
            }
        }
        return nil
    }
}
