import Foundation
import Support

/// Everything stripe-sim is told at start, from flags, `VELES_STRIPE_SIM_*` variables and the optional config file.
struct SimConfiguration: Sendable {
    static let defaultAccountID = "acct_1SimVelesDemo000"
    static let defaultKeys = ["sk_test_sim_default", "sk_live_sim_default", "rk_test_sim_default"]

    var host = "127.0.0.1"
    var port = 12111
    var threads = 2
    var accounts: [AccountConfig] = []
    var datasetPath: String?
    var snapshotPath: String?
    var snapshotIntervalSeconds = 5.0
    var limits = RateLimiter.Limits(test: 25, live: 100)
    var faults = FaultSettings()
    var webhooks = WebhookSwitches()
    var maxBodyBytes = 1 << 20
    var logLevel = LogLevel.info

    static let summary = """
        stripe-sim: a stateful emulator of Stripe's API for tests, benchmarks and the demo. It is never on the \
        production path: point real deployments at https://api.stripe.com.

        API version: it speaks Stripe-Version \(StripeAPIVersion.pinned) only (the version the pinned Python SDK, \
        stripe 16.1.0, sends) and shapes objects as that version does; a request naming another version is refused.
        Resources: GET /v1/account; customers, products and prices (create, retrieve, update, list; delete for \
        customers and products); billing meters; events (30-day retention); webhook endpoints with signed deliveries \
        retried with backoff. Idempotency-Key replays for 24 hours per account and mode. Rate limit: token bucket per \
        account and mode, 429 code rate_limit.

        Accounts and keys: --config FILE with {"accounts": [{"id", "name", "email", "keys": ["sk_test_…", \
        {"key": "rk_test_…", "permissions": {"account": "read", "customers": "write"}}]}]}. Without a file one \
        account (--account-id, --account-name) with --api-keys. A restricted key may use every resource except the \
        account (403) unless its permissions say otherwise (none, read, write).

        Dataset (--dataset FILE, loaded at start unless a snapshot exists): {"ledgers": [{"account": "acct_…", \
        "mode": "test", "customers": [...], "products": [...], "prices": [...], "meters": [...]}]} or one such \
        ledger object at the top level (first account, test mode). Objects are shaped as the API returns them; a \
        product needs "name", a price "product" and "currency"; ids and "created" are filled in when missing; a \
        customer with "deleted": true loads deleted. --snapshot FILE is written in the same format every \
        --snapshot-interval seconds after a change and at exit, and loaded at start when present.

        Test-harness control endpoints (no auth, JSON bodies):
          GET  /_sim/health                        liveness and the API version
          GET  /_sim/requests[?account=ID][&mode=test|live][&since=UNIX]  (no account: every account)
                                                   requests received per account and second (last hour):
                                                   total, max_per_second, last_request_at, per_second[{second,count,rate_limited}]
          DELETE /_sim/requests                    forget the counts
          POST /_sim/keys                          {"account", "key", "permissions"?} adds a key at run time
          DELETE /_sim/keys/KEY                    revokes a key: its requests then get 401
          GET|POST|DELETE /_sim/faults             {"error_percent", "drop_percent", "drop_after_percent", "latency_ms",
                                                   "error_next", "drop_next", "drop_after_next", "rate_limit_next",
                                                   "retry_after_s", "path_prefix", "method", "account"}; DELETE clears
          GET|POST /_sim/rate-limit                {"test": 25, "live": 100} requests/s per account; 0 turns it off
          GET  /_sim/clock, POST /_sim/clock/advance {"seconds": N}  simulated time for created, events and retention
          GET|POST /_sim/webhooks                  {"paused", "duplicates", "out_of_order", "hold_ms", "retry_scale",
                                                   "max_attempts", "timeout_s"}
          POST /_sim/webhooks/flush                send held deliveries now
          GET  /_sim/webhooks/deliveries[?event=evt_…]   every delivery attempt with its HTTP status
          POST /_sim/load?account=ID&mode=test     load a dataset document (the body) into running ledgers
          POST /_sim/snapshot                      write the snapshot file now
          POST /_sim/reset                         empty every ledger, counts, faults and the clock, then reload --dataset

        Deviations from Stripe that tests need: webhook endpoint URLs on loopback and plain http are accepted; \
        429 answers carry Retry-After; injected faults come only from the settings above; parameters stripe-sim does \
        not model are refused as parameter_unknown rather than ignored.
        Ready line on stderr: "listening on http://HOST:PORT".
        """

    static func parse(_ options: Options) throws -> SimConfiguration {
        var configuration = SimConfiguration()
        configuration.host = options.string("host", env: "VELES_STRIPE_SIM_HOST", default: "127.0.0.1", help: "address to bind")
        configuration.port = options.int("port", env: "VELES_STRIPE_SIM_PORT", default: 12111, help: "TCP port; 0 picks a free one")
        configuration.threads = options.int("threads", env: "VELES_STRIPE_SIM_THREADS", default: 2,
                                            help: "libmicrohttpd threads accepting connections")
        let configPath = options.string("config", env: "VELES_STRIPE_SIM_CONFIG", help: "accounts and keys file (JSON)")
        let accountID = options.string("account-id", env: "VELES_STRIPE_SIM_ACCOUNT_ID", default: defaultAccountID,
                                       help: "the account's id when no --config is given")
        let accountName = options.string("account-name", env: "VELES_STRIPE_SIM_ACCOUNT_NAME", default: "Veles Demo Company",
                                         help: "the account's display name when no --config is given")
        let keys = options.string("api-keys", env: "VELES_STRIPE_SIM_API_KEYS", default: defaultKeys.joined(separator: ","),
                                  help: "comma-separated sk_/rk_ test and live keys when no --config is given")
        configuration.datasetPath = options.string("dataset", env: "VELES_STRIPE_SIM_DATASET", help: "dataset JSON loaded at start")
        configuration.snapshotPath = options.string("snapshot", env: "VELES_STRIPE_SIM_SNAPSHOT",
                                                    help: "snapshot file: loaded at start when present, written after changes and at exit")
        configuration.snapshotIntervalSeconds = options.double("snapshot-interval", env: "VELES_STRIPE_SIM_SNAPSHOT_INTERVAL",
                                                               default: 5, help: "seconds between snapshot writes after a change")
        let testLimit = options.int("rate-limit", env: "VELES_STRIPE_SIM_RATE_LIMIT", default: 25,
                                    help: "test-mode requests/s per account; 0 = off")
        let liveLimit = options.int("live-rate-limit", env: "VELES_STRIPE_SIM_LIVE_RATE_LIMIT", default: 100,
                                    help: "live-mode requests/s per account; 0 = off")
        let noLimit = options.flag("no-rate-limit", env: "VELES_STRIPE_SIM_NO_RATE_LIMIT", help: "turn rate limiting off (benchmarks)")
        configuration.limits = noLimit ? RateLimiter.Limits(test: 0, live: 0) : RateLimiter.Limits(test: max(0, testLimit), live: max(0, liveLimit))
        configuration.faults.errorPercent = options.double("fault-error-percent", env: "VELES_STRIPE_SIM_FAULT_ERROR_PERCENT",
                                                           default: 0, help: "percent of /v1 requests answered 500")
        configuration.faults.dropPercent = options.double("fault-drop-percent", env: "VELES_STRIPE_SIM_FAULT_DROP_PERCENT",
                                                          default: 0, help: "percent of /v1 requests whose connection is dropped")
        configuration.faults.latencyMilliseconds = options.int("fault-latency-ms", env: "VELES_STRIPE_SIM_FAULT_LATENCY_MS",
                                                               default: 0, help: "milliseconds added before each /v1 request")
        configuration.webhooks.retryScale = options.double("webhook-retry-scale", env: "VELES_STRIPE_SIM_WEBHOOK_RETRY_SCALE",
                                                           default: 1, help: "multiplier for webhook retry delays (60 s, 5 min, 30 min, …)")
        configuration.webhooks.maxAttempts = max(1, options.int("webhook-max-attempts", env: "VELES_STRIPE_SIM_WEBHOOK_MAX_ATTEMPTS",
                                                                default: 4, help: "delivery attempts per event and endpoint"))
        configuration.maxBodyBytes = options.int("max-body-bytes", env: "VELES_STRIPE_SIM_MAX_BODY_BYTES", default: 1 << 20,
                                                 help: "largest /v1 request body accepted")
        let level = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error")
        configuration.logLevel = LogLevel(name: level) ?? .info
        options.finish()

        if let configPath {
            configuration.accounts = try loadAccounts(from: configPath)
        } else {
            let keyList = keys.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            configuration.accounts = [try account(id: accountID, name: accountName, email: nil, keys: keyList.map { ($0, [:]) })]
        }
        return configuration
    }

    static func loadAccounts(from path: String) throws -> [AccountConfig] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let document = try JSONParser.parse(bytes)
        guard let list = document["accounts"]?.arrayValue, !list.isEmpty else {
            throw DatasetError("\(path): needs a non-empty \"accounts\" array")
        }
        var accounts: [AccountConfig] = []
        var seenKeys = Set<String>()
        for (index, item) in list.enumerated() {
            guard let id = item["id"]?.stringValue, id.hasPrefix("acct_") else {
                throw DatasetError("\(path): accounts[\(index)].id must start with acct_")
            }
            var keys: [(String, [String: APIKey.Access])] = []
            for (keyIndex, keyJSON) in (item["keys"]?.arrayValue ?? []).enumerated() {
                if let text = keyJSON.stringValue {
                    keys.append((text, [:]))
                } else if let text = keyJSON["key"]?.stringValue {
                    var permissions: [String: APIKey.Access] = [:]
                    for (resource, level) in keyJSON["permissions"]?.objectMembers ?? [] {
                        switch level.stringValue {
                        case "none": permissions[resource] = APIKey.Access.none
                        case "read": permissions[resource] = .read
                        case "write": permissions[resource] = .write
                        default: throw DatasetError("\(path): accounts[\(index)].keys[\(keyIndex)] permission must be none, read or write")
                        }
                    }
                    keys.append((text, permissions))
                } else {
                    throw DatasetError("\(path): accounts[\(index)].keys[\(keyIndex)] must be a key or {\"key\", \"permissions\"}")
                }
            }
            for (key, _) in keys {
                guard seenKeys.insert(key).inserted else { throw DatasetError("\(path): key ending \(key.suffix(4)) is listed twice") }
            }
            accounts.append(try account(id: id, name: item["name"]?.stringValue ?? id, email: item["email"]?.stringValue,
                                        keys: keys, country: item["country"]?.stringValue ?? "US",
                                        currency: item["default_currency"]?.stringValue ?? "usd"))
        }
        return accounts
    }

    private static func account(id: String, name: String, email: String?, keys: [(String, [String: APIKey.Access])],
                                country: String = "US", currency: String = "usd") throws -> AccountConfig {
        var parsed: [APIKey] = []
        for (text, permissions) in keys {
            guard let key = APIKey(key: text, account: id, permissions: permissions) else {
                throw DatasetError("account \(id): key ending \(text.suffix(4)) is not an sk_test_, sk_live_, rk_test_ or rk_live_ key")
            }
            parsed.append(key)
        }
        return AccountConfig(id: id, name: name, email: email, country: country, defaultCurrency: currency,
                             created: 1_700_000_000, keys: parsed)
    }
}
