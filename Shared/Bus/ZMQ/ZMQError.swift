import CZmq

/// A failed libzmq call, with the errno it reported and libzmq's own text for it.
public struct ZMQError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    /// Captures `zmq_errno()` right after a failed call.
    init(_ operation: String) {
        self.operation = operation
        self.code = zmq_errno()
    }

    init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(operation) failed: \(String(cString: zmq_strerror(code))) (errno \(code))"
    }

    /// The peer a ROUTER was asked to send to is not connected (only reported with ROUTER_MANDATORY).
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }
    /// The call would have blocked (non-blocking mode) or a high-water mark was reached.
    public var wouldBlock: Bool { code == EAGAIN }
    /// The call was interrupted by a signal and may be retried.
    var interrupted: Bool { code == EINTR }
}
