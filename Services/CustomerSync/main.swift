import Bus
import CustomerMatching
import Foundation
import Support
import SyncEngine
import VelesAPI

// Wiring only: settings, store, Stripe access through the connection service, handlers, scheduler.
let options = Options(program: "customer-sync",
                      summary: "Mirrors Stripe customers per workspace and matches them to the Veles customer directory.")
let settings = SyncServiceSettings(options: options, kind: "customers")
options.finish()

let logger = Logger(process: "customer-sync", level: settings.logLevel)
let signal = ShutdownSignal()
do {
    let resolver = try RegistrableDomainResolver()
    let store = try CustomerStore.open(path: settings.dataDirectory + "/customers.sqlite", resolver: resolver)
    let bus = try BusClient(configuration: BusClientConfiguration(broker: settings.brokerFrontend, caller: "customer-sync"),
                            logger: logger.named("bus"))
    let access = settings.connectionAccess(bus: bus, logger: logger)
    let job = CustomerSyncJob(store: store, stripe: access)
    let ledger = settings.ledger(database: store.database, kind: job.kind, process: "customer-sync")
    let coordinator = SyncCoordinator(
        job: job, ledger: ledger, gate: access,
        reporter: ConnectionSyncReporter(channel: bus, kind: .customers, access: access, logger: logger), logger: logger)
    let handler = CustomerSyncHandler(
        store: store, review: CustomerReview(store: store),
        coordinator: coordinator,
        intake: CustomerEventIntake(store: store, ledger: ledger, stripe: access, job: job))
    let worker = BusWorker(
        services: [handler.busService()],
        configuration: BusWorkerConfiguration(broker: settings.brokerBackend, concurrency: settings.concurrency,
                                              workerName: "customer-sync"),
        logger: logger.named("worker"))
    let cadence = settings.cadenceServices(coordinator: coordinator, bus: bus, logger: logger)
    try await ServiceGroup(services: cadence + [worker], logger: logger, signal: signal).run()
    bus.close()
} catch {
    logger.error("customer-sync stopped on an error", ["error": String(describing: error)])
    exit(1)
}
