import Store

/// The connection service's tables, as numbered migrations.
///
/// Secrets sit in their own table so Disconnect can delete whole rows (zeroed by `secure_delete`) rather than
/// rewrite columns of a row that stays. Rate budgets are keyed by Stripe account and mode, not by workspace,
/// because Stripe counts requests per account however many workspaces share it.
enum ConnectionSchema {
    static let migrations: [Migration] = [
        Migration(1, """
            CREATE TABLE connections (
                workspace_id TEXT PRIMARY KEY,
                connection_id TEXT NOT NULL UNIQUE,
                account_id TEXT NOT NULL,
                account_name TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('test', 'live')),
                status TEXT NOT NULL CHECK (status IN ('connected', 'disconnected', 'key_invalid')),
                connected_at_ms INTEGER NOT NULL,
                disconnected_at_ms INTEGER,
                generation INTEGER NOT NULL,
                key_version INTEGER NOT NULL,
                api_key_last4 TEXT NOT NULL,
                webhook_endpoint_id TEXT,
                links_need_review INTEGER NOT NULL DEFAULT 0,
                previous_account_id TEXT,
                key_invalid_reason TEXT,
                updated_at_ms INTEGER NOT NULL
            );
            CREATE TABLE connection_secrets (
                workspace_id TEXT PRIMARY KEY REFERENCES connections (workspace_id),
                api_key_box BLOB NOT NULL,
                webhook_secret_box BLOB
            );
            CREATE TABLE key_rotations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                workspace_id TEXT NOT NULL REFERENCES connections (workspace_id),
                generation INTEGER NOT NULL,
                rotated_at_ms INTEGER NOT NULL,
                previous_key_last4 TEXT NOT NULL,
                new_key_last4 TEXT NOT NULL
            );
            CREATE INDEX key_rotations_by_workspace ON key_rotations (workspace_id, id);
            CREATE TABLE sync_states (
                workspace_id TEXT NOT NULL REFERENCES connections (workspace_id),
                kind TEXT NOT NULL CHECK (kind IN ('customers', 'products')),
                last_synced_at_ms INTEGER NOT NULL DEFAULT 0,
                last_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
                last_outcome TEXT NOT NULL DEFAULT 'none',
                last_error TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (workspace_id, kind)
            );
            CREATE TABLE rate_leases (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                bucket TEXT NOT NULL,
                granted_at_us INTEGER NOT NULL,
                count INTEGER NOT NULL
            );
            CREATE INDEX rate_leases_by_bucket ON rate_leases (bucket, granted_at_us);
            """),
        // Why a connection has no webhook endpoint although a public URL was set: Stripe refused to create it.
        Migration(2, "ALTER TABLE connections ADD COLUMN webhook_problem TEXT;"),
    ]
}
