@testable import CustomerSync
import CustomerMatching
import Foundation
import Store
import SyncEngine
import Testing
import TestSupport
import VelesAPI

@Suite("Reading pages of mirrored customers for the Customers tab")
struct CustomerListPageTests {
    let workspace = "ws_list"
    let mode = "test"

    /// Five customers covering every column: metadata, a link, an ambiguous match, none, and one deleted in Stripe.
    private func filledStore() throws -> (CustomerStore, TemporaryDirectory) {
        let folder = try TemporaryDirectory(prefix: "customer-list")
        let store = try CustomerStore.open(path: folder.appending("customers.sqlite").path, resolver: MatchingFixture.resolver)
        let customers = [
            MirroredCustomer(stripeId: "cus_a", name: "Acme \"Q\"", email: "ap@acme.com", description: "first",
                             metadata: ["plan": "gold", "x/y": "1"], created: 30),
            MirroredCustomer(stripeId: "cus_b", name: "Globex", email: "b@globex.com", created: 20),
            MirroredCustomer(stripeId: "cus_c", name: "Nobody", created: 20),
            MirroredCustomer(stripeId: "cus_d", name: "Café Müller", created: 10),
            MirroredCustomer(stripeId: "cus_e", created: 40),
        ]
        let results = [
            MatchResult(stripeCustomerID: "cus_a", outcome: .linked(velesCustomerID: "vc_acme", method: .email, isStanding: false)),
            MatchResult(stripeCustomerID: "cus_b", outcome: .ambiguous(rule: .name, candidates: ["vc_g1", "vc_g2"])),
            MatchResult(stripeCustomerID: "cus_c", outcome: .noCandidate),
            MatchResult(stripeCustomerID: "cus_d", outcome: .noCandidate),
            MatchResult(stripeCustomerID: "cus_e", outcome: .noCandidate),
        ]
        try store.database.write { connection in
            _ = try store.store(customers, results: results, connection: connection, workspaceId: workspace, mode: mode,
                                seenRun: "run_1")
        }
        let gone = MirroredCustomer(stripeId: "cus_e", created: 40, deleted: true)
        try store.database.write { connection in
            _ = try store.store([gone], results: [MatchResult(stripeCustomerID: "cus_e", outcome: .deletedInStripe)],
                                connection: connection, workspaceId: workspace, mode: mode, seenRun: "run_2")
        }
        return (store, folder)
    }

    @Test("the not-matched and deleted review lists read their own index, with no sort, however large the mirror")
    func reviewListsReadTheirOwnIndex() throws {
        let (store, folder) = try filledStore()
        let expected: [(MirroredCustomer.Status?, String)] = [
            (.notMatched, "stripe_customers_not_matched"), (.deleted, "stripe_customers_deleted"), (nil, "stripe_customers_by_created"),
        ]
        for (status, index) in expected {
            for after in [nil, (created: Int64(20), id: "cus_c")] as [(created: Int64, id: String)?] {
                let (sql, parameters) = CustomerStore.listQuery(workspaceId: workspace, mode: mode, status: status, search: "",
                                                                after: after, limit: 50)
                let plan = try store.database.read { try $0.query("EXPLAIN QUERY PLAN " + sql, parameters) }
                    .compactMap { $0.string("detail") }.joined(separator: " | ")
                #expect(plan.contains(index), "\(String(describing: status)): \(plan)")
                #expect(!plan.contains("TEMP B-TREE"), "\(String(describing: status)) sorts its rows: \(plan)")
            }
        }
        let notMatched = try store.list(workspaceId: workspace, mode: mode, status: .notMatched, search: "", after: nil, limit: 10)
        #expect(notMatched.map(\.stripeId) == ["cus_c", "cus_b", "cus_d"])
        let deleted = try store.list(workspaceId: workspace, mode: mode, status: .deleted, search: "", after: nil, limit: 10)
        #expect(deleted.map(\.stripeId) == ["cus_e"])
        withExtendedLifetime(folder) {}
    }

    @Test("a listed row carries every field that reading the customer by id gives")
    func listedRowsEqualRowsReadById() throws {
        let (store, folder) = try filledStore()
        let page = try store.list(workspaceId: workspace, mode: mode, status: nil, search: "", after: nil, limit: 10)
        #expect(page.map(\.stripeId) == ["cus_e", "cus_a", "cus_c", "cus_b", "cus_d"], "newest first, then id descending")
        for listed in page {
            let byId = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: listed.stripeId))
            #expect(listed == byId)
            #expect(listed.metadata == byId.metadata && listed.candidates == byId.candidates
                    && listed.matchedAtMs == byId.matchedAtMs && listed.ambiguousRule == byId.ambiguousRule
                    && listed.linkFlag == byId.linkFlag && listed.deleted == byId.deleted)
        }
        withExtendedLifetime(folder) {}
    }

    @Test("pages follow each other by cursor without a gap or a repeat, also where two rows share a created time")
    func pagesChainByCursor() throws {
        let (store, folder) = try filledStore()
        var seen: [String] = []
        var after: (created: Int64, id: String)?
        for _ in 0..<10 {
            let page = try store.list(workspaceId: workspace, mode: mode, status: nil, search: "", after: after, limit: 2)
            seen += page.map(\.stripeId)
            guard let last = page.last, page.count == 2 else { break }
            after = (last.created, last.stripeId)
        }
        #expect(seen == ["cus_e", "cus_a", "cus_c", "cus_b", "cus_d"])
        let notMatched = try store.list(workspaceId: workspace, mode: mode, status: .notMatched, search: "", after: nil, limit: 10)
        #expect(notMatched.map(\.stripeId) == ["cus_c", "cus_b", "cus_d"])
        let searched = try store.list(workspaceId: workspace, mode: mode, status: nil, search: " CAFÉ ", after: nil, limit: 10)
        #expect(searched.map(\.stripeId) == ["cus_d"])
        withExtendedLifetime(folder) {}
    }

    /// The reply as the handler built it from decoded rows and messages, before it encoded from SQLite's memory.
    private func generatedReply(_ rows: [MirroredCustomer], limit: Int) -> [UInt8] {
        var reply = Veles_Customers_V1_ListStripeCustomersResponse()
        reply.customers = rows.prefix(limit).map { ProtoMapping.proto($0, mode: mode) }
        reply.page.hasMore = rows.count > limit
        if rows.count > limit {
            reply.page.nextCursor = CustomerCursor.encode(created: rows[limit - 1].created, id: rows[limit - 1].stripeId)
        }
        return reply.serializedBytes()
    }

    @Test("a page encoded from SQLite's rows is byte for byte the reply built from messages, whatever the filter",
          arguments: [10, 5, 2, 1])
    func encodedPageEqualsTheGeneratedEncoding(limit: Int) throws {
        let (store, folder) = try filledStore()
        // A negative varint takes ten bytes; escaped candidates take the decoding path; text of several bytes a character.
        try store.database.execute("UPDATE stripe_customers SET matched_at_ms = -5, description = ? WHERE stripe_id = 'cus_a'",
                                   "multi-byte ünïcode 🚀")
        try store.database.execute("UPDATE stripe_customers SET candidates = ? WHERE stripe_id = 'cus_c'",
                                   JSONColumn.encode(["vc/1", "vc \"2\"", "vc_3"]))
        let filters: [(MirroredCustomer.Status?, String, (created: Int64, id: String)?)] = [
            (nil, "", nil), (.notMatched, "", nil), (nil, "globex", nil), (nil, "", (30, "cus_a")), (.deleted, "", nil),
        ]
        for (status, search, after) in filters {
            let rows = try store.list(workspaceId: workspace, mode: mode, status: status, search: search, after: after,
                                      limit: limit + 1)
            let encoded = try store.listReply(workspaceId: workspace, mode: mode, status: status, search: search,
                                              after: after, limit: limit)
            #expect(encoded == generatedReply(rows, limit: limit), "status \(String(describing: status)) search '\(search)'")
            let decoded = try Veles_Customers_V1_ListStripeCustomersResponse(serializedBytes: encoded)
            #expect(decoded.customers.map(\.stripeId) == rows.prefix(limit).map(\.stripeId))
        }
        let escaped = try #require(try store.mirrored(workspaceId: workspace, mode: mode, stripeId: "cus_c"))
        #expect(escaped.candidates == ["vc/1", "vc \"2\"", "vc_3"])
        withExtendedLifetime(folder) {}
    }

    @Test("the candidates column reads as JSONColumn decodes it, in place or not", arguments: [
        "[]", "[\"vc_1\"]", "[\"vc_1\",\"vc 2\",\"Café\"]", "[\"a\\\"b\",\"c\\/d\"]", "[\"\"]", "not json", "[\"a\",]",
        "[\"a\"\"b\"]", "[\"open]",
    ])
    func candidatesColumnItems(text: String) {
        var items: [String] = []
        var copy = text
        copy.withUTF8 { utf8 in
            CandidatesColumn(UnsafeRawBufferPointer(utf8)).forEach { items.append(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(items == JSONColumn.list(text))
    }
}
