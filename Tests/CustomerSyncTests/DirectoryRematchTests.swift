@testable import CustomerSync
import CustomerMatching
import Foundation
import Store
import SyncEngine
import Testing
import TestSupport

/// Veles directory changes against a real store holding a mirror of Stripe customers: which of the unmatched ones the
/// change links, unlinks or leaves alone.
@Suite("Re-matching the stored mirror after Veles directory changes")
struct DirectoryRematchTests {
    let workspace = "ws_rematch"
    let mode = "test"

    private func openReview() throws -> (CustomerReview, CustomerStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory(prefix: "customer-rematch")
        let store = try CustomerStore.open(path: folder.appending("customers.sqlite").path, resolver: MatchingFixture.resolver)
        try store.setWorkspaceMode(workspaceId: workspace, mode: mode, accountId: "acct_rematch")
        let review = CustomerReview(store: store)
        return (review, store, folder)
    }

    /// Seeds the mirror directly, as a sync would leave it: every customer stored not matched.
    private func seed(_ store: CustomerStore, _ customers: [MirroredCustomer]) throws {
        let results = customers.map { MatchResult(stripeCustomerID: $0.stripeId, outcome: .noCandidate) }
        _ = try store.database.write { connection in
            try store.store(customers, results: results, connection: connection, workspaceId: workspace, mode: mode,
                            seenRun: "run_seed")
        }
    }

    /// The most parameters one statement of the linked SQLite takes: 32,766 upstream, more in some distributions
    /// builds (Debian's allows 250,000).
    private func boundParameterLimit(_ store: CustomerStore) throws -> Int {
        let option = try store.database.queryOne("""
            SELECT compile_options AS option FROM pragma_compile_options WHERE compile_options LIKE 'MAX_VARIABLE_NUMBER=%'
            """)?.string("option")
        return option.flatMap { Int($0.split(separator: "=").last ?? "") } ?? 32_766
    }

    /// Customers with neither name nor email (nothing to match on), inserted by one statement so that even a quarter
    /// of a million of them take a moment.
    private func seedKeyless(_ store: CustomerStore, count: Int) throws {
        try store.database.execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO stripe_customers (workspace_id, mode, stripe_id, created, synced_at_ms, seen_run)
            SELECT ?, ?, 'cus_keyless' || i, 1000 + i, 0, 'run_seed' FROM n
            """, count, workspace, mode)
    }

    @Test("a Veles upsert re-matches more unmatched Stripe customers than SQLite takes parameters in one statement")
    func upsertRematchesBeyondTheParameterLimit() throws {
        let (review, store, folder) = try openReview()
        let fillerCount = max(33_000, try boundParameterLimit(store) + 1_000)
        try seedKeyless(store, count: fillerCount)
        let filler = (0..<200).map { index in
            MirroredCustomer(stripeId: "cus_fill\(index)", name: "Shop \(index)", email: "shop\(index)@gmail.com",
                             created: Int64(index))
        }
        let targets = [
            MirroredCustomer(stripeId: "cus_by_email", name: "Somebody", email: "AP@newco-robotics.com", created: 1),
            MirroredCustomer(stripeId: "cus_by_domain", name: "Somebody Else", email: "x@billing.newco-robotics.com",
                             created: 2),
            MirroredCustomer(stripeId: "cus_by_name", name: "NEWCO ROBOTICS GMBH", email: "n@gmail.com", created: 3),
        ]
        try seed(store, filler + targets)

        let newco = VelesCustomer(id: "vc_newco", name: "Newco Robotics", domains: ["newco-robotics.com"],
                                  contactEmails: ["ap@newco-robotics.com"])
        let linked = try review.upsertVelesCustomers(workspaceId: workspace, [newco])
        #expect(linked == 3)
        let expected: [String: MatchMethod] = ["cus_by_email": .email, "cus_by_domain": .domain, "cus_by_name": .name]
        for (stripeId, method) in expected {
            let stored = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: stripeId))
            #expect(stored.velesCustomerId == "vc_newco" && stored.matchMethod == method, "\(stripeId)")
        }
        let summary = try store.summary(workspaceId: workspace, mode: mode)
        #expect(summary.matched == 3 && summary.notMatched == fillerCount + filler.count)
        withExtendedLifetime(folder) {}
    }

    @Test("deleting a Veles customer re-matches the Stripe customers it was linked to, and settles an ambiguity")
    func deletionRematchesUnlinkedAndAmbiguous() throws {
        let (review, store, folder) = try openReview()
        try review.upsertVelesCustomers(workspaceId: workspace, [
            VelesCustomer(id: "vc_old", name: "Old Owner", contactEmails: ["ap@initrode.com"]),
            VelesCustomer(id: "vc_initrode", name: "Initrode", domains: ["initrode.com"]),
            VelesCustomer(id: "vc_globex_1", name: "Globex"),
            VelesCustomer(id: "vc_globex_2", name: "Globex Corporation"),
        ])
        let stripe = [
            MirroredCustomer(stripeId: "cus_ap", name: "Accounts", email: "ap@initrode.com", created: 1),
            MirroredCustomer(stripeId: "cus_globex", name: "GLOBEX INC", created: 2),
        ]
        let keys = stripe.map { MatchKeys(of: $0.snapshot, resolver: store.resolver) }
        _ = try store.database.write { connection in
            try store.matchAndStore(stripe, keys: keys, connection: connection, workspaceId: workspace, mode: mode,
                                    seenRun: "run_1")
        }
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_ap")?.velesCustomerId == "vc_old")
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_globex")?.ambiguousRule == .name)

        #expect(try review.deleteVelesCustomers(workspaceId: workspace, ids: ["vc_old", "vc_globex_1", "vc_nope"])
                    == ["vc_old", "vc_globex_1"])
        let ap = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_ap"))
        #expect(ap.velesCustomerId == "vc_initrode" && ap.matchMethod == .domain)
        let globex = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_globex"))
        #expect(globex.velesCustomerId == "vc_globex_2" && globex.matchMethod == .name)
        withExtendedLifetime(folder) {}
    }

    @Test("an upsert leaves linked customers alone and re-matches only unmatched ones carrying a touched key")
    func upsertTouchesOnlyUnmatchedCarriers() throws {
        let (review, store, folder) = try openReview()
        try review.upsertVelesCustomers(workspaceId: workspace, [VelesCustomer(id: "vc_hooli", name: "Hooli")])
        let stripe = [
            MirroredCustomer(stripeId: "cus_linked", name: "Hooli", email: "gavin@hooli.xyz", created: 1),
            MirroredCustomer(stripeId: "cus_waiting", name: "Nobody Yet", email: "richard@hooli.xyz", created: 2),
            MirroredCustomer(stripeId: "cus_elsewhere", name: "Pied Piper", email: "x@piedpiper.com", created: 3),
        ]
        let keys = stripe.map { MatchKeys(of: $0.snapshot, resolver: store.resolver) }
        _ = try store.database.write { connection in
            try store.matchAndStore(stripe, keys: keys, connection: connection, workspaceId: workspace, mode: mode,
                                    seenRun: "run_1")
        }
        // The same record again touches nothing.
        #expect(try review.upsertVelesCustomers(workspaceId: workspace, [VelesCustomer(id: "vc_hooli", name: "Hooli")]) == 0)
        // A second company on the domain: the linked customer keeps its link, the waiting one finds two candidates.
        #expect(try review.upsertVelesCustomers(workspaceId: workspace, [
            VelesCustomer(id: "vc_hooli", name: "Hooli", domains: ["hooli.xyz"]),
            VelesCustomer(id: "vc_hooli_xyz", name: "Hooli XYZ", domains: ["hooli.xyz"]),
        ]) == 0)
        let linked = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_linked"))
        #expect(linked.velesCustomerId == "vc_hooli" && linked.matchMethod == .name)
        let waiting = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_waiting"))
        #expect(waiting.velesCustomerId == nil && waiting.ambiguousRule == .domain
                    && waiting.candidates == ["vc_hooli", "vc_hooli_xyz"])
        // The second company moves to its own domain: the waiting customer now has one candidate.
        #expect(try review.upsertVelesCustomers(workspaceId: workspace, [
            VelesCustomer(id: "vc_hooli_xyz", name: "Hooli XYZ", domains: ["hooli-xyz.com"]),
        ]) == 1)
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_waiting")?.velesCustomerId == "vc_hooli")
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_elsewhere")?.velesCustomerId == nil)
        withExtendedLifetime(folder) {}
    }

    @Test("a store written before match keys were kept gets them when it opens, and re-matches like a new one")
    func olderStoreIsBackfilled() throws {
        let folder = try TemporaryDirectory(prefix: "customer-backfill")
        let path = folder.appending("customers.sqlite").path
        do {
            // The schema as it was before migration 2, with rows written by that version.
            let old = try Database(path: path, migrations: CustomerSchema.migrations.filter { $0.version < 2 || $0.version >= 100 })
            try old.execute("""
                INSERT INTO veles_customers (workspace_id, id, name, domains, contact_emails, updated_at_ms)
                VALUES (?, 'vc_acme', 'Acme Incorporated', '["acme.co.uk"]', '[]', 0)
                """, workspace)
            for (id, name, email) in [("cus_acme", "ACME, Inc.", "x@gmail.com"), ("cus_later", "Someone", "ap@initrode.com")] {
                try old.execute("""
                    INSERT INTO stripe_customers (workspace_id, mode, stripe_id, name, email, synced_at_ms) VALUES (?, ?, ?, ?, ?, 0)
                    """, workspace, mode, id, name, email)
            }
            try old.execute("INSERT INTO workspace_modes (workspace_id, mode, account_id, updated_at_ms) VALUES (?, ?, 'acct', 0)",
                            workspace, mode)
        }
        let store = try CustomerStore.open(path: path, resolver: MatchingFixture.resolver)
        #expect(try store.database.queryOne("SELECT COUNT(*) AS n FROM match_keys_backfill")?.int("n") == 0)
        let acme = MirroredCustomer(stripeId: "cus_new", name: "Acme Inc", created: 5)
        _ = try store.database.write { connection in
            try store.matchAndStore([acme], keys: [MatchKeys(of: acme.snapshot, resolver: store.resolver)],
                                    connection: connection, workspaceId: workspace, mode: mode, seenRun: nil)
        }
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_new")?.velesCustomerId == "vc_acme")
        let review = CustomerReview(store: store)
        #expect(try review.upsertVelesCustomers(workspaceId: workspace, [
            VelesCustomer(id: "vc_initrode", name: "Initrode", domains: ["initrode.com"]),
            VelesCustomer(id: "vc_acme", name: "Acme Incorporated", domains: ["acme.co.uk", "acme.com"]),
        ]) == 2)
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_later")?.matchMethod == .domain)
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_acme")?.matchMethod == .name)
        withExtendedLifetime(folder) {}
    }

    @Test("a store whose Veles keys sat only in the lookup table carries them on each row after the upgrade")
    func keysMoveOntoVelesRows() throws {
        let folder = try TemporaryDirectory(prefix: "customer-keys-upgrade")
        let path = folder.appending("customers.sqlite").path
        do {
            // Before migration 3 the keys were written to veles_match_keys alone.
            let old = try Database(path: path, migrations: CustomerSchema.migrations.filter { $0.version != 3 })
            try old.execute("""
                INSERT INTO veles_customers (workspace_id, id, name, domains, contact_emails, updated_at_ms)
                VALUES (?, 'vc_acme', 'Acme Incorporated', '["acme.co.uk"]', '[]', 0)
                """, workspace)
            for key in ["n:acme", "d:acme.co.uk"] {
                try old.execute("INSERT INTO veles_match_keys (workspace_id, key, veles_customer_id) VALUES (?, ?, 'vc_acme')",
                                workspace, key)
            }
        }
        let store = try CustomerStore.open(path: path, resolver: MatchingFixture.resolver)
        let keysOf = { (id: String) in
            try store.database.query("SELECT key FROM veles_match_keys WHERE workspace_id = ? AND veles_customer_id = ? ORDER BY key",
                                     self.workspace, id).compactMap { $0.string("key") }
        }
        #expect(try store.database.queryOne("SELECT match_keys FROM veles_customers WHERE id = 'vc_acme'")?.string("match_keys")
                    == #"["d:acme.co.uk","n:acme"]"#)
        // The same record again touches nothing; a rename replaces exactly the name key.
        #expect(try store.upsertVelesCustomers(workspaceId: workspace, [
            VelesCustomer(id: "vc_acme", name: "Acme Incorporated", domains: ["acme.co.uk"]),
        ]).touchedKeys.isEmpty)
        let renamed = try store.upsertVelesCustomers(workspaceId: workspace, [
            VelesCustomer(id: "vc_acme", name: "Acme Widgets", domains: ["acme.co.uk"]),
        ])
        #expect(renamed.touchedKeys == ["d:acme.co.uk", "n:acme", "n:acme widgets"])
        #expect(try keysOf("vc_acme") == ["d:acme.co.uk", "n:acme widgets"])
        _ = try store.deleteVelesCustomers(workspaceId: workspace, ids: ["vc_acme"])
        #expect(try keysOf("vc_acme").isEmpty)
        withExtendedLifetime(folder) {}
    }
}
