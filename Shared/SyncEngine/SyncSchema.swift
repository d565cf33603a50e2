import Store

/// The tables the sync machinery keeps inside each sync service's own store.
///
/// A service appends these to its own migrations (numbered from `firstVersion`), so a run's lease, its record, the
/// backfill cursor and the processed-event ids live in the same file, and can be written in the same transaction, as
/// the objects they describe.
public enum SyncSchema {
    public static func migrations(firstVersion: Int) -> [Migration] {
        [
            Migration(firstVersion, """
                CREATE TABLE sync_runs (
                    run_id TEXT PRIMARY KEY,
                    workspace_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    pass TEXT NOT NULL,
                    trigger TEXT NOT NULL,
                    status TEXT NOT NULL,
                    started_at_ms INTEGER NOT NULL,
                    finished_at_ms INTEGER,
                    created_count INTEGER NOT NULL DEFAULT 0,
                    updated_count INTEGER NOT NULL DEFAULT 0,
                    deleted_count INTEGER NOT NULL DEFAULT 0,
                    matched_count INTEGER NOT NULL DEFAULT 0,
                    unmatched_count INTEGER NOT NULL DEFAULT 0,
                    pages INTEGER NOT NULL DEFAULT 0,
                    error TEXT NOT NULL DEFAULT '',
                    owner TEXT NOT NULL
                );
                CREATE INDEX sync_runs_by_workspace ON sync_runs (workspace_id, kind, started_at_ms DESC);

                CREATE TABLE sync_leases (
                    workspace_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    run_id TEXT NOT NULL REFERENCES sync_runs (run_id),
                    owner TEXT NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, kind)
                );

                CREATE TABLE sync_cursors (
                    workspace_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, kind, name)
                );

                CREATE TABLE sync_processed_events (
                    workspace_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    processed_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, event_id)
                );
                CREATE INDEX sync_processed_events_by_age ON sync_processed_events (processed_at_ms);
                """),
        ]
    }
}
