import Store

/// The review side of the Products tab: list, summary and the admin's actions on one Stripe product.
extension CatalogStore {
    /// Filters and paging for `listStripeProducts`.
    struct ProductFilter: Sendable, Hashable {
        /// Which products by their state in Stripe.
        enum Presence: Sendable, Hashable { case all, present, deletedOnly }

        var query = ""
        var statuses: Set<MatchStatus> = []
        var active: Bool?
        var presence = Presence.all
        /// Only products whose link is flagged for review.
        var flaggedOnly = false
        var newestFirst = true
        var cursor = ""
        var limit = 50
    }

    /// One row of the tab, with the linked Veles product's name when there is one.
    struct ProductRow: Sendable, Hashable {
        var mirrored: MirroredProduct
        var velesProductName: String
    }

    func listStripeProducts(workspaceId: String, mode: StripeDataMode, _ filter: ProductFilter) throws -> (rows: [ProductRow], nextCursor: String?) {
        var sql = """
            SELECT s.*, v.name AS veles_name FROM stripe_products s
            LEFT JOIN veles_products v ON v.workspace_id = s.workspace_id AND v.id = s.veles_product_id
            WHERE s.workspace_id = ? AND s.mode = ?
            """
        var parameters: [any SQLBindable] = [workspaceId, mode.rawValue]
        let needle = ProductMatcher.normalize(filter.query)
        if !filter.query.isEmpty {
            sql += " AND (instr(s.normalized_name, ?) > 0 OR s.id = ?)"
            parameters += [needle, filter.query.trimmingCharacters(in: .whitespaces)]
        }
        if !filter.statuses.isEmpty {
            sql += " AND s.match_status IN (" + Array(repeating: "?", count: filter.statuses.count).joined(separator: ", ") + ")"
            parameters += filter.statuses.map(\.rawValue).sorted()
        }
        if let active = filter.active {
            sql += " AND s.active = ?"
            parameters.append(active)
        }
        switch filter.presence {
        case .all: break
        case .present: sql += " AND s.deleted = 0"
        case .deletedOnly: sql += " AND s.deleted = 1"
        }
        if filter.flaggedOnly { sql += " AND s.link_flag <> ''" }
        if let (created, id) = Self.decodeCursor(filter.cursor) {
            sql += filter.newestFirst ? " AND (s.created_s < ? OR (s.created_s = ? AND s.id < ?))"
                                      : " AND (s.created_s > ? OR (s.created_s = ? AND s.id > ?))"
            parameters += [created, created, id]
        }
        sql += filter.newestFirst ? " ORDER BY s.created_s DESC, s.id DESC" : " ORDER BY s.created_s, s.id"
        sql += " LIMIT ?"
        parameters.append(filter.limit + 1)
        let rows = try database.read { try $0.query(sql, parameters) }
        let page = try rows.prefix(filter.limit).map { row in
            ProductRow(mirrored: try decodeMirrored(row), velesProductName: row.string("veles_name") ?? "")
        }
        let next = rows.count > filter.limit ? page.last.map { "\($0.mirrored.product.createdS):\($0.mirrored.product.id)" } : nil
        return (page, next)
    }

    /// A list cursor is `<created>:<id>` of the last row returned; anything else is refused.
    static func decodeCursor(_ cursor: String) -> (Int64, String)? {
        guard let colon = cursor.firstIndex(of: ":"), let created = Int64(cursor[..<colon]) else { return nil }
        return (created, String(cursor[cursor.index(after: colon)...]))
    }

    /// Counts for the banner and the filters.
    struct Counts: Sendable, Hashable {
        var byStatus: [MatchStatus: Int] = [:]
        /// Not matched, active and not deleted: what the admin can act on; the banner's number.
        var needingReview = 0
        var inactive = 0
        var deleted = 0
        var total = 0
        /// Links kept from before a reconnect to another Stripe account, waiting for an admin.
        var flaggedLinks = 0
    }

    func counts(workspaceId: String, mode: StripeDataMode) throws -> Counts {
        try database.read { connection in
            var counts = Counts()
            for row in try connection.query("""
                SELECT match_status, active, deleted, link_flag <> '' AS flagged, COUNT(*) AS n FROM stripe_products
                WHERE workspace_id = ? AND mode = ? GROUP BY match_status, active, deleted, flagged
                """, workspaceId, mode.rawValue) {
                let n = row.int("n") ?? 0
                let status = MatchStatus(rawValue: row.string("match_status") ?? "") ?? .notMatched
                counts.byStatus[status, default: 0] += n
                counts.total += n
                if row.bool("deleted") { counts.deleted += n } else if !row.bool("active") { counts.inactive += n }
                if status == .notMatched, row.bool("active"), !row.bool("deleted") { counts.needingReview += n }
                if row.bool("flagged") { counts.flaggedLinks += n }
            }
            return counts
        }
    }

    /// The product and link an admin action works on, or NOT_FOUND.
    private func requireProduct(_ connection: Connection, workspaceId: String, mode: StripeDataMode, id: String) throws -> MirroredProduct {
        guard let mirrored = try stripeProduct(connection, workspaceId: workspaceId, mode: mode, id: id) else {
            throw CatalogError.notFound("Stripe product \(id) is not known; it may not have been synced yet (run a sync)")
        }
        return mirrored
    }

    func matchProduct(workspaceId: String, mode: StripeDataMode, stripeProductId: String, velesProductId: String) throws -> MirroredProduct {
        try database.write { connection in
            let mirrored = try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
            guard try candidate(connection, workspaceId: workspaceId, id: velesProductId) != nil else {
                throw CatalogError.notFound("Veles product \(velesProductId) does not exist")
            }
            if mirrored.state.status.isLinked, mirrored.state.velesProductId == velesProductId {
                // The admin confirms the link as it is (after a reconnect to another account): only the flag goes.
                try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: stripeProductId, mirrored.state)
                return try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
            }
            let state = try ProductMatcher.match(mirrored.product, to: velesProductId, nowMs: now())
            try connection.execute(
                "DELETE FROM rejected_pairs WHERE workspace_id = ? AND mode = ? AND stripe_product_id = ? AND veles_product_id = ?",
                workspaceId, mode.rawValue, stripeProductId, velesProductId)
            try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: stripeProductId, state)
            return try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
        }
    }

    func unlinkProduct(workspaceId: String, mode: StripeDataMode, stripeProductId: String) throws -> MirroredProduct {
        try database.write { connection in
            let mirrored = try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
            let (state, rejected) = ProductMatcher.unlink(mirrored.state)
            if let rejected {
                try connection.execute("""
                    INSERT OR IGNORE INTO rejected_pairs (workspace_id, mode, stripe_product_id, veles_product_id, rejected_at_ms)
                    VALUES (?, ?, ?, ?, ?)
                    """, workspaceId, mode.rawValue, stripeProductId, rejected, now())
            }
            try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: stripeProductId, state)
            return try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
        }
    }

    func ignoreProduct(workspaceId: String, mode: StripeDataMode, stripeProductId: String) throws -> MirroredProduct {
        try database.write { connection in
            let mirrored = try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
            let state = try ProductMatcher.ignore(mirrored.state, stripeProductId: stripeProductId)
            try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: stripeProductId, state)
            return try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
        }
    }

    /// Back into review; the automatic rules run at once, so it may come back name-matched.
    func unignoreProduct(workspaceId: String, mode: StripeDataMode, stripeProductId: String) throws -> MirroredProduct {
        try database.write { connection in
            let mirrored = try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
            let state = ProductMatcher.unignore(mirrored.state)
            if state != mirrored.state {
                try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: stripeProductId, state)
                try relink(connection, workspaceId: workspaceId, mode: mode, mirrored.product, state: state)
            }
            return try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
        }
    }

    /// What an import did.
    struct ImportResult: Sendable, Hashable {
        var product: VelesProduct
        var mirrored: MirroredProduct
        /// False when the product had been imported before and the existing Veles product is returned.
        var created: Bool
        var sku: SKUAllocator.Choice
    }

    /// Creates the Veles product from the Stripe product and its active prices, and links them as `import`, in one
    /// transaction. Importing an imported product again returns its Veles product unchanged.
    func importProduct(workspaceId: String, mode: StripeDataMode, stripeProductId: String) throws -> ImportResult {
        let timestamp = now()
        let newId = makeId("vprod")
        return try database.write { connection in
            let mirrored = try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
            let existing = try mirrored.state.velesProductId.flatMap { try velesProduct(connection, workspaceId: workspaceId, id: $0) }
            switch try ProductMatcher.importDecision(mirrored.product, state: mirrored.state, importedProductExists: existing != nil) {
            case .existing:
                guard let existing else { throw CatalogError(.internal, "imported product vanished during the import") }
                return ImportResult(product: existing, mirrored: mirrored, created: false,
                                    sku: SKUAllocator.Choice(sku: existing.sku, wanted: existing.sku))
            case .create:
                let wanted = SKUAllocator.wantedSKU(name: mirrored.product.name, metadata: mirrored.product.metadata,
                                                    stripeProductId: stripeProductId)
                let choice = try SKUAllocator.allocate(wanted: wanted, stripeProductId: stripeProductId) { sku in
                    try skuHolder(connection, workspaceId: workspaceId, sku: sku) != nil
                }
                let prices = try prices(connection, workspaceId: workspaceId, mode: mode, productId: stripeProductId)
                let product = try ProductImporter.build(mirrored.product, prices: prices, velesProductId: newId,
                                                        sku: choice.sku, nowMs: timestamp)
                try write(connection, workspaceId: workspaceId, product)
                try setLink(connection, workspaceId: workspaceId, mode: mode, stripeProductId: stripeProductId,
                            LinkState(status: .imported, velesProductId: newId, linkedAtMs: timestamp))
                try connection.execute("UPDATE stripe_products SET import_problems = '' WHERE workspace_id = ? AND mode = ? AND id = ?",
                                       workspaceId, mode.rawValue, stripeProductId)
                // The new product's name may settle other Stripe products waiting for a name match.
                _ = try rematch(connection, workspaceId: workspaceId, normalizedNames: [ProductMatcher.normalize(product.name)],
                                velesProductIds: [])
                let linked = try requireProduct(connection, workspaceId: workspaceId, mode: mode, id: stripeProductId)
                return ImportResult(product: product, mirrored: linked, created: true, sku: choice)
            }
        }
    }

    /// Where billing finds the Stripe price of a plan: the price id, its mode and the plan's currency.
    func stripePrice(forPlan planId: String, workspaceId: String) throws -> (priceId: String, currency: String, productId: String)? {
        guard let row = try database.queryOne("SELECT product_id, body FROM pricing_plans WHERE workspace_id = ? AND id = ?", workspaceId, planId)
        else { return nil }
        let plan = try StoredJSON.decode(PricingPlan.self, row.string("body"))
        return (plan.stripePriceId ?? "", plan.currency, row.string("product_id") ?? "")
    }
}
