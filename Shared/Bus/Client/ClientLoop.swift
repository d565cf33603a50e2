import Support
import Synchronization

/// The client's connection: callers send on the socket themselves (without blocking), and a dedicated thread
/// waits for replies, heartbeats and deadlines. A call thus costs no hop to a socket thread on the way out and
/// one resumption on the way back.
///
/// Calls and cancels go through a short outbox: a caller that finds the socket taken leaves its request there
/// and the thread holding the socket sends it before letting go. Busy callers thus never queue up on the socket's
/// lock (each would spin, then sleep), and one holder sends a whole batch.
final class ClientLoop: Sendable {
    private enum Queued: Sendable {
        case call(requestId: String, envelope: [UInt8], deadline: ContinuousClock.Instant, continuation: CheckedContinuation<CallOutcome, Never>)
        case cancel(requestId: String)
    }

    private let session: Mutex<ClientSession>
    private let outbox = Mutex<[Queued]>([])
    private let wake: WakePipe
    /// Kept alive until the socket is closed.
    private let context: ZMQContext

    init(configuration: BusClientConfiguration, context: ZMQContext, logger: Logger) throws {
        session = Mutex(try ClientSession(configuration: configuration, context: context, logger: logger))
        wake = try WakePipe()
        self.context = context
    }

    /// The loop thread's body; returns after `stop()`.
    func run() {
        while true {
            var resumptions: [ClientSession.Resumption] = []
            let next = session.withLock { session -> (descriptor: Int32, wake: ContinuousClock.Instant)? in
                let early = sendQueued(on: &session, resumptions: &resumptions)
                let complete = session.receiveAll(resumptions: &resumptions)
                let now = ContinuousClock.now
                let wake = complete && !early ? session.runTimers(now: now, resumptions: &resumptions) : now
                guard session.running else { return nil }
                session.scheduledWake = wake
                return (session.socketDescriptor, wake)
            }
            Self.resume(resumptions)
            guard let next else { return }
            // Whatever a caller left while this thread held the socket is sent before sleeping.
            if outbox.withLock({ !$0.isEmpty }) { continue }
            wake.waitAndClear(alongside: next.descriptor, timeoutMilliseconds: next.wake.millisecondsFromNow)
        }
    }

    /// Sends one attempt; `continuation` is resumed with the reply, the deadline, a cancel or the client's close.
    func call(requestId: String, envelope: [UInt8], deadline: ContinuousClock.Instant, continuation: CheckedContinuation<CallOutcome, Never>) {
        outbox.withLock { $0.append(.call(requestId: requestId, envelope: envelope, deadline: deadline, continuation: continuation)) }
        flush()
    }

    func cancel(requestId: String) {
        outbox.withLock { $0.append(.cancel(requestId: requestId)) }
        flush()
    }

    func publish(topic: String, event: [UInt8]) {
        withSocket { session, _ in session.publish(topic: topic, event: event) }
    }

    func subscribe(id: UInt64, prefix: String, sink: AsyncStream<ReceivedEvent>.Continuation) {
        withSocket { session, _ in session.subscribe(id: id, prefix: prefix, sink: sink) }
    }

    func unsubscribe(id: UInt64) {
        withSocket { session, _ in session.unsubscribe(id: id) }
    }

    /// Fails calls still waiting with CANCELLED, ends subscriptions and lets the loop thread finish.
    func stop() {
        withSocket { session, resumptions in session.stop(resumptions: &resumptions) }
        wake.signal()
    }

    /// Sends the outbox unless another thread holds the socket; that thread looks at the outbox after letting go
    /// (the loop thread before it sleeps, a caller here), so nothing left there is forgotten.
    private func flush() {
        while true {
            var resumptions: [ClientSession.Resumption] = []
            let held = session.withLockIfAvailable { session -> Bool in
                let early = sendQueued(on: &session, resumptions: &resumptions)
                let complete = session.receiveAll(resumptions: &resumptions)
                return early || !complete
            }
            guard let mustWake = held else { return }
            if mustWake { wake.signal() }
            Self.resume(resumptions)
            if outbox.withLock({ $0.isEmpty }) { return }
        }
    }

    /// Sends every queued call and cancel; true when one is due before the loop thread's next wake-up.
    private func sendQueued(on session: inout ClientSession, resumptions: inout [ClientSession.Resumption]) -> Bool {
        let queued = outbox.withLock { outbox -> [Queued] in
            defer { outbox.removeAll(keepingCapacity: true) }
            return outbox
        }
        var early = false
        for item in queued {
            switch item {
            case .call(let requestId, let envelope, let deadline, let continuation):
                if !session.startCall(requestId: requestId, envelope: envelope, deadline: deadline,
                                      continuation: continuation, resumptions: &resumptions) {
                    early = true
                }
            case .cancel(let requestId):
                session.cancel(requestId: requestId, resumptions: &resumptions)
            }
        }
        session.sendRequests()
        return early
    }

    /// Runs `body` on the socket, then takes what arrived meanwhile (someone must, before anyone sleeps on it).
    private func withSocket(_ body: (inout ClientSession, inout [ClientSession.Resumption]) -> ClientSession.Finished) {
        var resumptions: [ClientSession.Resumption] = []
        let (finished, mustWake) = session.withLock { session -> (ClientSession.Finished, Bool) in
            let early = sendQueued(on: &session, resumptions: &resumptions)
            let finished = body(&session, &resumptions)
            return (finished, !session.receiveAll(resumptions: &resumptions) || early)
        }
        if mustWake { wake.signal() }
        Self.resume(resumptions)
        for sink in finished { sink.finish() }
        if outbox.withLock({ !$0.isEmpty }) { flush() }
    }

    private static func resume(_ resumptions: [ClientSession.Resumption]) {
        for (continuation, outcome) in resumptions { continuation.resume(returning: outcome) }
    }
}
