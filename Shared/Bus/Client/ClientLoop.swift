import CZmq
import Support

/// The client's DEALER socket and everything waiting on it, confined to one dedicated thread.
final class ClientLoop {
    enum Command: Sendable {
        case call(requestId: String, envelope: [UInt8], deadline: ContinuousClock.Instant, continuation: CheckedContinuation<CallOutcome, Never>)
        case cancel(requestId: String)
        case publish(topic: String, event: [UInt8])
        case subscribe(id: UInt64, prefix: String, sink: AsyncStream<ReceivedEvent>.Continuation)
        case unsubscribe(id: UInt64)
        case stop
    }

    private struct Pending {
        let continuation: CheckedContinuation<CallOutcome, Never>
        let deadline: ContinuousClock.Instant
        let sentAt: ContinuousClock.Instant
    }

    private let configuration: BusClientConfiguration
    private let logger: Logger
    private let mailbox: Mailbox<Command>
    private let socket: ZMQSocket
    private var pending: [String: Pending] = [:]
    private var subscriptions: [UInt64: (prefix: String, sink: AsyncStream<ReceivedEvent>.Continuation)] = [:]
    private var brokerInstance: [UInt8]?
    private var lastHeard = ContinuousClock.now
    private var lastHeartbeatSent = ContinuousClock.now
    private var nextHeartbeat = ContinuousClock.now
    private var nextDeadline = ContinuousClock.Instant.distantFuture
    private var brokerSilent = false
    private var running = true

    init(configuration: BusClientConfiguration, context: ZMQContext, logger: Logger, mailbox: Mailbox<Command>) throws {
        self.configuration = configuration
        self.logger = logger
        self.mailbox = mailbox
        socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setOption(ZMQ_SNDHWM, Int32(100_000))
        try socket.setOption(ZMQ_RCVHWM, Int32(100_000))
        try socket.setOption(ZMQ_RECONNECT_IVL, Int32(100))
        try socket.setOption(ZMQ_RECONNECT_IVL_MAX, Int32(1000))
        try socket.connect(configuration.broker)
    }

    func run() {
        var poller = ZMQPoller()
        let socketIndex = poller.add(socket)
        let mailboxIndex = poller.add(fileDescriptor: mailbox.fileDescriptor)
        while running {
            do {
                let wake = min(nextHeartbeat, nextDeadline)
                try poller.poll(timeoutMilliseconds: wake.millisecondsFromNow)
                if poller.isReadable(mailboxIndex) { handleCommands() }
                if poller.isReadable(socketIndex) { receiveAll() }
                runTimers()
            } catch {
                logger.error("client loop error", ["error": "\(error)"])
            }
        }
        for (_, call) in pending {
            call.continuation.resume(returning: .failure(RPCError(.cancelled, "the bus client was closed")))
        }
        pending.removeAll()
        for (_, subscription) in subscriptions { subscription.sink.finish() }
        socket.close()
    }

    private func handleCommands() {
        for command in mailbox.takeAll() {
            switch command {
            case .call(let requestId, let envelope, let deadline, let continuation):
                let now = ContinuousClock.now
                guard deadline > now else {
                    continuation.resume(returning: .failure(RPCError(.deadlineExceeded, "deadline passed before the request was sent")))
                    continue
                }
                pending[requestId] = Pending(continuation: continuation, deadline: deadline, sentAt: now)
                nextDeadline = min(nextDeadline, deadline)
                send(BusMessage(command: .request, body: [Array(requestId.utf8), envelope]))
            case .cancel(let requestId):
                pending.removeValue(forKey: requestId)?.continuation.resume(returning: .failure(RPCError(.cancelled, "the caller cancelled the call")))
            case .publish(let topic, let event):
                send(BusMessage(command: .publish, body: [Array(topic.utf8), event]))
            case .subscribe(let id, let prefix, let sink):
                subscriptions[id] = (prefix, sink)
                send(BusMessage(command: .subscribe, body: [Array(prefix.utf8)]))
            case .unsubscribe(let id):
                guard let removed = subscriptions.removeValue(forKey: id) else { continue }
                removed.sink.finish()
                if !subscriptions.values.contains(where: { $0.prefix == removed.prefix }) {
                    send(BusMessage(command: .unsubscribe, body: [Array(removed.prefix.utf8)]))
                }
            case .stop:
                running = false
            }
        }
    }

    private func send(_ message: BusMessage) {
        do {
            if try !socket.send(message.frames, dontWait: true) {
                logger.warning("send queue full; message dropped", ["command": "\(message.command)"])
            }
        } catch {
            logger.warning("send failed", ["error": "\(error)"])
        }
    }

    private func receiveAll() {
        for _ in 0..<512 {
            let frames: [[UInt8]]
            do {
                guard let received = try socket.receive(dontWait: true) else { return }
                frames = received
            } catch {
                logger.error("receive failed", ["error": "\(error)"])
                return
            }
            lastHeard = ContinuousClock.now
            brokerSilent = false
            do {
                try handle(try BusMessage.parse(frames, routed: false))
            } catch {
                logger.warning("ignored malformed message from the broker", ["reason": "\(error)"])
            }
        }
    }

    private func handle(_ message: BusMessage) throws(BusProtocolError) {
        switch message.command {
        case .reply:
            try message.requireBody(2)
            let requestId = try FrameCoding.string(message.body[0], what: "request id")
            // A reply nobody waits for is late (deadline, cancel) or a duplicate: nothing to do.
            pending.removeValue(forKey: requestId)?.continuation.resume(returning: .reply(message.body[1]))
        case .heartbeat:
            try message.requireBody(1)
            let instance = message.body[0]
            if let known = brokerInstance, known != instance {
                brokerRestarted()
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

    /// A new broker knows nothing of what the old one held: fail those calls (idempotent ones are retried) and
    /// subscribe again.
    private func brokerRestarted() {
        logger.info("broker restarted; re-registering", ["pending": String(pending.count), "subscriptions": String(subscriptions.count)])
        failPending(sentBefore: lastHeartbeatSent, reason: "the broker restarted while the request was in flight")
        for prefix in Set(subscriptions.values.map(\.prefix)) {
            send(BusMessage(command: .subscribe, body: [Array(prefix.utf8)]))
        }
    }

    private func failPending(sentBefore cutoff: ContinuousClock.Instant, reason: String) {
        for (requestId, call) in pending where call.sentAt < cutoff {
            pending.removeValue(forKey: requestId)
            call.continuation.resume(returning: .failure(RPCError(.unavailable, reason)))
        }
    }

    private func runTimers() {
        let now = ContinuousClock.now
        if now >= nextHeartbeat {
            nextHeartbeat = now + configuration.heartbeatInterval
            lastHeartbeatSent = now
            send(BusMessage(command: .heartbeat))
            if !brokerSilent, now - lastHeard > configuration.heartbeatInterval * configuration.liveness {
                brokerSilent = true
                logger.warning("no answer from the broker; failing calls in flight", ["pending": String(pending.count)])
                failPending(sentBefore: now, reason: "lost contact with the broker")
            }
        }
        if now >= nextDeadline {
            var earliest = ContinuousClock.Instant.distantFuture
            for (requestId, call) in pending {
                if call.deadline <= now {
                    pending.removeValue(forKey: requestId)
                    call.continuation.resume(returning: .failure(RPCError(.deadlineExceeded, "no reply before the deadline")))
                } else {
                    earliest = min(earliest, call.deadline)
                }
            }
            nextDeadline = earliest
        }
    }
}

extension ContinuousClock.Instant {
    static var distantFuture: ContinuousClock.Instant { .now + .seconds(86_400 * 365) }
}
