/// Runs a process's services together and stops them in the reverse of their start order.
///
/// Stopping starts when a shutdown signal arrives, when any service returns, or when one throws; the last service
/// started is cancelled first and awaited before the one before it, so a server stops taking requests before the
/// store behind it closes.
public struct ServiceGroup: Sendable {
    public let services: [any Service]
    public let logger: Logger
    public let signal: ShutdownSignal?

    public init(services: [any Service], logger: Logger, signal: ShutdownSignal?) {
        self.services = services
        self.logger = logger
        self.signal = signal
    }

    /// Runs every service until shutdown; rethrows the first error a service ended with, after stopping the rest.
    public func run() async throws {
        let events = AsyncStream<GroupEvent>.makeStream()
        var tasks: [Task<Void, Never>] = []
        for (index, service) in services.enumerated() {
            logger.info("starting", ["service": service.name])
            tasks.append(Task {
                do {
                    try await service.run()
                    events.continuation.yield(.finished(index, nil))
                } catch {
                    events.continuation.yield(.finished(index, error))
                }
            })
        }
        let signalTask: Task<Void, Never>? = signal.map { signal in
            Task {
                let number = await signal.wait()
                events.continuation.yield(.signalled(number))
            }
        }

        var firstError: (any Error)?
        var finished = Set<Int>()
        for await event in events.stream {
            switch event {
            case .signalled(let number):
                logger.info("shutdown requested", ["signal": String(number)])
            case .finished(let index, let error):
                finished.insert(index)
                if let error {
                    firstError = error
                    logger.error("service failed", ["service": services[index].name, "error": String(describing: error)])
                } else {
                    logger.info("service returned", ["service": services[index].name])
                }
            }
            break
        }
        signalTask?.cancel()
        for index in services.indices.reversed() where !finished.contains(index) {
            logger.info("stopping", ["service": services[index].name])
            tasks[index].cancel()
            await tasks[index].value
        }
        events.continuation.finish()
        logger.info("stopped")
        if let firstError { throw firstError }
    }

    private enum GroupEvent: Sendable {
        case signalled(Int32)
        case finished(Int, (any Error)?)
    }
}
