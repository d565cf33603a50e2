/// Why an `HTTPServer` could not start.
public enum HTTPServerError: Error, CustomStringConvertible, Sendable {
    case invalidAddress(String)
    case socket(operation: String, errno: Int32)
    case daemonFailed

    public var description: String {
        switch self {
        case .invalidAddress(let host): "not an IPv4 address: \(host)"
        case .socket(let operation, let code): "\(operation) failed: errno \(code)"
        case .daemonFailed: "libmicrohttpd refused to start the daemon"
        }
    }
}
