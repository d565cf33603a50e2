import Foundation
import ProtoRuntime
import Support
import Synchronization

/// The RPC channel over the bus: sends requests to the broker's frontend, applies deadlines and retries, carries
/// metadata, and publishes and subscribes to events.
///
/// One instance per process is enough (calls are multiplexed over one socket); it is safe to share between tasks.
/// Call `close()` when done.
public final class BusClient: RPCChannel, Sendable {
    public let configuration: BusClientConfiguration
    private let logger: Logger
    private let loop: ClientLoop
    private let nextSubscription = Atomic<UInt64>(1)
    /// Identifiers are this client's random prefix and a counter: unique without asking the kernel for
    /// randomness on every call.
    private let identifierPrefix = String(UInt64.random(in: 1...UInt64.max), radix: 16).leftPadded(to: 16)
    private let identifierCounter = Atomic<UInt64>(UInt64.random(in: 0...UInt64(UInt32.max)))

    /// Connects to the broker (the connection is made in the background and re-made after a broker restart).
    public init(configuration: BusClientConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let loop = try ClientLoop(configuration: configuration, context: try ZMQContext(), logger: logger)
        self.loop = loop
        DedicatedThread.start(name: "veles.bus-client") { loop.run() }
    }

    deinit { loop.stop() }

    /// Stops the socket loop; calls still waiting fail with CANCELLED.
    public func close() { loop.stop() }

    public func unary(method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let parent = RPCContext.current
        let start = ContinuousClock.now
        var deadline = start + (options.timeout ?? configuration.defaultTimeout)
        if let parent { deadline = min(deadline, parent.deadline) }
        var envelope = Veles_Bus_V1_Envelope()
        envelope.requestId = newIdentifier()
        envelope.method = method.path
        envelope.service = method.service
        envelope.idempotent = method.idempotent
        envelope.requestType = method.requestType
        envelope.responseType = method.responseType
        envelope.metadata.workspaceId = options.workspaceId ?? parent?.metadata.workspaceId ?? ""
        envelope.metadata.traceId = options.traceId ?? parent?.metadata.traceId ?? newIdentifier()
        envelope.metadata.caller = configuration.caller
        envelope.payload = request
        if method.path == Veles_Bus_V1_Health.Methods.check.path,
           let check = try? Veles_Bus_V1_CheckRequest(serializedBytes: request) {
            // A health check goes to a worker of the service it asks about; with none named, the broker answers.
            envelope.service = check.service
        }
        let attempts = method.idempotent ? max(1, configuration.retry.maxAttempts) : 1
        var attempt = 1
        while true {
            let reply = try await send(envelope: &envelope, attempt: attempt, deadline: deadline)
            if reply.code == .ok { return reply.payload }
            let error = RPCError(reply.code, reply.message)
            guard error.code == .unavailable, attempt < attempts else { throw error }
            let wait = configuration.retry.backoff(after: attempt)
            guard ContinuousClock.now + wait < deadline else { throw error }
            logger.debug("retrying", ["method": method.path, "attempt": String(attempt + 1), "reason": error.message])
            try await Task.sleep(for: wait)
            attempt += 1
        }
    }

    private func send(envelope: inout Veles_Bus_V1_Envelope, attempt: Int, deadline: ContinuousClock.Instant) async throws -> Veles_Bus_V1_Reply {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw RPCError(.deadlineExceeded, "deadline passed before \(envelope.method) was sent") }
        envelope.metadata.attempt = UInt32(attempt)
        envelope.timeoutMs = max(1, remaining.wholeMilliseconds)
        envelope.deadlineAtMs = Int64(Date().timeIntervalSince1970 * 1000) + envelope.timeoutMs
        let bytes = envelope.serializedBytes()
        let requestId = envelope.requestId
        let loop = self.loop
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.call(requestId: requestId, envelope: bytes, deadline: deadline, continuation: continuation)
                // Cancelled before the call was registered: the cancel handler found nothing to cancel.
                if Task.isCancelled { loop.cancel(requestId: requestId) }
            }
        } onCancel: {
            loop.cancel(requestId: requestId)
        }
        switch outcome {
        case .failure(let error):
            var reply = Veles_Bus_V1_Reply()
            reply.code = error.code
            reply.message = error.message
            return reply
        case .reply(let bytes):
            do {
                return try Veles_Bus_V1_Reply(serializedBytes: bytes)
            } catch {
                throw RPCError(.internal, "the reply to \(envelope.method) could not be decoded: \(error)")
            }
        }
    }

    /// Publishes a notification on `topic` (fire and forget: events are never the only record of a change).
    public func publish<M: ProtoMessage>(topic: String, _ message: M, workspaceId: String? = nil) {
        var event = Veles_Bus_V1_Event()
        event.eventId = newIdentifier()
        event.topic = topic
        event.payloadType = M.protoMessageName
        event.payload = message.serializedBytes()
        event.publishedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
        event.publisher = configuration.caller
        event.workspaceId = workspaceId ?? RPCContext.current?.metadata.workspaceId ?? ""
        loop.publish(topic: topic, event: event.serializedBytes())
    }

    /// Events whose topic starts with `topicPrefix`, from now on, until the stream is dropped or the client closed.
    public func subscribe(topicPrefix: String) -> AsyncStream<ReceivedEvent> {
        let id = nextSubscription.add(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream<ReceivedEvent>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let loop = self.loop
        continuation.onTermination = { _ in loop.unsubscribe(id: id) }
        loop.subscribe(id: id, prefix: topicPrefix, sink: continuation)
        return stream
    }

    /// The broker's view of the bus: every service with its live workers.
    public func brokerHealth(timeout: Duration? = nil) async throws -> Veles_Bus_V1_CheckResponse {
        let client = Veles_Bus_V1_HealthClient(channel: self)
        return try await client.check(Veles_Bus_V1_CheckRequest(), options: CallOptions(timeout: timeout))
    }

    /// Asks one of `service`'s workers whether it is serving (the broker answers NOT_SERVING when there is none).
    public func health(of service: String, timeout: Duration? = nil) async throws -> Veles_Bus_V1_CheckResponse {
        var request = Veles_Bus_V1_CheckRequest()
        request.service = service
        return try await Veles_Bus_V1_HealthClient(channel: self).check(request, options: CallOptions(timeout: timeout))
    }

    private func newIdentifier() -> String {
        identifierPrefix + String(identifierCounter.add(1, ordering: .relaxed).newValue, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
