import CZmq
import Support

/// The worker's DEALER socket, registration, heartbeats and drain, confined to one dedicated thread.
final class WorkerLoop {
    enum Command: Sendable {
        case reply(token: [UInt8], reply: [UInt8], generation: Int)
        case drain
    }

    private let configuration: BusWorkerConfiguration
    private let serviceNames: [String]
    private let logger: Logger
    private let mailbox: Mailbox<Command>
    private let context: ZMQContext
    private let deliver: @Sendable (IncomingRequest) -> Void
    private var socket: ZMQSocket
    private var generation = 0
    private var handling = 0
    private var lastHeard = ContinuousClock.now
    private var nextHeartbeat = ContinuousClock.now
    private var drainStartedAt: ContinuousClock.Instant?
    private var drainAcknowledged = false
    private var running = true

    init(configuration: BusWorkerConfiguration, serviceNames: [String], context: ZMQContext, logger: Logger,
         mailbox: Mailbox<Command>, deliver: @escaping @Sendable (IncomingRequest) -> Void) throws {
        self.configuration = configuration
        self.serviceNames = serviceNames
        self.context = context
        self.logger = logger
        self.mailbox = mailbox
        self.deliver = deliver
        socket = try Self.openSocket(context: context, endpoint: configuration.broker)
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

    func run() throws {
        var poller = ZMQPoller()
        let socketIndex = poller.add(socket)
        let mailboxIndex = poller.add(fileDescriptor: mailbox.fileDescriptor)
        register()
        while running {
            try poller.poll(timeoutMilliseconds: min(nextHeartbeat.millisecondsFromNow, 50))
            if poller.isReadable(mailboxIndex) { handleCommands() }
            if poller.isReadable(socketIndex) { receiveAll() }
            let now = ContinuousClock.now
            if now >= nextHeartbeat {
                nextHeartbeat = now + configuration.heartbeatInterval
                send(BusMessage(command: .workerHeartbeat))
                if now - lastHeard > configuration.heartbeatInterval * configuration.liveness, drainStartedAt == nil {
                    logger.warning("no heartbeat from the broker; reconnecting", ["broker": configuration.broker])
                    socket.close()
                    socket = try Self.openSocket(context: context, endpoint: configuration.broker)
                    poller.replace(socketIndex, with: socket)
                    lastHeard = now
                    register()
                }
            }
            checkDrainFinished(now: now)
        }
        // Let the last replies and the goodbye leave before the socket goes.
        try? socket.setOption(ZMQ_LINGER, Int32(1000))
        socket.close()
    }

    private func register() {
        generation += 1
        var body = [FrameCoding.encode(UInt32(configuration.concurrency))]
        body.append(contentsOf: serviceNames.map { Array($0.utf8) })
        send(BusMessage(command: .ready, body: body))
        logger.info("registering with the broker", ["broker": configuration.broker, "services": serviceNames.joined(separator: ","),
                                                     "concurrency": String(configuration.concurrency)])
    }

    private func handleCommands() {
        for command in mailbox.takeAll() {
            switch command {
            case .reply(let token, let reply, let generation):
                handling -= 1
                if generation == self.generation {
                    send(BusMessage(command: .workerReply, body: [token, reply]))
                }
            case .drain:
                guard drainStartedAt == nil else { continue }
                drainStartedAt = ContinuousClock.now
                logger.info("draining: finishing what is in hand, taking nothing new", ["in_flight": String(handling)])
                send(BusMessage(command: .drain))
            }
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
            do {
                try handle(try BusMessage.parse(frames, routed: false))
            } catch {
                logger.warning("ignored malformed message from the broker", ["reason": "\(error)"])
            }
        }
    }

    private func handle(_ message: BusMessage) throws(BusProtocolError) {
        switch message.command {
        case .workerRequest:
            try message.requireBody(3)
            let budget = try FrameCoding.decodeUInt32(message.body[1])
            handling += 1
            deliver(IncomingRequest(token: message.body[0], budget: .milliseconds(Int64(budget)), envelope: message.body[2],
                                    receivedAt: ContinuousClock.now, generation: generation))
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

    private func checkDrainFinished(now: ContinuousClock.Instant) {
        guard let started = drainStartedAt else { return }
        // Requests dispatched before the broker saw the drain arrive before its acknowledgement; after it, none come.
        let settled = drainAcknowledged || now - started > configuration.heartbeatInterval * configuration.liveness
        if settled, handling == 0 {
            send(BusMessage(command: .disconnect))
            logger.info("drained; leaving the broker")
            running = false
        } else if now - started > configuration.drainTimeout {
            logger.warning("drain timed out; leaving with requests unfinished", ["in_flight": String(handling)])
            send(BusMessage(command: .disconnect))
            running = false
        }
    }

    private func send(_ message: BusMessage) {
        do {
            _ = try socket.send(message.frames, dontWait: true)
        } catch {
            logger.warning("send failed", ["error": "\(error)"])
        }
    }
}
