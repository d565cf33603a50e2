import Foundation
import Store
import StripeClient
import Support
import SyncEngine

/// `catalog-sync --sync-once`: one full pass for one workspace with a key from the environment, then exit. For
/// benchmarks, demos and troubleshooting a key against the store without the rest of the stack.
struct OneShotSync {
    let store: CatalogStore
    let client: StripeClient
    let workspaceId: String
    var productsOnly = false
    let logger: Logger

    /// What the pass did, printed as one `key=value` line.
    struct Report: Sendable {
        let run: SyncRun
        let elapsed: Duration
        var objects: Int { run.counts.created + run.counts.updated }
        var line: String {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return "sync-once status=\(run.status.rawValue) objects=\(objects) created=\(run.counts.created) "
                + "updated=\(run.counts.updated) deleted=\(run.counts.deleted) pages=\(run.pages) "
                + "elapsed_ms=\(Int(seconds * 1000)) error=\"\(run.error)\""
        }
    }

    func run() async throws -> Report {
        let access = DirectStripeAccess(client: client, productsOnly: productsOnly)
        let ledger = SyncLedger(database: store.database, kind: CatalogSyncJob.kindName, owner: SyncLedger.makeOwner(process: "catalog-sync"))
        let job = CatalogSyncJob(store: store, access: access, applier: CatalogEventApplier(store: store), productsOnly: productsOnly)
        let coordinator = SyncCoordinator(job: job, ledger: ledger, gate: access,
                                          reporter: SilentReporter(), logger: logger)
        let started = ContinuousClock.now
        let (run, _) = try await coordinator.request(workspaceId: workspaceId, pass: .full, trigger: .manual)
        guard let done = try await coordinator.wait(runId: run.runId, timeout: .seconds(3600)) else {
            throw CatalogError(.internal, "run \(run.runId) disappeared from the store")
        }
        return Report(run: done, elapsed: ContinuousClock.now - started)
    }
}

/// A reporter for runs nobody else needs to hear about.
struct SilentReporter: SyncReporter {
    func runFinished(_ run: SyncRun) async {}
}
