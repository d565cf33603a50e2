import Synchronization
import Testing
import TestSupport
@testable import Store
@testable import SyncEngine

/// A clock the tests move by hand, so lease expiry needs no sleeping.
final class ManualClock: Sendable {
    let value = Mutex<Int64>(1_000_000)
    func advance(by ms: Int64) { value.withLock { $0 += ms } }
    var now: @Sendable () -> Int64 { { self.value.withLock { $0 } } }
}

func openStore(_ folder: TemporaryDirectory) throws -> Database {
    try Database(path: folder.appending("sync.sqlite").path, migrations: [
        Migration(1, "CREATE TABLE thing (workspace_id TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (workspace_id, id))"),
    ] + SyncSchema.migrations(firstVersion: 100))
}

@Suite struct SyncLedgerTests {
    @Test func secondWorkerJoinsTheRunningRun() throws {
        let folder = try TemporaryDirectory()
        let clock = ManualClock()
        let a = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a", now: clock.now)
        let b = SyncLedger(database: try openStore(folder), kind: "customers", owner: "b", now: clock.now)
        guard case .started(let run) = try a.begin(workspaceId: "ws", pass: .full, trigger: .manual) else {
            Issue.record("first request did not start a run"); return
        }
        guard case .joined(let joined) = try b.begin(workspaceId: "ws", pass: .full, trigger: .manual) else {
            Issue.record("second request did not join"); return
        }
        #expect(joined.runId == run.runId)
        #expect(try a.runs(workspaceId: "ws").count == 1)
    }

    @Test func expiredLeaseIsResumedWithItsCursorAndCounts() throws {
        let folder = try TemporaryDirectory()
        let clock = ManualClock()
        let a = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a", leaseMs: 1000, now: clock.now)
        let b = SyncLedger(database: try openStore(folder), kind: "customers", owner: "b", leaseMs: 1000, now: clock.now)
        guard case .started(let run) = try a.begin(workspaceId: "ws", pass: .full, trigger: .manual) else { return }
        try a.commitPage(run, cursorName: "backfill", cursor: "cus_100") { connection in
            try connection.execute("INSERT INTO thing VALUES ('ws', 'x')")
            return SyncCounts(created: 100)
        }
        clock.advance(by: 1001)
        #expect(try b.hasAbandonedRun(workspaceId: "ws"))
        guard case .resumed(let resumed) = try b.begin(workspaceId: "ws", pass: .full, trigger: .schedule) else {
            Issue.record("the abandoned run was not resumed"); return
        }
        #expect(resumed.runId == run.runId)
        #expect(resumed.counts.created == 100)
        #expect(try b.cursor(workspaceId: "ws", name: "backfill") == "cus_100")
        // The crashed worker may not write another page once its lease is gone.
        #expect(throws: SyncStop.leaseLost) {
            try a.commitPage(run, cursorName: "backfill", cursor: "cus_200") { _ in SyncCounts(created: 1) }
        }
        #expect(try b.cursor(workspaceId: "ws", name: "backfill") == "cus_100")
    }

    @Test func pagesStoredTogetherCountAsEachPage() throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        guard case .started(let run) = try ledger.begin(workspaceId: "ws", pass: .full, trigger: .manual) else { return }
        try ledger.commitPage(run, cursorName: "backfill", cursor: "cus_300", pages: 3) { _ in SyncCounts(created: 300) }
        try ledger.commitPage(run, cursorName: "backfill", cursor: "cus_400") { _ in SyncCounts(created: 100) }
        let stored = try #require(try ledger.run(id: run.runId))
        #expect(stored.pages == 4 && stored.counts.created == 400)
        #expect(try ledger.cursor(workspaceId: "ws", name: "backfill") == "cus_400")
    }

    @Test func failedPageBodyLeavesCursorAndCountsUnchanged() throws {
        struct Broken: Error {}
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "products", owner: "a")
        guard case .started(let run) = try ledger.begin(workspaceId: "ws", pass: .full, trigger: .manual) else { return }
        #expect(throws: Broken.self) {
            try ledger.commitPage(run, cursorName: "backfill", cursor: "prod_9") { connection -> SyncCounts in
                try connection.execute("INSERT INTO thing VALUES ('ws', 'y')")
                throw Broken()
            }
        }
        #expect(try ledger.cursor(workspaceId: "ws", name: "backfill") == nil)
        #expect(try ledger.run(id: run.runId)?.counts.created == 0)
        #expect(try ledger.database.query("SELECT * FROM thing").isEmpty)
    }

    @Test func finishedRunReleasesTheLeaseAndIsListedNewestFirst() throws {
        let folder = try TemporaryDirectory()
        let clock = ManualClock()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a", now: clock.now)
        guard case .started(let first) = try ledger.begin(workspaceId: "ws", pass: .full, trigger: .manual) else { return }
        try ledger.finish(first, status: .failed, error: "Stripe answered 500")
        clock.advance(by: 10)
        guard case .started(let second) = try ledger.begin(workspaceId: "ws", pass: .incremental, trigger: .schedule) else {
            Issue.record("a finished run still held the lease"); return
        }
        try ledger.finish(second, status: .succeeded)
        let runs = try ledger.runs(workspaceId: "ws")
        #expect(runs.map(\.runId) == [second.runId, first.runId])
        #expect(runs[1].status == .failed && runs[1].error == "Stripe answered 500")
        #expect(try ledger.lastRun(workspaceId: "ws", status: .succeeded)?.runId == second.runId)
        #expect(try ledger.lastRun(workspaceId: "ws", status: .succeeded, pass: .full) == nil)
    }

    @Test func runsArePagedByCursorWithRunsOfTheSameMillisecondNeitherLostNorRepeated() throws {
        let folder = try TemporaryDirectory()
        let clock = ManualClock()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a", now: clock.now)
        var started: [String] = []
        for index in 0..<7 {
            guard case .started(let run) = try ledger.begin(workspaceId: "ws", pass: .full, trigger: .manual) else {
                Issue.record("run \(index) did not start"); return
            }
            started.append(run.runId)
            try ledger.finish(run, status: .succeeded)
            // Pairs of runs share a start time, so the order within a millisecond must come from the run id.
            if index % 2 == 1 { clock.advance(by: 5) }
        }
        let whole = try ledger.runs(workspaceId: "ws", limit: 100).map(\.runId)
        // Newest first, and runs of one millisecond newest first too, though run ids are random.
        #expect(whole == started.reversed())
        var walked: [String] = []
        var cursor = ""
        repeat {
            let page = try ledger.runs(workspaceId: "ws", limit: 2, after: cursor)
            #expect(page.runs.count <= 2)
            walked += page.runs.map(\.runId)
            cursor = page.nextCursor
        } while !cursor.isEmpty && walked.count <= whole.count
        #expect(walked == whole)
        #expect(try ledger.runs(workspaceId: "ws", limit: 7, after: "").nextCursor == "", "an exact last page has no next")
        #expect(throws: SyncRunPage.InvalidCursor.self) { try ledger.runs(workspaceId: "ws", limit: 2, after: "run_without_time") }
        for cursor in ["12.", "12.x", "x.3", "12.3.4", "12.0"] {
            #expect(throws: SyncRunPage.InvalidCursor.self, "\(cursor)") { try ledger.runs(workspaceId: "ws", limit: 2, after: cursor) }
        }
    }

    @Test func duplicateEventIsRecognised() throws {
        let folder = try TemporaryDirectory()
        let ledger = SyncLedger(database: try openStore(folder), kind: "customers", owner: "a")
        let first = try ledger.database.write { try ledger.markEventProcessed($0, workspaceId: "ws", eventId: "evt_1") }
        let again = try ledger.database.write { try ledger.markEventProcessed($0, workspaceId: "ws", eventId: "evt_1") }
        let otherWorkspace = try ledger.database.write { try ledger.markEventProcessed($0, workspaceId: "ws2", eventId: "evt_1") }
        #expect(first && !again && otherWorkspace)
    }
}
