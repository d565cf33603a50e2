import ProtoRuntime

/// Something that carries one unary call to whoever serves the method and brings back the reply bytes.
///
/// `BusClient` is the real one; generated `…Client` stubs sit on this protocol so tests can swap in another.
/// Failures are thrown as `RPCError`.
public protocol RPCChannel: Sendable {
    func unary(method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8]
}
