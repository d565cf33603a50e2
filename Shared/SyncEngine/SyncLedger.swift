import Foundation
import Store

/// The store side of syncing: who runs which workspace now (a lease), each run's record, cursors and processed events.
///
/// Several worker processes share one store file; every decision about a lease is made inside one write transaction,
/// so two of them can never both believe they own a run.
public struct SyncLedger: Sendable {
    /// What `begin` did about a run request.
    public enum Begin: Sendable {
        /// No run was going on: this worker started one.
        case started(SyncRun)
        /// A run had been left by a worker whose lease expired (it crashed): this worker takes it over where it stopped.
        case resumed(SyncRun)
        /// A run is going on in a live worker: the request joins it.
        case joined(SyncRun)
    }

    public let database: Database
    public let kind: String
    /// This worker's identity in leases; unique per process.
    public let owner: String
    public let leaseMs: Int64
    private let now: @Sendable () -> Int64

    public init(database: Database, kind: String, owner: String, leaseMs: Int64 = 30_000,
                now: @escaping @Sendable () -> Int64 = SyncLedger.wallClockMs) {
        self.database = database
        self.kind = kind
        self.owner = owner
        self.leaseMs = leaseMs
        self.now = now
    }

    public static let wallClockMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A process-unique owner name: host, pid and a random suffix, so a restarted process never inherits its old leases.
    public static func makeOwner(process: String) -> String {
        "\(process)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    public var currentTimeMs: Int64 { now() }

    /// Starts, resumes or joins the run for `workspaceId`.
    public func begin(workspaceId: String, pass: SyncRun.Pass, trigger: SyncRun.Trigger) throws -> Begin {
        let timestamp = now()
        return try database.write { connection in
            if let lease = try connection.queryOne(
                "SELECT run_id, owner, expires_at_ms FROM sync_leases WHERE workspace_id = ? AND kind = ?", workspaceId, kind) {
                let runId = lease.string("run_id") ?? ""
                let existing = try Self.run(connection, runId: runId)
                if (lease.int64("expires_at_ms") ?? 0) > timestamp, let existing, existing.status == .running {
                    return .joined(existing)
                }
                if var existing, existing.status == .running {
                    try connection.execute("UPDATE sync_runs SET owner = ? WHERE run_id = ?", owner, runId)
                    try connection.execute(
                        "UPDATE sync_leases SET owner = ?, expires_at_ms = ? WHERE workspace_id = ? AND kind = ?",
                        owner, timestamp + leaseMs, workspaceId, kind)
                    existing.status = .running
                    return .resumed(existing)
                }
                try connection.execute("DELETE FROM sync_leases WHERE workspace_id = ? AND kind = ?", workspaceId, kind)
            }
            let run = SyncRun(runId: "run_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                              workspaceId: workspaceId, kind: kind, pass: pass, trigger: trigger, status: .running,
                              startedAtMs: timestamp, finishedAtMs: nil, counts: SyncCounts(), pages: 0, error: "")
            try connection.execute("""
                INSERT INTO sync_runs (run_id, workspace_id, kind, pass, trigger, status, started_at_ms, owner)
                VALUES (?, ?, ?, ?, ?, 'running', ?, ?)
                """, run.runId, workspaceId, kind, pass.rawValue, trigger.rawValue, timestamp, owner)
            try connection.execute(
                "INSERT INTO sync_leases (workspace_id, kind, run_id, owner, expires_at_ms) VALUES (?, ?, ?, ?, ?)",
                workspaceId, kind, run.runId, owner, timestamp + leaseMs)
            return .started(run)
        }
    }

    /// Extends this worker's lease on `run`; false when another worker has taken it (this worker must stop).
    public func renew(_ run: SyncRun) throws -> Bool {
        try database.write { connection in try renew(connection, run) }
    }

    private func renew(_ connection: Connection, _ run: SyncRun) throws -> Bool {
        try connection.execute(
            "UPDATE sync_leases SET expires_at_ms = ? WHERE workspace_id = ? AND kind = ? AND run_id = ? AND owner = ?",
            now() + leaseMs, run.workspaceId, kind, run.runId, owner)
        return connection.changes == 1
    }

    /// Writes one page (or `pages` consecutive pages together): `body` stores the objects and returns what it changed,
    /// and in the same transaction the cursor moves, the run's counts grow and the lease is renewed. A crash before
    /// commit loses the pages, their cursor and their counts together, so nothing counts twice.
    public func commitPage(_ run: SyncRun, cursorName: String, cursor: String?, pages: Int = 1,
                           _ body: (Connection) throws -> SyncCounts) throws {
        try database.write { connection in
            guard try renew(connection, run) else { throw SyncStop.leaseLost }
            let counts = try body(connection)
            try setCursor(connection, workspaceId: run.workspaceId, name: cursorName, value: cursor)
            try connection.execute("""
                UPDATE sync_runs SET created_count = created_count + ?, updated_count = updated_count + ?,
                    deleted_count = deleted_count + ?, matched_count = matched_count + ?,
                    unmatched_count = unmatched_count + ?, pages = pages + ?
                WHERE run_id = ?
                """, counts.created, counts.updated, counts.deleted, counts.matched, counts.unmatched, pages, run.runId)
        }
    }

    /// Ends a run with its outcome and releases the lease.
    @discardableResult
    public func finish(_ run: SyncRun, status: SyncRun.Status, error: String = "") throws -> SyncRun {
        let timestamp = now()
        return try database.write { connection in
            try connection.execute(
                "UPDATE sync_runs SET status = ?, finished_at_ms = ?, error = ? WHERE run_id = ? AND status = 'running'",
                status.rawValue, timestamp, error, run.runId)
            try connection.execute("DELETE FROM sync_leases WHERE run_id = ? AND owner = ?", run.runId, owner)
            return try Self.run(connection, runId: run.runId) ?? run
        }
    }

    /// Gives the lease up without ending the run, so another worker resumes it at once (graceful shutdown).
    public func handOver(_ run: SyncRun) throws {
        try database.execute("UPDATE sync_leases SET expires_at_ms = 0 WHERE run_id = ? AND owner = ?", run.runId, owner)
    }

    public func cursor(workspaceId: String, name: String) throws -> String? {
        try database.queryOne("SELECT value FROM sync_cursors WHERE workspace_id = ? AND kind = ? AND name = ?",
                              workspaceId, kind, name)?.string("value")
    }

    /// Sets (or, with `nil`, clears) a named cursor inside the caller's transaction.
    public func setCursor(_ connection: Connection, workspaceId: String, name: String, value: String?) throws {
        if let value {
            try connection.execute("""
                INSERT INTO sync_cursors (workspace_id, kind, name, value, updated_at_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, kind, name) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms
                """, workspaceId, kind, name, value, now())
        } else {
            try connection.execute("DELETE FROM sync_cursors WHERE workspace_id = ? AND kind = ? AND name = ?",
                                   workspaceId, kind, name)
        }
    }

    /// Remembers which Stripe account this kind's data of the workspace now comes from, inside the caller's
    /// transaction, and returns the account it came from before when that was another one: links made against the
    /// old account must then be reviewed. An empty `accountId` (the key's account is not known) changes nothing.
    public func recordAccount(_ connection: Connection, workspaceId: String, accountId: String) throws -> String? {
        guard !accountId.isEmpty else { return nil }
        let previous = try connection.queryOne(
            "SELECT value FROM sync_cursors WHERE workspace_id = ? AND kind = ? AND name = ?",
            workspaceId, kind, Self.accountCursor)?.string("value")
        guard previous != accountId else { return nil }
        try setCursor(connection, workspaceId: workspaceId, name: Self.accountCursor, value: accountId)
        return previous
    }

    /// `recordAccount` in a transaction of its own; when the account changed, `onChange` runs inside it with the
    /// previous account, so the service flags its links in the same commit that records the new account.
    public func recordAccount(workspaceId: String, accountId: String,
                              onChange: (Connection, _ previousAccountId: String) throws -> Void) throws {
        try database.write { connection in
            guard let previous = try recordAccount(connection, workspaceId: workspaceId, accountId: accountId) else { return }
            try onChange(connection, previous)
        }
    }

    /// The cursor holding the Stripe account a workspace's mirrored data was last synced from.
    static let accountCursor = "stripe-account"

    /// Records an event id as applied; false when it already was (a duplicate delivery), inside the caller's transaction.
    public func markEventProcessed(_ connection: Connection, workspaceId: String, eventId: String) throws -> Bool {
        try connection.execute(
            "INSERT OR IGNORE INTO sync_processed_events (workspace_id, event_id, processed_at_ms) VALUES (?, ?, ?)",
            workspaceId, eventId, now())
        return connection.changes == 1
    }

    /// Forgets processed-event ids older than Stripe's own event retention; a redelivery after that is refetched anyway.
    public func pruneProcessedEvents(olderThanMs age: Int64 = 31 * 24 * 3600 * 1000) throws {
        try database.execute("DELETE FROM sync_processed_events WHERE processed_at_ms < ?", now() - age)
    }

    public func run(id: String) throws -> SyncRun? {
        try database.read { try Self.run($0, runId: id) }
    }

    /// The latest runs of a workspace, newest first.
    public func runs(workspaceId: String, limit: Int = 20) throws -> [SyncRun] {
        try runs(workspaceId: workspaceId, limit: limit, after: "").runs
    }

    /// One page of a workspace's runs, newest first, after the place `cursor` names (empty: from the newest). Runs
    /// that start meanwhile do not shift later pages, since the cursor names a place in the order, not an offset.
    /// Runs of the same millisecond are in the order they were recorded (the row id); run ids are random, so they
    /// cannot order them.
    public func runs(workspaceId: String, limit: Int, after cursor: String) throws -> SyncRunPage {
        let place: SyncRunPage.Place
        if cursor.isEmpty {
            place = .beforeEverything
        } else {
            guard let given = SyncRunPage.Place(cursor: cursor) else { throw SyncRunPage.InvalidCursor(cursor: cursor) }
            place = given
        }
        let rows = try database.query("""
            SELECT rowid AS place_sequence, * FROM sync_runs WHERE workspace_id = ? AND kind = ?
                AND (started_at_ms, rowid) < (?, ?)
            ORDER BY started_at_ms DESC, rowid DESC LIMIT ?
            """, workspaceId, kind, place.startedAtMs, place.sequence, limit + 1)
        let shown = rows.prefix(limit)
        let runs = shown.compactMap(Self.decode)
        guard rows.count > limit, let last = shown.last,
              let startedAtMs = last.int64("started_at_ms"), let sequence = last.int64("place_sequence") else {
            return SyncRunPage(runs: runs, nextCursor: "")
        }
        return SyncRunPage(runs: runs, nextCursor: SyncRunPage.Place(startedAtMs: startedAtMs, sequence: sequence).cursor)
    }

    /// The latest run that ended with `status` (for "last synced" and for the reconcile schedule).
    public func lastRun(workspaceId: String, status: SyncRun.Status, pass: SyncRun.Pass? = nil) throws -> SyncRun? {
        if let pass {
            return try database.queryOne("""
                SELECT * FROM sync_runs WHERE workspace_id = ? AND kind = ? AND status = ? AND pass = ?
                ORDER BY started_at_ms DESC, rowid DESC LIMIT 1
                """, workspaceId, kind, status.rawValue, pass.rawValue).flatMap(Self.decode)
        }
        return try database.queryOne("""
            SELECT * FROM sync_runs WHERE workspace_id = ? AND kind = ? AND status = ?
            ORDER BY started_at_ms DESC, rowid DESC LIMIT 1
            """, workspaceId, kind, status.rawValue).flatMap(Self.decode)
    }

    /// The lease on a workspace, when one is held and not expired.
    public func activeRun(workspaceId: String) throws -> SyncRun? {
        let row = try database.queryOne(
            "SELECT run_id, expires_at_ms FROM sync_leases WHERE workspace_id = ? AND kind = ?", workspaceId, kind)
        guard let row, (row.int64("expires_at_ms") ?? 0) > now(), let runId = row.string("run_id") else { return nil }
        return try run(id: runId)
    }

    /// True when a lease exists but its worker stopped renewing it.
    public func hasAbandonedRun(workspaceId: String) throws -> Bool {
        let row = try database.queryOne(
            "SELECT expires_at_ms FROM sync_leases WHERE workspace_id = ? AND kind = ?", workspaceId, kind)
        guard let row else { return false }
        return (row.int64("expires_at_ms") ?? 0) <= now()
    }

    private static func run(_ connection: Connection, runId: String) throws -> SyncRun? {
        try connection.queryOne("SELECT * FROM sync_runs WHERE run_id = ?", runId).flatMap(decode)
    }

    private static func decode(_ row: Row) -> SyncRun? {
        guard let runId = row.string("run_id"), let workspaceId = row.string("workspace_id"), let kind = row.string("kind"),
              let pass = row.string("pass").flatMap(SyncRun.Pass.init(rawValue:)),
              let trigger = row.string("trigger").flatMap(SyncRun.Trigger.init(rawValue:)),
              let status = row.string("status").flatMap(SyncRun.Status.init(rawValue:))
        else { return nil }
        return SyncRun(
            runId: runId, workspaceId: workspaceId, kind: kind, pass: pass, trigger: trigger, status: status,
            startedAtMs: row.int64("started_at_ms") ?? 0, finishedAtMs: row.int64("finished_at_ms"),
            counts: SyncCounts(created: row.int("created_count") ?? 0, updated: row.int("updated_count") ?? 0,
                               deleted: row.int("deleted_count") ?? 0, matched: row.int("matched_count") ?? 0,
                               unmatched: row.int("unmatched_count") ?? 0),
            pages: row.int("pages") ?? 0, error: row.string("error") ?? "")
    }
}
