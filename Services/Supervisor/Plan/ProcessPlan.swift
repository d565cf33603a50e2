/// The ordered process table: which programs run, with which command lines, in which start order.
///
/// It is the single source for `veles up` and for compose.yaml (`veles up --print-plan --layout compose` prints the
/// commands compose.yaml must carry, and a test holds the file to it).
struct ProcessPlan: Sendable, Equatable, Codable {
    let processes: [ProcessSpec]

    /// Every process name the system has, in start order, whether or not a setting leaves it out.
    static let allNames = ["stripe-sim", "broker", "connection", "customer-sync", "catalog-sync", "gateway"]

    init(processes: [ProcessSpec]) {
        self.processes = processes
    }

    init(settings: PlanSettings) {
        var specs: [ProcessSpec] = []
        let level = ["--log-level", settings.logLevel]
        let data = ["--data-dir", settings.dataDirectory]
        let bus = ["--broker-frontend", settings.brokerFrontend, "--broker-backend", settings.brokerBackend]
        let stripe = ["--stripe-api-url", settings.effectiveStripeAPIURL]

        if settings.runsStripeSim {
            var arguments = ["--host", settings.listenHost, "--port", String(settings.stripeSimPort),
                             "--api-keys", StripeSimDemo.apiKeys.joined(separator: ",")]
            if let dataset = settings.dataset { arguments += ["--dataset", dataset + "/" + StripeSimDemo.datasetFile] }
            // The emulator keeps its state in memory; the snapshot lets a second run carry on where the first stopped.
            arguments += ["--snapshot", settings.dataDirectory + "/" + StripeSimDemo.snapshotFile]
            specs.append(ProcessSpec(
                name: "stripe-sim", executable: "stripe-sim", arguments: arguments + level, replicas: 1,
                readiness: .httpOK(url: "http://\(settings.stripeSimHost):\(settings.stripeSimPort)/_sim/health")))
        }
        specs.append(ProcessSpec(
            name: "broker", executable: "broker",
            arguments: ["--broker-frontend", settings.brokerBindFrontend, "--broker-backend", settings.brokerBindBackend] + data + level,
            replicas: 1, readiness: Self.brokerReadiness(settings.brokerFrontend)))
        specs.append(ProcessSpec(
            name: "connection", executable: "connection",
            arguments: data + bus + stripe + (settings.webhookPublicURL.map { ["--webhook-public-url", $0] } ?? []) + level, replicas: 1,
            readiness: .busService(ServiceNames.connection)))
        specs.append(ProcessSpec(
            name: "customer-sync", executable: "customer-sync", arguments: data + bus + stripe + level,
            replicas: settings.customerSyncWorkers, readiness: .busService(ServiceNames.customerSync)))
        specs.append(ProcessSpec(
            name: "catalog-sync", executable: "catalog-sync", arguments: data + bus + stripe + level,
            replicas: settings.catalogSyncWorkers, readiness: .busService(ServiceNames.catalogSync)))
        specs.append(ProcessSpec(
            name: "gateway", executable: "gateway",
            arguments: data + bus + ["--http-host", settings.listenHost, "--http-port", String(settings.gatewayPort)] + level,
            replicas: 1, readiness: .httpOK(url: settings.gatewayURL + "/healthz")))

        if let only = settings.only {
            specs = specs.filter { only.contains($0.name) }
        }
        processes = specs
    }

    /// A tcp endpoint the broker binds is ready once it accepts; anything else (ipc) is left to the first bus check.
    private static func brokerReadiness(_ endpoint: String) -> Readiness {
        if let (host, port) = TCPEndpoint.parse(endpoint) {
            return .tcpPort(host: host, port: port)
        }
        return .logLine("broker listening")
    }
}
