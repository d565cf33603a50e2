import Foundation
import Support

/// After the system is up with `--demo`: a demo workspace and token, the Veles customers and products of the
/// dataset, the demo Stripe test key connected, a first sync waited for, a printed summary and `data/demo.env`.
///
/// Everything goes through the gateway's HTTP API (and `velesctl` for workspace and token), like any client.
/// Every step is safe to repeat, so a second `veles up --demo` on the same data reuses the workspace and token.
struct DemoBootstrap: Sendable {
    let configuration: UpConfiguration
    let logger: Logger
    var syncTimeout: Duration = .seconds(300)

    private var envFile: URL { URL(fileURLWithPath: configuration.plan.dataDirectory).appendingPathComponent("demo.env") }

    /// Runs the bootstrap; a failure is logged with what to do and leaves the system running for inspection.
    func run() async -> SupervisorOutcome? {
        do {
            try await bootstrap()
        } catch {
            logger.error("demo setup failed; the system keeps running so you can look (logs in \(configuration.logDirectory))",
                         ["error": String(describing: error)])
        }
        return nil
    }

    private func bootstrap() async throws {
        let dataset = DemoDataset(folder: URL(fileURLWithPath: configuration.plan.dataset ?? UpConfiguration.defaultDataset))
        let stripeKey = StripeSimDemo.testKey
        let binaries = URL(fileURLWithPath: configuration.binaryDirectory)
        let admin = AdminCommands(velesctl: binaries.appendingPathComponent("velesctl"), brokerFrontend: configuration.plan.brokerFrontend)
        let apiURL = configuration.plan.gatewayURL
        guard let base = URL(string: apiURL) else { throw DemoError("bad gateway URL \(apiURL)") }

        let (workspace, token) = try await workspaceAndToken(admin: admin, base: base)
        let gateway = GatewayClient(baseURL: base, token: token)
        let facts = DemoEnvironmentFile(apiURL: apiURL, apiToken: token, stripeAPIURL: configuration.plan.effectiveStripeAPIURL,
                                        stripeAPIKey: stripeKey, workspaceID: workspace)
        try facts.write(to: envFile)

        for batch in try dataset.velesCustomerBatches() {
            try await expect(gateway.put("/api/v1/veles/customers", body: batch), "seeding the Veles customers")
        }
        for batch in try dataset.velesProductBatches() {
            try await expect(gateway.put("/api/v1/veles/products", body: batch), "seeding the Veles products")
        }
        try await connect(gateway, key: stripeKey)

        let started = Date()
        let customerRun = try await startSync(gateway, "/api/v1/stripe/customers/sync", "customer")
        let productRun = try await startSync(gateway, "/api/v1/stripe/products/sync", "product")
        let customers = try await waitForSync(gateway, summary: "/api/v1/stripe/customers/summary", run: customerRun, since: started)
        let products = try await waitForSync(gateway, summary: "/api/v1/stripe/products/summary", run: productRun, since: started)
        // Written straight away: stdout into a file or pipe is block-buffered, and this text must not wait for exit.
        let summary = DemoSummary(facts: facts, customers: customers, products: products, envFile: envFile.path).text
        FileHandle.standardOutput.write(Data(summary.utf8))
    }

    /// The workspace and token of an earlier run when `data/demo.env` still has a token the gateway accepts;
    /// otherwise the demo workspace (created unless it exists) and a new token for it.
    private func workspaceAndToken(admin: AdminCommands, base: URL) async throws -> (String, String) {
        if let earlier = DemoEnvironmentFile.read(from: envFile) {
            let probe = try await GatewayClient(baseURL: base, token: earlier.apiToken).get("/api/v1/stripe/connection")
            if probe.status != 401 {
                logger.info("reusing the demo workspace and token from \(envFile.path)", ["workspace": earlier.workspaceID])
                return (earlier.workspaceID, earlier.apiToken)
            }
            logger.info("the stored demo token is no longer accepted; creating a new one", ["workspace": earlier.workspaceID])
        }
        if try await admin.ensureWorkspace(id: Self.workspaceID, name: "Demo") {
            logger.info("created the demo workspace", ["workspace": Self.workspaceID])
        }
        return (Self.workspaceID, try await admin.createToken(workspace: Self.workspaceID, name: "demo"))
    }

    /// The demo workspace's fixed id, so every run finds the same one.
    static let workspaceID = "demo"

    private func connect(_ gateway: GatewayClient, key: String) async throws {
        let current = try await gateway.get("/api/v1/stripe/connection")
        if current.status == 200, current.object["status"] as? String == "connected" {
            logger.info("the demo workspace is already connected", ["account": "\(current.object["account_id"] ?? "")"])
            return
        }
        let reply = try await gateway.post("/api/v1/stripe/connection", json: ["api_key": key])
        guard reply.status == 200 || reply.status == 201 || reply.status == 409 else {
            throw DemoError("connecting the demo Stripe key (…\(Redact.lastFour(key))) failed: \(reply.errorText)")
        }
        logger.info("connected the demo Stripe account", ["key": Redact.maskedKey(key)])
    }

    /// Asks for a sync now and returns the id of the run that does it (a run already going is joined).
    private func startSync(_ gateway: GatewayClient, _ path: String, _ kind: String) async throws -> String? {
        let reply = try await gateway.post(path)
        guard reply.status == 200 || reply.status == 202 else { throw DemoError("starting the \(kind) sync failed: \(reply.errorText)") }
        return reply.object["run_id"] as? String
    }

    /// Polls a sync summary until the run (or, without an id, a run that ended after `since`) is over; a run that
    /// did not succeed is an error naming its cause.
    private func waitForSync(_ gateway: GatewayClient, summary path: String, run runID: String?, since: Date) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + syncTimeout
        while ContinuousClock.now < deadline {
            let reply = try await gateway.get(path)
            if reply.status == 200, let run = reply.object["last_run"] as? [String: Any], Self.isOver(run, id: runID, since: since) {
                let outcome = run["outcome"] as? String ?? ""
                guard outcome == "succeeded" else {
                    throw DemoError("the first sync (\(path)) ended \(outcome): \(run["error"] ?? "no error recorded")")
                }
                return reply.object
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw DemoError("the first sync did not finish within \(syncTimeout) (\(path)); see the sync services' logs")
    }

    private static func isOver(_ run: [String: Any], id: String?, since: Date) -> Bool {
        guard run["outcome"] as? String != "running" else { return false }
        if let id, !id.isEmpty { return run["run_id"] as? String == id }
        guard let finished = SyncRunTimes.finishedAt(run) else { return false }
        return finished >= since.addingTimeInterval(-1)
    }

    private func expect(_ reply: GatewayClient.Reply, _ what: String, accepting: Set<Int> = [200, 201, 204]) throws {
        guard accepting.contains(reply.status) else { throw DemoError("\(what) failed: \(reply.errorText)") }
    }
}
