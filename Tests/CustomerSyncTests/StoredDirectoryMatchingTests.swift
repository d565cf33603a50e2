@testable import CustomerSync
import CustomerMatching
import Foundation
import Store
import SyncEngine
import Testing
import TestSupport

/// The matcher reading the directory from customer-sync's store (the keys of a batch looked up in SQLite) must answer
/// exactly as it does over the whole directory in memory.
@Suite("Matching over the stored directory")
struct StoredDirectoryMatchingTests {
    static let workspace = "ws_stored_directory"

    /// One store holding the matching table's directory, shared by the table's cases (reads only).
    static let tableStore: (store: CustomerStore, folder: TemporaryDirectory) = {
        let folder = try! TemporaryDirectory(prefix: "stored-directory")
        let store = try! CustomerStore.open(path: folder.appending("customers.sqlite").path, resolver: MatchingFixture.resolver)
        _ = try! store.upsertVelesCustomers(workspaceId: workspace, MatchingFixture.directory)
        return (store, folder)
    }()

    @Test("each table case gives the same answer over the stored directory", arguments: matchingTable)
    func tableCaseOverStoredDirectory(_ row: MatchCase) throws {
        let store = Self.tableStore.store
        let keys = MatchKeys(of: row.customer, resolver: store.resolver)
        let excerpt = try store.database.read { connection in
            try store.directoryExcerpt(connection, workspaceId: Self.workspace, keys: [keys],
                                       naming: row.decisions.links.values.map(\.velesCustomerID))
        }
        let result = CustomerMatcher.match(row.customer, keys: keys, in: excerpt, decisions: row.decisions)
        #expect(result.outcome == row.expected, "\(row.title)")
    }

    @Test("each table case gives the same answer matched rule by rule", arguments: matchingTable)
    func tableCaseRuleByRule(_ row: MatchCase) throws {
        let store = Self.tableStore.store
        let customer = MirroredCustomer(stripeId: row.customer.id, name: row.customer.name, email: row.customer.email,
                                        metadata: row.customer.metadata, deleted: row.customer.isDeleted)
        let keys = MatchKeys(of: customer.snapshot, resolver: store.resolver)
        let results = try store.database.read { connection in
            try store.matchRuleByRule([customer], keys: [keys], connection: connection, workspaceId: Self.workspace,
                                      decisions: row.decisions)
        }
        #expect(results.map(\.outcome) == [row.expected], "\(row.title)")
    }

    @Test("the whole table matched as one batch, rule by rule, answers as each case alone")
    func wholeTableAsOneBatch() throws {
        let store = Self.tableStore.store
        // Every case under its own Stripe id, its links and rejections moved with it, so cases settled by different
        // rules share the batch's lookups.
        var links: [StandingLink] = []
        var rejected: [RejectedPair] = []
        let customers = matchingTable.enumerated().map { position, row in
            let id = "cus_table_\(position)"
            links += row.decisions.links.values.map { StandingLink(stripeCustomerID: id, velesCustomerID: $0.velesCustomerID,
                                                                   method: $0.method) }
            rejected += row.decisions.rejectedVelesIDs(for: MatchCase.stripeID).map {
                RejectedPair(stripeCustomerID: id, velesCustomerID: $0)
            }
            return MirroredCustomer(stripeId: id, name: row.customer.name, email: row.customer.email,
                                    metadata: row.customer.metadata, deleted: row.customer.isDeleted)
        }
        let keys = customers.map { MatchKeys(of: $0.snapshot, resolver: store.resolver) }
        let results = try store.database.read { connection in
            try store.matchRuleByRule(customers, keys: keys, connection: connection, workspaceId: Self.workspace,
                                      decisions: MatchDecisions(links: links, rejectedPairs: rejected))
        }
        #expect(results.map(\.stripeCustomerID) == customers.map(\.stripeId))
        for (row, result) in zip(matchingTable, results) {
            #expect(result.outcome == row.expected, "\(row.title)")
        }
        #expect(matchingTable.count >= 40)
    }

    @Test("another workspace's directory is never a candidate")
    func otherWorkspaceIsInvisible() throws {
        let store = Self.tableStore.store
        let customer = StripeCustomerSnapshot(id: "cus_x", name: "Hooli", email: "gavin@hooli.xyz",
                                              metadata: ["veles_customer_id": "vc_pied"])
        let keys = MatchKeys(of: customer, resolver: store.resolver)
        let excerpt = try store.database.read { connection in
            try store.directoryExcerpt(connection, workspaceId: "ws_other", keys: [keys], naming: ["vc_hooli"])
        }
        #expect(CustomerMatcher.match(customer, keys: keys, in: excerpt, decisions: .none).outcome == .noCandidate)
        #expect(!excerpt.contains(id: "vc_hooli") && !excerpt.contains(id: "vc_pied"))
    }

    @Test("when a batch names a Veles customer twice the later record wins, keys included")
    func duplicateInBatchLaterWins() throws {
        let folder = try TemporaryDirectory(prefix: "stored-duplicate")
        let store = try CustomerStore.open(path: folder.appending("customers.sqlite").path, resolver: MatchingFixture.resolver)
        _ = try store.upsertVelesCustomers(workspaceId: Self.workspace, [
            VelesCustomer(id: "vc_dup", name: "Old Name", domains: ["old.example.com"]),
            VelesCustomer(id: "vc_dup", name: "New Name GmbH"),
        ])
        #expect(try store.velesCustomer(workspaceId: Self.workspace, id: "vc_dup")?.name == "New Name GmbH")
        let customers = [StripeCustomerSnapshot(id: "cus_new", name: "new name"),
                         StripeCustomerSnapshot(id: "cus_old", name: "Old Name", email: "a@old.example.com")]
        let keys = customers.map { MatchKeys(of: $0, resolver: store.resolver) }
        let excerpt = try store.database.read { connection in
            try store.directoryExcerpt(connection, workspaceId: Self.workspace, keys: keys, naming: [])
        }
        #expect(CustomerMatcher.match(customers[0], keys: keys[0], in: excerpt, decisions: .none).velesCustomerID == "vc_dup")
        #expect(CustomerMatcher.match(customers[1], keys: keys[1], in: excerpt, decisions: .none).outcome == .noCandidate)
        withExtendedLifetime(folder) {}
    }

    @Test("the demo dataset stored page by page ends exactly as the in-memory matcher answers")
    func datasetThroughTheStore() throws {
        let dataset = try DemoDataset.committed("small")
        let folder = try TemporaryDirectory(prefix: "stored-dataset")
        let store = try CustomerStore.open(path: folder.appending("customers.sqlite").path, resolver: MatchingFixture.resolver)
        for start in stride(from: 0, to: dataset.velesCustomers.count, by: 250) {
            let batch = Array(dataset.velesCustomers[start..<min(start + 250, dataset.velesCustomers.count)])
            _ = try store.upsertVelesCustomers(workspaceId: Self.workspace, batch)
        }
        let index = VelesCustomerIndex(customers: dataset.velesCustomers, resolver: MatchingFixture.resolver)
        let expected = CustomerMatcher.matchAll(dataset.stripeCustomers, in: index, decisions: .none)
        let mirrored = dataset.stripeCustomers.map { snapshot in
            MirroredCustomer(stripeId: snapshot.id, name: snapshot.name, email: snapshot.email, metadata: snapshot.metadata,
                             deleted: snapshot.isDeleted)
        }
        var counts = SyncCounts()
        for start in stride(from: 0, to: mirrored.count, by: 100) {
            let page = Array(mirrored[start..<min(start + 100, mirrored.count)])
            let keys = page.map { MatchKeys(of: $0.snapshot, resolver: store.resolver) }
            let pageCounts = try store.database.write { connection in
                try store.matchAndStore(page, keys: keys, connection: connection, workspaceId: Self.workspace, mode: "test",
                                        seenRun: "run_1")
            }
            counts.matched += pageCounts.matched
            counts.unmatched += pageCounts.unmatched
        }
        #expect(counts.matched == expected.filter(\.isMatched).count)
        #expect(counts.unmatched == expected.filter { !$0.isMatched && $0.outcome != .deletedInStripe }.count)
        var differences: [String] = []
        for result in expected {
            let stored = try #require(try store.mirrored(workspaceId: Self.workspace, mode: "test", stripeId: result.stripeCustomerID))
            let same = stored.velesCustomerId == result.velesCustomerID
                && (stored.velesCustomerId == nil ? stored.ambiguousRule : stored.matchMethod) == result.method
                && stored.candidates == result.candidates
            if !same, !stored.deleted {
                differences.append("\(result.stripeCustomerID): stored \(stored.velesCustomerId ?? "-")/\(stored.matchMethod?.rawValue ?? stored.ambiguousRule?.rawValue ?? "-") \(stored.candidates), expected \(result.outcome)")
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differ:\n\(differences.prefix(20).joined(separator: "\n"))")
        withExtendedLifetime(folder) {}
    }
}
