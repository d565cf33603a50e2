import ProtoRuntime
import Support

/// Turns one incoming envelope into a reply: decoding, method lookup, the internal-method rule, the deadline.
struct RequestDispatcher: Sendable {
    fileprivate struct Route: Sendable {
        let method: MethodDescriptor
        let handler: RPCUnaryHandler
        let timing = HandlerTiming()
    }

    /// A request read and checked, ready for its handler; or the reply it gets without one (an error).
    enum Prepared: Sendable {
        case answered([UInt8])
        case call(Call)
    }

    /// What a handler needs, with how long the method's handlers usually take.
    struct Call: Sendable {
        fileprivate let route: Route
        fileprivate let context: RPCContext
        fileprivate let payload: [UInt8]
        var timing: HandlerTiming { route.timing }
    }

    private let routes: [String: Route]
    private let serviceNames: Set<String>
    private let configuration: BusWorkerConfiguration
    private let logger: Logger

    init(services: [RPCService], configuration: BusWorkerConfiguration, logger: Logger) {
        var routes: [String: Route] = [:]
        for service in services {
            for method in service.descriptor.methods {
                if let handler = service.handlers[method.path] { routes[method.path] = Route(method: method, handler: handler) }
            }
        }
        self.serviceNames = Set(services.map(\.descriptor.fullName))
        self.configuration = configuration
        self.logger = logger
        let names = serviceNames
        let workerName = configuration.workerName
        let check = Veles_Bus_V1_Health.Methods.check
        routes[check.path] = Route(method: check) { bytes, _ in
            let request = try Veles_Bus_V1_CheckRequest(serializedBytes: bytes)
            guard request.service.isEmpty || names.contains(request.service) else {
                throw RPCError(.notFound, "this worker does not serve \(request.service)")
            }
            var response = Veles_Bus_V1_CheckResponse()
            response.status = .serving
            response.responder = workerName
            return response.serializedBytes()
        }
        self.routes = routes
    }

    /// Decodes and checks a request without running anything, so the caller can choose where its handler runs.
    func prepare(_ incoming: IncomingRequest) -> Prepared {
        let envelope: Veles_Bus_V1_Envelope
        do {
            envelope = try Veles_Bus_V1_Envelope(serializedBytes: incoming.envelope)
        } catch {
            logger.warning("refused undecodable envelope", ["error": "\(error)"])
            return .answered(Self.reply(requestId: "", RPCError(.invalidArgument, "request envelope could not be decoded: \(error)")))
        }
        guard let route = routes[envelope.method] else {
            logger.warning("unknown method", ["method": envelope.method, "request_id": envelope.requestId])
            return .answered(Self.reply(requestId: envelope.requestId, RPCError(.unimplemented, "method \(envelope.method) is not served here")))
        }
        if route.method.isInternal, configuration.callersRefusedInternal.contains(envelope.metadata.caller) {
            logger.warning("refused internal method to an outside caller",
                           ["method": envelope.method, "request_id": envelope.requestId, "caller": envelope.metadata.caller])
            return .answered(Self.reply(requestId: envelope.requestId,
                                        RPCError(.permissionDenied, "\(envelope.method) is internal and not available to \(envelope.metadata.caller)")))
        }
        let context = RPCContext(
            method: route.method, requestId: envelope.requestId, deadline: incoming.receivedAt + incoming.budget,
            metadata: RPCMetadata(workspaceId: envelope.metadata.workspaceId, traceId: envelope.metadata.traceId,
                                  caller: envelope.metadata.caller, attempt: Int(envelope.metadata.attempt))
        )
        return .call(Call(route: route, context: context, payload: envelope.payload))
    }

    /// Runs a prepared call's handler in the calling task and encodes its reply; records how long it took.
    func run(_ call: Call) async -> [UInt8] {
        let started = ContinuousClock.now
        let outcome = await Self.run(call.route.handler, payload: call.payload, context: call.context)
        call.route.timing.record(ContinuousClock.now - started)
        switch outcome {
        case .success(let payload):
            var reply = Veles_Bus_V1_Reply()
            reply.requestId = call.context.requestId
            reply.code = .ok
            reply.payload = payload
            return reply.serializedBytes()
        case .failure(let error):
            if error.code == .internal || error.code == .unknown {
                logger.error("handler failed", ["method": call.route.method.path, "request_id": call.context.requestId, "error": error.message])
            }
            return Self.reply(requestId: call.context.requestId, error)
        }
    }

    /// Prepares and runs one request.
    func handle(_ incoming: IncomingRequest) async -> [UInt8] {
        switch prepare(incoming) {
        case .answered(let reply): return reply
        case .call(let call): return await run(call)
        }
    }

    /// Runs the handler in the calling task. The worker loop answers DEADLINE_EXCEEDED at the deadline and cancels
    /// this task, so a handler that is slow to notice never holds the caller past its deadline.
    private static func run(_ handler: @escaping RPCUnaryHandler, payload: [UInt8], context: RPCContext) async -> Result<[UInt8], RPCError> {
        guard context.deadline > ContinuousClock.now else {
            return .failure(RPCError(.deadlineExceeded, "the deadline passed before the handler started"))
        }
        do {
            return .success(try await RPCContext.$current.withValue(context) { try await handler(payload, context) })
        } catch {
            return .failure(RPCError(from: error))
        }
    }

    /// An encoded error reply.
    static func reply(_ error: RPCError) -> [UInt8] {
        reply(requestId: "", error)
    }

    private static func reply(requestId: String, _ error: RPCError) -> [UInt8] {
        var reply = Veles_Bus_V1_Reply()
        reply.requestId = requestId
        reply.code = error.code
        reply.message = error.message
        return reply.serializedBytes()
    }
}
