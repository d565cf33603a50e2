import Store
import SyncEngine

/// The catalog's tables; the sync machinery's own tables follow from version 100.
enum CatalogSchema {
    static var migrations: [Migration] {
        [
            Migration(1, """
                CREATE TABLE veles_products (
                    workspace_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    normalized_name TEXT NOT NULL,
                    sku TEXT NOT NULL COLLATE NOCASE,
                    description TEXT NOT NULL DEFAULT '',
                    category TEXT NOT NULL DEFAULT '',
                    custom_fields TEXT NOT NULL DEFAULT '{}',
                    status TEXT NOT NULL,
                    unit_label TEXT NOT NULL DEFAULT '',
                    created_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, id),
                    UNIQUE (workspace_id, sku)
                );
                CREATE INDEX veles_products_by_name ON veles_products (workspace_id, normalized_name);

                CREATE TABLE pricing_plans (
                    workspace_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    product_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    stripe_price_id TEXT,
                    body TEXT NOT NULL,
                    PRIMARY KEY (workspace_id, id),
                    FOREIGN KEY (workspace_id, product_id) REFERENCES veles_products (workspace_id, id) ON DELETE CASCADE
                );
                CREATE INDEX pricing_plans_by_product ON pricing_plans (workspace_id, product_id, position);

                CREATE TABLE stripe_products (
                    workspace_id TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    normalized_name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    active INTEGER NOT NULL,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    created_s INTEGER NOT NULL,
                    updated_s INTEGER NOT NULL,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    unit_label TEXT NOT NULL DEFAULT '',
                    match_status TEXT NOT NULL DEFAULT 'not_matched',
                    veles_product_id TEXT,
                    linked_at_ms INTEGER,
                    import_problems TEXT NOT NULL DEFAULT '',
                    seen_pass TEXT NOT NULL DEFAULT '',
                    synced_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, mode, id)
                );
                CREATE INDEX stripe_products_by_name ON stripe_products (workspace_id, mode, normalized_name);
                CREATE INDEX stripe_products_by_created ON stripe_products (workspace_id, mode, created_s, id);
                CREATE INDEX stripe_products_by_veles ON stripe_products (workspace_id, veles_product_id);
                CREATE INDEX stripe_products_by_status ON stripe_products (workspace_id, mode, match_status);

                CREATE TABLE stripe_prices (
                    workspace_id TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    id TEXT NOT NULL,
                    product_id TEXT NOT NULL,
                    active INTEGER NOT NULL,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    created_s INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    seen_pass TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (workspace_id, mode, id)
                );
                CREATE INDEX stripe_prices_by_product ON stripe_prices (workspace_id, mode, product_id);

                CREATE TABLE rejected_pairs (
                    workspace_id TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    stripe_product_id TEXT NOT NULL,
                    veles_product_id TEXT NOT NULL,
                    rejected_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, mode, stripe_product_id, veles_product_id)
                );

                CREATE TABLE workspace_modes (
                    workspace_id TEXT PRIMARY KEY,
                    mode TEXT NOT NULL,
                    updated_at_ms INTEGER NOT NULL
                );
                """),
            // Why a kept link needs a look (the workspace reconnected to another Stripe account); '' when none.
            Migration(2, """
                ALTER TABLE stripe_products ADD COLUMN link_flag TEXT NOT NULL DEFAULT '';
                CREATE INDEX stripe_products_flagged ON stripe_products (workspace_id, mode) WHERE link_flag <> '';
                """),
        ] + SyncSchema.migrations(firstVersion: 100)
    }
}
