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
let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "folder for catalog.sqlite")
let stripeURL = options.string("stripe-api-url", env: "VELES_STRIPE_API_URL", default: "https://api.stripe.com", help: "Stripe API base URL")
let logLevelText = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend, help: "broker endpoint for calls")
let backend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: BusDefaults.backend, help: "broker endpoint for serving")
let concurrency = options.int("concurrency", env: "VELES_CATALOG_CONCURRENCY", default: 8, help: "requests served at once")
let intervalSeconds = options.int("sync-interval-s", env: "VELES_CATALOG_SYNC_INTERVAL_S", default: 900,
                                  help: "seconds between automatic events catch-ups per workspace")
let reconcileSeconds = options.int("reconcile-interval-s", env: "VELES_CATALOG_RECONCILE_INTERVAL_S", default: 6 * 3600,
                                   help: "seconds between full reconcile passes per workspace")
let workerName = options.string("worker-name", env: "VELES_WORKER_NAME", default: "catalog-sync-\(ProcessInfo.processInfo.processIdentifier)",
                                help: "this worker's name in health answers and logs")
let syncOnce = options.flag("sync-once", help: "run one full pass for --workspace and exit")
let workspace = options.string("workspace", env: "VELES_WORKSPACE", default: "default", help: "workspace of --sync-once")
let rateLimit = options.double("stripe-rate-limit", env: "VELES_STRIPE_RATE_LIMIT", default: -1,
                               help: "--sync-once requests/s to Stripe; 0 turns the limit off (emulators only); negative keeps the mode's ceiling")
options.finish()

let logger = Logger(process: "catalog-sync", level: LogLevel(name: logLevelText) ?? .info)
let storePath = (dataDirectory as NSString).appendingPathComponent("catalog.sqlite")

do {
    let store = try CatalogStore.open(path: storePath)
    if syncOnce {
        guard let keyText = ProcessInfo.processInfo.environment["VELES_STRIPE_API_KEY"], !keyText.isEmpty else {
            logger.error("--sync-once needs the Stripe key in VELES_STRIPE_API_KEY")
            exit(2)
        }
        guard let baseURL = URL(string: stripeURL) else {
            logger.error("--stripe-api-url is not a URL", ["url": stripeURL])
            exit(2)
        }
        let setting: StripeRateLimitSetting = rateLimit == 0 ? .unlimited : rateLimit > 0 ? .perSecond(rateLimit) : .modeCeiling
        let configuration = try StripeConfiguration(key: try StripeSecretKey(keyText), baseURL: baseURL, rateLimit: setting)
        let report = try await OneShotSync(store: store, client: StripeClient(configuration: configuration),
                                           workspaceId: workspace, logger: logger).run()
        print(report.line)
        exit(report.run.status == .succeeded ? 0 : 1)
    }
    guard let baseURL = URL(string: stripeURL) else {
        logger.error("--stripe-api-url is not a URL", ["url": stripeURL])
        exit(2)
    }
    let bus = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "catalog-sync"), logger: logger.named("bus"))
    let connection = Veles_Connection_V1_ConnectionClient(channel: bus)
    let access = ConnectionStripeAccess(connection: connection, baseURL: baseURL, logger: logger)
    let ledger = SyncLedger(database: store.database, kind: CatalogSyncJob.kindName, owner: SyncLedger.makeOwner(process: "catalog-sync"))
    let applier = CatalogEventApplier(store: store)
    let coordinator = SyncCoordinator(
        job: CatalogSyncJob(store: store, access: access, applier: applier), ledger: ledger,
        gate: StripeAccessGate(access: access),
        reporter: ConnectionSyncReporter(connection: connection, bus: bus, access: access, logger: logger), logger: logger.named("sync"))
    let handler = CatalogHandler(store: store, coordinator: coordinator, access: access,
                                 intake: WebhookIntake(applier: applier, access: access, ledger: ledger))
    let worker = BusWorker(services: [handler.rpcService()],
                           configuration: BusWorkerConfiguration(broker: backend, concurrency: concurrency, workerName: workerName),
                           logger: logger.named("worker"))
    let scheduler = SyncScheduler(coordinator: coordinator, directory: ConnectionDirectory(connection: connection),
                                  intervalMs: Int64(intervalSeconds) * 1000, reconcileIntervalMs: Int64(reconcileSeconds) * 1000,
                                  logger: logger.named("scheduler"))
    let listener = ConnectionEventListener(bus: bus, coordinator: coordinator, logger: logger)
    logger.info("catalog-sync serving", ["store": storePath, "broker": backend, "worker": workerName])
    try await ServiceGroup(services: [worker, scheduler, listener], logger: logger, signal: ShutdownSignal()).run()
    bus.close()
} catch {
    logger.error("catalog-sync could not start", ["error": String(describing: error)])
    exit(1)
}
