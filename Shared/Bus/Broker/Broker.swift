import Support

/// The bus broker: routes requests from clients to the least recently used free worker of the named service,
/// watches worker liveness, fans out events and records traffic in the journal.
///
/// All routing state lives on one dedicated thread; `run()` only waits for it.
public struct Broker: Service {
    public let configuration: BrokerConfiguration
    public let logger: Logger
    public var name: String { "broker" }

    public init(configuration: BrokerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Binds both endpoints and routes until the task is cancelled; throws when an endpoint cannot be bound.
    public func run() async throws {
        let mailbox = try Mailbox<BrokerLoop.Command>()
        let configuration = self.configuration
        let logger = self.logger
        let context = try ZMQContext()
        // Closed by the broker's thread (below), which runs whatever happens after this point.
        let journal = try configuration.journal.map { try Journal(configuration: $0, logger: logger.named("journal")) }
        try await DedicatedThread.run(name: "veles.broker", onCancel: { mailbox.post(.stop) }) {
            let appender = journal.map(JournalAppender.init)
            defer { appender?.close() }
            let loop = try BrokerLoop(configuration: configuration, context: context, logger: logger, journal: appender, mailbox: mailbox)
            loop.run()
        }
    }
}
