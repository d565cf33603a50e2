import Bus
import Foundation
import Support

let options = Options(program: "BusTestWorker", summary: "Serves veles.bustest.v1.BusTest on the bus, for tests and benchmarks only.")
let backend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: BusDefaults.backend, help: "broker endpoint for workers")
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend, help: "broker endpoint for nested calls")
let concurrency = options.int("concurrency", default: 4, help: "handlers running at once")
let name = options.string("name", default: "worker-\(ProcessInfo.processInfo.processIdentifier)", help: "worker name in replies")
let poolOnly = options.flag("handlers-on-pool", help: "run every handler on Swift's pool, never on the socket thread")
let logLevelName = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
options.finish()

let logger = Logger(process: name, level: LogLevel(name: logLevelName) ?? .info)
do {
    let client = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: name), logger: logger.named("client"))
    let handler = BusTestHandler(workerName: name, client: client, logger: logger)
    let worker = BusWorker(
        services: [handler.rpcService()],
        configuration: BusWorkerConfiguration(broker: backend, concurrency: concurrency, workerName: name,
                                              runsQuickHandlersOnSocketThread: !poolOnly),
        logger: logger
    )
    try await ServiceGroup(services: [worker], logger: logger, signal: ShutdownSignal()).run()
    client.close()
} catch {
    logger.error("worker failed", ["error": "\(error)"])
    exit(1)
}
