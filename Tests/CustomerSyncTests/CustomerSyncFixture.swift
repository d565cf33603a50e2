import Bus
import Foundation
import TestSupport
import VelesAPI

/// stripe-sim, the broker, the connection service and customer-sync workers as real processes, with typed RPC
/// clients and helpers that act on Stripe the way a user of the Stripe dashboard would.
final class CustomerSyncFixture: @unchecked Sendable {
    // @unchecked: every property is set in init and never changed; the stack and bus are thread-safe.
    let stack: ServiceStack
    let bus: BusClient
    let customers: Veles_Customers_V1_CustomerSyncClient
    let connection: Veles_Connection_V1_ConnectionClient
    let workspace = "ws_customers_test"
    var options: CallOptions { CallOptions(timeout: .seconds(30), workspaceId: workspace) }

    private init(stack: ServiceStack, bus: BusClient) {
        self.stack = stack
        self.bus = bus
        customers = Veles_Customers_V1_CustomerSyncClient(channel: bus)
        connection = Veles_Connection_V1_ConnectionClient(channel: bus)
    }

    deinit {
        bus.close()
        stack.stopAll()
    }

    static let syncFlags = ["--sync-interval", "3600", "--scheduler-tick", "0.2", "--sync-lease", "2",
                            "--stripe-rate-limit", "off", "--log-level", "debug"]

    /// Starts everything; `workers` customer-sync processes share one store.
    static func start(workers: Int = 1, simArguments: [String] = []) async throws -> CustomerSyncFixture {
        let stack = try ServiceStack()
        try await stack.startStripeSim(["--rate-limit", "0"] + simArguments)
        try await stack.startBroker()
        try await stack.startService("connection", ["--stripe-rate-limit-test", "0"])
        for index in 0..<workers {
            try await stack.startService("customer-sync", syncFlags + ["--concurrency", "4"], readyLine: "registering with the broker")
            _ = index
        }
        let bus = try BusClient(configuration: BusClientConfiguration(broker: stack.brokerFrontend, caller: "test"),
                                logger: .init(process: "test", level: .warning))
        let fixture = CustomerSyncFixture(stack: stack, bus: bus)
        try await fixture.waitForWorkers(service: Veles_Customers_V1_CustomerSync.descriptor.fullName, count: workers)
        try await fixture.waitForWorkers(service: Veles_Connection_V1_Connection.descriptor.fullName, count: 1)
        return fixture
    }

    func startWorker() async throws -> ChildProcess {
        try await stack.startService("customer-sync", Self.syncFlags, readyLine: "registering with the broker")
    }

    func waitForWorkers(service: String, count: Int, timeout: Duration = .seconds(20)) async throws {
        guard count > 0 else { return }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let health = try? await bus.brokerHealth(timeout: .seconds(2)),
               let entry = health.services.first(where: { $0.name == service }), entry.liveWorkers >= count {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(service) did not reach \(count) live workers:\n\(stack.logs)")
    }

    /// Connects the workspace with the stack's test key; a full sync may start on its own (the connect trigger).
    func connect() async throws {
        var request = Veles_Connection_V1_ConnectRequest()
        request.apiKey = ServiceStack.testKey
        _ = try await connection.connect(request, options: options)
    }

    func disconnect() async throws {
        _ = try await connection.disconnect(.init(), options: options)
    }

    /// Starts (or joins) a full sync and, with `wait`, returns once it ended.
    @discardableResult
    func syncNow(wait: Bool = true) async throws -> Veles_Customers_V1_SyncRun {
        var request = Veles_Customers_V1_SyncNowRequest()
        request.wait = wait
        var run = try await customers.syncNow(request, options: options).run
        guard wait else { return run }
        let deadline = ContinuousClock.now + .seconds(60)
        while run.status == .running, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            run = try await latestRun(id: run.runId) ?? run
        }
        return run
    }

    func latestRun(id: String) async throws -> Veles_Customers_V1_SyncRun? {
        var request = Veles_Customers_V1_ListSyncRunsRequest()
        request.limit = 50
        return try await customers.listSyncRuns(request, options: options).runs.first { $0.runId == id }
    }

    func runs() async throws -> [Veles_Customers_V1_SyncRun] {
        var request = Veles_Customers_V1_ListSyncRunsRequest()
        request.limit = 50
        return try await customers.listSyncRuns(request, options: options).runs
    }

    /// Every mirrored customer, through every page of ListStripeCustomers.
    func allCustomers(status: Veles_Customers_V1_MatchStatus = .unspecified) async throws -> [Veles_Customers_V1_StripeCustomer] {
        var rows: [Veles_Customers_V1_StripeCustomer] = []
        var request = Veles_Customers_V1_ListStripeCustomersRequest()
        request.matchStatus = status
        request.page.limit = 100
        while true {
            let page = try await customers.listStripeCustomers(request, options: options)
            rows += page.customers
            guard page.page.hasMore else { return rows }
            request.page.cursor = page.page.nextCursor
        }
    }

    func upsertVeles(_ list: [(id: String, name: String, emails: [String], domains: [String])]) async throws {
        var request = Veles_Customers_V1_UpsertVelesCustomersRequest()
        request.customers = list.map { item in
            var customer = Veles_Customers_V1_VelesCustomer()
            customer.id = item.id
            customer.name = item.name
            customer.contactEmails = item.emails
            customer.domains = item.domains
            return customer
        }
        _ = try await customers.upsertVelesCustomers(request, options: options)
    }

    // MARK: Stripe side

    var stripeHeaders: [String: String] { ["Authorization": "Bearer \(ServiceStack.testKey)"] }

    /// Loads customers straight into stripe-sim's test ledger (no events), as a dataset would.
    func loadStripeCustomers(_ customers: [[String: Any]]) async throws {
        let url = "\(stack.stripeURL)/_sim/load?account=\(ServiceStack.accountId)&mode=test"
        let response = try await HTTPCall.json("POST", url, ["customers": customers])
        guard response.status == 200 else { throw TestSupportError("load failed: \(response.status) \(response.text)") }
    }

    @discardableResult
    func createStripeCustomer(_ fields: [(String, String)]) async throws -> [String: Any] {
        let response = try await HTTPCall.form("POST", "\(stack.stripeURL)/v1/customers", fields, headers: stripeHeaders)
        guard response.status == 200 else { throw TestSupportError("create failed: \(response.text)") }
        return try response.json()
    }

    func updateStripeCustomer(_ id: String, _ fields: [(String, String)]) async throws {
        let response = try await HTTPCall.form("POST", "\(stack.stripeURL)/v1/customers/\(id)", fields, headers: stripeHeaders)
        guard response.status == 200 else { throw TestSupportError("update failed: \(response.text)") }
    }

    func deleteStripeCustomer(_ id: String) async throws {
        let response = try await HTTPCall.send("DELETE", "\(stack.stripeURL)/v1/customers/\(id)", headers: stripeHeaders)
        guard response.status == 200 else { throw TestSupportError("delete failed: \(response.text)") }
    }

    /// The raw JSON of Stripe's events for an object, oldest first, as a webhook would carry them.
    func eventsJSON(objectId: String) async throws -> [[UInt8]] {
        let response = try await HTTPCall.send("GET", "\(stack.stripeURL)/v1/events?limit=100&type=customer.*",
                                               headers: stripeHeaders)
        let list = try response.json()["data"] as? [[String: Any]] ?? []
        return try list.reversed().filter { event in
            ((event["data"] as? [String: Any])?["object"] as? [String: Any])?["id"] as? String == objectId
        }.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) }
    }

    func simFaults(_ settings: [String: Any]) async throws {
        let response = try await HTTPCall.json("POST", "\(stack.stripeURL)/_sim/faults", settings)
        guard response.status == 200 else { throw TestSupportError("faults failed: \(response.text)") }
    }

    func handleEvent(_ json: [UInt8]) async throws -> Veles_Customers_V1_HandleStripeEventResponse {
        var request = Veles_Customers_V1_HandleStripeEventRequest()
        request.eventJson = json
        return try await customers.handleStripeEvent(request, options: options)
    }

    /// `count` Stripe customers named `prefix-N`, all created in the same second when `sameSecond`.
    static func customerObjects(_ count: Int, prefix: String, sameSecond: Bool = false) -> [[String: Any]] {
        (0..<count).map { index in
            var object: [String: Any] = ["id": "cus_\(prefix)\(String(format: "%05d", index))", "object": "customer",
                                         "name": "\(prefix) Customer \(index)", "email": "\(prefix)\(index)@example.org"]
            object["created"] = sameSecond ? 1_760_000_000 : 1_760_000_000 + index
            return object
        }
    }
}
