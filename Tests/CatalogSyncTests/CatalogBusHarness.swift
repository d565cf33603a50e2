import Bus
import Foundation
import ProtoRuntime
import Support
import Synchronization
import TestSupport
import VelesAPI

/// The catalog on the real bus: a broker process, a stripe-sim process, one or more catalog-sync processes, and a
/// connection service played by this test on the bus (the methods catalog-sync calls), handing out the sim's key.
final class CatalogBusHarness: Sendable {
    let folder: TemporaryDirectory
    let frontend: String
    let backend: String
    let broker: ChildProcess
    let sim: StripeSimHarness
    let workers = Mutex<[ChildProcess]>([])
    let client: BusClient
    let catalog: Veles_Catalog_V1_CatalogClient
    let connection = FakeConnection()
    private let connectionTask: Task<Void, any Error>?
    /// The real connection service, when the test asked for it instead of the fake.
    let connectionProcess: ChildProcess?
    let workspace = "ws_bus"

    /// The connection service as catalog-sync sees it: credentials, per-page checks, permits, RecordSync.
    final class FakeConnection: Sendable {
        let connected = Mutex(true)
        let recorded = Mutex<[Veles_Connection_V1_RecordSyncRequest]>([])
        let checks = Mutex(0)

        func service() -> RPCService {
            let methods = Veles_Connection_V1_Connection.Methods.self
            return RPCService(descriptor: Veles_Connection_V1_Connection.descriptor, handlers: [
                methods.getStripeCredentials.path: { [self] _, _ in
                    guard connected.withLock({ $0 }) else { throw RPCError(.failedPrecondition, "not connected") }
                    var reply = Veles_Connection_V1_GetStripeCredentialsResponse()
                    reply.apiKey = StripeSimHarness.key
                    reply.generation = 1
                    reply.keyVersion = 1
                    reply.mode = .test
                    reply.status = .connected
                    return reply.serializedBytes()
                },
                methods.checkConnection.path: { [self] _, _ in
                    checks.withLock { $0 += 1 }
                    var reply = Veles_Connection_V1_CheckConnectionResponse()
                    reply.active = connected.withLock { $0 }
                    reply.status = reply.active ? .connected : .disconnected
                    reply.generation = 1
                    reply.keyVersion = 1
                    return reply.serializedBytes()
                },
                methods.acquireRatePermits.path: { _, _ in
                    var reply = Veles_Connection_V1_AcquireRatePermitsResponse()
                    reply.unlimited = true
                    return reply.serializedBytes()
                },
                methods.recordSync.path: { [self] bytes, _ in
                    let request = try Veles_Connection_V1_RecordSyncRequest(serializedBytes: bytes)
                    recorded.withLock { $0.append(request) }
                    return Veles_Connection_V1_RecordSyncResponse().serializedBytes()
                },
                methods.reportKeyInvalid.path: { _, _ in Veles_Connection_V1_ReportKeyInvalidResponse().serializedBytes() },
                // Empty, so the scheduler never starts runs behind a test's back; the tests start them with SyncNow.
                methods.listConnectedWorkspaces.path: { _, _ in Veles_Connection_V1_ListConnectedWorkspacesResponse().serializedBytes() },
            ])
        }
    }

    init(workers count: Int = 1, realConnection: Bool = false, simArguments: [String] = ["--no-rate-limit"]) async throws {
        folder = try TemporaryDirectory(prefix: "catalog-bus")
        frontend = "ipc://\(folder.path)/frontend"
        backend = "ipc://\(folder.path)/backend"
        broker = try ChildProcess("broker", arguments: ["--broker-frontend", frontend, "--broker-backend", backend,
                                                       "--data-dir", folder.path, "--no-journal"], logDirectory: folder.url)
        try await broker.waitForLog("broker listening", timeout: .seconds(10))
        sim = try await StripeSimHarness(simArguments: simArguments)
        let logger = Logger(process: "catalog-bus-test", level: .warning)
        if realConnection {
            let process = try ChildProcess("connection", arguments: [
                "--data-dir", folder.appending("connection").path, "--broker-backend", backend, "--broker-frontend", frontend,
                "--stripe-api-url", "http://127.0.0.1:\(sim.port)",
            ], logDirectory: folder.url)
            try await process.waitForLog("serving", timeout: .seconds(20))
            connectionProcess = process
            connectionTask = nil
        } else {
            let worker = BusWorker(services: [connection.service()],
                                   configuration: BusWorkerConfiguration(broker: backend, workerName: "fake-connection"), logger: logger)
            connectionTask = Task { try await worker.run() }
            connectionProcess = nil
        }
        client = try BusClient(configuration: BusClientConfiguration(broker: frontend, caller: "catalog-test"), logger: logger)
        catalog = Veles_Catalog_V1_CatalogClient(channel: client)
        for index in 0..<count { try await startWorker(index) }
    }

    deinit {
        client.close()
        connectionTask?.cancel()
        for worker in workers.withLock({ $0 }) { worker.stop(grace: .seconds(3)) }
        connectionProcess?.stop(grace: .seconds(2))
        broker.stop(grace: .seconds(2))
    }

    /// Starts one more catalog-sync process sharing the store folder, and waits until it serves.
    func startWorker(_ index: Int) async throws {
        let process = try ChildProcess("catalog-sync", arguments: [
            "--broker-frontend", frontend, "--broker-backend", backend, "--data-dir", folder.appending("data").path,
            "--stripe-api-url", "http://127.0.0.1:\(sim.port)", "--sync-interval", "3600", "--stripe-rate-limit", "off", "--worker-name", "catalog-\(index)",
        ], logDirectory: folder.url)
        try await process.waitForLog("catalog-sync serving", timeout: .seconds(20))
        workers.withLock { $0.append(process) }
    }

    var options: CallOptions { CallOptions(timeout: .seconds(30), workspaceId: workspace) }

    /// A full sync through SyncNow, waited for.
    @discardableResult
    func syncNow(full: Bool = true) async throws -> Veles_Catalog_V1_SyncNowResponse {
        var request = Veles_Catalog_V1_SyncNowRequest()
        request.full = full
        request.waitMs = 20_000
        return try await catalog.syncNow(request, options: options)
    }

    /// The status a call failed with.
    func status<T: Sendable>(_ call: () async throws -> T) async -> Veles_Bus_V1_StatusCode? {
        do {
            _ = try await call()
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return nil
        }
    }
}

/// A Veles product message with just what matching needs: id, name and SKU.
func velesProduct(_ id: String, name: String, sku: String) -> Veles_Catalog_V1_Product {
    var product = Veles_Catalog_V1_Product()
    product.id = id
    product.name = name
    product.sku = sku
    return product
}
