import Support
import Synchronization

/// Runs a worker: the loop thread waits on the socket and starts a task per request; each task runs its handler
/// and sends the reply itself. Handlers that prove quick run right on the loop thread (until they first wait on
/// something), so a request then costs no hop at all; the others, and what does not fit in the loop thread's time
/// budget, go to Swift's pool, at most one hop and none back. A pool task that finds a new request waiting when
/// it sends its reply goes on with that one instead of ending, which under load saves creating, scheduling and
/// waking a task per request.
///
/// A reply goes through a short outbox: a task that finds the socket taken leaves its reply there and the thread
/// holding the socket sends it before letting go, so handlers never spin on the socket's lock waiting for a turn.
///
/// The loop thread also answers requests whose deadline passed (cancelling their handlers), heartbeats and drains.
final class WorkerLoop: Sendable {
    private let session: Mutex<WorkerSession>
    private let outbox = Mutex<[(id: UInt64, reply: [UInt8])]>([])
    private let socketThread = SocketThreadExecutor()
    private let inlineBudget = InlineBudget()
    private let runsQuickHandlersOnSocketThread: Bool
    private let wake: WakePipe
    private let dispatcher: RequestDispatcher
    /// Kept alive until the last handler is done with the session's socket.
    private let context: ZMQContext

    init(configuration: BusWorkerConfiguration, serviceNames: [String], context: ZMQContext, logger: Logger,
         dispatcher: RequestDispatcher) throws {
        session = Mutex(try WorkerSession(configuration: configuration, serviceNames: serviceNames, context: context, logger: logger))
        wake = try WakePipe()
        self.dispatcher = dispatcher
        self.context = context
        runsQuickHandlersOnSocketThread = configuration.runsQuickHandlersOnSocketThread
    }

    /// The loop thread's body; returns once the worker has drained and left (or the broker told a draining worker to go).
    func run() throws {
        session.withLock { $0.register() }
        socketThread.adoptCurrentThread()
        defer { socketThread.runAll() }
        while true {
            var requests: [IncomingRequest] = []
            var cancelled: [HandlerSlot] = []
            let next = try session.withLock { session -> (descriptor: Int32, wake: ContinuousClock.Instant)? in
                sendQueued(on: &session)
                let complete = session.receiveAll(into: &requests)
                let now = ContinuousClock.now
                session.expire(now: now, cancelled: &cancelled)
                let wake = complete ? try session.runTimers(now: now) : now
                guard session.running else {
                    session.close()
                    return nil
                }
                session.scheduledWake = wake
                return (session.socketDescriptor, wake)
            }
            for slot in cancelled { slot.cancel() }
            inlineBudget.startRound()
            start(requests)
            socketThread.runQueued()
            guard let next else { return }
            // A reply a handler left while this thread held the socket is sent before sleeping, and handlers the
            // last round started here run now.
            if outbox.withLock({ !$0.isEmpty }) || socketThread.hasQueued { continue }
            wake.waitAndClear(alongside: next.descriptor, timeoutMilliseconds: next.wake.millisecondsFromNow)
        }
    }

    /// Asks the worker to finish what it holds, take nothing new, and leave.
    func drain() {
        session.withLock { $0.beginDrain() }
        wake.signal()
    }

    private func start(_ requests: [IncomingRequest]) {
        let inlineAllowed = runsQuickHandlersOnSocketThread && socketThread.isOnSocketThread
        for first in requests {
            let call: RequestDispatcher.Call
            switch dispatcher.prepare(first) {
            case .answered(let reply):
                _ = finish(first.id, reply: reply, continuingIn: nil)
                continue
            case .call(let prepared):
                call = prepared
            }
            // Handlers run outside the worker's own task, so cancelling `run()` (a drain) never cancels them.
            let task: Task<Void, Never>
            if inlineAllowed, inlineBudget.take(call.timing) {
                // The loop thread takes the next request itself, after its timers, rather than in this task.
                task = Task(executorPreference: socketThread) { [self] in
                    _ = finish(first.id, reply: await dispatcher.run(call), continuingIn: nil)
                }
            } else {
                task = Task { [self] in
                    var reply = await dispatcher.run(call)
                    var id = first.id
                    // A task cancelled at a deadline stays cancelled, so it must not take on another request.
                    while let next = finish(id, reply: reply, continuingIn: Task.isCancelled ? nil : first.slot) {
                        id = next.id
                        reply = await dispatcher.handle(next)
                    }
                }
            }
            first.slot.set(task)
        }
    }

    /// Queues a handler's reply and sends it unless another thread holds the socket; then takes whatever arrived
    /// meanwhile. With a slot, returns one of the new requests for the calling task to handle next.
    private func finish(_ id: UInt64, reply: [UInt8], continuingIn slot: HandlerSlot?) -> IncomingRequest? {
        outbox.withLock { $0.append((id, reply)) }
        // On the loop thread the loop sends the outbox after the round's handlers ran: one burst of replies wakes
        // libzmq's I/O thread (and the broker) once, not once per reply.
        if slot == nil, socketThread.isOnSocketThread { return nil }
        var next: IncomingRequest?
        while true {
            var requests: [IncomingRequest] = []
            let held = session.withLockIfAvailable { session -> Bool in
                sendQueued(on: &session)
                let complete = session.receiveAll(into: &requests)
                if next == nil, let slot, !requests.isEmpty {
                    let taken = requests.removeFirst()
                    session.adopt(taken.id, into: slot)
                    next = taken
                }
                return !complete || session.needsEarlierWake
            }
            // The holder looks at the outbox after letting go (the loop thread before it sleeps, a task here).
            guard let mustWake = held else { return next }
            if mustWake { wake.signal() }
            start(requests)
            if outbox.withLock({ $0.isEmpty }) { return next }
        }
    }

    private func sendQueued(on session: inout WorkerSession) {
        let replies = outbox.withLock { outbox -> [(id: UInt64, reply: [UInt8])] in
            defer { outbox.removeAll(keepingCapacity: true) }
            return outbox
        }
        for (id, reply) in replies { session.finish(id, reply: reply) }
        session.sendReplies()
    }
}
