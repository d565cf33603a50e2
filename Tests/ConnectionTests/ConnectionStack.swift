import Bus
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Support
import TestSupport
import VelesAPI

/// stripe-sim, a broker and a connection process on their own ports and folders, and a bus client to drive them.
/// Everything is stopped by `stop()` or when the value is released, so a failed test leaves nothing running.
final class ConnectionStack: @unchecked Sendable {
    // @unchecked: every property is set in init and never changed; ChildProcess and BusClient are thread-safe.
    static let accountA = "acct_1VelesAcmeTest00"
    static let accountB = "acct_1VelesBetaTest00"
    static let keyA1 = "sk_test_acmeFirstKey0000000001"
    static let keyA2 = "sk_test_acmeSecondKey000000002"
    static let liveKeyA = "sk_live_acmeLiveKey00000000003"
    static let restrictedA = "rk_test_acmeRestricted0000004"
    static let keyB = "sk_test_betaOnlyKey00000000005"

    let folder: TemporaryDirectory
    let dataDirectory: URL
    let simURL: URL
    let frontend: String
    let sim: ChildProcess
    let broker: ChildProcess
    private(set) var connectionProcesses: [ChildProcess] = []
    let bus: BusClient
    let client: Veles_Connection_V1_ConnectionClient

    init(connectionArguments: [String] = [], connectionProcesses count: Int = 1) async throws {
        folder = try TemporaryDirectory(prefix: "connection-it")
        dataDirectory = folder.appending("data")
        let simPort = try Network.freePort()
        simURL = URL(string: "http://127.0.0.1:\(simPort)")!
        let config = folder.appending("sim-accounts.json")
        try Data("""
            {"accounts": [
              {"id": "\(Self.accountA)", "name": "Acme Test Company", "email": "billing@acme.example",
               "keys": ["\(Self.keyA1)", "\(Self.keyA2)", "\(Self.liveKeyA)", "\(Self.restrictedA)"]},
              {"id": "\(Self.accountB)", "name": "Beta Other Company", "keys": ["\(Self.keyB)"]}
            ]}
            """.utf8).write(to: config)
        sim = try ChildProcess("stripe-sim", arguments: ["--port", "\(simPort)", "--config", config.path, "--log-level", "warning"],
                               logDirectory: folder.url)
        let frontendPort = try Network.freePort()
        let backendPort = try Network.freePort()
        frontend = "tcp://127.0.0.1:\(frontendPort)"
        let backend = "tcp://127.0.0.1:\(backendPort)"
        broker = try ChildProcess("broker", arguments: ["--broker-frontend", frontend, "--broker-backend", backend,
                                                        "--data-dir", folder.appending("broker").path, "--no-journal",
                                                        "--log-level", "warning"],
                                  logDirectory: folder.url)
        bus = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "connection-test"),
                            logger: Logger(process: "connection-test", level: .error))
        client = Veles_Connection_V1_ConnectionClient(channel: bus)
        try await sim.waitForPort(simPort)
        try await broker.waitForPort(frontendPort)
        let arguments = ["--data-dir", dataDirectory.path, "--broker-backend", backend, "--broker-frontend", frontend,
                         "--stripe-api-url", simURL.absoluteString, "--log-level", "info"] + connectionArguments
        for index in 0..<max(count, 1) {
            connectionProcesses.append(try ChildProcess("connection", arguments: arguments + ["--worker-name", "connection-\(index)"],
                                                        logDirectory: folder.url))
        }
        for process in connectionProcesses { try await process.waitForLog("serving") }
        try await waitUntilServing()
    }

    deinit { stop() }

    func stop() {
        bus.close()
        for process in connectionProcesses.reversed() { process.stop() }
        broker.stop()
        sim.stop()
    }

    /// The connection service's logs, for assertions that secrets never appear there.
    var connectionLogs: String { connectionProcesses.map(\.log).joined(separator: "\n") }

    /// Options for a call on behalf of `workspace`.
    func call(_ workspace: String) -> CallOptions {
        CallOptions(timeout: .seconds(15), workspaceId: workspace)
    }

    func connect(_ workspace: String, key: String, accountId: String = "", accountName: String = "") async throws -> Veles_Connection_V1_StripeConnection {
        var request = Veles_Connection_V1_ConnectRequest()
        request.apiKey = key
        request.accountId = accountId
        request.accountName = accountName
        return try await client.connect(request, options: call(workspace)).connection
    }

    func credentials(_ workspace: String) async throws -> Veles_Connection_V1_GetStripeCredentialsResponse {
        try await client.getStripeCredentials(Veles_Connection_V1_GetStripeCredentialsRequest(), options: call(workspace))
    }

    /// Waits until a connection worker has registered with the broker (GetConnection answers NOT_FOUND, not UNAVAILABLE).
    private func waitUntilServing() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            do {
                _ = try await client.getConnection(Veles_Connection_V1_GetConnectionRequest(),
                                                   options: CallOptions(timeout: .seconds(2), workspaceId: "ws-probe"))
                return
            } catch let error as RPCError where error.code == .notFound {
                return
            } catch {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw TestSupportError("the connection service did not answer within 20 s; log:\n\(connectionLogs)")
    }

    // MARK: stripe-sim

    /// A GET against stripe-sim with `key`, returning the status and decoded JSON.
    func stripeGet(_ path: String, key: String) async throws -> (status: Int, json: [String: Any]) {
        var request = URLRequest(url: simURL.appendingPathComponent(path))
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        return try await send(request)
    }

    /// A request to the `/_sim/` control surface.
    func control(_ path: String, method: String = "GET") async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: simURL.absoluteString + path)!)
        request.httpMethod = method
        return try await send(request).json
    }

    private func send(_ request: URLRequest) async throws -> (status: Int, json: [String: Any]) {
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (status, json)
    }
}
