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
        let results = try matchRuleByRule(customers, keys: keys, connection: connection, workspaceId: workspaceId,
                                          decisions: decisions)
        return try store(customers, results: results, keys: keys, existing: existing, connection: connection,
                         workspaceId: workspaceId, mode: mode, seenRun: seenRun)
    }

    /// Matches a batch against the stored directory one rule at a time: a rule's keys are looked up only for the
    /// customers no earlier rule decided, so one matched by metadata or email costs no domain or name lookup (half
    /// the key lookups of a full sync). The answers are those of the whole excerpt: a customer is settled by a rule
    /// only once every key of that rule and of the rules before it has been looked up for it, and the ids named by
    /// links and metadata are looked up first, so `contains(id:)` answers the same at every step.
    func matchRuleByRule(_ customers: [MirroredCustomer], keys: [MatchKeys], connection: Connection, workspaceId: String,
                         decisions: MatchDecisions) throws -> [MatchResult] {
        var excerpt = VelesDirectoryExcerpt(resolver: resolver)
        try addCustomers(named: decisions.links.values.map(\.velesCustomerID) + keys.compactMap(\.velesCustomerID),
                         to: &excerpt, connection, workspaceId: workspaceId)
        var results: [MatchResult?] = Array(repeating: nil, count: customers.count)
        var pending = Array(customers.indices)
        // nil: the standing links, metadata and deletions, which need no key.
        let stages: [MatchMethod?] = [nil, .email, .domain, .name]
        for (stage, rule) in stages.enumerated() where !pending.isEmpty {
            if let rule {
                let wanted = pending.flatMap { keys[$0].directoryKeys.filter { $0.rule == rule } }
                try addCarriers(of: wanted, to: &excerpt, connection, workspaceId: workspaceId)
            }
            let isLast = stage == stages.count - 1
            pending.removeAll { position in
                let result = CustomerMatcher.match(customers[position].snapshot, keys: keys[position], in: excerpt,
                                                   decisions: decisions)
                guard isLast || Self.isSettled(result.outcome, byStage: stage) else { return false }
                results[position] = result
                return true
            }
        }
        return zip(customers, results).map { customer, result in
            result ?? MatchResult(stripeCustomerID: customer.stripeId, outcome: .noCandidate)
        }
    }

    /// Whether an outcome found with the keys of the first `stage` rules looked up is final.
    private static func isSettled(_ outcome: MatchOutcome, byStage stage: Int) -> Bool {
        switch outcome {
        case .deletedInStripe: true
        case .linked(_, let method, let isStanding): isStanding || stageOf(method) <= stage
        case .ambiguous(let rule, _): stageOf(rule) <= stage
        case .noCandidate: false
        }
    }

    private static func stageOf(_ method: MatchMethod) -> Int {
        switch method {
        case .manual, .created, .metadata: 0
        case .email: 1
        case .domain: 2
        case .name: 3
        }
    }

    /// The Veles customers carrying any of the keys, and which of the named ids (and the ids the keys' metadata names)
    /// are in the directory: all the matcher can ask about these customers.
    func directoryExcerpt(_ connection: Connection, workspaceId: String, keys: [MatchKeys],
                          naming ids: [String]) throws -> VelesDirectoryExcerpt {
        var excerpt = VelesDirectoryExcerpt(resolver: resolver)
        try addCarriers(of: keys.flatMap(\.directoryKeys), to: &excerpt, connection, workspaceId: workspaceId)
        try addCustomers(named: ids + keys.compactMap(\.velesCustomerID), to: &excerpt, connection, workspaceId: workspaceId)
        return excerpt
    }

    /// Adds the Veles customers carrying any of `keys`.
    private func addCarriers(of keys: [DirectoryKey], to excerpt: inout VelesDirectoryExcerpt, _ connection: Connection,
                             workspaceId: String) throws {
        var keyByText: [String: DirectoryKey] = [:]
        for key in keys { keyByText[MatchKeyText.encode(key)] = key }
        guard !keyByText.isEmpty else { return }
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

    /// Records which of the ids are customers in the directory.
    private func addCustomers(named ids: [String], to excerpt: inout VelesDirectoryExcerpt, _ connection: Connection,
                              workspaceId: String) throws {
        let named = Set(ids)
        guard !named.isEmpty else { return }
        let rows = try connection.query("""
            SELECT id FROM veles_customers WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))
            """, workspaceId, JSONColumn.encode(Array(named)))
        for row in rows {
            if let id = row.string("id") { excerpt.addCustomer(id: id) }
        }
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
