import Bus
import Support

/// Starts runs in this process, or joins runs that another worker holds, and sees each one to its recorded end.
public actor SyncCoordinator {
    public nonisolated let ledger: SyncLedger
    private let job: any SyncJob
    private let gate: any SyncGate
    private let reporter: any SyncReporter
    private let logger: Logger
    private var running: [String: Task<Void, Never>] = [:]

    public init(job: any SyncJob, ledger: SyncLedger, gate: any SyncGate, reporter: any SyncReporter, logger: Logger) {
        self.job = job
        self.ledger = ledger
        self.gate = gate
        self.reporter = reporter
        self.logger = logger
    }

    /// Starts a run for the workspace, or joins the one going on; returns the run and whether it was joined.
    @discardableResult
    public func request(workspaceId: String, pass: SyncRun.Pass, trigger: SyncRun.Trigger) throws -> (run: SyncRun, joined: Bool) {
        switch try ledger.begin(workspaceId: workspaceId, pass: pass, trigger: trigger) {
        case .joined(let run):
            return (run, true)
        case .started(let run):
            logger.info("sync run started", ["workspace": workspaceId, "run": run.runId, "kind": ledger.kind, "pass": run.pass.rawValue])
            launch(run)
            return (run, false)
        case .resumed(let run):
            logger.info("sync run resumed after an abandoned lease",
                        ["workspace": workspaceId, "run": run.runId, "kind": ledger.kind, "pages_done": String(run.pages)])
            launch(run)
            return (run, false)
        }
    }

    /// A request from a person (the Sync button): asks the gate first and throws its `SyncStop` when the workspace
    /// may not sync now, so the caller hears why at once and no run is recorded that could only stop before its
    /// first page. A run that starts and is stopped later is still recorded as stopped. A request that finds a run
    /// going joins it without asking: the run checks the gate itself before each page, and a gate that cannot be
    /// asked for a moment (the connection service restarting) must not refuse a join.
    @discardableResult
    public func requestIfAllowed(workspaceId: String, pass: SyncRun.Pass,
                                 trigger: SyncRun.Trigger) async throws -> (run: SyncRun, joined: Bool) {
        if try ledger.activeRun(workspaceId: workspaceId) == nil {
            try await gate.check(workspaceId: workspaceId)
        }
        return try request(workspaceId: workspaceId, pass: pass, trigger: trigger)
    }

    /// Waits until the run has ended (in this or any worker), up to `timeout`; returns its latest record.
    public nonisolated func wait(runId: String, timeout: Duration) async throws -> SyncRun? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let run = try ledger.run(id: runId)
            if let run, run.status != .running { return run }
            if ContinuousClock.now >= deadline { return run }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs in flight in this process.
    public var activeRunCount: Int { running.count }

    /// Stops this process's runs and hands their leases over so another worker resumes them without waiting.
    public func shutdown() async {
        let tasks = Array(running.values)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private func launch(_ run: SyncRun) {
        // A run outlives the request that started it (Sync now answers at once): started inside that request's
        // handler, it would inherit its RPC context, so every bus call of the run would carry the request's
        // deadline and fail with DEADLINE_EXCEEDED once the request's time was up.
        let task = RPCContext.$current.withValue(nil) { Task { [job, gate, ledger, reporter, logger] in
            let context = SyncContext(run: run, ledger: ledger, gate: gate)
            let fields = ["workspace": run.workspaceId, "run": run.runId, "kind": ledger.kind]
            var finished: SyncRun?
            do {
                try await context.ensureAllowed()
                try await job.run(context)
                finished = try ledger.finish(run, status: .succeeded)
                logger.info("sync run succeeded", fields)
            } catch SyncStop.shuttingDown {
                try? ledger.handOver(run)
                logger.info("sync run handed over at shutdown", fields)
            } catch SyncStop.leaseLost {
                logger.warning("sync run lost its lease to another worker", fields)
            } catch let stop as SyncStop {
                finished = try? ledger.finish(run, status: .stopped, error: stop.description)
                logger.warning("sync run stopped", fields.merging(["reason": stop.description]) { a, _ in a })
            } catch is CancellationError {
                try? ledger.handOver(run)
                logger.info("sync run handed over at shutdown", fields)
            } catch {
                if let stop = await gate.translate(error, workspaceId: run.workspaceId) {
                    finished = try? ledger.finish(run, status: .stopped, error: stop.description)
                    logger.warning("sync run stopped", fields.merging(["reason": stop.description]) { a, _ in a })
                } else {
                    finished = try? ledger.finish(run, status: .failed, error: String(describing: error))
                    logger.error("sync run failed", fields.merging(["error": String(describing: error)]) { a, _ in a })
                }
            }
            if let finished { await reporter.runFinished(finished) }
            self.forget(run.runId)
        } }
        running[run.runId] = task
    }

    private func forget(_ runId: String) {
        running[runId] = nil
    }
}
