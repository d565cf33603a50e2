// catalog-sync: Stripe products and prices into the Veles price book. Wiring only; the logic lives in the files
// beside this one.
import Bus
import Foundation
import StripeClient
import Support
import SyncEngine
import VelesAPI

let options = Options(program: "catalog-sync", summary: """
    Syncs each workspace's Stripe products and prices into the Veles price book, matches them by name, and serves \
    the Products tab's review and import calls on the bus. `--sync-once` runs one full pass for one workspace with \
    the key in VELES_STRIPE_API_KEY and exits (benchmarks, demos, troubleshooting).
    """)
let settings = SyncServiceSettings(options: options, kind: "products")
let workerName = options.string("worker-name", env: "VELES_WORKER_NAME", default: "catalog-sync-\(ProcessInfo.processInfo.processIdentifier)",
                                help: "this worker's name in health answers and logs")
let syncOnce = options.flag("sync-once", help: "run one full pass for --workspace and exit")
let workspace = options.string("workspace", env: "VELES_WORKSPACE", default: "default", help: "workspace of --sync-once")
let productsOnly = options.flag("products-only", env: "VELES_CATALOG_PRODUCTS_ONLY", help: """
    sync products without their prices and listen to product events only: for a Stripe emulator without the Prices \
    API (localstripe); imported products then get no pricing plans
    """)
options.finish()

let logger = Logger(process: "catalog-sync", level: settings.logLevel)
let storePath = (settings.dataDirectory as NSString).appendingPathComponent("catalog.sqlite")

do {
    let store = try CatalogStore.open(path: storePath)
    if syncOnce {
        guard let keyText = ProcessInfo.processInfo.environment["VELES_STRIPE_API_KEY"], !keyText.isEmpty else {
            logger.error("--sync-once needs the Stripe key in VELES_STRIPE_API_KEY")
            exit(2)
        }
        let configuration = try StripeConfiguration(key: try StripeSecretKey(keyText), baseURL: settings.stripeBaseURL,
                                                    rateLimit: settings.stripeRateLimit)
        let report = try await OneShotSync(store: store, client: StripeClient(configuration: configuration),
                                           workspaceId: workspace, productsOnly: productsOnly, logger: logger).run()
        print(report.line)
        exit(report.run.status == .succeeded ? 0 : 1)
    }
    let bus = try BusClient(configuration: BusClientConfiguration(broker: settings.brokerFrontend, caller: "catalog-sync"),
                            logger: logger.named("bus"))
    let connection = settings.connectionAccess(bus: bus, logger: logger)
    let access = ConnectionCatalogAccess(connection: connection, productsOnly: productsOnly)
    let ledger = settings.ledger(database: store.database, kind: CatalogSyncJob.kindName, process: "catalog-sync")
    let applier = CatalogEventApplier(store: store)
    let reporter = SyncReporterGroup([
        ConnectionSyncReporter(channel: bus, kind: .products, access: connection, logger: logger),
        SyncFinishedPublisher(bus: bus),
    ])
    let job = CatalogSyncJob(store: store, access: access, applier: applier, productsOnly: productsOnly)
    let coordinator = SyncCoordinator(job: job, ledger: ledger,
                                      gate: access, reporter: reporter, logger: logger.named("sync"))
    let handler = CatalogHandler(store: store, coordinator: coordinator,
                                 intake: WebhookIntake(applier: applier, access: access, ledger: ledger))
    let worker = BusWorker(services: [handler.rpcService()],
                           configuration: BusWorkerConfiguration(broker: settings.brokerBackend, concurrency: settings.concurrency,
                                                                 workerName: workerName),
                           logger: logger.named("worker"))
    let cadence = settings.cadenceServices(coordinator: coordinator, bus: bus, logger: logger)
    logger.info("catalog-sync serving", ["store": storePath, "broker": settings.brokerBackend, "worker": workerName])
    try await ServiceGroup(services: [worker] + cadence, logger: logger, signal: ShutdownSignal()).run()
    bus.close()
} catch {
    logger.error("catalog-sync could not start", ["error": String(describing: error)])
    exit(1)
}
