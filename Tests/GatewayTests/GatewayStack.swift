import Bus
import Foundation
import TestSupport
import VelesAPI

/// stripe-sim, the broker, the connection service, customer-sync, catalog-sync and the gateway as real
/// processes with this test's own ports, ipc endpoints and data folder; the test talks to the gateway over HTTP only,
/// and to the bus only for what an operator does with velesctl (workspaces, tokens) or to read a webhook secret.
final class GatewayStack: @unchecked Sendable {
    // @unchecked: every property is set in init and never changed; ServiceStack and BusClient are thread-safe.
    let stack: ServiceStack
    let bus: BusClient
    let gatewayPort: Int
    let gateway: ChildProcess
    /// The catalog-sync process, when the stack started one.
    let catalog: ChildProcess?
    var baseURL: String { "http://127.0.0.1:\(gatewayPort)" }

    private init(stack: ServiceStack, bus: BusClient, gatewayPort: Int, gateway: ChildProcess, catalog: ChildProcess?) {
        self.stack = stack
        self.bus = bus
        self.gatewayPort = gatewayPort
        self.gateway = gateway
        self.catalog = catalog
    }

    deinit {
        bus.close()
        stack.stopAll()
    }

    static let rotatedKey = "sk_test_stack_rotated_5678"
    static let syncFlags = ["--sync-interval", "3600", "--scheduler-tick", "0.2", "--stripe-rate-limit", "off"]

    /// Starts the stack; `dataset` is loaded into stripe-sim's test ledger; `gatewayArguments` adds gateway flags.
    /// `services: false` starts no service behind the gateway; `catalog: false` leaves out catalog-sync alone.
    static func start(dataset: [String: Any]? = nil, gatewayArguments: [String] = [],
                      services: Bool = true, catalog: Bool = true) async throws -> GatewayStack {
        let stack = try ServiceStack()
        // The stack's keys plus a second test key of the same account, for rotation.
        var simArguments = ["--rate-limit", "0", "--api-keys",
                            [ServiceStack.testKey, ServiceStack.liveKey, "rk_test_stack_restricted", rotatedKey].joined(separator: ",")]
        if let dataset {
            let file = stack.directory.appending("dataset.json")
            try JSONSerialization.data(withJSONObject: dataset).write(to: file)
            simArguments += ["--dataset", file.path]
        }
        try await stack.startStripeSim(simArguments)
        try await stack.startBroker()
        let gatewayPort = try Network.freePort()
        let gateway = try stack.launch("gateway", stack.busArguments + [
            "--data-dir", stack.dataDirectory, "--http-port", String(gatewayPort), "--max-body-bytes", "65536",
            "--rpc-timeout-ms", "2000",
        ] + gatewayArguments)
        try await gateway.waitForLog("gateway listening", timeout: .seconds(30))
        var catalogProcess: ChildProcess?
        if services {
            try await stack.startService("connection", [
                "--stripe-rate-limit-test", "0", "--webhook-public-url", "http://127.0.0.1:\(gatewayPort)",
            ], readyLine: "registering with the broker")
            try await stack.startService("customer-sync", syncFlags, readyLine: "registering with the broker")
            if catalog { catalogProcess = try await startCatalog(stack) }
        }
        let bus = try BusClient(configuration: BusClientConfiguration(broker: stack.brokerFrontend, caller: "test"),
                                logger: .init(process: "test", level: .warning))
        let result = GatewayStack(stack: stack, bus: bus, gatewayPort: gatewayPort, gateway: gateway, catalog: catalogProcess)
        var needed = [Veles_Admin_V1_Admin.descriptor.fullName]
        if services {
            needed += [Veles_Connection_V1_Connection.descriptor.fullName, Veles_Customers_V1_CustomerSync.descriptor.fullName]
        }
        if catalogProcess != nil { needed.append(Veles_Catalog_V1_Catalog.descriptor.fullName) }
        for service in needed { try await result.waitForWorkers(service: service) }
        return result
    }

    static func startCatalog(_ stack: ServiceStack) async throws -> ChildProcess {
        try await stack.startService("catalog-sync", syncFlags, readyLine: "registering with the broker")
    }

    /// Starts catalog-sync again (after a test stopped it) and waits until it serves.
    func restartCatalog() async throws {
        _ = try await Self.startCatalog(stack)
        try await waitForWorkers(service: Veles_Catalog_V1_Catalog.descriptor.fullName)
    }

    /// Waits until the broker counts no live worker of `service` (a stopped one is forgotten after its heartbeats stop).
    func waitForNoWorkers(service: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let health = try? await bus.brokerHealth(timeout: .seconds(2)),
               !health.services.contains(where: { $0.name == service && $0.liveWorkers > 0 }) {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(service) still has a live worker")
    }

    func waitForWorkers(service: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let health = try? await bus.brokerHealth(timeout: .seconds(2)),
               health.services.contains(where: { $0.name == service && $0.liveWorkers > 0 }) {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(service) has no live worker:\n\(stack.logs)")
    }

    // MARK: Operator actions (what velesctl does)

    var admin: Veles_Admin_V1_AdminClient { Veles_Admin_V1_AdminClient(channel: bus) }

    /// Creates a workspace and one token for it; returns the token's secret.
    func workspaceToken(_ id: String) async throws -> String {
        var workspace = Veles_Admin_V1_CreateWorkspaceRequest()
        workspace.id = id
        workspace.name = "Workspace \(id)"
        _ = try await admin.createWorkspace(workspace)
        return try await token(for: id).secret
    }

    func token(for workspaceId: String) async throws -> Veles_Admin_V1_CreateTokenResponse {
        var request = Veles_Admin_V1_CreateTokenRequest()
        request.workspaceId = workspaceId
        return try await admin.createToken(request)
    }

    /// The signing secret of a connection, as the gateway itself reads it (an internal RPC).
    func webhookSecret(connectionId: String) async throws -> String {
        var request = Veles_Connection_V1_GetWebhookSecretRequest()
        request.connectionId = connectionId
        return try await Veles_Connection_V1_ConnectionClient(channel: bus).getWebhookSecret(request).webhookSecret
    }

    // MARK: HTTP

    func call(_ method: String, _ path: String, token: String?, json: Any? = nil,
              headers: [String: String] = [:]) async throws -> HTTPCall.Response {
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        if let json {
            return try await HTTPCall.json(method, baseURL + path, json, headers: all)
        }
        return try await HTTPCall.send(method, baseURL + path, headers: all)
    }

    func raw(_ method: String, _ path: String, token: String?, body: Data,
             headers: [String: String] = [:]) async throws -> HTTPCall.Response {
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        all["Content-Type"] = all["Content-Type"] ?? "application/json"
        return try await HTTPCall.send(method, baseURL + path, headers: all, body: body)
    }

    /// Connects the workspace of `token` to stripe-sim's account with its test key; returns the connection JSON.
    @discardableResult
    func connect(_ token: String, key: String = ServiceStack.testKey) async throws -> [String: Any] {
        let response = try await call("POST", "/api/v1/stripe/connection", token: token, json: ["api_key": key])
        guard response.status == 201 else {
            throw TestSupportError("connect answered \(response.status): \(response.text)\n\(stack.logs)")
        }
        return try response.json()
    }

    /// Runs a customer sync to its end.
    func syncCustomers(_ token: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let response = try await call("POST", "/api/v1/stripe/customers/sync", token: token, json: ["wait": true])
            guard response.status == 200 || response.status == 202 else {
                throw TestSupportError("sync answered \(response.status): \(response.text)")
            }
            if try response.json()["outcome"] as? String == "succeeded", response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSupportError("customer sync did not finish\n\(stack.logs)")
    }

    /// Adds objects to stripe-sim's test ledger through its harness endpoint.
    func loadIntoStripe(_ dataset: [String: Any]) async throws {
        let response = try await HTTPCall.json("POST", stack.stripeURL + "/_sim/load?account=\(ServiceStack.accountId)&mode=test",
                                               dataset)
        guard response.status == 200 else { throw TestSupportError("load answered \(response.status): \(response.text)") }
    }

    /// A customer created in Stripe the way the dashboard does, so stripe-sim sends its webhooks.
    func createStripeCustomer(name: String, email: String) async throws -> String {
        let response = try await HTTPCall.form("POST", stack.stripeURL + "/v1/customers", [("name", name), ("email", email)],
                                               headers: ["Authorization": "Bearer \(ServiceStack.testKey)"])
        guard response.status == 200, let id = try response.json()["id"] as? String else {
            throw TestSupportError("creating a Stripe customer answered \(response.status): \(response.text)")
        }
        return id
    }
}

extension HTTPCall.Response {
    /// The `error.code` of an error body, or nil.
    var errorCode: String? {
        ((try? json())?["error"] as? [String: Any])?["code"] as? String
    }

    var errorMessage: String {
        ((try? json())?["error"] as? [String: Any])?["message"] as? String ?? ""
    }
}
