import Store

/// The Veles side: upsert, get and list products with their plans.
extension CatalogStore {
    /// Stores a batch of products in one transaction; a SKU another product holds (or that appears twice in the
    /// batch) refuses the whole batch with ALREADY_EXISTS. Stripe products still not matched (and name matches that a
    /// rename breaks) are matched again against the new names in the same transaction.
    func upsertProducts(workspaceId: String, _ inputs: [VelesProduct]) throws -> (products: [VelesProduct], rematched: Int) {
        var products: [VelesProduct] = []
        for (index, input) in inputs.enumerated() {
            products.append(try VelesProductValidator.validated(input, index: index))
        }
        var seenSKUs: [String: String] = [:]
        var seenIds = Set<String>()
        for product in products {
            guard seenIds.insert(product.id).inserted else { throw CatalogError.invalid("product \(product.id) appears twice in the batch") }
            if let other = seenSKUs[product.sku.lowercased()] {
                throw CatalogError(.alreadyExists, "SKU \(product.sku) is given to both \(other) and \(product.id) in the batch")
            }
            seenSKUs[product.sku.lowercased()] = product.id
        }
        let timestamp = now()
        return try database.write { connection in
            var stored: [VelesProduct] = []
            var names = Set<String>()
            var changedIds = Set<String>()
            for var product in products {
                if let holder = try skuHolder(connection, workspaceId: workspaceId, sku: product.sku), holder != product.id {
                    throw CatalogError(.alreadyExists, "SKU \(product.sku) already belongs to Veles product \(holder)")
                }
                let previous = try velesProduct(connection, workspaceId: workspaceId, id: product.id)
                product.createdAtMs = previous?.createdAtMs ?? timestamp
                product.updatedAtMs = timestamp
                let previousPlans = Dictionary(uniqueKeysWithValues: (previous?.plans ?? []).map { ($0.id, $0) })
                for index in product.plans.indices where product.plans[index].stripePriceId == nil {
                    product.plans[index].stripePriceId = previousPlans[product.plans[index].id]?.stripePriceId
                }
                try write(connection, workspaceId: workspaceId, product)
                if let previous { names.insert(ProductMatcher.normalize(previous.name)) }
                names.insert(ProductMatcher.normalize(product.name))
                changedIds.insert(product.id)
                stored.append(product)
            }
            let rematched = try rematch(connection, workspaceId: workspaceId, normalizedNames: names, velesProductIds: changedIds)
            return (stored, rematched)
        }
    }

    /// Writes a product row and replaces its plans, inside the caller's transaction.
    func write(_ connection: Connection, workspaceId: String, _ product: VelesProduct) throws {
        do {
            try connection.execute("""
                INSERT INTO veles_products (workspace_id, id, name, normalized_name, sku, description, category, custom_fields,
                    status, unit_label, created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, normalized_name = excluded.normalized_name,
                    sku = excluded.sku, description = excluded.description, category = excluded.category,
                    custom_fields = excluded.custom_fields, status = excluded.status, unit_label = excluded.unit_label,
                    updated_at_ms = excluded.updated_at_ms
                """, workspaceId, product.id, product.name, ProductMatcher.normalize(product.name), product.sku,
                product.description, product.category, StoredJSON.encode(product.customFields), product.status.rawValue,
                product.unitLabel, product.createdAtMs, product.updatedAtMs)
            try connection.execute("DELETE FROM pricing_plans WHERE workspace_id = ? AND product_id = ?", workspaceId, product.id)
            for (position, plan) in product.plans.enumerated() {
                try connection.execute("""
                    INSERT INTO pricing_plans (workspace_id, id, product_id, position, stripe_price_id, body) VALUES (?, ?, ?, ?, ?, ?)
                    """, workspaceId, plan.id, product.id, position, plan.stripePriceId, try StoredJSON.encode(plan))
            }
        } catch let error as StoreError where error.kind == .constraint {
            if error.message.contains("sku") {
                throw CatalogError(.alreadyExists, "SKU \(product.sku) already belongs to another Veles product")
            }
            throw CatalogError(.alreadyExists, "a pricing plan id of product \(product.id) already belongs to another product")
        }
    }

    func skuHolder(_ connection: Connection, workspaceId: String, sku: String) throws -> String? {
        try connection.queryOne("SELECT id FROM veles_products WHERE workspace_id = ? AND sku = ?", workspaceId, sku)?.string("id")
    }

    func velesProduct(workspaceId: String, id: String) throws -> VelesProduct? {
        try database.read { try velesProduct($0, workspaceId: workspaceId, id: id) }
    }

    func velesProduct(_ connection: Connection, workspaceId: String, id: String) throws -> VelesProduct? {
        guard let row = try connection.queryOne("SELECT * FROM veles_products WHERE workspace_id = ? AND id = ?", workspaceId, id)
        else { return nil }
        return try decodeProduct(row, plans: plans(connection, workspaceId: workspaceId, productId: id))
    }

    func plans(_ connection: Connection, workspaceId: String, productId: String) throws -> [PricingPlan] {
        try connection.query("SELECT body FROM pricing_plans WHERE workspace_id = ? AND product_id = ? ORDER BY position",
                             workspaceId, productId).map { try StoredJSON.decode(PricingPlan.self, $0.string("body")) }
    }

    /// Products ordered by id, after `cursor` (an id), optionally only those whose name contains `query`.
    func listVelesProducts(workspaceId: String, query: String, status: VelesProduct.Status?, after cursor: String,
                           limit: Int) throws -> (products: [VelesProduct], nextCursor: String?) {
        let needle = ProductMatcher.normalize(query)
        return try database.read { connection in
            let rows = try connection.query("""
                SELECT * FROM veles_products WHERE workspace_id = ? AND id > ? AND (? = '' OR instr(normalized_name, ?) > 0
                    OR instr(lower(sku), lower(?)) > 0) AND (? = '' OR status = ?)
                ORDER BY id LIMIT ?
                """, workspaceId, cursor, needle, needle, query, status?.rawValue ?? "", status?.rawValue ?? "", limit + 1)
            let page = try rows.prefix(limit).map { row in
                try decodeProduct(row, plans: plans(connection, workspaceId: workspaceId, productId: row.string("id") ?? ""))
            }
            return (page, rows.count > limit ? page.last?.id : nil)
        }
    }

    /// Sets the unit-of-measure label the buyer sees; NOT_FOUND for an unknown product.
    func updateUnitLabel(workspaceId: String, id: String, label: String) throws -> VelesProduct {
        let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 100 else { throw CatalogError.invalid("unit_label is longer than 100 characters") }
        let timestamp = now()
        return try database.write { connection in
            try connection.execute("UPDATE veles_products SET unit_label = ?, updated_at_ms = ? WHERE workspace_id = ? AND id = ?",
                                   trimmed, timestamp, workspaceId, id)
            guard connection.changes == 1, let product = try velesProduct(connection, workspaceId: workspaceId, id: id) else {
                throw CatalogError.notFound("Veles product \(id) does not exist")
            }
            return product
        }
    }

    private func decodeProduct(_ row: Row, plans: [PricingPlan]) throws -> VelesProduct {
        VelesProduct(id: row.string("id") ?? "", name: row.string("name") ?? "", sku: row.string("sku") ?? "",
                     description: row.string("description") ?? "", category: row.string("category") ?? "",
                     customFields: try StoredJSON.decode([String: String].self, row.string("custom_fields")),
                     status: VelesProduct.Status(rawValue: row.string("status") ?? "") ?? .inactive,
                     unitLabel: row.string("unit_label") ?? "", plans: plans,
                     createdAtMs: row.int64("created_at_ms") ?? 0, updatedAtMs: row.int64("updated_at_ms") ?? 0)
    }
}
