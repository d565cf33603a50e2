/// customer-sync's one error type; each case maps to the RPC status the caller sees.
enum CustomerSyncError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case notFound(String)
    case failedPrecondition(String)
    case unavailable(String)

    var description: String {
        switch self {
        case .invalidArgument(let message), .notFound(let message), .failedPrecondition(let message),
             .unavailable(let message):
            message
        }
    }
}
