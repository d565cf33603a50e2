import Bus
import ProtoRuntime
import Synchronization
import Testing
import TestSupport
@testable import Store
@testable import SyncEngine
import Support

/// A job that writes `pages` pages of one row each, asking the gate before each, as a real sync job does.
private struct PagedJob: SyncJob {
    let kind = "customers"
    let pages: Int
    let pause: Duration
    func run(_ context: SyncContext) async throws {
        var page = Int(try context.cursor("backfill") ?? "0") ?? 0
        while page < pages {
            try await context.ensureAllowed()
            try await Task.sleep(for: pause)
            let id = "row\(page)"
            try context.commitPage(cursorName: "backfill", cursor: String(page + 1)) { connection in
                try connection.execute("INSERT INTO thing VALUES (?, ?)", context.workspaceId, id)
                return SyncCounts(created: 1)
            }
            page += 1
        }
    }
}

/// A job that records the RPC context it runs under.
private final class ContextRecordingJob: SyncJob {
    let kind = "customers"
    let seen = Mutex<[String?]>([])
    func run(_ context: SyncContext) async throws {
        seen.withLock { $0.append(RPCContext.current?.requestId) }
    }
}

/// A job that runs until released, asking the gate nothing after its start.
private final class HeldJob: SyncJob {
    let kind = "customers"
    let running = Mutex(false)
    let released = Mutex(false)
    func run(_ context: SyncContext) async throws {
        running.withLock { $0 = true }
        while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
    }
}

/// A gate that can be made unreachable, as the connection service is while it restarts.
private final class FlakyGate: SyncGate {
    struct Unreachable: Error {}
    let reachable = Mutex(true)
    func check(workspaceId: String) async throws {
        if !reachable.withLock({ $0 }) { throw Unreachable() }
    }
}

private final class SwitchGate: SyncGate {
    let connected = Mutex(true)
    func check(workspaceId: String) async throws {
        if !connected.withLock({ $0 }) { throw SyncStop.disconnected("disconnected by the admin") }
    }
}

private final class CollectingReporter: SyncReporter {
    let finished = Mutex<[SyncRun]>([])
    func runFinished(_ run: SyncRun) async { finished.withLock { $0.append(run) } }
}

@Suite struct SyncCoordinatorTests {
    @Test func runCompletesWithCountsAndIsReported() async throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let reporter = CollectingReporter()
        let coordinator = SyncCoordinator(job: PagedJob(pages: 3, pause: .zero), ledger: ledger, gate: SwitchGate(),
                                          reporter: reporter, logger: Logger(process: "test", level: .error))
        let (run, joined) = try await coordinator.request(workspaceId: "ws", pass: .full, trigger: .manual)
        #expect(!joined)
        let done = try await coordinator.wait(runId: run.runId, timeout: .seconds(5))
        #expect(done?.status == .succeeded)
        #expect(done?.counts.created == 3 && done?.pages == 3)
        while reporter.finished.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(reporter.finished.withLock { $0.first?.runId } == run.runId)
    }

    /// Sync now answers before its run ends; the run must not carry that request's deadline into its own calls.
    @Test func aRunStartedInsideAHandlerDoesNotInheritItsRequestContext() async throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let job = ContextRecordingJob()
        let coordinator = SyncCoordinator(job: job, ledger: ledger, gate: SwitchGate(), reporter: CollectingReporter(),
                                          logger: Logger(process: "test", level: .error))
        let method = MethodDescriptor(service: "veles.customers.v1.CustomerSync", name: "SyncNow", idempotent: false,
                                      isInternal: false, requestType: "", responseType: "")
        let request = RPCContext(method: method, requestId: "req_sync_now", deadline: .now + .milliseconds(50),
                                 metadata: RPCMetadata(workspaceId: "ws", traceId: "trace", caller: "gateway", attempt: 1))
        let run = try await RPCContext.$current.withValue(request) {
            #expect(RPCContext.current?.requestId == "req_sync_now")
            return try await coordinator.requestIfAllowed(workspaceId: "ws", pass: .full, trigger: .manual).run
        }
        #expect(try await coordinator.wait(runId: run.runId, timeout: .seconds(5))?.status == .succeeded)
        #expect(job.seen.withLock { $0 } == [nil], "the run saw the request's context: \(job.seen.withLock { $0 })")
    }

    @Test func disconnectStopsTheRunWithinOnePage() async throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let gate = SwitchGate()
        let coordinator = SyncCoordinator(job: PagedJob(pages: 1000, pause: .milliseconds(10)), ledger: ledger, gate: gate,
                                          reporter: CollectingReporter(), logger: Logger(process: "test", level: .error))
        let (run, _) = try await coordinator.request(workspaceId: "ws", pass: .full, trigger: .manual)
        while (try ledger.run(id: run.runId)?.pages ?? 0) < 2 { try await Task.sleep(for: .milliseconds(5)) }
        gate.connected.withLock { $0 = false }
        let pagesAtDisconnect = try ledger.run(id: run.runId)?.pages ?? 0
        let done = try await coordinator.wait(runId: run.runId, timeout: .seconds(5))
        #expect(done?.status == .stopped)
        #expect(done?.error.contains("disconnected by the admin") == true)
        #expect((done?.pages ?? 0) <= pagesAtDisconnect + 1)
    }

    @Test func aRequestWhileDisconnectedIsRefusedUpFrontAndRecordsNoRun() async throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let gate = SwitchGate()
        gate.connected.withLock { $0 = false }
        let coordinator = SyncCoordinator(job: PagedJob(pages: 3, pause: .zero), ledger: ledger, gate: gate,
                                          reporter: CollectingReporter(), logger: Logger(process: "test", level: .error))
        await #expect(throws: SyncStop.disconnected("disconnected by the admin")) {
            try await coordinator.requestIfAllowed(workspaceId: "ws", pass: .full, trigger: .manual)
        }
        #expect(try ledger.runs(workspaceId: "ws").isEmpty, "a refused request left a run behind")
        #expect(SyncStop.disconnected("x").refusal == "cannot sync: the Stripe connection is not active (x)")

        gate.connected.withLock { $0 = true }
        let (run, _) = try await coordinator.requestIfAllowed(workspaceId: "ws", pass: .full, trigger: .manual)
        #expect(try await coordinator.wait(runId: run.runId, timeout: .seconds(5))?.status == .succeeded)
    }

    @Test func aRequestFindingARunGoingJoinsItEvenWhileTheGateCannotBeAsked() async throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let job = HeldJob()
        let gate = FlakyGate()
        let coordinator = SyncCoordinator(job: job, ledger: ledger, gate: gate, reporter: CollectingReporter(),
                                          logger: Logger(process: "test", level: .error))
        let (first, _) = try await coordinator.requestIfAllowed(workspaceId: "ws", pass: .full, trigger: .manual)
        while !job.running.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
        gate.reachable.withLock { $0 = false }
        let (joined, didJoin) = try await coordinator.requestIfAllowed(workspaceId: "ws", pass: .full, trigger: .manual)
        #expect(didJoin && joined.runId == first.runId)
        job.released.withLock { $0 = true }
        #expect(try await coordinator.wait(runId: first.runId, timeout: .seconds(5))?.status == .succeeded)
        // With no run going, an unreachable gate refuses the request, recording nothing.
        await #expect(throws: FlakyGate.Unreachable.self) {
            try await coordinator.requestIfAllowed(workspaceId: "ws", pass: .full, trigger: .manual)
        }
        #expect(try ledger.runs(workspaceId: "ws").count == 1)
    }

    @Test func secondRequestJoinsTheSameRun() async throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let coordinator = SyncCoordinator(job: PagedJob(pages: 20, pause: .milliseconds(5)), ledger: ledger, gate: SwitchGate(),
                                          reporter: CollectingReporter(), logger: Logger(process: "test", level: .error))
        let first = try await coordinator.request(workspaceId: "ws", pass: .full, trigger: .manual)
        let second = try await coordinator.request(workspaceId: "ws", pass: .full, trigger: .manual)
        #expect(second.joined && second.run.runId == first.run.runId)
        _ = try await coordinator.wait(runId: first.run.runId, timeout: .seconds(5))
        #expect(try ledger.database.query("SELECT COUNT(*) AS n FROM thing").first?.int("n") == 20)
    }

    @Test func shutdownHandsTheRunOverAndAnotherWorkerFinishesIt() async throws {
        let folder = try TemporaryDirectory()
        let first = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let second = SyncLedger(database: try openStore(folder), kind: "customers", owner: "b")
        let job = PagedJob(pages: 30, pause: .milliseconds(5))
        let leaving = SyncCoordinator(job: job, ledger: first, gate: SwitchGate(), reporter: CollectingReporter(),
                                      logger: Logger(process: "a", level: .error))
        let staying = SyncCoordinator(job: job, ledger: second, gate: SwitchGate(), reporter: CollectingReporter(),
                                      logger: Logger(process: "b", level: .error))
        let (run, _) = try await leaving.request(workspaceId: "ws", pass: .full, trigger: .manual)
        while (try first.run(id: run.runId)?.pages ?? 0) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        await leaving.shutdown()
        let (resumed, joined) = try await staying.request(workspaceId: "ws", pass: .full, trigger: .schedule)
        #expect(!joined && resumed.runId == run.runId)
        let done = try await staying.wait(runId: run.runId, timeout: .seconds(5))
        #expect(done?.status == .succeeded)
        #expect(done?.counts.created == 30)
        #expect(try second.database.query("SELECT COUNT(*) AS n FROM thing").first?.int("n") == 30)
    }
}
