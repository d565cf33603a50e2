import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import StripeClient
import Support
import Synchronization
import SyncEngine
import TestSupport
@testable import CatalogSync

/// A stripe-sim process on its own port, a catalog store in its own folder, and the real sync job between them
/// (through the shared Stripe client), so the Stripe side of catalog-sync is exercised end to end.
final class StripeSimHarness: Sendable {
    static let key = "sk_test_sim_default"

    let folder: TemporaryDirectory
    let sim: ChildProcess
    let port: Int
    let store: CatalogStore
    let coordinator: SyncCoordinator
    let access: SimAccess
    let workspace = "ws_sim"

    /// Stripe access straight to the sim with a test key, with a switch to play a disconnect.
    final class SimAccess: StripeAccess {
        let client: StripeClient
        let connected = Mutex(true)
        init(client: StripeClient) { self.client = client }
        func session(workspaceId: String) async throws -> StripeSession {
            try await check(workspaceId: workspaceId)
            return StripeSession(mode: .test, generation: 1, source: StripeClientCatalogSource(client: client))
        }
        func check(workspaceId: String) async throws {
            if !connected.withLock({ $0 }) { throw SyncStop.disconnected("disconnected by the test") }
        }
    }

    init(simArguments: [String] = ["--no-rate-limit"]) async throws {
        folder = try TemporaryDirectory(prefix: "catalog-sim")
        sim = try ChildProcess("stripe-sim", arguments: ["--port", "0"] + simArguments, logDirectory: folder.url)
        try await sim.waitForLog("listening on http://127.0.0.1:", timeout: .seconds(30))
        guard let range = sim.log.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(sim.log[range].split(separator: ":").last ?? "") else {
            throw TestSupportError("stripe-sim printed no port:\n\(sim.log)")
        }
        self.port = port
        let configuration = try StripeConfiguration(key: try StripeSecretKey(Self.key), baseURL: URL(string: "http://127.0.0.1:\(port)")!,
                                                    rateLimit: .unlimited)
        access = SimAccess(client: StripeClient(configuration: configuration))
        let database = try Database(path: folder.appending("catalog.sqlite").path, migrations: CatalogSchema.migrations)
        store = CatalogStore(database: database)
        let ledger = SyncLedger(database: database, kind: CatalogSyncJob.kindName, owner: "sim-test")
        let job = CatalogSyncJob(store: store, access: access, applier: CatalogEventApplier(store: store))
        coordinator = SyncCoordinator(job: job, ledger: ledger, gate: access,
                                      reporter: NoReporter(), logger: Logger(process: "catalog-test", level: .error))
    }

    deinit { sim.stop() }

    /// Runs a sync pass to its end.
    @discardableResult
    func sync(_ pass: SyncRun.Pass = .full) async throws -> SyncRun {
        let (run, _) = try await coordinator.request(workspaceId: workspace, pass: pass, trigger: .manual)
        guard let done = try await coordinator.wait(runId: run.runId, timeout: .seconds(60)) else {
            throw TestSupportError("run \(run.runId) vanished")
        }
        return done
    }

    /// A form POST (or DELETE) to the sim's Stripe API; returns the JSON object, failing on a non-2xx answer.
    @discardableResult
    func stripe(_ method: String, _ path: String, _ form: [(String, String)] = [], key: String = StripeSimHarness.key) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if path.hasPrefix("/v1") { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if !form.isEmpty {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let body = form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
                .joined(separator: "&")
            request.httpBody = Data(body.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw TestSupportError("\(method) \(path) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// A JSON POST to a `/_sim/` control endpoint.
    func control(_ path: String, json: String) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw TestSupportError("POST \(path) failed: \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// Creates a product; returns its id.
    func product(_ name: String, _ extra: [(String, String)] = [], key: String = StripeSimHarness.key) async throws -> String {
        try await stripe("POST", "/v1/products", [("name", name)] + extra, key: key)["id"] as? String ?? ""
    }

    /// Creates a price on `product`; returns its id.
    @discardableResult
    func price(_ product: String, _ fields: [(String, String)]) async throws -> String {
        try await stripe("POST", "/v1/prices", [("product", product)] + fields)["id"] as? String ?? ""
    }

    func row(_ id: String) throws -> CatalogStore.MirroredProduct? {
        try store.stripeProduct(workspaceId: workspace, mode: .test, id: id)
    }
}

/// Reporter that drops reports (these tests read runs from the ledger).
struct NoReporter: SyncReporter {
    func runFinished(_ run: SyncRun) async {}
}
