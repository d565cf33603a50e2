import Foundation
import HTTPServer
import Support

/// The emulator process: loads state, serves `/v1` and `/_sim/` until a shutdown signal, then writes its snapshot.
struct StripeSim: Sendable {
    let configuration: SimConfiguration
    let logger: Logger

    func run(until signal: ShutdownSignal) async throws {
        let store = SimStore(accounts: configuration.accounts, clock: SimClock())
        var dataset: [UInt8]?
        if let snapshot = configuration.snapshotPath, FileManager.default.fileExists(atPath: snapshot) {
            let started = ContinuousClock.now
            let summary = try Snapshot.restore(store, from: snapshot)
            logger.info("snapshot restored", ["path": snapshot, "objects": summary.description,
                                               "ms": String((ContinuousClock.now - started).components.seconds * 1000)])
        }
        if let path = configuration.datasetPath {
            dataset = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let alreadyRestored = configuration.snapshotPath.map { FileManager.default.fileExists(atPath: $0) } ?? false
            if !alreadyRestored, let dataset {
                let started = ContinuousClock.now
                let summary = try DatasetLoader.load(dataset, into: store)
                let elapsed = ContinuousClock.now - started
                logger.info("dataset loaded", ["path": path, "objects": summary.description,
                                                "ms": String(Int(Double(elapsed.components.attoseconds) / 1e15) + Int(elapsed.components.seconds) * 1000)])
            }
        }
        let dispatcher = WebhookDispatcher(store: store, switches: configuration.webhooks, logger: logger.named("webhooks"))
        let harness = SimHarness(store: store, limiter: RateLimiter(limits: configuration.limits),
                                 faults: FaultInjector(configuration.faults), counter: RequestCounter(),
                                 dispatcher: dispatcher, configuration: configuration, dataset: dataset, logger: logger)
        var router = Router()
        ControlRoutes.install(into: &router, harness: harness)
        StripeRoutes.install(into: &router, pipeline: harness.pipeline)

        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = configuration.host
        serverConfiguration.port = UInt16(clamping: configuration.port)
        serverConfiguration.threadCount = configuration.threads
        serverConfiguration.maxBodyBytes = configuration.maxBodyBytes
        serverConfiguration.payloadTooLarge = HTTPResponse.json(
            413, StripeError.invalidRequest("Request body too large.", status: 413).body)
        let server = try HTTPServer(configuration: serverConfiguration, handler: router.handler)

        let delivery = Task { await dispatcher.run() }
        let snapshots = Task { await writeSnapshots(store) }
        logger.info("accounts", ["accounts": configuration.accounts.map(\.id).joined(separator: ","),
                                 "rate_limit_test": String(configuration.limits.test), "rate_limit_live": String(configuration.limits.live)])
        // Tests and the supervisor wait for this exact line.
        logger.info("listening on http://\(configuration.host):\(server.port)")

        let received = await signal.wait()
        logger.info("stopping", ["signal": String(received)])
        await server.stop()
        delivery.cancel()
        snapshots.cancel()
        // The periodic writer may be mid-write; the final snapshot must come after it.
        await snapshots.value
        if let path = configuration.snapshotPath {
            try Snapshot.write(store, to: path)
            logger.info("snapshot written", ["path": path])
        }
    }

    /// Writes the snapshot every interval when something changed since the last write.
    private func writeSnapshots(_ store: SimStore) async {
        guard let path = configuration.snapshotPath else { return }
        var written = store.changeCount
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(Int(configuration.snapshotIntervalSeconds * 1000)))
            } catch {
                return
            }
            let current = store.changeCount
            guard current != written else { continue }
            do {
                try Snapshot.write(store, to: path)
                written = current
            } catch {
                logger.error("snapshot failed", ["path": path, "error": String(describing: error)])
            }
        }
    }
}
