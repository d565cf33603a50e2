@testable import CustomerSync
import Foundation
import StripeClient
import Testing
import TestSupport

/// The fast reader of customer list pages gives exactly what `JSONDecoder` gives, and refuses what it does not expect
/// so that the general decoder decides.
@Suite("Reading customer list pages without JSONDecoder", .serialized)
struct CustomerListReaderTests {
    private func general(_ json: String) throws -> StripeList<StripeCustomerRecord> {
        try JSONDecoder().decode(StripeList<StripeCustomerRecord>.self, from: Data(json.utf8))
    }

    @Test func aPageReadsAsTheGeneralDecoderReadsIt() throws {
        let json = #"""
            {"object": "list", "url": "/v1/customers", "has_more": true, "data": [
              {"id": "cus_1", "object": "customer", "name": "Caf\u00e9 M\u00fcller \"GmbH\"", "email": "AP@Acme.com",
               "description": null, "metadata": {"veles_customer_id": "vc_1", "web\/site": "acme.com"},
               "created": 1700000000, "address": {"city": "Paris", "line1": null}, "balance": -250, "delinquent": false,
               "preferred_locales": ["fr", "de"], "invoice_settings": {"custom_fields": null, "footer": "x\ny"}},
              {"id": "cus_2", "name": null, "metadata": null},
              {"id": "cus_3", "email": "emoji \ud83d\ude00@x.io", "created": -5, "metadata": {}}
            ]}
            """#
        let read = try CustomerListReader.page(Array(json.utf8))
        let expected = try general(json)
        #expect(read.data == expected.data)
        #expect(read.hasMore && expected.hasMore)
        #expect(read.data[0].name == "Café Müller \"GmbH\"" && read.data[0].metadata["web/site"] == "acme.com")
        #expect(read.data[1].name == nil && read.data[1].metadata.isEmpty && read.data[1].created == 0)
        #expect(read.data[2].email == "emoji 😀@x.io" && read.data[2].created == -5)
        let empty = try CustomerListReader.page(Array(#"{"data": [], "has_more": false}"#.utf8))
        #expect(empty.data.isEmpty && !empty.hasMore)
    }

    @Test func stripeSimsOwnPagesReadAlike() async throws {
        let stack = try ServiceStack()
        defer { stack.stopAll() }
        _ = try await stack.startStripeSim(["--rate-limit", "0"])
        let client = StripeClient(configuration: try StripeConfiguration(
            key: try StripeSecretKey(ServiceStack.testKey), baseURL: try #require(URL(string: stack.stripeURL)), rateLimit: .unlimited))
        for (name, email) in [("Acme, Inc.", "ap@acme.com"), ("Zoë & Co", "zoe@example.org")] {
            _ = try await client.post("/v1/customers", form: ["name": .string(name), "email": .string(email),
                                                              "metadata[plan]": "pro"],
                                      idempotency: IdempotencyScope(objectKind: "customer", objectId: name,
                                                                    operation: "create", generation: 1),
                                      as: StripeCustomer.self)
        }
        let body = try await client.getBody("/v1/customers", query: ["limit": 100])
        let read = try CustomerListReader.page([UInt8](body))
        let expected = try general(String(decoding: body, as: UTF8.self))
        #expect(read.data.count == 2 && read.data == expected.data)
        #expect(Set(read.data.compactMap(\.name)) == ["Acme, Inc.", "Zoë & Co"])
    }

    @Test func whatTheReaderDoesNotExpectGoesToTheGeneralDecoder() throws {
        for odd in [
            #"{"data": [{"id": "cus_1", "metadata": {"n": 5}}], "has_more": false}"#,
            #"{"data": [{"id": "cus_1", "created": 1.5}], "has_more": false}"#,
            #"{"data": [{"name": "No id"}], "has_more": false}"#,
            #"{"data": [], "has_more": false} trailing"#,
            #"{"data": []}"#,
            #"{"data": [{"id": "cus_\"#,
        ] {
            #expect(throws: JSONCursor.Malformed.self, "\(odd)") { try CustomerListReader.page(Array(odd.utf8)) }
        }
        // The general decoder then has the last word: a number where a string belongs is an unreadable reply...
        #expect(throws: StripeError.self) {
            try CustomerListReader.decode(Data(#"{"data": [{"id": "cus_1", "metadata": {"n": 5}}], "has_more": false}"#.utf8),
                                          path: "/v1/customers")
        }
        // ...and a page it can read (an exponent in a whole number) is read.
        let page = try CustomerListReader.decode(Data(#"{"data": [{"id": "cus_1", "created": 17e8}], "has_more": false}"#.utf8),
                                                 path: "/v1/customers")
        #expect(page.data.map(\.created) == [1_700_000_000])
    }
}
