import Bus
import ConformanceProto
import ProtoRuntime
import Testing

/// A channel that calls the handlers of one service directly, as the bus would after routing.
struct LoopbackChannel: RPCChannel {
    let service: RPCService

    func unary(method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        guard let handler = service.handlers[method.path] else { throw RPCError(.unimplemented, method.path) }
        let context = RPCContext(
            method: method, requestId: "loopback", deadline: .now + (options.timeout ?? .seconds(5)),
            metadata: RPCMetadata(workspaceId: options.workspaceId ?? "", traceId: options.traceId ?? ""))
        return try await handler(request, context)
    }
}

/// Echoes credentials back with the workspace it was called for, so a test sees the context arrive.
struct EchoHandler: Veles_Conformance_V1_EchoHandler {
    func say(request: Veles_Conformance_V1_Credentials, context: RPCContext) async throws -> Veles_Conformance_V1_Credentials {
        var reply = request
        reply.marker = "\(context.method.name) for \(context.metadata.workspaceId)"
        return reply
    }

    func reveal(request: Veles_Conformance_V1_CredentialsEnvelope, context: RPCContext) async throws -> Veles_Conformance_V1_Credentials {
        guard request.hasCredentials else { throw RPCError(.notFound, "no credentials") }
        return request.credentials
    }
}

@Suite struct GeneratedStubTests {
    let client = Veles_Conformance_V1_EchoClient(channel: LoopbackChannel(service: EchoHandler().rpcService()))

    @Test func typedClientReachesTheTypedHandlerThroughBytes() async throws {
        var request = Veles_Conformance_V1_Credentials()
        request.accountId = "acct_9"
        let reply = try await client.say(request, options: CallOptions(workspaceId: "ws_1"))
        #expect(reply.accountId == "acct_9")
        #expect(reply.marker == "Say for ws_1")
    }

    @Test func handlerErrorsReachTheCaller() async throws {
        await #expect(throws: RPCError(.notFound, "no credentials")) {
            _ = try await client.reveal(Veles_Conformance_V1_CredentialsEnvelope())
        }
    }

    @Test func rpcServiceRegistersEveryMethodByPath() async throws {
        let service = EchoHandler().rpcService()
        #expect(service.descriptor.fullName == "veles.conformance.v1.Echo")
        #expect(Set(service.handlers.keys) == ["/veles.conformance.v1.Echo/Say", "/veles.conformance.v1.Echo/Reveal"])
        // Undecodable request bytes surface as the decoder's error (the bus maps it to INVALID_ARGUMENT).
        let handler = try #require(service.handlers["/veles.conformance.v1.Echo/Say"])
        let context = RPCContext(method: Veles_Conformance_V1_Echo.Methods.say, requestId: "r", deadline: .now + .seconds(1), metadata: RPCMetadata())
        await #expect(throws: ProtoDecodingError.self) { _ = try await handler([0x12, 0x05], context) }
    }
}
