import Glibc
import Synchronization

/// Hands work from any thread (async callers) to the one thread that owns a socket.
///
/// Items queue under a mutex; the first item after the loop emptied the queue writes one byte to a pipe the loop
/// polls next to its sockets, so the loop sleeps in `zmq_poll` instead of spinning and wakes at once.
public final class Mailbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var signalled = false
    }

    private let state = Mutex(State())
    private let readDescriptor: Int32
    private let writeDescriptor: Int32

    public init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw ZMQError("pipe", code: errno) }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        _ = close(readDescriptor)
        _ = close(writeDescriptor)
    }

    /// The descriptor the owning loop adds to its poller.
    public var fileDescriptor: Int32 { readDescriptor }

    /// Queues an item and wakes the loop.
    public func post(_ item: Item) {
        let mustSignal = state.withLock { state -> Bool in
            state.items.append(item)
            guard !state.signalled else { return false }
            state.signalled = true
            return true
        }
        if mustSignal {
            var byte: UInt8 = 1
            _ = write(writeDescriptor, &byte, 1)
        }
    }

    /// Everything queued so far, in order; called by the loop when its descriptor is readable (or on any tick).
    public func takeAll() -> [Item] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
        return state.withLock { state in
            state.signalled = false
            let items = state.items
            state.items.removeAll(keepingCapacity: true)
            return items
        }
    }
}
