import CZmq
import Support

/// The worker's DEALER socket and protocol state: registration, heartbeats, drain and the requests in hand.
///
/// It lives inside `WorkerLoop`'s lock, so the loop thread and the handler tasks (which send their replies
/// themselves) take turns on the socket; libzmq sockets are not thread-safe, the lock makes the hand-over safe.
struct WorkerSession {
    /// A request being handled: what its reply needs, and the task to cancel at its deadline.
    private struct Handling {
        let token: [UInt8]
        let deadline: ContinuousClock.Instant
        let generation: Int
        var slot: HandlerSlot
    }

    private let configuration: BusWorkerConfiguration
    private let serviceNames: [String]
    private let logger: Logger
    private let context: ZMQContext
    private var socket: ZMQSocket
    private(set) var socketDescriptor: Int32
    private var generation = 0
    private var nextId: UInt64 = 0
    private var handling: [UInt64: Handling] = [:]
    /// Replies (token and reply frames) finished since the last `sendReplies()`.
    private var unsentReplies: [[[UInt8]]] = []
    private var nextDeadline = ContinuousClock.Instant.distantFuture
    private var lastHeard = ContinuousClock.now
    private var nextHeartbeat = ContinuousClock.now
    private var drainStartedAt: ContinuousClock.Instant?
    private var drainAcknowledged = false
    /// When the loop thread next wakes by itself; a request due earlier must wake it.
    var scheduledWake = ContinuousClock.now
    private(set) var running = true

    init(configuration: BusWorkerConfiguration, serviceNames: [String], context: ZMQContext, logger: Logger) throws {
        self.configuration = configuration
        self.serviceNames = serviceNames
        self.context = context
        self.logger = logger
        socket = try Self.openSocket(context: context, endpoint: configuration.broker)
        socketDescriptor = try socket.fileDescriptor()
    }

    private static func openSocket(context: ZMQContext, endpoint: String) throws -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setOption(ZMQ_SNDHWM, Int32(100_000))
        try socket.setOption(ZMQ_RCVHWM, Int32(100_000))
        try socket.setOption(ZMQ_RECONNECT_IVL, Int32(100))
        try socket.setOption(ZMQ_RECONNECT_IVL_MAX, Int32(1000))
        try socket.connect(endpoint)
        return socket
    }

    mutating func register() {
        generation += 1
        var body = [FrameCoding.encode(UInt32(configuration.concurrency))]
        body.append(contentsOf: serviceNames.map { Array($0.utf8) })
        send(BusMessage(command: .ready, body: body))
        logger.info("registering with the broker", ["broker": configuration.broker, "services": serviceNames.joined(separator: ","),
                                                     "concurrency": String(configuration.concurrency)])
    }

    /// Takes every message waiting on the socket (it must be empty before anyone sleeps on its descriptor);
    /// returns the requests to start. `complete` is false when it stopped early, so the caller must come back.
    mutating func receiveAll(into requests: inout [IncomingRequest], limit: Int = 1024) -> Bool {
        guard running else { return true }
        do {
            return try socket.receiveWaiting(limit: limit) { frames in
                lastHeard = ContinuousClock.now
                let before = requests.count
                do {
                    try handle(try BusMessage.parse(frames, routed: false), requests: &requests)
                } catch {
                    logger.warning("ignored malformed message from the broker", ["reason": "\(error)"])
                }
                return requests.count - before
            }
        } catch {
            logger.error("receive failed", ["error": "\(error)"])
            return true
        }
    }

    private mutating func handle(_ message: BusMessage, requests: inout [IncomingRequest]) throws(BusProtocolError) {
        switch message.command {
        case .workerRequest, .workerRequestBatch:
            let bodies = try BatchFrame.bodies(of: message, framesPerBody: 3)
            let budgets = try bodies.map { body throws(BusProtocolError) in try FrameCoding.decodeUInt32(body[1]) }
            for (body, budget) in zip(bodies, budgets) {
                requests.append(accept(token: body[0], millisecondsLeft: budget, envelope: body[2]))
            }
        case .workerHeartbeat:
            break
        case .disconnect:
            guard drainStartedAt == nil else {
                running = false
                return
            }
            logger.info("broker does not know this worker; registering again")
            register()
        case .drainAcknowledged:
            drainAcknowledged = true
        case .error:
            let reason = message.body.first.flatMap { String(validating: $0, as: UTF8.self) } ?? "no reason given"
            logger.warning("broker refused a message", ["reason": reason])
        default:
            throw .malformedFrame("command \(message.command) is not valid from the broker")
        }
    }

    private mutating func accept(token: [UInt8], millisecondsLeft: UInt32, envelope: [UInt8]) -> IncomingRequest {
        let now = ContinuousClock.now
        let request = IncomingRequest(id: nextId, token: token, budget: .milliseconds(Int64(millisecondsLeft)),
                                      envelope: envelope, receivedAt: now, slot: HandlerSlot())
        nextId += 1
        let deadline = now + request.budget
        handling[request.id] = Handling(token: token, deadline: deadline, generation: generation, slot: request.slot)
        nextDeadline = min(nextDeadline, deadline)
        return request
    }

    /// True when the loop thread must wake earlier than it planned (a request arrived off the loop thread).
    var needsEarlierWake: Bool { nextDeadline < scheduledWake }

    /// Hands a request to the task in `slot` (one that just finished another), so its deadline cancels that task.
    mutating func adopt(_ id: UInt64, into slot: HandlerSlot) {
        handling[id]?.slot = slot
    }

    /// Queues a handler's reply, unless the deadline already answered the request; `sendReplies()` sends it.
    mutating func finish(_ id: UInt64, reply: [UInt8]) {
        guard let entry = handling.removeValue(forKey: id) else { return }
        if running, entry.generation == generation {
            unsentReplies.append([entry.token, reply])
        }
    }

    /// Sends the replies `finish` and `expire` queued, several to a frame where they fit (`BatchFrame`).
    mutating func sendReplies() {
        guard !unsentReplies.isEmpty else { return }
        for (message, _) in BatchFrame.messages(single: .workerReply, batch: .workerReplyBatch, bodies: unsentReplies) {
            transmit(message)
        }
        unsentReplies.removeAll(keepingCapacity: true)
    }

    /// Answers DEADLINE_EXCEEDED for requests past their deadline; returns their tasks to cancel.
    mutating func expire(now: ContinuousClock.Instant, cancelled: inout [HandlerSlot]) {
        guard now >= nextDeadline else { return }
        var earliest = ContinuousClock.Instant.distantFuture
        for (id, entry) in handling {
            guard entry.deadline <= now else {
                earliest = min(earliest, entry.deadline)
                continue
            }
            handling.removeValue(forKey: id)
            cancelled.append(entry.slot)
            if running, entry.generation == generation {
                unsentReplies.append([entry.token, RequestDispatcher.reply(RPCError(.deadlineExceeded, "the handler did not finish before the deadline"))])
            }
        }
        nextDeadline = earliest
        sendReplies()
    }

    /// Heartbeats, reconnecting to a silent broker, and leaving once a drain is done. Returns when to run next.
    mutating func runTimers(now: ContinuousClock.Instant) throws -> ContinuousClock.Instant {
        if now >= nextHeartbeat {
            nextHeartbeat = now + configuration.heartbeatInterval
            send(BusMessage(command: .workerHeartbeat))
            if now - lastHeard > configuration.heartbeatInterval * configuration.liveness, drainStartedAt == nil {
                logger.warning("no heartbeat from the broker; reconnecting", ["broker": configuration.broker])
                socket.close()
                socket = try Self.openSocket(context: context, endpoint: configuration.broker)
                socketDescriptor = try socket.fileDescriptor()
                lastHeard = now
                register()
            }
        }
        checkDrainFinished(now: now)
        // A drain is checked often; otherwise the heartbeat and the earliest deadline set the pace.
        let drainCheck = drainStartedAt == nil ? ContinuousClock.Instant.distantFuture : now + .milliseconds(50)
        return min(nextHeartbeat, nextDeadline, drainCheck)
    }

    mutating func beginDrain() {
        guard drainStartedAt == nil else { return }
        drainStartedAt = ContinuousClock.now
        logger.info("draining: finishing what is in hand, taking nothing new", ["in_flight": String(handling.count)])
        send(BusMessage(command: .drain))
    }

    private mutating func checkDrainFinished(now: ContinuousClock.Instant) {
        guard let started = drainStartedAt, running else { return }
        // Requests dispatched before the broker saw the drain arrive before its acknowledgement; after it, none come.
        let settled = drainAcknowledged || now - started > configuration.heartbeatInterval * configuration.liveness
        if settled, handling.isEmpty {
            send(BusMessage(command: .disconnect))
            logger.info("drained; leaving the broker")
            running = false
        } else if now - started > configuration.drainTimeout {
            logger.warning("drain timed out; leaving with requests unfinished", ["in_flight": String(handling.count)])
            send(BusMessage(command: .disconnect))
            running = false
        }
    }

    /// Lets the last replies and the goodbye leave, then closes the socket; later sends are dropped.
    mutating func close() {
        sendReplies()
        running = false
        try? socket.setOption(ZMQ_LINGER, Int32(1000))
        socket.close()
    }

    /// Sends one message; queued replies go first, so nothing overtakes them (a goodbye least of all).
    private mutating func send(_ message: BusMessage) {
        sendReplies()
        transmit(message)
    }

    private func transmit(_ message: BusMessage) {
        do {
            _ = try socket.send(message.frames, dontWait: true)
        } catch {
            logger.warning("send failed", ["error": "\(error)"])
        }
    }
}
