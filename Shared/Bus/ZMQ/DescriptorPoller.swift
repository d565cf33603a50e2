import Glibc

/// Waits on plain file descriptors, a socket's `ZMQ_FD` among them, with one `poll(2)`.
///
/// `zmq_poll` asks every socket for its events before and after sleeping, and each ask is two or more system calls
/// inside libzmq even when nothing is waiting. A loop that knows which sockets it must still read (see
/// `ZMQSocket.fileDescriptor`) sleeps on their descriptors alone instead.
public struct DescriptorPoller {
    private var items: [pollfd] = []

    public init() {}

    /// Adds a descriptor to wait on for reading; returns its index for `isReadable`.
    @discardableResult
    public mutating func add(_ descriptor: Int32) -> Int {
        items.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
        return items.count - 1
    }

    /// Waits at most `timeoutMilliseconds` (0 only looks, -1 waits forever).
    public mutating func poll(timeoutMilliseconds: Int) {
        while true {
            let count = items.withUnsafeMutableBufferPointer {
                Glibc.poll($0.baseAddress, nfds_t($0.count), Int32(clamping: timeoutMilliseconds))
            }
            if count >= 0 || errno != EINTR { return }
        }
    }

    public var isAnyReadable: Bool { items.contains { $0.revents != 0 } }

    public func isReadable(_ index: Int) -> Bool {
        items[index].revents != 0
    }
}
