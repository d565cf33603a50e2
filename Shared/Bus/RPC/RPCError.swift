import ProtoRuntime

/// The one error every RPC fails with: a gRPC status code and a message meant for the operator.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Veles_Bus_V1_StatusCode
    public var message: String

    public init(code: Veles_Bus_V1_StatusCode, message: String) {
        self.code = code
        self.message = message
    }

    public init(_ code: Veles_Bus_V1_StatusCode, _ message: String) {
        self.init(code: code, message: message)
    }

    public var description: String { "\(code.statusName): \(message)" }

    /// Maps any error a handler or a transport threw to the status the caller sees.
    ///
    /// Module errors adopt `RPCStatusConvertible`; undecodable input is the caller's fault (INVALID_ARGUMENT);
    /// anything else unexpected is INTERNAL with its description.
    public init(from error: any Error) {
        switch error {
        case let error as RPCError: self = error
        case let error as any RPCStatusConvertible: self = error.rpcError
        case let error as ProtoDecodingError: self.init(.invalidArgument, "request could not be decoded: \(error)")
        case is CancellationError: self.init(.cancelled, "the call was cancelled")
        default: self.init(.internal, String(describing: error))
        }
    }
}

/// An error type that knows which RPC status it stands for (each module's own error type adopts it).
public protocol RPCStatusConvertible: Error {
    var rpcError: RPCError { get }
}

extension Veles_Bus_V1_StatusCode {
    /// The gRPC name of the code ("DEADLINE_EXCEEDED"), for messages and logs.
    public var statusName: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        case .unrecognized(let value): "STATUS_\(value)"
        }
    }
}
