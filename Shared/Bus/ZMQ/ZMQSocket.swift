import CZmq

/// One libzmq socket. Not thread-safe (libzmq sockets are not): it lives on the thread of the loop that created it.
public final class ZMQSocket {
    let handle: UnsafeMutableRawPointer
    private var closed = false

    /// Opens a socket of the given type; linger is zero so closing never waits on unsent messages.
    public init(context: ZMQContext, type: ZMQSocketType) throws {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        try setOption(ZMQ_LINGER, Int32(0))
    }

    deinit { close() }

    /// Closes the socket; later calls do nothing.
    public func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("zmq_bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("zmq_connect \(endpoint)") }
    }

    /// Sets an integer option (ZMQ_LINGER, ZMQ_SNDHWM, ZMQ_ROUTER_MANDATORY, …).
    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("zmq_setsockopt \(option)")
        }
    }

    /// Sets a 64-bit option (ZMQ_MAXMSGSIZE).
    public func setOption(_ option: Int32, _ value: Int64) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError("zmq_setsockopt \(option)")
        }
    }

    /// Sets a binary option (ZMQ_ROUTING_ID).
    public func setOption(_ option: Int32, _ value: [UInt8]) throws {
        let result = value.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard result == 0 else { throw ZMQError("zmq_setsockopt \(option)") }
    }

    /// The descriptor that turns readable when the socket may have messages for this side. It is edge-triggered:
    /// after any call on the socket, receive until nothing is left before sleeping on it again.
    public func fileDescriptor() throws -> Int32 {
        var descriptor: Int32 = -1
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, ZMQ_FD, &descriptor, &size) == 0 else { throw ZMQError("zmq_getsockopt ZMQ_FD") }
        return descriptor
    }

    /// Sends all frames as one multipart message. Returns false when it would block (only with `dontWait`).
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws -> Bool {
        guard !closed else { throw ZMQError("zmq_send", code: ENOTSOCK) }
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let result = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if result >= 0 { break }
                let error = ZMQError("zmq_send")
                if error.interrupted { continue }
                // Only the first frame can fail with EAGAIN: libzmq queues the rest of a started message atomically.
                if error.wouldBlock, index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one multipart message; nil when none is waiting (with `dontWait`).
    public func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        guard !closed else { throw ZMQError("zmq_msg_recv", code: ENOTSOCK) }
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let result = zmq_msg_recv(&message, handle, dontWait ? ZMQ_DONTWAIT : 0)
            if result < 0 {
                let error = ZMQError("zmq_msg_recv")
                if error.interrupted { continue }
                if error.wouldBlock, frames.isEmpty { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            if size == 0 {
                frames.append([])
            } else {
                let data = zmq_msg_data(&message)!.assumingMemoryBound(to: UInt8.self)
                frames.append(Array(UnsafeBufferPointer(start: data, count: size)))
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Receives the messages waiting, handing each to `handle`, until what `handle` returned for them (how many
    /// messages' worth each was: a batch counts what it holds) reaches `limit`. Returns true when the socket was
    /// emptied: its descriptor is edge-triggered, so whoever touched the socket must empty it (or have someone
    /// come back for the rest) before anyone sleeps on it again.
    public func receiveWaiting(limit: Int, _ handle: ([[UInt8]]) -> Int) throws -> Bool {
        var taken = 0
        while taken < limit {
            guard let frames = try receive(dontWait: true) else { return true }
            taken += max(1, handle(frames))
        }
        return false
    }
}
