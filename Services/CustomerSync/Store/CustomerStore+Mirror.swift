import CustomerMatching
import Store
import SyncEngine

/// Writing Stripe customers and their match state into the mirror, always inside the caller's transaction.
extension CustomerStore {
    /// What an upsert of a Stripe customer changed.
    enum UpsertOutcome: Sendable, Equatable {
        case created
        case updated
        case unchanged
    }

    /// The stored columns an upsert compares against and keeps, read without decoding the whole row.
    struct StoredStripeData {
        let stripeId: String
        let name: String?
        let email: String?
        let description: String?
        let metadataJSON: String
        let created: Int64
        let deleted: Bool
        let velesCustomerId: String?
        let matchMethod: MatchMethod?
        let linkFlag: String

        init(_ row: Row) {
            stripeId = row.string("stripe_id") ?? ""
            name = row.string("name")
            email = row.string("email")
            description = row.string("description")
            metadataJSON = row.string("metadata") ?? "{}"
            created = row.int64("created") ?? 0
            deleted = row.bool("deleted")
            velesCustomerId = row.string("veles_customer_id")
            matchMethod = row.string("match_method").flatMap(MatchMethod.init(rawValue:))
            linkFlag = row.string("link_flag") ?? ""
        }

        /// Whether Stripe's fields equal `customer`'s (the match state is not compared), as
        /// `MirroredCustomer.sameStripeData` decides; the metadata text is compared first, decoded only when it differs.
        func same(as customer: MirroredCustomer, metadataJSON encoded: String) -> Bool {
            name == customer.name && email == customer.email && description == customer.description
                && created == customer.created && deleted == customer.deleted
                && (metadataJSON == encoded || JSONColumn.map(metadataJSON) == customer.metadata)
        }

        /// The link the matcher must keep, if the row has one.
        var standingLink: StandingLink? {
            velesCustomerId.map { StandingLink(stripeCustomerID: stripeId, velesCustomerID: $0, method: matchMethod ?? .manual) }
        }
    }

    /// The stored data of these Stripe customers (a page's worth), by id, read in one statement.
    func storedStripeData(_ connection: Connection, workspaceId: String, mode: String,
                          stripeIds: [String]) throws -> [String: StoredStripeData] {
        guard !stripeIds.isEmpty else { return [:] }
        let rows = try connection.query("""
            SELECT stripe_id, name, email, description, metadata, created, deleted, veles_customer_id, match_method, link_flag
            FROM stripe_customers
            WHERE workspace_id = ? AND mode = ? AND stripe_id IN (SELECT value FROM json_each(?))
            """, workspaceId, mode, JSONColumn.encode(stripeIds))
        var stored: [String: StoredStripeData] = [:]
        for row in rows {
            let data = StoredStripeData(row)
            stored[data.stripeId] = data
        }
        return stored
    }

    /// Stores a batch of Stripe customers with their match results and counts the changes: new and updated mirror
    /// rows, customers newly deleted, and how many of the batch end matched or not. `keys` are the customers' match
    /// keys when the caller computed them already; `existing` what `storedStripeData` read for the batch.
    func store(_ customers: [MirroredCustomer], results: [MatchResult], keys: [MatchKeys]? = nil,
               existing: [String: StoredStripeData]? = nil, connection: Connection, workspaceId: String,
               mode: String, seenRun: String?) throws -> SyncCounts {
        let existing = try existing
            ?? storedStripeData(connection, workspaceId: workspaceId, mode: mode, stripeIds: customers.map(\.stripeId))
        var counts = SyncCounts()
        var written: Set<String> = []
        for (position, (customer, result)) in zip(customers, results).enumerated() {
            // A batch naming one customer twice: the second sees the first's row.
            let prior = written.contains(customer.stripeId)
                ? try storedStripeData(connection, workspaceId: workspaceId, mode: mode, stripeIds: [customer.stripeId])
                    .values.first
                : existing[customer.stripeId]
            written.insert(customer.stripeId)
            let customerKeys = keys?[position] ?? MatchKeys(of: customer.snapshot, resolver: resolver)
            switch try upsertStripeData(connection, workspaceId: workspaceId, mode: mode, customer, keys: customerKeys,
                                        existing: prior, match: customer.deleted ? nil : result, seenRun: seenRun) {
            case .created: counts.created += 1
            case .updated: counts.updated += 1
            case .unchanged: break
            }
            if customer.deleted {
                if prior?.deleted != true { counts.deleted += 1 }
                continue
            }
            // A new row was inserted with its match; an existing one keeps its standing link or takes the new answer.
            if prior != nil { try saveMatch(connection, workspaceId: workspaceId, mode: mode, result) }
            if result.isMatched { counts.matched += 1 } else { counts.unmatched += 1 }
        }
        return counts
    }

    /// Stores Stripe's current data for a customer, keeping its match state; `seenRun` stamps it for the reconcile sweep.
    /// A customer new to the mirror is inserted with `match` already applied (what `saveMatch` would write), so it
    /// takes one statement.
    func upsertStripeData(_ connection: Connection, workspaceId: String, mode: String, _ customer: MirroredCustomer,
                          keys: MatchKeys, existing: StoredStripeData?, match: MatchResult?,
                          seenRun: String?) throws -> UpsertOutcome {
        let timestamp = now()
        let metadata = JSONColumn.encode(customer.metadata)
        let keyColumn = MatchKeyText.column(keys)
        if let existing {
            let changed = !existing.same(as: customer, metadataJSON: metadata)
            // A customer deleted in Stripe keeps its link, flagged for review; the Veles customer is untouched. A flag
            // already there (another account) says more than "deleted" and stays.
            let flag = customer.deleted && existing.velesCustomerId != nil && existing.linkFlag.isEmpty
                ? "deleted_in_stripe" : existing.linkFlag
            try connection.execute("""
                UPDATE stripe_customers SET name = ?, email = ?, description = ?, metadata = ?, created = ?, deleted = ?,
                    deleted_at_ms = CASE WHEN ? = 1 THEN COALESCE(deleted_at_ms, ?) ELSE NULL END,
                    synced_at_ms = ?, seen_run = COALESCE(?, seen_run), link_flag = ?, match_keys = ?
                WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
                """, customer.name, customer.email, customer.description, metadata,
                customer.created, customer.deleted, customer.deleted, timestamp, timestamp, seenRun, flag, keyColumn,
                workspaceId, mode, customer.stripeId)
            return changed ? .updated : .unchanged
        }
        var velesId: String?
        var method: String?
        var matchedAt: Int64?
        var candidates: [String] = []
        var rule: String?
        switch match?.outcome {
        case .linked(let id, let how, isStanding: false):
            (velesId, method, matchedAt, candidates) = (id, how.rawValue, timestamp, [id])
        case .ambiguous(let ambiguousRule, let found):
            (candidates, rule) = (found, ambiguousRule.rawValue)
        case .linked(_, _, isStanding: true), .noCandidate, .deletedInStripe, nil:
            break
        }
        let values: [any SQLBindable] = [
            workspaceId, mode, customer.stripeId, customer.name, customer.email, customer.description, metadata,
            customer.created, customer.deleted, customer.deleted ? timestamp : nil, timestamp, seenRun ?? "", velesId,
            method, matchedAt, JSONColumn.encode(candidates), rule, keyColumn,
        ]
        // OR IGNORE: a statement that may stop halfway on a constraint while its trigger has written rows keeps a
        // journal of every page it changes, to undo itself alone; one that cannot stop needs none. The row is known
        // to be new (`existing` is nil), so nothing is ignored in practice, and if something were, the plain insert
        // then reports the constraint as before.
        try connection.execute("INSERT OR IGNORE" + Self.insertStripeCustomer, values)
        if connection.changes == 0 {
            try connection.execute("INSERT" + Self.insertStripeCustomer, values)
        }
        return .created
    }

    private static let insertStripeCustomer = """
         INTO stripe_customers (workspace_id, mode, stripe_id, name, email, description, metadata, created, deleted,
            deleted_at_ms, synced_at_ms, seen_run, veles_customer_id, match_method, matched_at_ms, candidates,
            ambiguous_rule, match_keys)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Marks a customer deleted in Stripe (the mirror row is kept, with its link flagged); false if it was unknown.
    func markDeleted(_ connection: Connection, workspaceId: String, mode: String, stripeId: String) throws -> Bool {
        try connection.execute("""
            UPDATE stripe_customers SET deleted = 1, deleted_at_ms = COALESCE(deleted_at_ms, ?), synced_at_ms = ?,
                link_flag = CASE WHEN veles_customer_id IS NOT NULL AND link_flag = '' THEN 'deleted_in_stripe' ELSE link_flag END
            WHERE workspace_id = ? AND mode = ? AND stripe_id = ? AND deleted = 0
            """, now(), now(), workspaceId, mode, stripeId)
        return connection.changes == 1
    }

    /// Writes the matcher's answer; a standing link is left exactly as it is.
    func saveMatch(_ connection: Connection, workspaceId: String, mode: String, _ result: MatchResult) throws {
        switch result.outcome {
        case .linked(_, _, isStanding: true):
            return
        case .linked(let velesId, let method, isStanding: false):
            try connection.execute("""
                UPDATE stripe_customers SET veles_customer_id = ?, match_method = ?, matched_at_ms = ?, candidates = ?,
                    ambiguous_rule = NULL
                WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
                """, velesId, method.rawValue, now(), JSONColumn.encode([velesId]), workspaceId, mode, result.stripeCustomerID)
        case .ambiguous(let rule, let candidates):
            try setUnmatched(connection, workspaceId, mode, result.stripeCustomerID, candidates: candidates, rule: rule)
        case .noCandidate, .deletedInStripe:
            try setUnmatched(connection, workspaceId, mode, result.stripeCustomerID, candidates: [], rule: nil)
        }
    }

    private func setUnmatched(_ connection: Connection, _ workspaceId: String, _ mode: String, _ stripeId: String,
                              candidates: [String], rule: MatchMethod?) throws {
        try connection.execute("""
            UPDATE stripe_customers SET veles_customer_id = NULL, match_method = NULL, matched_at_ms = NULL,
                candidates = ?, ambiguous_rule = ?
            WHERE workspace_id = ? AND mode = ? AND stripe_id = ? AND veles_customer_id IS NULL
            """, JSONColumn.encode(candidates), rule?.rawValue, workspaceId, mode, stripeId)
    }

    /// An admin's link (or a link to a Veles customer created from this Stripe customer).
    func link(_ connection: Connection, workspaceId: String, mode: String, stripeId: String, velesCustomerId: String,
              method: MatchMethod) throws {
        try connection.execute("""
            UPDATE stripe_customers SET veles_customer_id = ?, match_method = ?, matched_at_ms = ?, candidates = ?,
                ambiguous_rule = NULL, link_flag = ''
            WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
            """, velesCustomerId, method.rawValue, now(), JSONColumn.encode([velesCustomerId]), workspaceId, mode, stripeId)
        try connection.execute(
            "DELETE FROM rejected_pairs WHERE workspace_id = ? AND mode = ? AND stripe_id = ? AND veles_customer_id = ?",
            workspaceId, mode, stripeId, velesCustomerId)
    }

    /// An admin's unlink: the link goes and the pair is recorded as rejected, so no rule links it again.
    func unlink(_ connection: Connection, workspaceId: String, mode: String, stripeId: String) throws -> String? {
        guard let current = try mirrored(connection, workspaceId: workspaceId, mode: mode, stripeId: stripeId),
              let velesId = current.velesCustomerId else { return nil }
        try connection.execute("""
            INSERT OR IGNORE INTO rejected_pairs (workspace_id, mode, stripe_id, veles_customer_id, rejected_at_ms)
            VALUES (?, ?, ?, ?, ?)
            """, workspaceId, mode, stripeId, velesId, now())
        try connection.execute("""
            UPDATE stripe_customers SET veles_customer_id = NULL, match_method = NULL, matched_at_ms = NULL,
                candidates = '[]', ambiguous_rule = NULL, link_flag = ''
            WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
            """, workspaceId, mode, stripeId)
        return velesId
    }
}
