@testable import CustomerSync
import CustomerMatching
import Foundation
import Store
import SyncEngine
import Testing
import TestSupport

@Suite("Storing pages of Stripe customers in the mirror")
struct CustomerStoreTests {
    let workspace = "ws_store"
    let mode = "test"

    private func openStore() throws -> (CustomerStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory(prefix: "customer-store")
        return (try CustomerStore.open(path: folder.appending("customers.sqlite").path, resolver: MatchingFixture.resolver), folder)
    }

    private func store(_ store: CustomerStore, _ customers: [MirroredCustomer], _ results: [MatchResult]) throws -> SyncCounts {
        try store.database.write { connection in
            try store.store(customers, results: results, connection: connection, workspaceId: workspace, mode: mode,
                            seenRun: "run_1")
        }
    }

    @Test("JSON columns read back exactly what was written, whatever the characters")
    func jsonColumnsRoundTrip() {
        let awkward = ["", "plain", "quote \" and \\ backslash", "a/b", "line\nbreak\ttab\r", "bell \u{07} nul \u{00}",
                       "Café Müller", "日本語", "emoji 🧾", "\u{08}\u{0C}\u{1F}"]
        #expect(JSONColumn.list(JSONColumn.encode(awkward)) == awkward)
        let map = Dictionary(uniqueKeysWithValues: awkward.enumerated().map { ("k\($0.offset)\($0.element)", $0.element) })
        #expect(JSONColumn.map(JSONColumn.encode(map)) == map)
        #expect(JSONColumn.encode([String]()) == "[]")
        #expect(JSONColumn.encode([String: String]()) == "{}")
        #expect(JSONColumn.list("not json") == [])
        #expect(JSONColumn.map(nil) == [:])
    }

    @Test("lists of printable text are written as JSONEncoder writes them")
    func jsonColumnsMatchJSONEncoder() throws {
        let list = ["cus_1", "a/b", "quote \"", "back\\slash", "Café", "line\nbreak", "tab\t"]
        #expect(JSONColumn.encode(list) == String(decoding: try JSONEncoder().encode(list), as: UTF8.self))
    }

    @Test("equal metadata maps always give equal text, whatever the insertion order")
    func mapTextIsCanonical() {
        var first: [String: String] = [:]
        var second: [String: String] = [:]
        for key in (0..<50).map({ "key\($0)" }) { first[key] = key.uppercased() }
        for key in (0..<50).map({ "key\($0)" }).reversed() { second[key] = key.uppercased() }
        #expect(JSONColumn.encode(first) == JSONColumn.encode(second))
    }

    @Test("a batch of several pages of new customers, one named twice, is stored whole")
    func largeBatchWithARepeat() throws {
        let (store, folder) = try openStore()
        let count = 207
        var customers = (0..<count).map { MirroredCustomer(stripeId: "cus_\($0)", name: "Shop \($0)", email: "s\($0)@shop.io",
                                                            created: Int64($0)) }
        var results = customers.map { customer in
            customer.stripeId.hasSuffix("3")
                ? MatchResult(stripeCustomerID: customer.stripeId,
                              outcome: .linked(velesCustomerID: "vc_\(customer.stripeId)", method: .email, isStanding: false))
                : MatchResult(stripeCustomerID: customer.stripeId, outcome: .noCandidate)
        }
        // The repeat, well after the first: it is compared with the row the batch has just written.
        var renamed = customers[1]
        renamed.name = "Shop one, renamed"
        customers.insert(renamed, at: 103)
        results.insert(MatchResult(stripeCustomerID: renamed.stripeId, outcome: .noCandidate), at: 103)
        let matched = results.filter(\.isMatched).count
        #expect(try self.store(store, customers, results)
                == SyncCounts(created: count, updated: 1, matched: matched, unmatched: count + 1 - matched))
        for position in [0, 1, 3, 100, count - 1] {
            let stored = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_\(position)"))
            #expect(stored.name == (position == 1 ? "Shop one, renamed" : "Shop \(position)"))
            #expect(stored.velesCustomerId == (position % 10 == 3 ? "vc_cus_\(position)" : nil))
        }
        // The unmatched ones are filed for re-matching by their keys, as a single insert files them.
        let unmatched = try store.unmatchedStripeIds(workspaceId: workspace, mode: mode, touching: ["e:s0@shop.io", "e:s3@shop.io"])
        #expect(unmatched == ["cus_0"])
        withExtendedLifetime(folder) {}
    }

    @Test("a new page is created with its match state; the same page again changes nothing")
    func newThenUnchanged() throws {
        let (store, folder) = try openStore()
        let customers = [
            MirroredCustomer(stripeId: "cus_a", name: "Acme", email: "ap@acme.com", metadata: ["plan": "gold", "x/y": "1"],
                             created: 10),
            MirroredCustomer(stripeId: "cus_b", name: "Globex", email: "b@globex.com", created: 11),
            MirroredCustomer(stripeId: "cus_c", name: "Nobody", created: 12),
        ]
        let results = [
            MatchResult(stripeCustomerID: "cus_a", outcome: .linked(velesCustomerID: "vc_acme", method: .email, isStanding: false)),
            MatchResult(stripeCustomerID: "cus_b", outcome: .ambiguous(rule: .name, candidates: ["vc_g1", "vc_g2"])),
            MatchResult(stripeCustomerID: "cus_c", outcome: .noCandidate),
        ]
        #expect(try self.store(store, customers, results) == SyncCounts(created: 3, matched: 1, unmatched: 2))
        let acme = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_a"))
        #expect(acme.velesCustomerId == "vc_acme" && acme.matchMethod == .email && acme.candidates == ["vc_acme"])
        #expect(acme.matchedAtMs != nil && acme.metadata == ["plan": "gold", "x/y": "1"])
        let globex = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_b"))
        #expect(globex.velesCustomerId == nil && globex.ambiguousRule == .name && globex.candidates == ["vc_g1", "vc_g2"])
        let nobody = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_c"))
        #expect(nobody.velesCustomerId == nil && nobody.ambiguousRule == nil && nobody.candidates.isEmpty)

        #expect(try self.store(store, customers, results) == SyncCounts(matched: 1, unmatched: 2))
        withExtendedLifetime(folder) {}
    }

    @Test("changed metadata counts as updated; a link stands; a deletion is counted once and flags the link")
    func updatesAndDeletions() throws {
        let (store, folder) = try openStore()
        let linked = MatchResult(stripeCustomerID: "cus_a", outcome: .linked(velesCustomerID: "vc_acme", method: .email, isStanding: false))
        var acme = MirroredCustomer(stripeId: "cus_a", name: "Acme", email: "ap@acme.com", metadata: ["plan": "gold"], created: 10)
        _ = try self.store(store, [acme], [linked])

        acme.metadata["plan"] = "silver"
        let standing = MatchResult(stripeCustomerID: "cus_a", outcome: .linked(velesCustomerID: "vc_acme", method: .email, isStanding: true))
        #expect(try self.store(store, [acme], [standing]) == SyncCounts(updated: 1, matched: 1))
        #expect(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_a")?.metadata == ["plan": "silver"])

        let gone = MirroredCustomer(stripeId: "cus_a", deleted: true)
        let deletedResult = MatchResult(stripeCustomerID: "cus_a", outcome: .deletedInStripe)
        #expect(try self.store(store, [gone], [deletedResult]).deleted == 1)
        #expect(try self.store(store, [gone], [deletedResult]).deleted == 0)
        let stored = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_a"))
        #expect(stored.deleted && stored.velesCustomerId == "vc_acme" && stored.linkFlag == "deleted_in_stripe")

        let newDeleted = MirroredCustomer(stripeId: "cus_new_gone", deleted: true)
        let result = MatchResult(stripeCustomerID: "cus_new_gone", outcome: .deletedInStripe)
        #expect(try self.store(store, [newDeleted], [result]) == SyncCounts(created: 1, deleted: 1))
        withExtendedLifetime(folder) {}
    }
}
