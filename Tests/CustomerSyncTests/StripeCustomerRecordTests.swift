@testable import CustomerSync
import Foundation
import StripeClient
import Testing
import TestSupport

/// The list-page reading of a Stripe customer keeps exactly what the full `StripeCustomer` reading gives the mirror.
@Suite("Reading Stripe customers from list pages")
struct StripeCustomerRecordTests {
    static let fixtures = TestPaths.sharedDirectory.appendingPathComponent("stripe/fixtures3.json")
    static let fixturesPresent = FileManager.default.fileExists(atPath: fixtures.path)

    private func mirrorBothWays(_ json: Data) throws -> (record: MirroredCustomer, full: MirroredCustomer) {
        let record = try JSONDecoder().decode(StripeCustomerRecord.self, from: json)
        let full = try JSONDecoder().decode(StripeCustomer.self, from: json)
        return (MirroredCustomer(record: record), MirroredCustomer(stripe: full))
    }

    @Test(.enabled(if: TestPaths.isCI || fixturesPresent, "needs ../shared/stripe/fixtures3.json (absent outside CI)"))
    func stripesOwnExampleCustomerMirrorsAlike() throws {
        try #require(Self.fixturesPresent, "CI=true but \(Self.fixtures.path) is missing")
        let fixtures = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures)) as? [String: Any])
        let customer = try #require((fixtures["resources"] as? [String: Any])?["customer"])
        let (record, full) = try mirrorBothWays(try JSONSerialization.data(withJSONObject: customer))
        #expect(record == full)
        #expect(!record.stripeId.isEmpty)
    }

    @Test func nullAndMissingFieldsReadAsEmptyLikeTheFullModel() throws {
        let json = Data(#"""
            {"id": "cus_sparse", "object": "customer", "name": null, "email": "ap@acme.com", "description": null,
             "metadata": {"veles_customer_id": "vc_1", "website": "acme.com"}, "created": 1700000000,
             "address": {"city": "Paris", "country": "FR"}, "invoice_settings": {"default_payment_method": null}}
            """#.utf8)
        let (record, full) = try mirrorBothWays(json)
        #expect(record == full)
        #expect(record.name == nil && record.email == "ap@acme.com" && record.metadata["website"] == "acme.com")
        let bare = try mirrorBothWays(Data(#"{"id": "cus_bare"}"#.utf8))
        #expect(bare.record == bare.full && bare.record.metadata.isEmpty && bare.record.created == 0)
    }

    @Test func aCustomerWithoutAnIdIsRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(StripeCustomerRecord.self, from: Data(#"{"name": "No Id"}"#.utf8))
        }
    }
}
