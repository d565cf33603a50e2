import CustomerMatching
import Store
import SyncEngine

/// Matching against the stored directory: each batch of Stripe customers reads just the part of the directory its
/// keys reach, so memory follows the batch, never the directory.
extension CustomerStore {
    /// Matches a batch of Stripe customers against the stored directory, respecting their standing links and rejected
    /// pairs, and stores them with the results, all inside the caller's transaction. `keys` are the customers' match
    /// keys (computed before the transaction, which need not wait on that work).
    func matchAndStore(_ customers: [MirroredCustomer], keys: [MatchKeys], connection: Connection, workspaceId: String,
                       mode: String, seenRun: String?) throws -> SyncCounts {
        let ids = customers.map(\.stripeId)
        let existing = try storedStripeData(connection, workspaceId: workspaceId, mode: mode, stripeIds: ids)
        let decisions = MatchDecisions(links: existing.values.compactMap(\.standingLink),
                                       rejectedPairs: try rejectedPairs(connection, workspaceId: workspaceId, mode: mode,
                                                                        stripeIds: ids))
        let directory = try directoryExcerpt(connection, workspaceId: workspaceId, keys: keys,
                                             naming: decisions.links.values.map(\.velesCustomerID))
        let results = zip(customers, keys).map { customer, keys in
            CustomerMatcher.match(customer.snapshot, keys: keys, in: directory, decisions: decisions)
        }
        return try store(customers, results: results, keys: keys, existing: existing, connection: connection,
                         workspaceId: workspaceId, mode: mode, seenRun: seenRun)
    }

    /// The Veles customers carrying any of the keys, and which of the named ids (and the ids the keys' metadata names)
    /// are in the directory: all the matcher can ask about these customers.
    func directoryExcerpt(_ connection: Connection, workspaceId: String, keys: [MatchKeys],
                          naming ids: [String]) throws -> VelesDirectoryExcerpt {
        var excerpt = VelesDirectoryExcerpt(resolver: resolver)
        var keyByText: [String: DirectoryKey] = [:]
        for key in keys.lazy.flatMap(\.directoryKeys) { keyByText[MatchKeyText.encode(key)] = key }
        if !keyByText.isEmpty {
            let rows = try connection.query("""
                SELECT key, veles_customer_id FROM veles_match_keys
                WHERE workspace_id = ? AND key IN (SELECT value FROM json_each(?))
                """, workspaceId, JSONColumn.encode(Array(keyByText.keys)))
            for row in rows {
                guard let text = row.string("key"), let key = keyByText[text], let id = row.string("veles_customer_id")
                else { continue }
                excerpt.add(id, carrying: key)
            }
        }
        let named = Set(ids + keys.compactMap(\.velesCustomerID))
        if !named.isEmpty {
            let rows = try connection.query("""
                SELECT id FROM veles_customers WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))
                """, workspaceId, JSONColumn.encode(Array(named)))
            for row in rows {
                if let id = row.string("id") { excerpt.addCustomer(id: id) }
            }
        }
        return excerpt
    }

    /// The pairs an admin rejected, for just these Stripe customers.
    func rejectedPairs(_ connection: Connection, workspaceId: String, mode: String,
                       stripeIds: [String]) throws -> [RejectedPair] {
        guard !stripeIds.isEmpty else { return [] }
        return try connection.query("""
            SELECT stripe_id, veles_customer_id FROM rejected_pairs
            WHERE workspace_id = ? AND mode = ? AND stripe_id IN (SELECT value FROM json_each(?))
            """, workspaceId, mode, JSONColumn.encode(stripeIds)).compactMap { row in
            guard let stripeId = row.string("stripe_id"), let velesId = row.string("veles_customer_id") else { return nil }
            return RejectedPair(stripeCustomerID: stripeId, velesCustomerID: velesId)
        }
    }

    // MARK: Re-matching after a directory change

    /// The live, unlinked Stripe customers carrying any of the keys (`MatchKeyText`), sorted: those a directory
    /// change may now match. One statement whatever the number of keys or of customers.
    func unmatchedStripeIds(workspaceId: String, mode: String, touching keys: Set<String>) throws -> [String] {
        guard !keys.isEmpty else { return [] }
        return try database.query("""
            SELECT DISTINCT stripe_id FROM unmatched_stripe_keys
            WHERE workspace_id = ? AND mode = ? AND key IN (SELECT value FROM json_each(?))
            ORDER BY stripe_id
            """, workspaceId, mode, JSONColumn.encode(Array(keys))).compactMap { $0.string("stripe_id") }
    }

    /// Matches these Stripe customers again (those still live and unlinked; the others are left alone) in one
    /// transaction, and returns how many became linked.
    func rematch(workspaceId: String, mode: String, stripeIds: [String]) throws -> Int {
        guard !stripeIds.isEmpty else { return 0 }
        return try database.write { connection in
            let customers = try connection.query("""
                SELECT * FROM stripe_customers
                WHERE workspace_id = ? AND mode = ? AND stripe_id IN (SELECT value FROM json_each(?))
                    AND deleted = 0 AND veles_customer_id IS NULL
                """, workspaceId, mode, JSONColumn.encode(stripeIds)).map(Self.mirrored)
            let keys = customers.map { MatchKeys(of: $0.snapshot, resolver: resolver) }
            let decisions = MatchDecisions(rejectedPairs: try rejectedPairs(connection, workspaceId: workspaceId,
                                                                            mode: mode, stripeIds: customers.map(\.stripeId)))
            let directory = try directoryExcerpt(connection, workspaceId: workspaceId, keys: keys, naming: [])
            var linked = 0
            for (customer, customerKeys) in zip(customers, keys) {
                let result = CustomerMatcher.match(customer.snapshot, keys: customerKeys, in: directory, decisions: decisions)
                try saveMatch(connection, workspaceId: workspaceId, mode: mode, result)
                if result.isMatched { linked += 1 }
            }
            return linked
        }
    }

    // MARK: Keys of rows stored before keys were kept

    /// Computes the match keys of the rows migration 2 listed, a batch per transaction, so a store written by an
    /// older version matches (and re-matches) exactly like a new one.
    func backfillMatchKeys(batch: Int = 500) throws {
        while true {
            let pending = try database.query("SELECT kind, workspace_id, mode, id FROM match_keys_backfill LIMIT ?", batch)
            guard !pending.isEmpty else { return }
            try database.write { connection in
                for row in pending {
                    let (kind, workspaceId, mode, id) = (row.string("kind") ?? "", row.string("workspace_id") ?? "",
                                                         row.string("mode") ?? "", row.string("id") ?? "")
                    // Either way the update trigger files the keys in the lookup table.
                    if kind == "veles",
                       let customer = try connection.queryOne("SELECT * FROM veles_customers WHERE workspace_id = ? AND id = ?",
                                                              workspaceId, id).map(Self.velesCustomer) {
                        try connection.execute("UPDATE veles_customers SET match_keys = ? WHERE workspace_id = ? AND id = ?",
                                               Self.keyColumn(VelesMatchKeys(of: customer, resolver: resolver)), workspaceId, id)
                    } else if kind == "stripe",
                              let customer = try mirrored(connection, workspaceId: workspaceId, mode: mode, stripeId: id) {
                        try connection.execute("""
                            UPDATE stripe_customers SET match_keys = ? WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
                            """, MatchKeyText.column(MatchKeys(of: customer.snapshot, resolver: resolver)), workspaceId,
                            mode, id)
                    }
                    try connection.execute(
                        "DELETE FROM match_keys_backfill WHERE kind = ? AND workspace_id = ? AND mode = ? AND id = ?",
                        kind, workspaceId, mode, id)
                }
            }
        }
    }
}
