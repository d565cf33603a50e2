import CustomerMatching
import Foundation
import Store
import SyncEngine

/// Every read and write customer-sync makes to its SQLite file; every query is scoped by workspace (and mode for the
/// Stripe mirror). Lists of ids or keys go to SQLite as one JSON text read by `json_each`, so a statement takes any
/// number of them (bound parameters are limited, 32,766 in SQLite's default build) and stays one cached statement.
struct CustomerStore: Sendable {
    let database: Database
    /// Reduces domains for the match keys the store keeps.
    let resolver: RegistrableDomainResolver
    let now: @Sendable () -> Int64

    init(database: Database, resolver: RegistrableDomainResolver,
         now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.database = database
        self.resolver = resolver
        self.now = now
    }

    /// Opens the file, migrating it, and computes the match keys of rows stored before keys were kept.
    static func open(path: String, resolver: RegistrableDomainResolver) throws -> CustomerStore {
        let store = CustomerStore(database: try Database(path: path, migrations: CustomerSchema.migrations), resolver: resolver)
        // Each page of a full sync touches index pages all over the file. Checkpointing every 10,000 WAL pages (about
        // 40 MB of log) rather than SQLite's 1,000 writes a hot page back once per many commits instead of once per few,
        // and syncs the file a tenth as often.
        // A statement that may stop halfway keeps a journal of the pages it changes, so it can be undone alone; on
        // disk, that journal doubled a full sync's write calls. In memory (with the temporary tables of a sort) it
        // holds the pages of one statement.
        // The page cache is a fixed 8 MiB (SQLite's default is 2): it keeps the upper levels of the directory's key
        // index and of the mirror's indexes, which every page of a sync walks, and halves the file reads. It is the
        // same size whatever the number of customers, so the process stays flat.
        try store.database.read {
            try $0.executeScript("PRAGMA wal_autocheckpoint = 10000; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8192")
        }
        try store.backfillMatchKeys()
        return store
    }

    // MARK: Veles directory

    /// What a change of the Veles directory did: the keys it touched (old and new values of every changed customer,
    /// and the ids of added ones, as `MatchKeyText`) and the Stripe customers whose link it dropped.
    struct DirectoryChange: Sendable {
        var touchedKeys: Set<String> = []
        var unlinkedStripeIds: [String] = []
    }

    /// Stores a batch of Veles customers and their match keys in one transaction. A customer stored again with the
    /// same keys touches nothing: no rule can answer differently for it.
    func upsertVelesCustomers(workspaceId: String, _ customers: [VelesCustomer]) throws -> DirectoryChange {
        let timestamp = now()
        let keyColumns = customers.map { Self.keyColumn(VelesMatchKeys(of: $0, resolver: resolver)) }
        return try database.write { connection in
            var storedKeys = try self.storedKeys(connection, workspaceId: workspaceId, velesIds: customers.map(\.id))
            var change = DirectoryChange()
            for (customer, keyColumn) in zip(customers, keyColumns) {
                let oldColumn = storedKeys[customer.id]
                // A batch naming a customer twice: the second record starts from the first one's keys.
                storedKeys[customer.id] = keyColumn
                try connection.execute("""
                    INSERT INTO veles_customers (workspace_id, id, name, domains, contact_emails, billing_email, updated_at_ms,
                        match_keys)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, domains = excluded.domains,
                        contact_emails = excluded.contact_emails, billing_email = excluded.billing_email,
                        updated_at_ms = excluded.updated_at_ms, match_keys = excluded.match_keys
                    """, workspaceId, customer.id, customer.name, JSONColumn.encode(customer.domains),
                    JSONColumn.encode(customer.contactEmails), customer.billingEmail, timestamp, keyColumn)
                if oldColumn == nil { change.touchedKeys.insert(MatchKeyText.encode(DirectoryKey(.metadata, customer.id))) }
                guard oldColumn != keyColumn else { continue }
                change.touchedKeys.formUnion(JSONColumn.list(oldColumn))
                change.touchedKeys.formUnion(JSONColumn.list(keyColumn))
            }
            return change
        }
    }

    /// Deletes Veles customers (their keys go with them); links to them are dropped (the Stripe customers become not
    /// matched) in the same transaction. Returns the ids that existed and what the change did.
    func deleteVelesCustomers(workspaceId: String, ids: [String]) throws -> (removed: [String], change: DirectoryChange) {
        try database.write { connection in
            let storedKeys = try self.storedKeys(connection, workspaceId: workspaceId, velesIds: ids)
            var removed: [String] = []
            var change = DirectoryChange()
            for id in ids {
                try connection.execute("DELETE FROM veles_customers WHERE workspace_id = ? AND id = ?", workspaceId, id)
                guard connection.changes == 1 else { continue }
                removed.append(id)
                change.touchedKeys.formUnion(JSONColumn.list(storedKeys[id]))
                change.touchedKeys.insert(MatchKeyText.encode(DirectoryKey(.metadata, id)))
                change.unlinkedStripeIds += try connection.query(
                    "SELECT stripe_id FROM stripe_customers WHERE workspace_id = ? AND veles_customer_id = ?", workspaceId, id)
                    .compactMap { $0.string("stripe_id") }
                try connection.execute("""
                    UPDATE stripe_customers SET veles_customer_id = NULL, match_method = NULL, matched_at_ms = NULL,
                        candidates = '[]', ambiguous_rule = NULL, link_flag = ''
                    WHERE workspace_id = ? AND veles_customer_id = ?
                    """, workspaceId, id)
            }
            return (removed, change)
        }
    }

    /// The `match_keys` column of those of these Veles customers that exist, by id.
    private func storedKeys(_ connection: Connection, workspaceId: String, velesIds: [String]) throws -> [String: String] {
        var keys: [String: String] = [:]
        for row in try connection.query("""
            SELECT id, match_keys FROM veles_customers WHERE workspace_id = ? AND id IN (SELECT value FROM json_each(?))
            """, workspaceId, JSONColumn.encode(velesIds)) {
            if let id = row.string("id") { keys[id] = row.string("match_keys") ?? "[]" }
        }
        return keys
    }

    /// A Veles customer's keys as its `match_keys` column holds them: sorted, so equal keys give equal text.
    static func keyColumn(_ keys: VelesMatchKeys) -> String {
        JSONColumn.encode(keys.keys.map(MatchKeyText.encode).sorted())
    }

    func velesCustomer(workspaceId: String, id: String) throws -> VelesCustomer? {
        try database.queryOne("SELECT * FROM veles_customers WHERE workspace_id = ? AND id = ?", workspaceId, id)
            .map(Self.velesCustomer)
    }

    /// A page of the directory ordered by id; `after` is the last id of the previous page.
    func listVelesCustomers(workspaceId: String, after: String?, limit: Int) throws -> [VelesCustomer] {
        try database.query("SELECT * FROM veles_customers WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?",
                           workspaceId, after ?? "", limit).map(Self.velesCustomer)
    }

    static func velesCustomer(_ row: Row) -> VelesCustomer {
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
        let (sql, parameters) = Self.listQuery(workspaceId: workspaceId, mode: mode, status: status, search: search,
                                               after: after, limit: limit)
        return try database.read { try $0.query(sql, parameters).map(Self.listed) }
    }

    /// The page `list` gives with `limit` rows (it reads one more, to tell whether more follow), as the bytes of a
    /// `ListStripeCustomersResponse`: the Customers tab's read, encoded from SQLite's memory (`StripeCustomerPageEncoder`).
    func listReply(workspaceId: String, mode: String, status: MirroredCustomer.Status?, search: String,
                   after: (created: Int64, id: String)?, limit: Int) throws -> [UInt8] {
        let (sql, parameters) = Self.listQuery(workspaceId: workspaceId, mode: mode, status: status, search: search,
                                               after: after, limit: limit + 1)
        return try database.read { connection in
            var encoder = StripeCustomerPageEncoder(mode: mode, limit: limit)
            try connection.forEachRow(sql, parameters) { encoder.add($0) }
            return encoder.finish()
        }
    }

    /// The statement both `list` and `listReply` run: keyset paging on the (created, stripe_id) index, filters as asked.
    static func listQuery(workspaceId: String, mode: String, status: MirroredCustomer.Status?, search: String,
                                  after: (created: Int64, id: String)?, limit: Int) -> (String, [any SQLBindable]) {
        var sql = "SELECT \(Self.mirroredColumns) FROM stripe_customers WHERE workspace_id = ? AND mode = ?"
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
        return (sql, parameters)
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

    /// The columns `mirrored` reads, in the order it reads them: a list page selects only these, so it neither copies
    /// the unused ones (match keys, sync bookkeeping) nor searches past them for each column by name.
    static let mirroredColumns = """
        stripe_id, name, email, description, metadata, created, deleted, veles_customer_id, match_method, matched_at_ms, \
        candidates, ambiguous_rule, link_flag
        """

    static func mirrored(_ row: Row) -> MirroredCustomer {
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

    /// `mirrored` for a row of exactly `mirroredColumns`, read by position: a list page reads 51 rows, and finding
    /// each of 13 columns by name was a third of the page's cost.
    static func listed(_ row: Row) -> MirroredCustomer {
        let values = row.values
        guard values.count == 13 else { return mirrored(row) }
        return MirroredCustomer(
            stripeId: text(values[0]) ?? "", name: text(values[1]), email: text(values[2]),
            description: text(values[3]), metadata: JSONColumn.map(text(values[4])),
            created: integer(values[5]) ?? 0, deleted: (integer(values[6]) ?? 0) != 0,
            velesCustomerId: text(values[7]),
            matchMethod: text(values[8]).flatMap(MatchMethod.init(rawValue:)),
            matchedAtMs: integer(values[9]), candidates: JSONColumn.list(text(values[10])),
            ambiguousRule: text(values[11]).flatMap(MatchMethod.init(rawValue:)),
            linkFlag: text(values[12]) ?? "")
    }

    private static func text(_ value: SQLValue) -> String? {
        switch value {
        case .text(let text): text
        case .null: nil
        default: Row(columns: ["value"], values: [value]).string("value")
        }
    }

    private static func integer(_ value: SQLValue) -> Int64? {
        if case .integer(let number) = value { return number }
        return Row(columns: ["value"], values: [value]).int64("value")
    }
}

