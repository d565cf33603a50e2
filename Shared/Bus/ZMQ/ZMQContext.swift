import CZmq

/// A libzmq context: the I/O threads behind every socket of a process.
///
/// libzmq documents contexts as thread-safe, so one instance is shared by all socket loops of a process.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// Creates a context with the given number of libzmq I/O threads.
    public init(ioThreads: Int32 = 1) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
        self.handle = handle
    }

    deinit {
        // Sockets are closed by their loops before the last reference goes; term then returns at once.
        while zmq_ctx_term(handle) != 0, zmq_errno() == EINTR {}
    }
}
