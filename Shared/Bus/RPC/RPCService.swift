import ProtoRuntime

/// Serves one request: takes the encoded request, returns the encoded response or throws (preferably `RPCError`).
public typealias RPCUnaryHandler = @Sendable (_ request: [UInt8], _ context: RPCContext) async throws -> [UInt8]

/// One service's methods and the handlers behind them, keyed by method path (`/package.Service/Method`).
///
/// Generated `…Handler` protocols build one with `rpcService()`; a `BusWorker` serves a list of them.
public struct RPCService: Sendable {
    public let descriptor: ServiceDescriptor
    public let handlers: [String: RPCUnaryHandler]

    public init(descriptor: ServiceDescriptor, handlers: [String: RPCUnaryHandler]) {
        self.descriptor = descriptor
        self.handlers = handlers
    }
}
