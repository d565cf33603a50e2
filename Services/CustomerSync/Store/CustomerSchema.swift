import Store
import SyncEngine

/// customer-sync's tables: the Veles directory, the mirror of Stripe customers (keyed by mode, so test and live never
/// mix) with each one's match state, and the admin's rejected pairs; the sync engine's tables follow from 100.
enum CustomerSchema {
    static let migrations: [Migration] = [
        Migration(1, """
            CREATE TABLE veles_customers (
                workspace_id TEXT NOT NULL,
                id TEXT NOT NULL,
                name TEXT NOT NULL,
                domains TEXT NOT NULL DEFAULT '[]',
                contact_emails TEXT NOT NULL DEFAULT '[]',
                billing_email TEXT,
                updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY (workspace_id, id)
            );

            -- Bumped by every directory change, so each worker knows when its in-memory match index is stale.
            CREATE TABLE directory_versions (
                workspace_id TEXT PRIMARY KEY,
                version INTEGER NOT NULL
            );

            CREATE TABLE stripe_customers (
                workspace_id TEXT NOT NULL,
                mode TEXT NOT NULL,
                stripe_id TEXT NOT NULL,
                name TEXT,
                email TEXT,
                description TEXT,
                metadata TEXT NOT NULL DEFAULT '{}',
                created INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                deleted_at_ms INTEGER,
                synced_at_ms INTEGER NOT NULL,
                seen_run TEXT NOT NULL DEFAULT '',
                veles_customer_id TEXT,
                match_method TEXT,
                matched_at_ms INTEGER,
                candidates TEXT NOT NULL DEFAULT '[]',
                ambiguous_rule TEXT,
                link_flag TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (workspace_id, mode, stripe_id)
            );
            CREATE INDEX stripe_customers_by_created ON stripe_customers (workspace_id, mode, created DESC, stripe_id DESC);
            CREATE INDEX stripe_customers_by_veles ON stripe_customers (workspace_id, mode, veles_customer_id);

            CREATE TABLE rejected_pairs (
                workspace_id TEXT NOT NULL,
                mode TEXT NOT NULL,
                stripe_id TEXT NOT NULL,
                veles_customer_id TEXT NOT NULL,
                rejected_at_ms INTEGER NOT NULL,
                PRIMARY KEY (workspace_id, mode, stripe_id, veles_customer_id)
            );

            -- The mode and account the workspace was last synced with: the review screens show that mirror.
            CREATE TABLE workspace_modes (
                workspace_id TEXT PRIMARY KEY,
                mode TEXT NOT NULL,
                account_id TEXT NOT NULL,
                updated_at_ms INTEGER NOT NULL
            );
            """),
    ] + SyncSchema.migrations(firstVersion: 100)
}
