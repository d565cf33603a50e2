import CustomerMatching
import Foundation
import Store
import SyncEngine

/// Every read and write customer-sync makes to its SQLite file; every query is scoped by workspace (and mode for the
/// Stripe mirror).
struct CustomerStore: Sendable {
    /// What an upsert of a Stripe customer changed.
    enum UpsertOutcome: Sendable, Equatable {
        case created
        case updated
        case unchanged
    }

    let database: Database
    let now: @Sendable () -> Int64

    init(database: Database, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.database = database
        self.now = now
    }

    static func open(path: String) throws -> CustomerStore {
        CustomerStore(database: try Database(path: path, migrations: CustomerSchema.migrations))
    }

    // MARK: Veles directory

    /// Stores a batch of Veles customers in one transaction and returns the directory's new version.
    @discardableResult
    func upsertVelesCustomers(workspaceId: String, _ customers: [VelesCustomer]) throws -> Int64 {
        let timestamp = now()
        return try database.write { connection in
            for customer in customers {
                try connection.execute("""
                    INSERT INTO veles_customers (workspace_id, id, name, domains, contact_emails, billing_email, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, domains = excluded.domains,
                        contact_emails = excluded.contact_emails, billing_email = excluded.billing_email,
                        updated_at_ms = excluded.updated_at_ms
                    """, workspaceId, customer.id, customer.name, JSONColumn.encode(customer.domains),
                    JSONColumn.encode(customer.contactEmails), customer.billingEmail, timestamp)
            }
            return try bumpDirectoryVersion(connection, workspaceId)
        }
    }

    /// Deletes Veles customers; links to them are dropped (the Stripe customers become not matched) in the same
    /// transaction. Returns the ids that existed.
    func deleteVelesCustomers(workspaceId: String, ids: [String]) throws -> [String] {
        try database.write { connection in
            var removed: [String] = []
            for id in ids {
                try connection.execute("DELETE FROM veles_customers WHERE workspace_id = ? AND id = ?", workspaceId, id)
                guard connection.changes == 1 else { continue }
                removed.append(id)
                try connection.execute("""
                    UPDATE stripe_customers SET veles_customer_id = NULL, match_method = NULL, matched_at_ms = NULL,
                        candidates = '[]', ambiguous_rule = NULL, link_flag = ''
                    WHERE workspace_id = ? AND veles_customer_id = ?
                    """, workspaceId, id)
            }
            _ = try bumpDirectoryVersion(connection, workspaceId)
            return removed
        }
    }

    func velesCustomer(workspaceId: String, id: String) throws -> VelesCustomer? {
        try database.queryOne("SELECT * FROM veles_customers WHERE workspace_id = ? AND id = ?", workspaceId, id)
            .map(Self.velesCustomer)
    }

    func allVelesCustomers(workspaceId: String) throws -> [VelesCustomer] {
        try database.query("SELECT * FROM veles_customers WHERE workspace_id = ?", workspaceId).map(Self.velesCustomer)
    }

    /// A page of the directory ordered by id; `after` is the last id of the previous page.
    func listVelesCustomers(workspaceId: String, after: String?, limit: Int) throws -> [VelesCustomer] {
        try database.query("SELECT * FROM veles_customers WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?",
                           workspaceId, after ?? "", limit).map(Self.velesCustomer)
    }

    func directoryVersion(workspaceId: String) throws -> Int64 {
        try database.queryOne("SELECT version FROM directory_versions WHERE workspace_id = ?", workspaceId)?
            .int64("version") ?? 0
    }

    private func bumpDirectoryVersion(_ connection: Connection, _ workspaceId: String) throws -> Int64 {
        try connection.execute("""
            INSERT INTO directory_versions (workspace_id, version) VALUES (?, 1)
            ON CONFLICT (workspace_id) DO UPDATE SET version = version + 1
            """, workspaceId)
        return try connection.queryOne("SELECT version FROM directory_versions WHERE workspace_id = ?", workspaceId)?
            .int64("version") ?? 0
    }

    private static func velesCustomer(_ row: Row) -> VelesCustomer {
        VelesCustomer(id: row.string("id") ?? "", name: row.string("name") ?? "",
                      domains: JSONColumn.list(row.string("domains")),
                      contactEmails: JSONColumn.list(row.string("contact_emails")),
                      billingEmail: row.string("billing_email"))
    }

    // MARK: Stripe mirror

    func mirrored(workspaceId: String, mode: String, stripeId: String) throws -> MirroredCustomer? {
        try database.read { try mirrored($0, workspaceId: workspaceId, mode: mode, stripeId: stripeId) }
    }

    func mirrored(_ connection: Connection, workspaceId: String, mode: String, stripeId: String) throws -> MirroredCustomer? {
        try connection.queryOne("SELECT * FROM stripe_customers WHERE workspace_id = ? AND mode = ? AND stripe_id = ?",
                                workspaceId, mode, stripeId).map(Self.mirrored)
    }

    /// The stored columns an upsert compares against and keeps, read without decoding the whole row.
    struct StoredStripeData {
        let name: String?
        let email: String?
        let description: String?
        let metadataJSON: String
        let created: Int64
        let deleted: Bool
        let velesCustomerId: String?
        let linkFlag: String

        /// Whether Stripe's fields equal `customer`'s (the match state is not compared), as
        /// `MirroredCustomer.sameStripeData` decides; the metadata text is compared first, decoded only when it differs.
        func same(as customer: MirroredCustomer, metadataJSON encoded: String) -> Bool {
            name == customer.name && email == customer.email && description == customer.description
                && created == customer.created && deleted == customer.deleted
                && (metadataJSON == encoded || JSONColumn.map(metadataJSON) == customer.metadata)
        }
    }

    func storedStripeData(_ connection: Connection, workspaceId: String, mode: String,
                          stripeId: String) throws -> StoredStripeData? {
        try connection.queryOne("""
            SELECT name, email, description, metadata, created, deleted, veles_customer_id, link_flag FROM stripe_customers
            WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
            """, workspaceId, mode, stripeId).map { row in
            StoredStripeData(name: row.string("name"), email: row.string("email"), description: row.string("description"),
                             metadataJSON: row.string("metadata") ?? "{}", created: row.int64("created") ?? 0,
                             deleted: row.bool("deleted"), velesCustomerId: row.string("veles_customer_id"),
                             linkFlag: row.string("link_flag") ?? "")
        }
    }

    /// Stores Stripe's current data for a customer, keeping its match state; `seenRun` stamps it for the reconcile sweep.
    /// A customer new to the mirror is inserted with `match` already applied (what `saveMatch` would write), so it
    /// takes one statement.
    func upsertStripeData(_ connection: Connection, workspaceId: String, mode: String, _ customer: MirroredCustomer,
                          existing: StoredStripeData?, match: MatchResult?, seenRun: String?) throws -> UpsertOutcome {
        let timestamp = now()
        let metadata = JSONColumn.encode(customer.metadata)
        if let existing {
            let changed = !existing.same(as: customer, metadataJSON: metadata)
            // A customer deleted in Stripe keeps its link, flagged for review; the Veles customer is untouched. A flag
            // already there (another account) says more than "deleted" and stays.
            let flag = customer.deleted && existing.velesCustomerId != nil && existing.linkFlag.isEmpty
                ? "deleted_in_stripe" : existing.linkFlag
            try connection.execute("""
                UPDATE stripe_customers SET name = ?, email = ?, description = ?, metadata = ?, created = ?, deleted = ?,
                    deleted_at_ms = CASE WHEN ? = 1 THEN COALESCE(deleted_at_ms, ?) ELSE NULL END,
                    synced_at_ms = ?, seen_run = COALESCE(?, seen_run), link_flag = ?
                WHERE workspace_id = ? AND mode = ? AND stripe_id = ?
                """, customer.name, customer.email, customer.description, metadata,
                customer.created, customer.deleted, customer.deleted, timestamp, timestamp, seenRun, flag,
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
        try connection.execute("""
            INSERT INTO stripe_customers (workspace_id, mode, stripe_id, name, email, description, metadata, created,
                deleted, deleted_at_ms, synced_at_ms, seen_run, veles_customer_id, match_method, matched_at_ms, candidates,
                ambiguous_rule)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, workspaceId, mode, customer.stripeId, customer.name, customer.email, customer.description,
            metadata, customer.created, customer.deleted, customer.deleted ? timestamp : nil, timestamp, seenRun ?? "",
            velesId, method, matchedAt, JSONColumn.encode(candidates), rule)
        return .created
    }

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

    /// The standing links and rejected pairs of a whole workspace, for re-matching after a directory change.
    func decisions(workspaceId: String, mode: String) throws -> MatchDecisions {
        try database.read { connection in
            let links = try connection.query("""
                SELECT stripe_id, veles_customer_id, match_method FROM stripe_customers
                WHERE workspace_id = ? AND mode = ? AND veles_customer_id IS NOT NULL
                """, workspaceId, mode).compactMap(Self.standingLink)
            let rejected = try connection.query(
                "SELECT stripe_id, veles_customer_id FROM rejected_pairs WHERE workspace_id = ? AND mode = ?",
                workspaceId, mode).compactMap(Self.rejectedPair)
            return MatchDecisions(links: links, rejectedPairs: rejected)
        }
    }

    /// Stripe customers still not matched (and not deleted): the ones a directory change may now match.
    func unmatched(workspaceId: String, mode: String) throws -> [MirroredCustomer] {
        try database.query("""
            SELECT * FROM stripe_customers WHERE workspace_id = ? AND mode = ? AND deleted = 0 AND veles_customer_id IS NULL
            """, workspaceId, mode).map(Self.mirrored)
    }

    /// Live mirror rows a full pass did not see: deleted in Stripe, or missed; the reconcile sweep checks each.
    func notSeen(workspaceId: String, mode: String, run: String) throws -> [String] {
        try database.query("""
            SELECT stripe_id FROM stripe_customers WHERE workspace_id = ? AND mode = ? AND deleted = 0 AND seen_run != ?
            """, workspaceId, mode, run).compactMap { $0.string("stripe_id") }
    }

    /// Called with the Stripe account a run or an event comes from. When the workspace's customers came from another
    /// account before, every link is kept but flagged for review (`account_changed:<previous account>`).
    func noteAccount(workspaceId: String, accountId: String, ledger: SyncLedger) throws {
        try ledger.recordAccount(workspaceId: workspaceId, accountId: accountId) { connection, previous in
            try connection.execute("UPDATE stripe_customers SET link_flag = ? WHERE workspace_id = ? AND veles_customer_id IS NOT NULL",
                                   "account_changed:\(previous)", workspaceId)
        }
    }

    // MARK: Review

    /// Counts for the banner, in the given mode.
    func summary(workspaceId: String, mode: String) throws -> (matched: Int, notMatched: Int, deleted: Int) {
        let row = try database.queryOne("""
            SELECT SUM(CASE WHEN deleted = 0 AND veles_customer_id IS NOT NULL THEN 1 ELSE 0 END) AS matched,
                   SUM(CASE WHEN deleted = 0 AND veles_customer_id IS NULL THEN 1 ELSE 0 END) AS not_matched,
                   SUM(CASE WHEN deleted = 1 THEN 1 ELSE 0 END) AS deleted
            FROM stripe_customers WHERE workspace_id = ? AND mode = ?
            """, workspaceId, mode)
        return (row?.int("matched") ?? 0, row?.int("not_matched") ?? 0, row?.int("deleted") ?? 0)
    }

    /// A page of mirrored customers, newest in Stripe first; `after` is the (created, id) of the previous page's last row.
    func list(workspaceId: String, mode: String, status: MirroredCustomer.Status?, search: String,
              after: (created: Int64, id: String)?, limit: Int) throws -> [MirroredCustomer] {
        var sql = "SELECT * FROM stripe_customers WHERE workspace_id = ? AND mode = ?"
        var parameters: [any SQLBindable] = [workspaceId, mode]
        switch status {
        case .matched: sql += " AND deleted = 0 AND veles_customer_id IS NOT NULL"
        case .notMatched: sql += " AND deleted = 0 AND veles_customer_id IS NULL"
        case .deleted: sql += " AND deleted = 1"
        case nil: break
        }
        let needle = search.trimmingCharacters(in: .whitespaces).lowercased()
        if !needle.isEmpty {
            sql += " AND (instr(lower(COALESCE(name, '')), ?) > 0 OR instr(lower(COALESCE(email, '')), ?) > 0 OR stripe_id = ?)"
            parameters += [needle, needle, search.trimmingCharacters(in: .whitespaces)]
        }
        if let after {
            sql += " AND (created < ? OR (created = ? AND stripe_id < ?))"
            parameters += [after.created, after.created, after.id]
        }
        sql += " ORDER BY created DESC, stripe_id DESC LIMIT ?"
        parameters.append(limit)
        return try database.read { try $0.query(sql, parameters).map(Self.mirrored) }
    }

    /// Every Stripe customer linked to a Veles customer, in a mode (for billing).
    func stripeCustomers(linkedTo velesId: String, workspaceId: String, mode: String) throws -> [MirroredCustomer] {
        try database.query("""
            SELECT * FROM stripe_customers WHERE workspace_id = ? AND mode = ? AND veles_customer_id = ?
            ORDER BY deleted, created DESC
            """, workspaceId, mode, velesId).map(Self.mirrored)
    }

    // MARK: Workspace mode

    func workspaceMode(workspaceId: String) throws -> (mode: String, accountId: String)? {
        try database.queryOne("SELECT mode, account_id FROM workspace_modes WHERE workspace_id = ?", workspaceId)
            .map { ($0.string("mode") ?? "test", $0.string("account_id") ?? "") }
    }

    /// Records the mode and account a workspace syncs with (a change of account is `noteAccount`'s to act on).
    func setWorkspaceMode(workspaceId: String, mode: String, accountId: String) throws {
        try database.execute("""
            INSERT INTO workspace_modes (workspace_id, mode, account_id, updated_at_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (workspace_id) DO UPDATE SET mode = excluded.mode, account_id = excluded.account_id,
                updated_at_ms = excluded.updated_at_ms
            """, workspaceId, mode, accountId, now())
    }

    private static func mirrored(_ row: Row) -> MirroredCustomer {
        MirroredCustomer(
            stripeId: row.string("stripe_id") ?? "", name: row.string("name"), email: row.string("email"),
            description: row.string("description"), metadata: JSONColumn.map(row.string("metadata")),
            created: row.int64("created") ?? 0, deleted: row.bool("deleted"),
            velesCustomerId: row.string("veles_customer_id"),
            matchMethod: row.string("match_method").flatMap(MatchMethod.init(rawValue:)),
            matchedAtMs: row.int64("matched_at_ms"), candidates: JSONColumn.list(row.string("candidates")),
            ambiguousRule: row.string("ambiguous_rule").flatMap(MatchMethod.init(rawValue:)),
            linkFlag: row.string("link_flag") ?? "")
    }
}

extension CustomerStore {
    /// Stores a batch of Stripe customers with their match results inside the caller's transaction and counts the
    /// changes: new and updated mirror rows, customers newly deleted, and how many of the batch end matched or not.
    func store(_ customers: [MirroredCustomer], results: [MatchResult], connection: Connection, workspaceId: String,
               mode: String, seenRun: String?) throws -> SyncCounts {
        var counts = SyncCounts()
        for (customer, result) in zip(customers, results) {
            let existing = try storedStripeData(connection, workspaceId: workspaceId, mode: mode, stripeId: customer.stripeId)
            switch try upsertStripeData(connection, workspaceId: workspaceId, mode: mode, customer, existing: existing,
                                        match: customer.deleted ? nil : result, seenRun: seenRun) {
            case .created: counts.created += 1
            case .updated: counts.updated += 1
            case .unchanged: break
            }
            if customer.deleted {
                if existing?.deleted != true { counts.deleted += 1 }
                continue
            }
            // A new row was inserted with its match; an existing one keeps its standing link or takes the new answer.
            if existing != nil { try saveMatch(connection, workspaceId: workspaceId, mode: mode, result) }
            if result.isMatched { counts.matched += 1 } else { counts.unmatched += 1 }
        }
        return counts
    }

    /// The standing links and rejected pairs of just these Stripe customers (a page's worth), for the matcher.
    func decisions(workspaceId: String, mode: String, stripeIds: [String]) throws -> MatchDecisions {
        guard !stripeIds.isEmpty else { return .none }
        let placeholders = Array(repeating: "?", count: stripeIds.count).joined(separator: ", ")
        let scope: [any SQLBindable] = [workspaceId, mode] + stripeIds.map { $0 as any SQLBindable }
        return try database.read { connection in
            // No `veles_customer_id IS NOT NULL` here: SQLite would then walk the by-Veles index over every linked row
            // of the workspace for each page; by primary key it reads just these rows, and `standingLink` skips the
            // unlinked ones.
            let links = try connection.query("""
                SELECT stripe_id, veles_customer_id, match_method FROM stripe_customers
                WHERE workspace_id = ? AND mode = ? AND stripe_id IN (\(placeholders))
                """, scope).compactMap(Self.standingLink)
            let rejected = try connection.query("""
                SELECT stripe_id, veles_customer_id FROM rejected_pairs
                WHERE workspace_id = ? AND mode = ? AND stripe_id IN (\(placeholders))
                """, scope).compactMap(Self.rejectedPair)
            return MatchDecisions(links: links, rejectedPairs: rejected)
        }
    }

    static func standingLink(_ row: Row) -> StandingLink? {
        guard let stripeId = row.string("stripe_id"), let velesId = row.string("veles_customer_id") else { return nil }
        let method = row.string("match_method").flatMap(MatchMethod.init(rawValue:)) ?? .manual
        return StandingLink(stripeCustomerID: stripeId, velesCustomerID: velesId, method: method)
    }

    static func rejectedPair(_ row: Row) -> RejectedPair? {
        guard let stripeId = row.string("stripe_id"), let velesId = row.string("veles_customer_id") else { return nil }
        return RejectedPair(stripeCustomerID: stripeId, velesCustomerID: velesId)
    }
}
