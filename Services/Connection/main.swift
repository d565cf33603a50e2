import Bus
import Foundation
import StripeClient
import Support

let options = Options(program: "connection", summary: "Holds each workspace's Stripe connection and serves veles.connection.v1.Connection on the bus.")
let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "folder for this service's store and master key file")
let backend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: BusDefaults.backend, help: "the broker's worker endpoint")
let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend, help: "the broker's client endpoint (for publishing events)")
let stripeURLText = options.string("stripe-api-url", env: "VELES_STRIPE_API_URL", default: StripeConfiguration.stripeAPIBaseURL.absoluteString, help: "Stripe's API base URL, or an emulator's")
let webhookPublicURL = options.string("webhook-public-url", env: "VELES_WEBHOOK_PUBLIC_URL", help: "the gateway's public base URL; Connect registers <url>/webhooks/stripe/<connection id> with Stripe (unset: changes are polled from /v1/events)")
let testLimit = options.int("stripe-rate-limit-test", env: "VELES_STRIPE_RATE_LIMIT_TEST", default: 25, help: "requests per second per test-mode account, for all services together; above 25 or 0 (off) only for an emulator URL")
let liveLimit = options.int("stripe-rate-limit-live", env: "VELES_STRIPE_RATE_LIMIT_LIVE", default: 100, help: "requests per second per live-mode account, for all services together; above 100 or 0 (off) only for an emulator URL")
let concurrency = options.int("concurrency", env: "VELES_CONNECTION_CONCURRENCY", default: 16, help: "requests this process handles at once")
let workerName = options.string("worker-name", env: "VELES_WORKER_NAME", default: "connection-\(getpid())", help: "this process's name in health answers and logs")
let levelName = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
options.finish()

let logger = Logger(process: "connection", level: LogLevel(name: levelName) ?? .info)

/// Fails start-up with a message an operator can act on.
func startupFailure(_ message: String) -> Never {
    logger.error("cannot start", ["reason": message])
    exit(1)
}

guard let stripeURL = URL(string: stripeURLText), stripeURL.host != nil else {
    startupFailure("--stripe-api-url '\(stripeURLText)' is not a URL")
}
let folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("connection")
do {
    // The master key is read from the environment only: a flag would show it in the process list.
    let masterKey = try MasterKey.load(hex: ProcessInfo.processInfo.environment["VELES_MASTER_KEY"],
                                       file: folder.appendingPathComponent("master.key"))
    let store = try ConnectionStore(path: folder.appendingPathComponent("connection.sqlite").path)
    let ratePolicy = try RateBudgetPolicy(baseURL: stripeURL, testPerSecond: testLimit, livePerSecond: liveLimit)
    let bus = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "connection"), logger: logger.named("bus"))
    let stripe = StripeAccountAPI(baseURL: stripeURL, ratePolicy: ratePolicy, permits: RatePermitStore(database: store.database),
                                  transport: nil, logger: logger)
    let manager = ConnectionManager(store: store, sealer: SecretSealer(masterKey: masterKey), stripe: stripe,
                                    events: BusEventSink(client: bus), ratePolicy: ratePolicy,
                                    webhookPublicURL: webhookPublicURL, logger: logger)
    let worker = BusWorker(services: [ConnectionHandler(manager: manager).rpcService()],
                           configuration: BusWorkerConfiguration(broker: backend, concurrency: concurrency, workerName: workerName),
                           logger: logger.named("worker"))
    logger.info("serving", ["backend": backend, "store": store.database.path, "stripe": stripeURL.absoluteString,
                            "webhooks": webhookPublicURL ?? "none (polling /v1/events)",
                            "limit_test": ratePolicy.testLimit.map(String.init) ?? "off",
                            "limit_live": ratePolicy.liveLimit.map(String.init) ?? "off"])
    try await ServiceGroup(services: [worker], logger: logger, signal: ShutdownSignal()).run()
    bus.close()
} catch {
    startupFailure(String(describing: error))
}
