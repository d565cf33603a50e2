import ProtoRuntime
import Support

/// Serves one or more `RPCService`s on the bus: registers with the broker, runs up to `concurrency` handlers at
/// once, cancels a handler at its deadline, answers `Health/Check`, and drains when its task is cancelled.
///
/// ```swift
/// let worker = BusWorker(services: [MyHandler().rpcService()], configuration: .init(broker: backend), logger: logger)
/// try await ServiceGroup(services: [worker], logger: logger, signal: ShutdownSignal()).run()
/// ```
public struct BusWorker: Service {
    public let services: [RPCService]
    public let configuration: BusWorkerConfiguration
    public let logger: Logger
    public var name: String { "bus-worker" }

    public init(services: [RPCService], configuration: BusWorkerConfiguration, logger: Logger) {
        self.services = services
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until cancelled, then drains: finishes the requests in hand, takes nothing new, and returns.
    public func run() async throws {
        let dispatcher = RequestDispatcher(services: services, configuration: configuration, logger: logger)
        let loop = try WorkerLoop(configuration: configuration, serviceNames: services.map(\.descriptor.fullName),
                                  context: try ZMQContext(), logger: logger, dispatcher: dispatcher)
        try await DedicatedThread.run(name: "veles.bus-worker", onCancel: { loop.drain() }) {
            try loop.run()
        }
    }
}
