/// One RPC method as declared in a .proto service, with the options the bus acts on.
public struct MethodDescriptor: Sendable, Hashable {
    /// Full service name, `veles.connection.v1.Connection`.
    public let service: String
    /// Method name as declared, `Connect`.
    public let name: String
    /// `(veles.options.v1.idempotent)`: safe to retry and to re-dispatch after a worker died.
    public let idempotent: Bool
    /// `(veles.options.v1.internal)`: never reachable through the gateway.
    public let isInternal: Bool
    /// Full proto name of the request message.
    public let requestType: String
    /// Full proto name of the response message.
    public let responseType: String

    public init(service: String, name: String, idempotent: Bool, isInternal: Bool, requestType: String, responseType: String) {
        self.service = service
        self.name = name
        self.idempotent = idempotent
        self.isInternal = isInternal
        self.requestType = requestType
        self.responseType = responseType
    }

    /// The gRPC-style path, `/veles.connection.v1.Connection/Connect`.
    public var path: String { "/\(service)/\(name)" }
}
