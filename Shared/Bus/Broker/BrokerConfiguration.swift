/// Everything a broker needs to start: where it listens, how it judges liveness, how much it queues.
public struct BrokerConfiguration: Sendable {
    /// Clients (DEALER) connect here: `tcp://127.0.0.1:5555`, `ipc:///run/veles/frontend`.
    public var frontend: String
    /// Workers (DEALER) connect here.
    public var backend: String
    public var heartbeatInterval: Duration
    /// Missed heartbeat intervals after which a peer counts as gone.
    public var liveness: Int
    /// Requests waiting per service beyond which new ones get RESOURCE_EXHAUSTED.
    public var maxQueuePerService: Int
    /// Largest message the broker accepts; larger ones get RESOURCE_EXHAUSTED (or are dropped without a reply id).
    public var maxMessageBytes: Int
    /// The time budget of a request that carries none.
    public var defaultTimeout: Duration
    /// How long after start an unknown service is waited for (its workers may be re-registering after a restart)
    /// instead of being refused at once.
    public var startupGrace: Duration
    /// Where to record traffic; nil turns the journal off.
    public var journal: JournalConfiguration?
    /// How long the loop stays awake after its last message while traffic is light (`IdleSpin`); zero sleeps at
    /// once, which saves CPU and costs latency.
    public var idleSpin: Duration

    public init(
        frontend: String,
        backend: String,
        heartbeatInterval: Duration = .seconds(1),
        liveness: Int = 3,
        maxQueuePerService: Int = 1000,
        maxMessageBytes: Int = 4 * 1024 * 1024,
        defaultTimeout: Duration = .seconds(30),
        startupGrace: Duration? = nil,
        journal: JournalConfiguration? = nil,
        idleSpin: Duration = .microseconds(100)
    ) {
        self.frontend = frontend
        self.backend = backend
        self.heartbeatInterval = heartbeatInterval
        self.liveness = liveness
        self.maxQueuePerService = maxQueuePerService
        self.maxMessageBytes = maxMessageBytes
        self.defaultTimeout = defaultTimeout
        self.startupGrace = startupGrace ?? heartbeatInterval * (liveness + 1)
        self.journal = journal
        self.idleSpin = idleSpin
    }

    var expiry: Duration { heartbeatInterval * liveness }
}
