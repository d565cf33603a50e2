import Foundation
import Store
import StripeClient

/// The connection service's SQLite file: connections, their sealed secrets, key rotations and sync states.
///
/// Opened with `secure_delete` so erased secrets are overwritten in the file, and every change that checks and
/// writes runs in one write transaction, so several connection processes sharing the file stay consistent.
final class ConnectionStore: Sendable {
    let database: Database

    init(path: String) throws {
        database = try Database(path: path, migrations: ConnectionSchema.migrations, secureDelete: true)
    }

    // MARK: Reading

    func connection(workspaceId: String) throws -> ConnectionRecord? {
        try database.read { try Self.record(workspaceId: workspaceId, in: $0) }
    }

    func connection(connectionId: String) throws -> ConnectionRecord? {
        try database.read { connection in
            try connection.queryOne("SELECT * FROM connections WHERE connection_id = ?", connectionId).map(Self.record)
        }
    }

    func details(workspaceId: String) throws -> ConnectionDetails? {
        try database.read { connection in
            guard let record = try Self.record(workspaceId: workspaceId, in: connection) else { return nil }
            let syncs = try connection.query(
                "SELECT * FROM sync_states WHERE workspace_id = ? ORDER BY kind", workspaceId).compactMap(Self.syncState)
            let rotations = try connection.query(
                "SELECT * FROM key_rotations WHERE workspace_id = ? AND generation = ? ORDER BY id",
                workspaceId, record.generation
            ).map { row in
                KeyRotation(rotatedAtMs: row.int64("rotated_at_ms") ?? 0,
                            previousKeyLast4: row.string("previous_key_last4") ?? "",
                            newKeyLast4: row.string("new_key_last4") ?? "")
            }
            return ConnectionDetails(record: record, syncs: syncs, rotations: rotations)
        }
    }

    /// Connected workspaces in workspace id order after `afterWorkspaceId`, for paging.
    func connectedWorkspaces(afterWorkspaceId: String, limit: Int) throws -> [ConnectionRecord] {
        try database.read { connection in
            try connection.query(
                "SELECT * FROM connections WHERE status = 'connected' AND workspace_id > ? ORDER BY workspace_id LIMIT ?",
                afterWorkspaceId, limit
            ).map(Self.record)
        }
    }

    /// The connection and its sealed secrets; nil when the workspace was never connected or its secrets are erased.
    func secrets(workspaceId: String) throws -> StoredSecrets? {
        try database.read { connection in
            guard let record = try Self.record(workspaceId: workspaceId, in: connection),
                  let row = try connection.queryOne("SELECT * FROM connection_secrets WHERE workspace_id = ?", workspaceId),
                  let key = row.blob("api_key_box")
            else { return nil }
            return StoredSecrets(record: record, sealedApiKey: key, sealedWebhookSecret: row.blob("webhook_secret_box"))
        }
    }

    // MARK: Changing

    /// Stores a new connection for the workspace, replacing a disconnected one; refuses when one is active.
    /// The generation counts every Connect the workspace ever made; another account than last time flags links.
    func connect(_ new: NewConnection, nowMs: Int64) throws -> ConnectionRecord {
        try database.write { connection in
            let previous = try Self.record(workspaceId: new.workspaceId, in: connection)
            if let previous, previous.status.holdsKey {
                throw ConnectionError.alreadyConnected(accountId: previous.accountId)
            }
            let accountChanged = previous.map { $0.accountId != new.accountId } ?? false
            let dataSetChanged = previous.map { $0.accountId != new.accountId || $0.mode != new.mode } ?? true
            let generation = (previous?.generation ?? 0) + 1
            if previous != nil, dataSetChanged {
                try connection.execute("DELETE FROM sync_states WHERE workspace_id = ?", new.workspaceId)
            }
            try connection.execute("""
                INSERT INTO connections (workspace_id, connection_id, account_id, account_name, mode, status,
                    connected_at_ms, generation, key_version, api_key_last4, webhook_endpoint_id, webhook_problem,
                    links_need_review, previous_account_id, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, 'connected', ?, ?, 1, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET
                    connection_id = excluded.connection_id, account_id = excluded.account_id,
                    account_name = excluded.account_name, mode = excluded.mode, status = excluded.status,
                    connected_at_ms = excluded.connected_at_ms, disconnected_at_ms = NULL,
                    generation = excluded.generation, key_version = excluded.key_version,
                    api_key_last4 = excluded.api_key_last4, webhook_endpoint_id = excluded.webhook_endpoint_id,
                    webhook_problem = excluded.webhook_problem,
                    links_need_review = excluded.links_need_review, previous_account_id = excluded.previous_account_id,
                    key_invalid_reason = NULL, updated_at_ms = excluded.updated_at_ms
                """, [new.workspaceId, new.connectionId, new.accountId, new.accountName, new.mode.rawValue,
                      nowMs, generation, new.apiKeyLast4, new.webhookEndpointId, new.webhookProblem, accountChanged,
                      previous?.accountId, nowMs])
            try connection.execute(
                "INSERT INTO connection_secrets (workspace_id, api_key_box, webhook_secret_box) VALUES (?, ?, ?)",
                new.workspaceId, new.sealedApiKey, new.sealedWebhookSecret)
            for kind in SyncKind.allCases {
                try connection.execute(
                    "INSERT OR IGNORE INTO sync_states (workspace_id, kind) VALUES (?, ?)", new.workspaceId, kind.rawValue)
            }
            guard let stored = try Self.record(workspaceId: new.workspaceId, in: connection) else {
                throw ConnectionError.storage("the new connection was not found after insert")
            }
            return stored
        }
    }

    /// Replaces the key of a connection that still holds one, if it is still the key version the caller validated
    /// against; records the rotation and clears a key_invalid status.
    func rotateKey(workspaceId: String, expectedKeyVersion: Int64, newKeyLast4: String, sealedApiKey: [UInt8],
                   nowMs: Int64) throws -> ConnectionRecord {
        try database.write { connection in
            guard let current = try Self.record(workspaceId: workspaceId, in: connection) else {
                throw ConnectionError.neverConnected
            }
            guard current.status.holdsKey else { throw ConnectionError.disconnected }
            guard current.keyVersion == expectedKeyVersion else {
                throw ConnectionError.invalidArgument("the key was changed by another request at the same time; try again")
            }
            try connection.execute("""
                UPDATE connections SET api_key_last4 = ?, key_version = key_version + 1, status = 'connected',
                    key_invalid_reason = NULL, updated_at_ms = ?
                WHERE workspace_id = ?
                """, newKeyLast4, nowMs, workspaceId)
            try connection.execute(
                "UPDATE connection_secrets SET api_key_box = ? WHERE workspace_id = ?", sealedApiKey, workspaceId)
            try connection.execute("""
                INSERT INTO key_rotations (workspace_id, generation, rotated_at_ms, previous_key_last4, new_key_last4)
                VALUES (?, ?, ?, ?, ?)
                """, workspaceId, current.generation, nowMs, current.apiKeyLast4, newKeyLast4)
            guard let stored = try Self.record(workspaceId: workspaceId, in: connection) else {
                throw ConnectionError.storage("the connection vanished during key rotation")
            }
            return stored
        }
    }

    /// The connection of workspace and generation (the two parameters) while it holds a key and has no endpoint.
    private static let stillWithoutWebhook =
        "WHERE workspace_id = ? AND generation = ? AND status != 'disconnected' AND webhook_endpoint_id IS NULL"

    /// Gives a connection of `generation` that holds a key and has no webhook endpoint the one created for it, and
    /// clears its webhook problem; false (nothing changed) when the connection is no longer that one.
    func attachWebhook(workspaceId: String, generation: Int64, endpointId: String, sealedSecret: [UInt8]) throws -> Bool {
        try database.write { connection in
            try connection.execute("""
                UPDATE connections SET webhook_endpoint_id = ?, webhook_problem = NULL
                \(Self.stillWithoutWebhook)
                """, endpointId, workspaceId, generation)
            guard connection.changes == 1 else { return false }
            try connection.execute(
                "UPDATE connection_secrets SET webhook_secret_box = ? WHERE workspace_id = ?", sealedSecret, workspaceId)
            return true
        }
    }

    /// Replaces the webhook problem of a connection of `generation` that still has no endpoint.
    func recordWebhookProblem(workspaceId: String, generation: Int64, problem: String) throws -> Bool {
        try database.write { connection in
            try connection.execute("""
                UPDATE connections SET webhook_problem = ?
                \(Self.stillWithoutWebhook)
                """, problem, workspaceId, generation)
            return connection.changes == 1
        }
    }

    /// Marks the connection disconnected and deletes its secrets; returns nil when it already was disconnected.
    func disconnect(workspaceId: String, nowMs: Int64) throws -> ConnectionRecord? {
        try database.write { connection in
            guard let current = try Self.record(workspaceId: workspaceId, in: connection) else {
                throw ConnectionError.neverConnected
            }
            guard current.status.holdsKey else { return nil }
            try connection.execute("DELETE FROM connection_secrets WHERE workspace_id = ?", workspaceId)
            try connection.execute("""
                UPDATE connections SET status = 'disconnected', disconnected_at_ms = ?, webhook_endpoint_id = NULL,
                    webhook_problem = NULL, key_invalid_reason = NULL, updated_at_ms = ?
                WHERE workspace_id = ?
                """, nowMs, nowMs, workspaceId)
            return try Self.record(workspaceId: workspaceId, in: connection)
        }
    }

    /// Flips a connected connection to key_invalid when the report concerns its current generation and key;
    /// returns the record and whether anything changed.
    func markKeyInvalid(workspaceId: String, generation: Int64, keyVersion: Int64, reason: String,
                        nowMs: Int64) throws -> (record: ConnectionRecord, applied: Bool) {
        try database.write { connection in
            guard let current = try Self.record(workspaceId: workspaceId, in: connection) else {
                throw ConnectionError.neverConnected
            }
            let sameGeneration = generation == 0 || generation == current.generation
            let sameKey = keyVersion == 0 || keyVersion == current.keyVersion
            guard current.status == .connected, sameGeneration, sameKey else { return (current, false) }
            try connection.execute("""
                UPDATE connections SET status = 'key_invalid', key_invalid_reason = ?, updated_at_ms = ?
                WHERE workspace_id = ?
                """, reason, nowMs, workspaceId)
            guard let stored = try Self.record(workspaceId: workspaceId, in: connection) else {
                throw ConnectionError.storage("the connection vanished while marking its key invalid")
            }
            return (stored, true)
        }
    }

    /// Records a finished sync run of the current generation; a success moves the last-synced time forward only.
    func recordSync(workspaceId: String, generation: Int64, kind: SyncKind, atMs: Int64, outcome: SyncOutcome,
                    error: String) throws -> SyncState {
        try database.write { connection in
            guard let current = try Self.record(workspaceId: workspaceId, in: connection) else {
                throw ConnectionError.neverConnected
            }
            if generation != 0, generation != current.generation {
                throw ConnectionError.staleGeneration(current: current.generation, offered: generation)
            }
            let succeeded = outcome == .succeeded
            try connection.execute("""
                INSERT INTO sync_states (workspace_id, kind, last_synced_at_ms, last_attempt_at_ms, last_outcome, last_error)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, kind) DO UPDATE SET
                    last_synced_at_ms = MAX(last_synced_at_ms, excluded.last_synced_at_ms),
                    last_attempt_at_ms = MAX(last_attempt_at_ms, excluded.last_attempt_at_ms),
                    last_outcome = CASE WHEN excluded.last_attempt_at_ms >= last_attempt_at_ms
                                        THEN excluded.last_outcome ELSE last_outcome END,
                    last_error = CASE WHEN excluded.last_attempt_at_ms >= last_attempt_at_ms
                                      THEN excluded.last_error ELSE last_error END
                """, [workspaceId, kind.rawValue, succeeded ? atMs : 0, atMs, outcome.rawValue, succeeded ? "" : error])
            guard let row = try connection.queryOne(
                "SELECT * FROM sync_states WHERE workspace_id = ? AND kind = ?", workspaceId, kind.rawValue),
                let state = Self.syncState(row)
            else { throw ConnectionError.storage("the sync state was not found after writing it") }
            return state
        }
    }

    /// Moves the WAL into the main file and truncates it, so erased secrets leave no copy in `-wal`.
    /// Retries while another process holds a read snapshot that blocks a full checkpoint.
    func checkpoint(attempts: Int = 50) async throws -> Bool {
        for _ in 0..<attempts {
            let row = try database.read { try $0.queryOne("PRAGMA wal_checkpoint(TRUNCATE)") }
            if row?.int("busy") == 0 { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    // MARK: Rows

    private static func record(workspaceId: String, in connection: Store.Connection) throws -> ConnectionRecord? {
        try connection.queryOne("SELECT * FROM connections WHERE workspace_id = ?", workspaceId).map(record)
    }

    private static func record(_ row: Row) -> ConnectionRecord {
        ConnectionRecord(
            workspaceId: row.string("workspace_id") ?? "",
            connectionId: row.string("connection_id") ?? "",
            accountId: row.string("account_id") ?? "",
            accountName: row.string("account_name") ?? "",
            mode: StripeMode(rawValue: row.string("mode") ?? "") ?? .test,
            status: ConnectionStatus(rawValue: row.string("status") ?? "") ?? .disconnected,
            connectedAtMs: row.int64("connected_at_ms") ?? 0,
            disconnectedAtMs: row.int64("disconnected_at_ms"),
            generation: row.int64("generation") ?? 0,
            keyVersion: row.int64("key_version") ?? 0,
            apiKeyLast4: row.string("api_key_last4") ?? "",
            webhookEndpointId: row.string("webhook_endpoint_id"),
            webhookProblem: row.string("webhook_problem"),
            linksNeedReview: row.bool("links_need_review"),
            previousAccountId: row.string("previous_account_id"),
            keyInvalidReason: row.string("key_invalid_reason"))
    }

    private static func syncState(_ row: Row) -> SyncState? {
        guard let kind = SyncKind(rawValue: row.string("kind") ?? "") else { return nil }
        return SyncState(kind: kind,
                         lastSyncedAtMs: row.int64("last_synced_at_ms") ?? 0,
                         lastAttemptAtMs: row.int64("last_attempt_at_ms") ?? 0,
                         lastOutcome: SyncOutcome(rawValue: row.string("last_outcome") ?? "") ?? .none,
                         lastError: row.string("last_error") ?? "")
    }
}
