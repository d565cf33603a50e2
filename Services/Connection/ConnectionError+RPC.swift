import Bus

/// The bus reports a `ConnectionError` with the status it names and its message.
extension ConnectionError: RPCStatusConvertible {
    var rpcError: RPCError {
        let code: Veles_Bus_V1_StatusCode = switch statusName {
        case "INVALID_ARGUMENT": .invalidArgument
        case "UNAUTHENTICATED": .unauthenticated
        case "ALREADY_EXISTS": .alreadyExists
        case "NOT_FOUND": .notFound
        case "FAILED_PRECONDITION": .failedPrecondition
        case "UNAVAILABLE": .unavailable
        default: .internal
        }
        return RPCError(code, description)
    }
}
