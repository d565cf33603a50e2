import Synchronization

/// Hands work from any thread (async callers) to the one thread that owns a socket.
///
/// Items queue under a mutex; the first item after the loop emptied the queue signals a pipe the loop polls next
/// to its sockets, so the loop sleeps in `poll` instead of spinning and wakes at once.
public final class Mailbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var signalled = false
    }

    private let state = Mutex(State())
    private let pipe: WakePipe

    public init() throws {
        pipe = try WakePipe()
    }

    /// The descriptor the owning loop adds to its poller.
    public var fileDescriptor: Int32 { pipe.fileDescriptor }

    /// Queues an item and wakes the loop.
    public func post(_ item: Item) {
        let mustSignal = state.withLock { state -> Bool in
            state.items.append(item)
            guard !state.signalled else { return false }
            state.signalled = true
            return true
        }
        if mustSignal { pipe.signal() }
    }

    /// Everything queued so far, in order; called by the loop when its descriptor is readable (or on any tick).
    public func takeAll() -> [Item] {
        pipe.clear()
        return state.withLock { state in
            state.signalled = false
            let items = state.items
            state.items.removeAll(keepingCapacity: true)
            return items
        }
    }
}
