import Store
import SyncEngine

/// The Stripe mirror: products and prices as last seen, their link state, and the automatic matching around them.
extension CatalogStore {
    /// Stores Stripe products (a sync page or one event) and re-derives each one's link, inside the caller's
    /// transaction. `pass` marks them seen by a full pass, so the pass's end can tell which ones Stripe no longer has.
    @discardableResult
    func storeProducts(_ connection: Connection, workspaceId: String, mode: StripeDataMode, _ products: [StripeProductRecord],
                       pass: String? = nil) throws -> SyncCounts {
        var tally = SyncCounts()
        let timestamp = now()
        for product in products {
            let existing = try stripeProduct(connection, workspaceId: workspaceId, mode: mode, id: product.id)
            var record = product
            // Stripe never undeletes; a late list page or event must not bring a deleted product back.
            if existing?.product.deleted == true { record.deleted = true }
            try connection.execute("""
                INSERT INTO stripe_products (workspace_id, mode, id, name, normalized_name, description, active, deleted,
                    created_s, updated_s, metadata, unit_label, seen_pass, synced_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, mode, id) DO UPDATE SET name = excluded.name,
                    normalized_name = excluded.normalized_name, description = excluded.description, active = excluded.active,
                    deleted = excluded.deleted, created_s = excluded.created_s, updated_s = excluded.updated_s,
                    metadata = excluded.metadata, unit_label = excluded.unit_label,
                    seen_pass = CASE WHEN excluded.seen_pass = '' THEN stripe_products.seen_pass ELSE excluded.seen_pass END,
                    synced_at_ms = excluded.synced_at_ms
                """, workspaceId, mode.rawValue, record.id, record.name, ProductMatcher.normalize(record.name),
                record.description, record.active, record.deleted, record.createdS, record.updatedS,
                StoredJSON.encode(record.metadata), record.unitLabel, pass ?? "", timestamp)
            if let existing {
                if existing.product != record { tally.updated += 1 }
                if record.deleted && !existing.product.deleted { tally.deleted += 1 }
            } else {
                tally.created += 1
            }
            let state = try relink(connection, workspaceId: workspaceId, mode: mode, record,
                                   state: existing?.state ?? .notMatched)
            if state.status == .nameMatch && existing?.state.status != .nameMatch { tally.matched += 1 }
            if state.status == .notMatched && record.active && !record.deleted && existing?.state.status != .notMatched { tally.unmatched += 1 }
        }
        return tally
    }

    /// Marks a product deleted in Stripe; its link and its Veles product are kept.
    func markProductDeleted(_ connection: Connection, workspaceId: String, mode: StripeDataMode, id: String) throws -> Bool {
        try connection.execute("UPDATE stripe_products SET deleted = 1, synced_at_ms = ? WHERE workspace_id = ? AND mode = ? AND id = ? AND deleted = 0",
                               now(), workspaceId, mode.rawValue, id)
        let changed = connection.changes == 1
        try connection.execute("UPDATE stripe_prices SET deleted = 1 WHERE workspace_id = ? AND mode = ? AND product_id = ?",
                               workspaceId, mode.rawValue, id)
        if changed { try syncImportedPlans(connection, workspaceId: workspaceId, mode: mode, productId: id) }
        return changed
    }

    /// Stores Stripe prices, inside the caller's transaction; an imported product's plans follow its prices. A tiered
    /// price without its tiers is refused here, so a caller can never store one priced at nothing.
    @discardableResult
    func storePrices(_ connection: Connection, workspaceId: String, mode: StripeDataMode, _ prices: [StripePriceRecord],
                     pass: String? = nil) throws -> SyncCounts {
        var tally = SyncCounts()
        var touchedProducts = Set<String>()
        for price in prices {
            if price.needsTiers {
                throw CatalogError(.internal, "price \(price.id) is tiered but its tiers were not fetched; it was not stored")
            }
            let previous = try connection.queryOne(
                "SELECT body, deleted FROM stripe_prices WHERE workspace_id = ? AND mode = ? AND id = ?",
                workspaceId, mode.rawValue, price.id)
            var record = price
            if previous?.bool("deleted") == true { record.deleted = true }
            let body = PriceBodyWriter.json(record)
            if let previous {
                guard previous.string("body") != body || !(pass ?? "").isEmpty else { continue }
                if previous.string("body") != body { tally.updated += 1 }
            } else {
                tally.created += 1
            }
            try connection.execute("""
                INSERT INTO stripe_prices (workspace_id, mode, id, product_id, active, deleted, created_s, body, seen_pass)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, mode, id) DO UPDATE SET product_id = excluded.product_id, active = excluded.active,
                    deleted = excluded.deleted, created_s = excluded.created_s, body = excluded.body,
                    seen_pass = CASE WHEN excluded.seen_pass = '' THEN stripe_prices.seen_pass ELSE excluded.seen_pass END
                """, workspaceId, mode.rawValue, record.id, record.productId, record.active, record.deleted, record.createdS,
                body, pass ?? "")
            if previous?.string("body") != body { touchedProducts.insert(record.productId) }
        }
        for productId in touchedProducts.sorted() {
            try syncImportedPlans(connection, workspaceId: workspaceId, mode: mode, productId: productId)
        }
        return tally
    }

    /// At the end of a full pass: products and prices Stripe no longer lists are deleted there. A pass that did not
    /// walk the prices (`includingPrices` false) leaves them alone.
    func sweepUnseen(_ connection: Connection, workspaceId: String, mode: StripeDataMode, pass: String,
                     includingPrices: Bool = true) throws -> Int {
        let gone = try connection.query(
            "SELECT id FROM stripe_products WHERE workspace_id = ? AND mode = ? AND deleted = 0 AND seen_pass <> ?",
            workspaceId, mode.rawValue, pass).compactMap { $0.string("id") }
        var count = 0
        for id in gone where try markProductDeleted(connection, workspaceId: workspaceId, mode: mode, id: id) { count += 1 }
        guard includingPrices else { return count }
        let prices = try connection.query(
            "SELECT product_id FROM stripe_prices WHERE workspace_id = ? AND mode = ? AND deleted = 0 AND seen_pass <> ?",
            workspaceId, mode.rawValue, pass).compactMap { $0.string("product_id") }
        try connection.execute(
            "UPDATE stripe_prices SET deleted = 1 WHERE workspace_id = ? AND mode = ? AND deleted = 0 AND seen_pass <> ?",
            workspaceId, mode.rawValue, pass)
        for productId in Set(prices).sorted() {
            try syncImportedPlans(connection, workspaceId: workspaceId, mode: mode, productId: productId)
        }
        return count
    }

    func markPriceDeleted(_ connection: Connection, workspaceId: String, mode: StripeDataMode, id: String) throws {
        guard let row = try connection.queryOne("SELECT product_id FROM stripe_prices WHERE workspace_id = ? AND mode = ? AND id = ?",
                                                workspaceId, mode.rawValue, id), let productId = row.string("product_id") else { return }
        try connection.execute("UPDATE stripe_prices SET deleted = 1 WHERE workspace_id = ? AND mode = ? AND id = ?",
                               workspaceId, mode.rawValue, id)
        try syncImportedPlans(connection, workspaceId: workspaceId, mode: mode, productId: productId)
    }

    // MARK: Reading the mirror

    /// A mirrored product with its link state.
    struct MirroredProduct: Sendable, Hashable {
        var product: StripeProductRecord
        var state: LinkState
        var importProblems: String
        var syncedAtMs: Int64
        /// Why a kept link needs a look ("account_changed:<acct>"); empty when none.
        var linkFlag = ""
    }

    func stripeProduct(workspaceId: String, mode: StripeDataMode, id: String) throws -> MirroredProduct? {
        try database.read { try stripeProduct($0, workspaceId: workspaceId, mode: mode, id: id) }
    }

    func stripeProduct(_ connection: Connection, workspaceId: String, mode: StripeDataMode, id: String) throws -> MirroredProduct? {
        try connection.queryOne("SELECT * FROM stripe_products WHERE workspace_id = ? AND mode = ? AND id = ?",
                                workspaceId, mode.rawValue, id).map(decodeMirrored)
    }

    func prices(workspaceId: String, mode: StripeDataMode, productId: String) throws -> [StripePriceRecord] {
        try database.read { try prices($0, workspaceId: workspaceId, mode: mode, productId: productId) }
    }

    func prices(_ connection: Connection, workspaceId: String, mode: StripeDataMode, productId: String) throws -> [StripePriceRecord] {
        try connection.query("SELECT body FROM stripe_prices WHERE workspace_id = ? AND mode = ? AND product_id = ? ORDER BY created_s, id",
                             workspaceId, mode.rawValue, productId).map { try StoredJSON.decode(StripePriceRecord.self, $0.string("body")) }
    }

    func price(workspaceId: String, mode: StripeDataMode, id: String) throws -> StripePriceRecord? {
        try database.queryOne("SELECT body FROM stripe_prices WHERE workspace_id = ? AND mode = ? AND id = ?", workspaceId, mode.rawValue, id)
            .map { try StoredJSON.decode(StripePriceRecord.self, $0.string("body")) }
    }

    func decodeMirrored(_ row: Row) throws -> MirroredProduct {
        let product = StripeProductRecord(
            id: row.string("id") ?? "", name: row.string("name") ?? "", description: row.string("description") ?? "",
            active: row.bool("active"), deleted: row.bool("deleted"), createdS: row.int64("created_s") ?? 0,
            updatedS: row.int64("updated_s") ?? 0, metadata: try StoredJSON.decode([String: String].self, row.string("metadata")),
            unitLabel: row.string("unit_label") ?? "")
        let state = LinkState(status: MatchStatus(rawValue: row.string("match_status") ?? "") ?? .notMatched,
                              velesProductId: row.string("veles_product_id"), linkedAtMs: row.int64("linked_at_ms"))
        return MirroredProduct(product: product, state: state, importProblems: row.string("import_problems") ?? "",
                               syncedAtMs: row.int64("synced_at_ms") ?? 0, linkFlag: row.string("link_flag") ?? "")
    }

    // MARK: Links

    /// Stores a link state; a link set anew (or confirmed by an admin) is no longer flagged for review.
    func setLink(_ connection: Connection, workspaceId: String, mode: StripeDataMode, stripeProductId: String, _ state: LinkState) throws {
        try connection.execute("""
            UPDATE stripe_products SET match_status = ?, veles_product_id = ?, linked_at_ms = ?, link_flag = ''
            WHERE workspace_id = ? AND mode = ? AND id = ?
            """, state.status.rawValue, state.velesProductId, state.linkedAtMs, workspaceId, mode.rawValue, stripeProductId)
    }

    /// Called with the Stripe account a run or an event comes from. When the workspace's catalog came from another
    /// account before, every link is kept but flagged for review, in every mode.
    func noteAccount(workspaceId: String, accountId: String, ledger: SyncLedger) throws {
        try ledger.recordAccount(workspaceId: workspaceId, accountId: accountId) { connection, previous in
            try connection.execute("""
                UPDATE stripe_products SET link_flag = ?
                WHERE workspace_id = ? AND match_status IN ('name_match', 'import', 'manual')
                """, "account_changed:\(previous)", workspaceId)
        }
    }

    /// Runs the automatic rules for one Stripe product and stores the result when it changed.
    @discardableResult
    func relink(_ connection: Connection, workspaceId: String, mode: StripeDataMode, _ product: StripeProductRecord,
                state: LinkState) throws -> LinkState {
        let normalized = ProductMatcher.normalize(product.name)
        let linked = try state.velesProductId.flatMap { try candidate(connection, workspaceId: workspaceId, id: $0) }
        let sameName = normalized.isEmpty ? [] : try connection.query(
            "SELECT id, normalized_name, status FROM veles_products WHERE workspace_id = ? AND normalized_name = ? AND status = 'active' LIMIT 2",
            workspaceId, normalized).map(decodeCandidate)
        let rejected = Set(try connection.query(
            "SELECT veles_product_id FROM rejected_pairs WHERE workspace_id = ? AND mode = ? AND stripe_product_id = ?",
            workspaceId, mode.rawValue, product.id).compactMap { $0.string("veles_product_id") })
        let next = ProductMatcher.reconcile(product, state: state, linked: linked, sameName: sameName, rejected: rejected, nowMs: now())
        if next != state {
            try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: product.id, next)
        }
        return next
    }

    /// After Veles products were added or changed: re-checks the Stripe products (every mode) that are not matched
    /// and carry one of `normalizedNames`, and the name matches pointing at a changed product. Returns how many
    /// links appeared or went.
    func rematch(_ connection: Connection, workspaceId: String, normalizedNames: Set<String>, velesProductIds: Set<String>) throws -> Int {
        var rows: [Row] = []
        for name in normalizedNames where !name.isEmpty {
            rows += try connection.query(
                "SELECT * FROM stripe_products WHERE workspace_id = ? AND normalized_name = ? AND match_status IN ('not_matched', 'name_match')",
                workspaceId, name)
        }
        for id in velesProductIds {
            rows += try connection.query(
                "SELECT * FROM stripe_products WHERE workspace_id = ? AND veles_product_id = ? AND match_status = 'name_match'",
                workspaceId, id)
        }
        var seen = Set<String>()
        var changed = 0
        for row in rows {
            let mode = StripeDataMode(rawValue: row.string("mode") ?? "") ?? .test
            let mirrored = try decodeMirrored(row)
            guard seen.insert("\(mode.rawValue)/\(mirrored.product.id)").inserted else { continue }
            let next = try relink(connection, workspaceId: workspaceId, mode: mode, mirrored.product, state: mirrored.state)
            if next != mirrored.state { changed += 1 }
        }
        return changed
    }

    func candidate(_ connection: Connection, workspaceId: String, id: String) throws -> VelesCandidate? {
        try connection.queryOne("SELECT id, normalized_name, status FROM veles_products WHERE workspace_id = ? AND id = ?",
                                workspaceId, id).map(decodeCandidate)
    }

    private func decodeCandidate(_ row: Row) -> VelesCandidate {
        VelesCandidate(id: row.string("id") ?? "", normalizedName: row.string("normalized_name") ?? "",
                       active: row.string("status") == VelesProduct.Status.active.rawValue)
    }

    /// For an imported product: its Veles plans follow its Stripe prices (see `ProductImporter.syncPlans`); problems
    /// with prices that cannot become plans are kept on the Stripe product for the tab to show.
    func syncImportedPlans(_ connection: Connection, workspaceId: String, mode: StripeDataMode, productId: String) throws {
        // Asked for every product a sync page touches, so only the link columns are read until it is an import.
        guard let link = try connection.queryOne(
                  "SELECT veles_product_id, import_problems FROM stripe_products WHERE workspace_id = ? AND mode = ? AND id = ? AND match_status = ?",
                  workspaceId, mode.rawValue, productId, MatchStatus.imported.rawValue),
              let velesId = link.string("veles_product_id"),
              var veles = try velesProduct(connection, workspaceId: workspaceId, id: velesId) else { return }
        let prices = try prices(connection, workspaceId: workspaceId, mode: mode, productId: productId)
        let result = ProductImporter.syncPlans(veles.plans, velesProductId: velesId, prices: prices)
        if result.changed {
            veles.plans = result.plans
            veles.updatedAtMs = now()
            try write(connection, workspaceId: workspaceId, veles)
        }
        let problems = result.problems.joined(separator: "\n")
        if problems != link.string("import_problems") ?? "" {
            try connection.execute("UPDATE stripe_products SET import_problems = ? WHERE workspace_id = ? AND mode = ? AND id = ?",
                                   problems, workspaceId, mode.rawValue, productId)
        }
    }
}
