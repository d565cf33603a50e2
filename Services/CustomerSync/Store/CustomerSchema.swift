import Store
import SyncEngine

/// customer-sync's tables: the Veles directory with its normalised match keys, the mirror of Stripe customers (keyed by
/// mode, so test and live never mix) with each one's match state and keys, and the admin's rejected pairs; the sync
/// engine's tables follow from 100.
///
/// Match keys are stored as text `<rule letter>:<value>` (see `MatchKeyText`), as a JSON list in each row's
/// `match_keys` and, kept by triggers, in two lookup tables. A page of Stripe customers looks its candidates up in
/// `veles_match_keys` by primary key, so no worker holds the whole directory in memory; a directory change finds the
/// Stripe customers it may now match in `unmatched_stripe_keys`, which holds the keys of the live, unlinked mirror rows
/// only, whatever statement changed a row's link, deletion or keys.
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

            -- Bumped by every directory change (dropped in 2).
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
        Migration(2, """
            CREATE TABLE veles_match_keys (
                workspace_id TEXT NOT NULL,
                key TEXT NOT NULL,
                veles_customer_id TEXT NOT NULL,
                PRIMARY KEY (workspace_id, key, veles_customer_id)
            ) WITHOUT ROWID;
            CREATE INDEX veles_match_keys_by_customer ON veles_match_keys (workspace_id, veles_customer_id);

            ALTER TABLE stripe_customers ADD COLUMN match_keys TEXT NOT NULL DEFAULT '[]';

            CREATE TABLE unmatched_stripe_keys (
                workspace_id TEXT NOT NULL,
                mode TEXT NOT NULL,
                key TEXT NOT NULL,
                stripe_id TEXT NOT NULL,
                PRIMARY KEY (workspace_id, mode, key, stripe_id)
            ) WITHOUT ROWID;

            CREATE TRIGGER stripe_customers_unmatched_keys_insert AFTER INSERT ON stripe_customers
            WHEN new.veles_customer_id IS NULL AND new.deleted = 0
            BEGIN
                INSERT OR IGNORE INTO unmatched_stripe_keys (workspace_id, mode, key, stripe_id)
                SELECT new.workspace_id, new.mode, value, new.stripe_id FROM json_each(new.match_keys);
            END;

            CREATE TRIGGER stripe_customers_unmatched_keys_update
            AFTER UPDATE OF veles_customer_id, deleted, match_keys ON stripe_customers
            WHEN (old.veles_customer_id IS NULL AND old.deleted = 0) != (new.veles_customer_id IS NULL AND new.deleted = 0)
                OR old.match_keys != new.match_keys
            BEGIN
                DELETE FROM unmatched_stripe_keys
                WHERE workspace_id = old.workspace_id AND mode = old.mode AND stripe_id = old.stripe_id
                    AND key IN (SELECT value FROM json_each(old.match_keys));
                INSERT OR IGNORE INTO unmatched_stripe_keys (workspace_id, mode, key, stripe_id)
                SELECT new.workspace_id, new.mode, value, new.stripe_id FROM json_each(new.match_keys)
                WHERE new.veles_customer_id IS NULL AND new.deleted = 0;
            END;

            CREATE TRIGGER stripe_customers_unmatched_keys_delete AFTER DELETE ON stripe_customers
            BEGIN
                DELETE FROM unmatched_stripe_keys
                WHERE workspace_id = old.workspace_id AND mode = old.mode AND stripe_id = old.stripe_id
                    AND key IN (SELECT value FROM json_each(old.match_keys));
            END;

            -- Rows stored before keys existed; the store computes their keys when it opens (the rules live in Swift).
            CREATE TABLE match_keys_backfill (
                kind TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                mode TEXT NOT NULL,
                id TEXT NOT NULL,
                PRIMARY KEY (kind, workspace_id, mode, id)
            );
            INSERT INTO match_keys_backfill (kind, workspace_id, mode, id)
            SELECT 'veles', workspace_id, '', id FROM veles_customers;
            INSERT INTO match_keys_backfill (kind, workspace_id, mode, id)
            SELECT 'stripe', workspace_id, mode, stripe_id FROM stripe_customers;

            -- Only the in-memory index that workers kept per workspace needed it.
            DROP TABLE directory_versions;
            """),
        Migration(3, """
            -- Each Veles customer carries its keys, and triggers keep veles_match_keys equal to them (as on the Stripe
            -- side): an upsert writes one row, and no second index by customer is needed to find old keys.
            ALTER TABLE veles_customers ADD COLUMN match_keys TEXT NOT NULL DEFAULT '[]';
            UPDATE veles_customers SET match_keys = COALESCE((
                SELECT json_group_array(key) FROM (
                    SELECT key FROM veles_match_keys k
                    WHERE k.workspace_id = veles_customers.workspace_id AND k.veles_customer_id = veles_customers.id
                    ORDER BY key)), '[]');
            DROP INDEX veles_match_keys_by_customer;

            CREATE TRIGGER veles_customers_match_keys_insert AFTER INSERT ON veles_customers
            BEGIN
                INSERT OR IGNORE INTO veles_match_keys (workspace_id, key, veles_customer_id)
                SELECT new.workspace_id, value, new.id FROM json_each(new.match_keys);
            END;

            CREATE TRIGGER veles_customers_match_keys_update AFTER UPDATE OF match_keys ON veles_customers
            WHEN old.match_keys != new.match_keys
            BEGIN
                DELETE FROM veles_match_keys
                WHERE workspace_id = old.workspace_id AND veles_customer_id = old.id
                    AND key IN (SELECT value FROM json_each(old.match_keys));
                INSERT OR IGNORE INTO veles_match_keys (workspace_id, key, veles_customer_id)
                SELECT new.workspace_id, value, new.id FROM json_each(new.match_keys);
            END;

            CREATE TRIGGER veles_customers_match_keys_delete AFTER DELETE ON veles_customers
            BEGIN
                DELETE FROM veles_match_keys
                WHERE workspace_id = old.workspace_id AND veles_customer_id = old.id
                    AND key IN (SELECT value FROM json_each(old.match_keys));
            END;
            """),
        Migration(4, """
            -- The review lists (not matched, deleted) are a small part of a large mirror: read through the created
            -- order alone, a page of them walked every row in between. Each has its own index now, in the same order,
            -- holding only its rows, so a page reads as many rows as it shows.
            CREATE INDEX stripe_customers_not_matched ON stripe_customers (workspace_id, mode, created DESC, stripe_id DESC)
                WHERE deleted = 0 AND veles_customer_id IS NULL;
            CREATE INDEX stripe_customers_deleted ON stripe_customers (workspace_id, mode, created DESC, stripe_id DESC)
                WHERE deleted = 1;
            """),
    ] + SyncSchema.migrations(firstVersion: 100)
}
