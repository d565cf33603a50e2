import CZmq
import ProtoRuntime
import Support

/// The broker's two sockets, as a set.
struct BrokerSides: OptionSet {
    let rawValue: UInt8
    static let frontend = BrokerSides(rawValue: 1)
    static let backend = BrokerSides(rawValue: 2)
}

/// The broker's state and its event loop, confined to the one thread that owns both ROUTER sockets.
///
/// Nothing here is shared: other threads reach the loop only through `mailbox`.
final class BrokerLoop {
    enum Command: Sendable {
        case stop
    }

    let configuration: BrokerConfiguration
    let logger: Logger
    let journal: JournalAppender?
    let mailbox: Mailbox<Command>
    let frontend: ZMQSocket
    let backend: ZMQSocket
    let instanceId: [UInt8]
    let startedAt = ContinuousClock.now

    var workers: [[UInt8]: WorkerRecord] = [:]
    var services: [String: ServiceRecord] = [:]
    var inFlight: [UInt64: (request: PendingRequest, worker: WorkerRecord)] = [:]
    /// Clients seen recently, for event fan-out: topic prefixes each one subscribed to.
    var subscribers: [[UInt8]: (prefixes: Set<String>, lastSeen: ContinuousClock.Instant)] = [:]
    var nextToken: UInt64 = 1
    var dispatchCounter: UInt64 = 0
    var nextHeartbeat = ContinuousClock.now
    var nextSweep = ContinuousClock.now
    var malformedLog = LogThrottle()
    /// Sockets that may hold messages not yet read, and sockets a send touched since the last look at them.
    var unread: BrokerSides = [.frontend, .backend]
    var touched: BrokerSides = []
    /// Services with requests queued since the last dispatch.
    var servicesToDispatch: Set<String> = []
    var idleSpin: IdleSpin
    /// Workers' replies read this round, sent to their clients together once the sockets are drained: libzmq's
    /// I/O thread then wakes once for the whole batch instead of once per reply it has already caught up with.
    var repliesToSend: [BusMessage] = []
    var running = true

    init(configuration: BrokerConfiguration, context: ZMQContext, logger: Logger, journal: JournalAppender?, mailbox: Mailbox<Command>) throws {
        self.configuration = configuration
        self.logger = logger
        self.journal = journal
        self.mailbox = mailbox
        idleSpin = IdleSpin(window: configuration.idleSpin)
        instanceId = FrameCoding.encode(UInt64.random(in: 1...UInt64.max))
        frontend = try ZMQSocket(context: context, type: .router)
        backend = try ZMQSocket(context: context, type: .router)
        for socket in [frontend, backend] {
            // Sending to a peer that has gone must fail loudly, so a dead worker is noticed at the next heartbeat.
            try socket.setOption(ZMQ_ROUTER_MANDATORY, Int32(1))
            // libzmq drops a peer whose message passes this hard cap; the softer per-request limit is checked here.
            try socket.setOption(ZMQ_MAXMSGSIZE, Int64(configuration.maxMessageBytes) * 4 + 65536)
            try socket.setOption(ZMQ_SNDHWM, Int32(100_000))
            try socket.setOption(ZMQ_RCVHWM, Int32(100_000))
        }
        try frontend.bind(configuration.frontend)
        try backend.bind(configuration.backend)
    }

    func run() {
        // The sockets' descriptors only say that libzmq has news for a socket. A socket may hold messages with its
        // descriptor quiet (any call on it can take that news), so each is read until empty before the loop sleeps,
        // and a send marks its socket for another look.
        var poller = DescriptorPoller()
        let frontendIndex: Int
        let backendIndex: Int
        do {
            frontendIndex = poller.add(try frontend.fileDescriptor())
            backendIndex = poller.add(try backend.fileDescriptor())
        } catch {
            logger.error("broker cannot wait on its sockets", ["error": "\(error)"])
            return
        }
        let mailboxIndex = poller.add(mailbox.fileDescriptor)
        logger.info("broker listening", ["frontend": configuration.frontend, "backend": configuration.backend])
        while running {
            if !unread.isEmpty {
                poller.poll(timeoutMilliseconds: 0)
            } else if !idleSpin.spin(&poller) {
                var timeout = min(nextHeartbeat.millisecondsFromNow, nextSweep.millisecondsFromNow)
                // Records the journal thread could not take yet are offered again soon, and a batch it has not
                // taken is looked after by its deadline, not at the next heartbeat.
                if let look = journal?.millisecondsToNextLook() { timeout = min(timeout, look) }
                poller.poll(timeoutMilliseconds: timeout)
            }
            if poller.isReadable(frontendIndex) { unread.insert(.frontend) }
            if poller.isReadable(backendIndex) { unread.insert(.backend) }
            if poller.isReadable(mailboxIndex) { handleCommands() }
            // Bounded batches keep one busy side from starving the other.
            if unread.remove(.backend) != nil, !drain(backend, limit: 256, handle: handleBackend) { unread.insert(.backend) }
            if unread.remove(.frontend) != nil, !drain(frontend, limit: 256, handle: handleFrontend) { unread.insert(.frontend) }
            sendReplies()
            dispatchQueued()
            runTimers()
            journal?.publish()
            idleSpin.update(now: ContinuousClock.now)
            unread.formUnion(touched)
            touched = []
        }
        frontend.close()
        backend.close()
        logger.info("broker stopped")
    }

    /// Sends the replies read this round, those for one client several to a frame where they fit (`BatchFrame`).
    private func sendReplies() {
        guard !repliesToSend.isEmpty else { return }
        var clients: [[UInt8]] = []
        var bodies: [[UInt8]: [[[UInt8]]]] = [:]
        for reply in repliesToSend {
            if bodies[reply.peer] == nil { clients.append(reply.peer) }
            bodies[reply.peer, default: []].append(reply.body)
        }
        for client in clients {
            for (message, _) in BatchFrame.messages(to: client, single: .reply, batch: .replyBatch, bodies: bodies[client]!) {
                send(message, on: frontend)
            }
        }
        repliesToSend.removeAll(keepingCapacity: true)
    }

    private func handleCommands() {
        for command in mailbox.takeAll() {
            switch command {
            case .stop: running = false
            }
        }
    }

    /// Reads at most `limit` messages' worth (a batch counts what it holds); true when the socket was emptied (or
    /// failed, which a retry would not mend).
    private func drain(_ socket: ZMQSocket, limit: Int, handle: ([[UInt8]]) -> Int) -> Bool {
        do {
            return try socket.receiveWaiting(limit: limit) { frames in
                idleSpin.countMessage()
                return handle(frames)
            }
        } catch {
            logger.error("receive failed", ["error": "\(error)"])
            return true
        }
    }

    /// Sends to a peer on a ROUTER socket; false when the peer is gone or not keeping up.
    @discardableResult
    func send(_ message: BusMessage, on socket: ZMQSocket) -> Bool {
        touched.insert(socket === frontend ? .frontend : .backend)
        do {
            return try socket.send(message.frames, dontWait: true)
        } catch let error as ZMQError where error.isHostUnreachable {
            return false
        } catch {
            logger.warning("send failed", ["error": "\(error)"])
            return false
        }
    }

    /// Refuses a message that breaks the protocol, telling the sender why when it can be addressed.
    func refuse(_ frames: [[UInt8]], on socket: ZMQSocket, side: String, reason: String) {
        malformedLog.warning(logger, "refused malformed message", ["side": side, "reason": reason, "frames": String(frames.count)])
        guard let peer = frames.first, !peer.isEmpty else { return }
        send(BusMessage(peer: peer, command: .error, body: [Array(reason.utf8)]), on: socket)
    }

    private func runTimers() {
        let now = ContinuousClock.now
        if now >= nextHeartbeat {
            nextHeartbeat = now + configuration.heartbeatInterval
            heartbeatWorkers(now: now)
        }
        if now >= nextSweep {
            nextSweep = now + .milliseconds(10)
            sweep(now: now)
        }
    }
}
