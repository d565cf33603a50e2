import Support
import Synchronization

/// Runs a worker: the loop thread waits on the socket and starts one task per request; each task runs its
/// handler and sends the reply itself, so a request costs one hop onto Swift's pool and none back.
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
            var cancelled: [Task<Void, Never>] = []
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
            for task in cancelled { task.cancel() }
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
        for request in requests {
            // Handlers run outside the worker's own task, so cancelling `run()` (a drain) never cancels them.
            let task = Task { [self] in
                let reply = await dispatcher.handle(request)
                finish(request.id, reply: reply)
            }
            if !session.withLock({ $0.attach(task, to: request.id) }) { task.cancel() }
        }
    }

    /// Sends a reply from the handler's own thread, then takes whatever arrived meanwhile.
    private func finish(_ id: UInt64, reply: [UInt8]) {
        var requests: [IncomingRequest] = []
        let (complete, mustWake) = session.withLock { session -> (Bool, Bool) in
            session.finish(id, reply: reply)
            let complete = session.receiveAll(into: &requests)
            return (complete, session.needsEarlierWake)
        }
        if !complete || mustWake { wake.signal() }
        start(requests)
    }
}
