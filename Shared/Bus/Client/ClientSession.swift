import CZmq
import Support

/// The client's DEALER socket and everything waiting on it: calls in flight, subscriptions, broker liveness.
///
/// It lives inside `ClientLoop`'s lock: callers send their requests themselves and the loop thread receives
/// while they are not; libzmq sockets are not thread-safe, the lock makes the hand-over safe. Continuations are
/// collected into `resumptions` and resumed by the caller after the lock is released.
struct ClientSession {
    typealias Resumption = (continuation: CheckedContinuation<CallOutcome, Never>, outcome: CallOutcome)

    private struct Pending {
        let continuation: CheckedContinuation<CallOutcome, Never>
        let deadline: ContinuousClock.Instant
        let sentAt: ContinuousClock.Instant
    }

    private let configuration: BusClientConfiguration
    private let logger: Logger
    private let socket: ZMQSocket
    let socketDescriptor: Int32
    private var pending: [String: Pending] = [:]
    /// Requests (request id and envelope frames) started since the last `sendRequests()`.
    private var unsentRequests: [[[UInt8]]] = []
    private var subscriptions: [UInt64: (prefix: String, sink: AsyncStream<ReceivedEvent>.Continuation)] = [:]
    private var brokerInstance: [UInt8]?
    private var lastHeard = ContinuousClock.now
    private var lastHeartbeatSent = ContinuousClock.now
    private var nextHeartbeat = ContinuousClock.now
    private var nextDeadline = ContinuousClock.Instant.distantFuture
    private var brokerSilent = false
    /// When the loop thread next wakes by itself; a call due earlier must wake it.
    var scheduledWake = ContinuousClock.now
    private(set) var running = true

    init(configuration: BusClientConfiguration, context: ZMQContext, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setOption(ZMQ_SNDHWM, Int32(100_000))
        try socket.setOption(ZMQ_RCVHWM, Int32(100_000))
        try socket.setOption(ZMQ_RECONNECT_IVL, Int32(100))
        try socket.setOption(ZMQ_RECONNECT_IVL_MAX, Int32(1000))
        try socket.connect(configuration.broker)
        socketDescriptor = try socket.fileDescriptor()
    }

    /// Queues a request for `sendRequests()`; false when its deadline makes the loop thread wake earlier than planned.
    mutating func startCall(requestId: String, envelope: [UInt8], deadline: ContinuousClock.Instant,
                            continuation: CheckedContinuation<CallOutcome, Never>, resumptions: inout [Resumption]) -> Bool {
        let now = ContinuousClock.now
        guard running else {
            resumptions.append((continuation, .failure(RPCError(.cancelled, "the bus client was closed"))))
            return true
        }
        guard deadline > now else {
            resumptions.append((continuation, .failure(RPCError(.deadlineExceeded, "deadline passed before the request was sent"))))
            return true
        }
        pending[requestId] = Pending(continuation: continuation, deadline: deadline, sentAt: now)
        nextDeadline = min(nextDeadline, deadline)
        unsentRequests.append([Array(requestId.utf8), envelope])
        return deadline >= scheduledWake
    }

    /// Sends the requests `startCall` queued, several to a frame where they fit (`BatchFrame`).
    mutating func sendRequests() {
        guard !unsentRequests.isEmpty else { return }
        if running {
            for (message, _) in BatchFrame.messages(single: .request, batch: .requestBatch, bodies: unsentRequests) { transmit(message) }
        }
        unsentRequests.removeAll(keepingCapacity: true)
    }

    mutating func cancel(requestId: String, resumptions: inout [Resumption]) {
        guard let call = pending.removeValue(forKey: requestId) else { return }
        resumptions.append((call.continuation, .failure(RPCError(.cancelled, "the caller cancelled the call"))))
    }

    mutating func publish(topic: String, event: [UInt8]) -> Finished {
        guard running else { return [] }
        send(BusMessage(command: .publish, body: [Array(topic.utf8), event]))
        return []
    }

    /// Streams to finish are handed back: finishing one runs its termination handler, which takes the lock again.
    typealias Finished = [AsyncStream<ReceivedEvent>.Continuation]

    mutating func subscribe(id: UInt64, prefix: String, sink: AsyncStream<ReceivedEvent>.Continuation) -> Finished {
        guard running else { return [sink] }
        subscriptions[id] = (prefix, sink)
        send(BusMessage(command: .subscribe, body: [Array(prefix.utf8)]))
        return []
    }

    mutating func unsubscribe(id: UInt64) -> Finished {
        guard let removed = subscriptions.removeValue(forKey: id) else { return [] }
        if running, !subscriptions.values.contains(where: { $0.prefix == removed.prefix }) {
            send(BusMessage(command: .unsubscribe, body: [Array(removed.prefix.utf8)]))
        }
        return [removed.sink]
    }

    /// Fails what is waiting, ends subscriptions and closes the socket.
    mutating func stop(resumptions: inout [Resumption]) -> Finished {
        guard running else { return [] }
        running = false
        for (_, call) in pending {
            resumptions.append((call.continuation, .failure(RPCError(.cancelled, "the bus client was closed"))))
        }
        pending.removeAll()
        unsentRequests.removeAll()
        let sinks = subscriptions.values.map(\.sink)
        subscriptions.removeAll()
        socket.close()
        return sinks
    }

    /// Takes every message waiting on the socket (it must be empty before anyone sleeps on its descriptor).
    /// Returns false when it stopped early, so someone must come back for the rest.
    mutating func receiveAll(resumptions: inout [Resumption], limit: Int = 1024) -> Bool {
        guard running else { return true }
        do {
            return try socket.receiveWaiting(limit: limit) { frames in
                lastHeard = ContinuousClock.now
                brokerSilent = false
                let before = resumptions.count
                do {
                    try handle(try BusMessage.parse(frames, routed: false), resumptions: &resumptions)
                } catch {
                    logger.warning("ignored malformed message from the broker", ["reason": "\(error)"])
                }
                return resumptions.count - before
            }
        } catch {
            logger.error("receive failed", ["error": "\(error)"])
            return true
        }
    }

    private mutating func handle(_ message: BusMessage, resumptions: inout [Resumption]) throws(BusProtocolError) {
        switch message.command {
        case .reply, .replyBatch:
            // Read whole before any call is resumed, so a damaged batch resumes none.
            let bodies = try BatchFrame.bodies(of: message, framesPerBody: 2)
            let requestIds = try bodies.map { body throws(BusProtocolError) in try FrameCoding.string(body[0], what: "request id") }
            for (requestId, body) in zip(requestIds, bodies) { complete(requestId: requestId, reply: body[1], resumptions: &resumptions) }
        case .heartbeat:
            try message.requireBody(1)
            let instance = message.body[0]
            if let known = brokerInstance, known != instance {
                brokerRestarted(resumptions: &resumptions)
            }
            brokerInstance = instance
        case .event:
            try message.requireBody(2)
            let topic = try FrameCoding.string(message.body[0], what: "topic")
            guard let event = try? Veles_Bus_V1_Event(serializedBytes: message.body[1]) else {
                logger.warning("ignored undecodable event", ["topic": topic])
                return
            }
            let received = ReceivedEvent(topic: topic, event: event)
            for subscription in subscriptions.values where topic.hasPrefix(subscription.prefix) {
                subscription.sink.yield(received)
            }
        case .error:
            let reason = message.body.first.flatMap { String(validating: $0, as: UTF8.self) } ?? "no reason given"
            logger.warning("broker refused a message", ["reason": reason])
        default:
            throw .malformedFrame("command \(message.command) is not valid from the broker")
        }
    }

    private mutating func complete(requestId: String, reply: [UInt8], resumptions: inout [Resumption]) {
        // A reply nobody waits for is late (deadline, cancel) or a duplicate: nothing to do.
        if let call = pending.removeValue(forKey: requestId) {
            resumptions.append((call.continuation, .reply(reply)))
        }
    }

    /// A new broker knows nothing of what the old one held: fail those calls (idempotent ones are retried) and
    /// subscribe again.
    private mutating func brokerRestarted(resumptions: inout [Resumption]) {
        logger.info("broker restarted; re-registering", ["pending": String(pending.count), "subscriptions": String(subscriptions.count)])
        failPending(sentBefore: lastHeartbeatSent, reason: "the broker restarted while the request was in flight", resumptions: &resumptions)
        for prefix in Set(subscriptions.values.map(\.prefix)) {
            send(BusMessage(command: .subscribe, body: [Array(prefix.utf8)]))
        }
    }

    private mutating func failPending(sentBefore cutoff: ContinuousClock.Instant, reason: String, resumptions: inout [Resumption]) {
        for (requestId, call) in pending where call.sentAt < cutoff {
            pending.removeValue(forKey: requestId)
            resumptions.append((call.continuation, .failure(RPCError(.unavailable, reason))))
        }
    }

    /// Heartbeats, broker silence and call deadlines; returns when to run next.
    mutating func runTimers(now: ContinuousClock.Instant, resumptions: inout [Resumption]) -> ContinuousClock.Instant {
        guard running else { return now }
        if now >= nextHeartbeat {
            nextHeartbeat = now + configuration.heartbeatInterval
            lastHeartbeatSent = now
            send(BusMessage(command: .heartbeat))
            if !brokerSilent, now - lastHeard > configuration.heartbeatInterval * configuration.liveness {
                brokerSilent = true
                logger.warning("no answer from the broker; failing calls in flight", ["pending": String(pending.count)])
                failPending(sentBefore: now, reason: "lost contact with the broker", resumptions: &resumptions)
            }
        }
        if now >= nextDeadline {
            var earliest = ContinuousClock.Instant.distantFuture
            for (requestId, call) in pending {
                if call.deadline <= now {
                    pending.removeValue(forKey: requestId)
                    resumptions.append((call.continuation, .failure(RPCError(.deadlineExceeded, "no reply before the deadline"))))
                } else {
                    earliest = min(earliest, call.deadline)
                }
            }
            nextDeadline = earliest
        }
        return min(nextHeartbeat, nextDeadline)
    }

    /// Sends one message; queued requests go first, so nothing overtakes them.
    private mutating func send(_ message: BusMessage) {
        sendRequests()
        transmit(message)
    }

    private func transmit(_ message: BusMessage) {
        do {
            if try !socket.send(message.frames, dontWait: true) {
                logger.warning("send queue full; message dropped", ["command": "\(message.command)"])
            }
        } catch {
            logger.warning("send failed", ["error": "\(error)"])
        }
    }
}

extension ContinuousClock.Instant {
    static var distantFuture: ContinuousClock.Instant { .now + .seconds(86_400 * 365) }
}
