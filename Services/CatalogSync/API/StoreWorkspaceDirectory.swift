import SyncEngine

/// The workspaces the scheduler keeps in sync: every workspace this store has synced or been asked to sync. A
/// workspace the catalog has never seen joins on Connect (the `connection.changed` listener) or its first SyncNow;
/// one that is disconnected is skipped by the gate at its first page.
struct StoreWorkspaceDirectory: WorkspaceDirectory {
    let store: CatalogStore

    func connectedWorkspaces() async throws -> [String] {
        try store.database.query("""
            SELECT workspace_id FROM workspace_modes
            UNION SELECT DISTINCT workspace_id FROM sync_runs
            ORDER BY workspace_id
            """).compactMap { $0.string("workspace_id") }
    }
}
