import CZmq

/// Waits until one of a loop's sockets or plain file descriptors is readable.
public struct ZMQPoller {
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket; returns its index for `isReadable`.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Adds a plain file descriptor (a wake-up pipe); returns its index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Replaces the socket at `index` (after a loop reopened it).
    public mutating func replace(_ index: Int, with socket: ZMQSocket) {
        items[index].socket = socket.handle
    }

    /// Polls for at most `timeoutMilliseconds` (-1 waits forever); returns how many items are ready.
    @discardableResult
    public mutating func poll(timeoutMilliseconds: Int) throws -> Int {
        while true {
            let count = items.withUnsafeMutableBufferPointer {
                zmq_poll($0.baseAddress, Int32($0.count), timeoutMilliseconds)
            }
            if count >= 0 { return Int(count) }
            let error = ZMQError("zmq_poll")
            if error.interrupted { continue }
            throw error
        }
    }

    public func isReadable(_ index: Int) -> Bool {
        items[index].revents & Int16(ZMQ_POLLIN) != 0
    }
}
