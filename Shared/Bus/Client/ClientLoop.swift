import Support
import Synchronization

/// The client's connection: callers send on the socket themselves (under a lock, without blocking), and a
/// dedicated thread waits for replies, heartbeats and deadlines. A call thus costs no hop to a socket thread on
/// the way out and one resumption on the way back.
final class ClientLoop: Sendable {
    private let session: Mutex<ClientSession>
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
                let complete = session.receiveAll(resumptions: &resumptions)
                let now = ContinuousClock.now
                let wake = complete ? session.runTimers(now: now, resumptions: &resumptions) : now
                guard session.running else { return nil }
                session.scheduledWake = wake
                return (session.socketDescriptor, wake)
            }
            Self.resume(resumptions)
            guard let next else { return }
            wake.wait(alongside: next.descriptor, timeoutMilliseconds: next.wake.millisecondsFromNow)
            wake.clear()
        }
    }

    /// Sends one attempt; `continuation` is resumed with the reply, the deadline, a cancel or the client's close.
    func call(requestId: String, envelope: [UInt8], deadline: ContinuousClock.Instant, continuation: CheckedContinuation<CallOutcome, Never>) {
        var resumptions: [ClientSession.Resumption] = []
        let (onTime, complete) = session.withLock { session -> (Bool, Bool) in
            let onTime = session.startCall(requestId: requestId, envelope: envelope, deadline: deadline,
                                           continuation: continuation, resumptions: &resumptions)
            return (onTime, session.receiveAll(resumptions: &resumptions))
        }
        if !onTime || !complete { wake.signal() }
        Self.resume(resumptions)
    }

    func cancel(requestId: String) {
        var resumptions: [ClientSession.Resumption] = []
        session.withLock { $0.cancel(requestId: requestId, resumptions: &resumptions) }
        Self.resume(resumptions)
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

    /// Runs `body` on the socket, then takes what arrived meanwhile (someone must, before anyone sleeps on it).
    private func withSocket(_ body: (inout ClientSession, inout [ClientSession.Resumption]) -> ClientSession.Finished) {
        var resumptions: [ClientSession.Resumption] = []
        let (finished, complete) = session.withLock { session -> (ClientSession.Finished, Bool) in
            let finished = body(&session, &resumptions)
            return (finished, session.receiveAll(resumptions: &resumptions))
        }
        if !complete { wake.signal() }
        Self.resume(resumptions)
        for sink in finished { sink.finish() }
    }

    private static func resume(_ resumptions: [ClientSession.Resumption]) {
        for (continuation, outcome) in resumptions { continuation.resume(returning: outcome) }
    }
}
