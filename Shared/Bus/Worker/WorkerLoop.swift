import Support
import Synchronization

/// Runs a worker: the loop thread waits on the socket and starts a task per request; each task runs its handler
/// and sends the reply itself, so a request costs at most one hop onto Swift's pool and none back. A task that
/// finds a new request waiting when it sends its reply goes on with that one instead of ending, which under load
/// saves creating, scheduling and waking a task per request.
///
/// The loop thread also answers requests whose deadline passed (cancelling their handlers), heartbeats and drains.
final class WorkerLoop: Sendable {
    private let session: Mutex<WorkerSession>
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
    }

    /// The loop thread's body; returns once the worker has drained and left (or the broker told a draining worker to go).
    func run() throws {
        session.withLock { $0.register() }
        while true {
            var requests: [IncomingRequest] = []
            var cancelled: [HandlerSlot] = []
            let next = try session.withLock { session -> (descriptor: Int32, wake: ContinuousClock.Instant)? in
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
            start(requests)
            guard let next else { return }
            wake.wait(alongside: next.descriptor, timeoutMilliseconds: next.wake.millisecondsFromNow)
            wake.clear()
        }
    }

    /// Asks the worker to finish what it holds, take nothing new, and leave.
    func drain() {
        session.withLock { $0.beginDrain() }
        wake.signal()
    }

    private func start(_ requests: [IncomingRequest]) {
        for first in requests {
            // Handlers run outside the worker's own task, so cancelling `run()` (a drain) never cancels them.
            let task = Task { [self] in
                var request = first
                while true {
                    let reply = await dispatcher.handle(request)
                    // A task cancelled at a deadline stays cancelled, so it must not take on another request.
                    guard let next = finish(request.id, reply: reply, continuingIn: Task.isCancelled ? nil : first.slot) else { return }
                    request = next
                }
            }
            first.slot.set(task)
        }
    }

    /// Sends a reply from the handler's own thread, then takes whatever arrived meanwhile; with a slot, returns one
    /// of the new requests for the calling task to handle next.
    private func finish(_ id: UInt64, reply: [UInt8], continuingIn slot: HandlerSlot?) -> IncomingRequest? {
        var requests: [IncomingRequest] = []
        let (complete, mustWake, next) = session.withLock { session -> (Bool, Bool, IncomingRequest?) in
            session.finish(id, reply: reply)
            let complete = session.receiveAll(into: &requests)
            guard let slot, let next = requests.first else { return (complete, session.needsEarlierWake, nil) }
            requests.removeFirst()
            session.adopt(next.id, into: slot)
            return (complete, session.needsEarlierWake, next)
        }
        if !complete || mustWake { wake.signal() }
        start(requests)
        return next
    }
}
