/// How a `BusWorker` reaches the broker and how much it takes on at once.
public struct BusWorkerConfiguration: Sendable {
    /// The broker's backend endpoint.
    public var broker: String
    /// Requests this process handles at the same time; the broker never hands it more.
    public var concurrency: Int
    public var heartbeatInterval: Duration
    public var liveness: Int
    /// How long a draining worker waits for its handlers before leaving anyway.
    public var drainTimeout: Duration
    /// Callers that may not reach methods marked internal (the gateway fronts untrusted clients).
    public var callersRefusedInternal: Set<String>
    /// Names this process in health answers and logs.
    public var workerName: String
    /// Lets methods whose handlers prove quick run on the socket thread instead of hopping to Swift's pool.
    public var runsQuickHandlersOnSocketThread: Bool

    public init(broker: String, concurrency: Int = 4, heartbeatInterval: Duration = .seconds(1), liveness: Int = 3,
                drainTimeout: Duration = .seconds(10), callersRefusedInternal: Set<String> = ["gateway"],
                workerName: String = "worker", runsQuickHandlersOnSocketThread: Bool = true) {
        self.broker = broker
        self.concurrency = max(1, concurrency)
        self.heartbeatInterval = heartbeatInterval
        self.liveness = liveness
        self.drainTimeout = drainTimeout
        self.callersRefusedInternal = callersRefusedInternal
        self.workerName = workerName
        self.runsQuickHandlersOnSocketThread = runsQuickHandlersOnSocketThread
    }
}
