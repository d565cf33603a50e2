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
    private let mailbox: Mailbox<ClientLoop.Command>
    private let nextSubscription = Atomic<UInt64>(1)

    /// Connects to the broker (the connection is made in the background and re-made after a broker restart).
    public init(configuration: BusClientConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let mailbox = try Mailbox<ClientLoop.Command>()
        self.mailbox = mailbox
        let context = try ZMQContext()
        let loop = try ClientLoop(configuration: configuration, context: context, logger: logger, mailbox: mailbox)
        nonisolated(unsafe) let handOff = loop
        DedicatedThread.start(name: "veles.bus-client") {
            // The loop object moves to its thread here and is used only there from now on.
            handOff.run()
            withExtendedLifetime(context) {}
        }
    }

    deinit { mailbox.post(.stop) }

    /// Stops the socket loop; calls still waiting fail with CANCELLED.
    public func close() { mailbox.post(.stop) }

    public func unary(method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let parent = RPCContext.current
        let start = ContinuousClock.now
        var deadline = start + (options.timeout ?? configuration.defaultTimeout)
        if let parent { deadline = min(deadline, parent.deadline) }
        var envelope = Veles_Bus_V1_Envelope()
        envelope.requestId = Self.newIdentifier()
        envelope.method = method.path
        envelope.service = method.service
        envelope.idempotent = method.idempotent
        envelope.requestType = method.requestType
        envelope.responseType = method.responseType
        envelope.metadata.workspaceId = options.workspaceId ?? parent?.metadata.workspaceId ?? ""
        envelope.metadata.traceId = options.traceId ?? parent?.metadata.traceId ?? Self.newIdentifier()
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
        let mailbox = self.mailbox
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                mailbox.post(.call(requestId: requestId, envelope: bytes, deadline: deadline, continuation: continuation))
            }
        } onCancel: {
            mailbox.post(.cancel(requestId: requestId))
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
        event.eventId = Self.newIdentifier()
        event.topic = topic
        event.payloadType = M.protoMessageName
        event.payload = message.serializedBytes()
        event.publishedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
        event.publisher = configuration.caller
        event.workspaceId = workspaceId ?? RPCContext.current?.metadata.workspaceId ?? ""
        mailbox.post(.publish(topic: topic, event: event.serializedBytes()))
    }

    /// Events whose topic starts with `topicPrefix`, from now on, until the stream is dropped or the client closed.
    public func subscribe(topicPrefix: String) -> AsyncStream<ReceivedEvent> {
        let id = nextSubscription.add(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream<ReceivedEvent>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let mailbox = self.mailbox
        continuation.onTermination = { _ in mailbox.post(.unsubscribe(id: id)) }
        mailbox.post(.subscribe(id: id, prefix: topicPrefix, sink: continuation))
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

    static func newIdentifier() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return String(high, radix: 16).leftPadded(to: 16) + String(low, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
