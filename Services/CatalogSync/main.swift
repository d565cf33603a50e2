// catalog-sync: Stripe products and prices into the Veles price book. Wiring only; the logic lives in the files
// beside this one.
import Foundation
import StripeClient
import Support

let options = Options(program: "catalog-sync", summary: """
    Syncs each workspace's Stripe products and prices into the Veles price book, matches them by name, and serves \
    the Products tab's review and import calls on the bus. `--sync-once` runs one full pass for one workspace with \
    the key in VELES_STRIPE_API_KEY and exits (benchmarks, demos, troubleshooting).
    """)
let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "folder for catalog.sqlite")
let stripeURL = options.string("stripe-api-url", env: "VELES_STRIPE_API_URL", default: "https://api.stripe.com", help: "Stripe API base URL")
let logLevelText = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
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
    logger.error("the bus service is not wired yet; only --sync-once is available")
    exit(2)
} catch {
    logger.error("catalog-sync could not start", ["error": String(describing: error)])
    exit(1)
}
