import Foundation
import Support

/// The settings of one `veles up` run, read from flags and `VELES_*` variables (a flag wins).
struct UpConfiguration: Sendable {
    var plan: PlanSettings
    /// The folder holding the other executables (the one `veles` itself is in, unless told otherwise).
    var binaryDirectory: String
    var logDirectory: String
    var demo: Bool
    var printPlan: Bool
    var stopGrace: Duration
    var readinessTimeout: Duration
    var restartPolicy: RestartPolicy
    var logLevel: LogLevel

    /// The real Stripe API, the default when no emulator is asked for.
    static let stripeProductionURL = "https://api.stripe.com"
    static let defaultDataset = "Tests/Dataset/demo"

    /// Reads every option of `veles up`; exits with a message on a bad one, like every process of the system.
    static func parse(arguments: [String], environment: [String: String]) -> UpConfiguration {
        let options = Options(
            program: "veles up",
            summary: """
            Starts the whole system (broker, connection, customer-sync, catalog-sync, gateway, and stripe-sim with --demo),
            waits for each to be ready before the next, restarts a crashed process with backoff, and stops everything in
            reverse order on Ctrl-C or SIGTERM. Logs go to <data-dir>/logs/<process>.log.
            """,
            arguments: arguments, environment: environment)
        let dataDirectory = options.string("data-dir", env: "VELES_DATA_DIR", default: "./data", help: "folder for every store, key and log")
        let demo = options.flag("demo", env: "VELES_DEMO", help: "run stripe-sim with the demo dataset, then create a demo workspace, connect it and sync")
        let stripeURL = options.string("stripe-api-url", env: "VELES_STRIPE_API_URL", default: nil,
                                       help: "Stripe API base URL; set it to use a Stripe you run yourself [default: http://127.0.0.1:<stripe-sim-port> with --demo, \(stripeProductionURL) otherwise]")
        let dataset = options.string("dataset", env: "VELES_DATASET", default: defaultDataset, help: "the dataset stripe-sim loads with --demo")
        let layoutName = options.string("layout", env: "VELES_LAYOUT", default: Layout.local.rawValue,
                                        help: "local (one machine, loopback) or compose (the containers of compose.yaml; only with --print-plan)")
        let frontend = options.string("broker-frontend", env: "VELES_BROKER_FRONTEND", default: nil, help: "broker endpoint for clients [default: tcp://127.0.0.1:5555]")
        let backend = options.string("broker-backend", env: "VELES_BROKER_BACKEND", default: nil, help: "broker endpoint for workers [default: tcp://127.0.0.1:5556]")
        let gatewayPort = options.int("http-port", env: "VELES_HTTP_PORT", default: 8080, help: "the gateway's HTTP port")
        let simPort = options.int("stripe-sim-port", env: "VELES_STRIPE_SIM_PORT", default: 12111, help: "stripe-sim's HTTP port (with --demo)")
        let webhookURL = options.string("webhook-public-url", env: "VELES_WEBHOOK_PUBLIC_URL", default: nil,
                                        help: "the gateway's public base URL for Stripe webhooks (Stripe refuses loopback) [default: the gateway's own URL with stripe-sim, none otherwise: changes are polled]")
        let customerWorkers = options.int("customer-sync-workers", env: "VELES_CUSTOMER_SYNC_WORKERS", default: 2, help: "customer-sync worker processes")
        let catalogWorkers = options.int("catalog-sync-workers", env: "VELES_CATALOG_SYNC_WORKERS", default: 2, help: "catalog-sync worker processes")
        let only = options.string("only", env: nil, default: nil, help: "comma-separated process names to run, leaving out the rest (\(ProcessPlan.allNames.joined(separator: ", ")))")
        let logLevelName = options.string("log-level", env: "VELES_LOG_LEVEL", default: "info", help: "debug, info, warning or error, for veles and every process")
        let binaryDirectory = options.string("bin-dir", env: "VELES_BIN_DIR", default: nil, help: "folder of the executables [default: the folder veles is in]")
        let printPlan = options.flag("print-plan", help: "print the process table as JSON and exit")
        let stopGrace = options.double("stop-grace", env: "VELES_STOP_GRACE", default: 5, help: "seconds a process gets to exit after SIGTERM before SIGKILL")
        let readinessTimeout = options.double("ready-timeout", env: "VELES_READY_TIMEOUT", default: 60, help: "seconds a process gets to become ready")
        let backoff = options.double("restart-backoff", env: "VELES_RESTART_BACKOFF", default: 0.5, help: "seconds before the first restart of a crashed process; doubles with each fast crash")
        let maxBackoff = options.double("restart-backoff-max", env: "VELES_RESTART_BACKOFF_MAX", default: 30, help: "longest wait between restarts, in seconds")
        let crashLimit = options.int("crash-limit", env: "VELES_CRASH_LIMIT", default: 5, help: "fast crashes in a row after which veles gives up and stops everything")
        let stableAfter = options.double("stable-after", env: "VELES_STABLE_AFTER", default: 10, help: "seconds of running after which a crash no longer counts as fast")
        options.finish(allowPositionals: false)

        var problems: [String] = []
        let layout = Layout(rawValue: layoutName) ?? {
            problems.append("--layout must be one of \(Layout.allCases.map(\.rawValue).joined(separator: ", ")), got '\(layoutName)'")
            return .local
        }()
        let level = LogLevel(name: logLevelName) ?? {
            problems.append("--log-level must be debug, info, warning or error, got '\(logLevelName)'")
            return .info
        }()
        if customerWorkers < 1 { problems.append("--customer-sync-workers must be at least 1") }
        if catalogWorkers < 1 { problems.append("--catalog-sync-workers must be at least 1") }
        if crashLimit < 1 { problems.append("--crash-limit must be at least 1") }
        if layout == .compose, !printPlan { problems.append("--layout compose describes containers; use it with --print-plan (docker compose runs them)") }
        var onlyNames: Set<String>?
        if let only {
            let names = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            for name in names.subtracting(ProcessPlan.allNames).sorted() {
                problems.append("--only names an unknown process '\(name)' (known: \(ProcessPlan.allNames.joined(separator: ", ")))")
            }
            onlyNames = names
        }
        let apiURLGiven = stripeURL != nil
        if demo, !apiURLGiven, layout == .local, !printPlan,
           !FileManager.default.fileExists(atPath: absolutePath(dataset) + "/" + StripeSimDemo.datasetFile) {
            problems.append("the demo dataset \(absolutePath(dataset))/\(StripeSimDemo.datasetFile) does not exist; run `python3 Tests/Dataset/generate.py` or pass --dataset DIR")
        }
        guard problems.isEmpty else {
            for problem in problems { FileHandle.standardError.write(Data("veles up: \(problem)\n".utf8)) }
            exit(2)
        }

        // Without --demo and without a URL the system talks to Stripe itself; --demo means the emulator unless a URL says otherwise.
        let apiURL: String? = stripeURL ?? (demo ? nil : stripeProductionURL)
        var plan: PlanSettings
        switch layout {
        case .local:
            let data = absolutePath(dataDirectory)
            let clientFrontend = frontend ?? "tcp://127.0.0.1:5555"
            let clientBackend = backend ?? "tcp://127.0.0.1:5556"
            plan = PlanSettings(
                layout: .local, dataDirectory: data,
                brokerFrontend: clientFrontend, brokerBackend: clientBackend,
                brokerBindFrontend: clientFrontend, brokerBindBackend: clientBackend,
                listenHost: "127.0.0.1", gatewayHost: "127.0.0.1", gatewayPort: gatewayPort,
                stripeSimHost: "127.0.0.1", stripeSimPort: simPort, stripeAPIURL: apiURL,
                dataset: apiURL == nil ? absolutePath(dataset) : nil)
        case .compose:
            plan = PlanSettings(
                layout: .compose, dataDirectory: "/data",
                brokerFrontend: frontend ?? "tcp://broker:5555", brokerBackend: backend ?? "tcp://broker:5556",
                brokerBindFrontend: "tcp://*:5555", brokerBindBackend: "tcp://*:5556",
                listenHost: "0.0.0.0", gatewayHost: "gateway", gatewayPort: gatewayPort,
                stripeSimHost: "stripe-sim", stripeSimPort: simPort, stripeAPIURL: apiURL,
                dataset: apiURL == nil ? (dataset.hasPrefix("/") ? dataset : "/app/" + dataset) : nil)
        }
        // stripe-sim delivers webhooks to loopback, so with the emulator the gateway itself is the public URL.
        plan.webhookPublicURL = webhookURL ?? (plan.runsStripeSim ? plan.gatewayURL : nil)
        plan.customerSyncWorkers = customerWorkers
        plan.catalogSyncWorkers = catalogWorkers
        plan.logLevel = logLevelName
        plan.only = onlyNames

        return UpConfiguration(
            plan: plan,
            binaryDirectory: binaryDirectory.map(absolutePath) ?? ExecutableLocation.ownDirectory,
            logDirectory: plan.dataDirectory + "/logs",
            demo: demo, printPlan: printPlan,
            stopGrace: .milliseconds(Int(stopGrace * 1000)),
            readinessTimeout: .milliseconds(Int(readinessTimeout * 1000)),
            restartPolicy: RestartPolicy(
                initialDelay: .milliseconds(Int(backoff * 1000)), maximumDelay: .milliseconds(Int(maxBackoff * 1000)),
                stableAfter: .milliseconds(Int(stableAfter * 1000)), fastCrashLimit: crashLimit),
            logLevel: level)
    }

    private static func absolutePath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }
}
