import Bus
import Foundation
import StripeClient
import Support

/// The flags every sync service takes (bus endpoints, data folder, Stripe URL and rate limit, cadence), read once in
/// `main` so customer-sync and catalog-sync configure the same way.
public struct SyncServiceSettings: Sendable {
    public let dataDirectory: String
    public let brokerFrontend: String
    public let brokerBackend: String
    public let stripeBaseURL: URL
    public let stripeRateLimit: StripeRateLimitSetting
    public let logLevel: LogLevel
    public let concurrency: Int
    public let syncIntervalMs: Int64
    public let reconcileIntervalMs: Int64
    public let schedulerTick: Duration
    /// How long a run's lease lasts without renewal; a worker that dies is taken over this long after its last page.
    public let leaseMs: Int64

    /// Declares the options on `options` (the caller then calls `finish()`); `kind` names the cadence variables.
    public init(options: Options, kind: String) {
        dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data",
                                       help: "folder of this service's SQLite file")
        brokerFrontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: BusDefaults.frontend,
                                        help: "broker endpoint for calls this service makes")
        brokerBackend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: BusDefaults.backend,
                                       help: "broker endpoint this service's workers register with")
        let url = options.string("stripe-api-url", env: "VELES_STRIPE_API_URL",
                                 default: StripeConfiguration.stripeAPIBaseURL.absoluteString,
                                 help: "Stripe's API, or an emulator such as stripe-sim")
        let parsedURL = URL(string: url).flatMap { $0.host == nil ? nil : $0 }
        if parsedURL == nil { options.reportProblem("--stripe-api-url must be an http(s) URL, got '\(url)'") }
        stripeBaseURL = parsedURL ?? StripeConfiguration.stripeAPIBaseURL
        let rate = options.string("stripe-rate-limit", env: "VELES_STRIPE_RATE_LIMIT", default: "mode",
                                  help: "requests/s per Stripe account: 'mode' (25 test, 100 live), a lower number, or 'off' (emulators only)")
        switch rate {
        case "mode": stripeRateLimit = .modeCeiling
        case "off": stripeRateLimit = .unlimited
        default:
            if let value = Double(rate), value > 0 {
                stripeRateLimit = .perSecond(value)
            } else {
                options.reportProblem("--stripe-rate-limit must be 'mode', 'off' or a positive number, got '\(rate)'")
                stripeRateLimit = .modeCeiling
            }
        }
        let level = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
        logLevel = LogLevel(name: level) ?? .info
        concurrency = options.int("concurrency", env: "VELES_CONCURRENCY", default: 8,
                                  help: "requests this worker process handles at once")
        let upper = kind.uppercased()
        let interval = options.double("sync-interval", env: "VELES_\(upper)_SYNC_INTERVAL", default: 900,
                                      help: "seconds between automatic \(kind) syncs of a workspace")
        syncIntervalMs = Int64(interval * 1000)
        let reconcile = options.double("reconcile-interval", env: "VELES_\(upper)_RECONCILE_INTERVAL", default: 6 * 3600,
                                       help: "seconds between full reconciles (deletions, anything events missed)")
        reconcileIntervalMs = Int64(reconcile * 1000)
        let tick = options.double("scheduler-tick", env: "VELES_SCHEDULER_TICK", default: 1,
                                  help: "seconds between checks for due workspaces")
        schedulerTick = .milliseconds(Int64(max(tick, 0.05) * 1000))
        let lease = options.double("sync-lease", env: "VELES_SYNC_LEASE", default: 30,
                                   help: "seconds a sync run's lease lasts; a crashed worker's run is resumed after it")
        leaseMs = Int64(max(lease, 0.5) * 1000)
    }
}
