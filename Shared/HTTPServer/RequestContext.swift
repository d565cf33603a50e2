import Synchronization

/// Per-request state shared between libmicrohttpd's callbacks (on its threads) and the Swift task handling the request.
final class RequestContext: Sendable {
    enum Phase: Sendable {
        case new, receiving, handling, finished
    }

    struct State: Sendable {
        var phase: Phase = .new
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        var bodyTooLarge = false
        var response: HTTPResponse?
        /// Set once the connection waits for its handler, which then must resume it.
        var suspended = false
    }

    /// The request target exactly as sent: path and raw query.
    let target: String
    let state = Mutex(State())

    init(target: String) {
        self.target = target
    }
}

/// Collects header fields from `MHD_get_connection_values`.
final class HeaderCollector {
    var headers = HTTPHeaders()
}

/// A libmicrohttpd connection handle that a task may resume from any thread (libmicrohttpd allows that).
struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// The daemon handle; libmicrohttpd lets one thread quiesce and stop it while its own threads run.
struct DaemonHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
