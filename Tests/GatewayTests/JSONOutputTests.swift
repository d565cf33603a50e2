import Foundation
@testable import Gateway
import Testing
import VelesAPI

extension GatewayTests {
    /// The gateway's own JSON writer: valid JSON that Foundation reads back to the same values.
    @Suite struct JSONRendering {
        @Test func renderedObjectsParseBackToTheSameValues() throws {
            let object: [String: Any] = [
                "name": "Quote \" back\\slash \n tab\t \u{01} ünïcode 🚀", "count": 42, "big": Int64(9_007_199_254_740_993),
                "small": Int32(-7), "flag": true, "off": false, "nothing": NSNull(), "ratio": 0.25,
                "list": ["a", 1, ["nested": true]] as [Any], "empty": [String: Any](), "none": [Any](),
            ]
            let bytes = JSONOutput.encode(object)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(parsed["name"] as? String == object["name"] as? String)
            #expect((parsed["big"] as? NSNumber)?.int64Value == 9_007_199_254_740_993)
            #expect(parsed["small"] as? Int == -7)
            #expect(parsed["flag"] as? Bool == true && parsed["off"] as? Bool == false)
            #expect(parsed["nothing"] is NSNull)
            #expect(parsed["ratio"] as? Double == 0.25)
            #expect(((parsed["list"] as? [Any])?[2] as? [String: Any])?["nested"] as? Bool == true)
            let keys = String(decoding: bytes, as: UTF8.self)
            #expect(keys.hasPrefix(#"{"big":"#), "keys are written in sorted order")
        }

        // Foundation's formatter goes through a Double and can print .122 for .123; these are exact.
        @Test(arguments: [
            (Int64(1), "1970-01-01T00:00:00.001Z"), (86_399_999, "1970-01-01T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"), (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
            (4_102_444_800_000, "2100-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
            (253_402_300_800_000, "10000-01-01T00:00:00.000Z"),
        ])
        func timesAreISO8601InUTCWithMilliseconds(milliseconds: Int64, expected: String) {
            #expect(JSONOutput.iso8601(milliseconds) == expected)
        }

        static func customer(name: String, matched: Bool) -> Veles_Customers_V1_StripeCustomer {
            var customer = Veles_Customers_V1_StripeCustomer()
            customer.stripeId = "cus_\(name.count)"
            customer.name = name
            customer.email = matched ? "a@b.example" : ""
            customer.matchStatus = matched ? .matched : .notMatched
            customer.matchMethod = matched ? .email : .unspecified
            customer.velesCustomerId = matched ? "vc_1" : ""
            customer.candidates = matched ? [] : ["vc_2", "vc \"3\""]
            customer.createdAtMs = 1_700_000_000_000
            customer.matchedAtMs = matched ? 1_700_000_000_123 : 0
            customer.mode = "test"
            return customer
        }

        /// The old generic rendering of a customer row, kept here as the reference the typed writer must equal.
        static func reference(_ customer: Veles_Customers_V1_StripeCustomer) -> [String: Any] {
            [
                "stripe_id": customer.stripeId, "name": JSONOutput.optional(customer.name),
                "email": JSONOutput.optional(customer.email), "description": JSONOutput.optional(customer.description),
                "match_status": GatewayAPI.matchStatusName(customer.matchStatus),
                "match_method": GatewayAPI.matchMethodName(customer.matchMethod).map { $0 as Any } ?? NSNull(),
                "veles_customer_id": JSONOutput.optional(customer.velesCustomerId), "candidates": customer.candidates,
                "created": JSONOutput.time(customer.createdAtMs), "matched_at": JSONOutput.time(customer.matchedAtMs),
                "link_flag": JSONOutput.optional(customer.linkFlag), "mode": customer.mode,
            ]
        }

        @Test func typedCustomerRowsEqualTheGenericRenderingByteForByte() throws {
            for customer in [Self.customer(name: "Acme \"Corp\"\n", matched: true), Self.customer(name: "", matched: false),
                             Self.customer(name: "Tab\tand \u{01} ünïcode 🚀 \\", matched: false)] {
                let typed = String(decoding: try GatewayAPI.customerJSON(customer).bytes, as: UTF8.self)
                let generic = String(decoding: JSONOutput.encode(Self.reference(customer)), as: UTF8.self)
                #expect(typed == generic)
            }
        }

        @Test func writerSeparatesNestedValuesWithCommas() throws {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("data")
            writer.beginArray()
            writer.fragment(try GatewayAPI.customerJSON(Self.customer(name: "One", matched: true)))
            writer.fragment(try GatewayAPI.customerJSON(Self.customer(name: "Two", matched: false)))
            writer.endArray()
            writer.key("empty")
            writer.stringList([])
            writer.key("fragment")
            writer.fragment(JSONFragment(bytes: Array("{\"x\":1}".utf8)))
            writer.key("n")
            writer.int(-5)
            writer.endObject()
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
            let rows = try #require(parsed["data"] as? [[String: Any]])
            #expect(rows.map { $0["name"] as? String } == ["One", "Two"])
            #expect(rows[1]["candidates"] as? [String] == ["vc_2", "vc \"3\""])
            #expect(rows[1]["matched_at"] is NSNull && rows[0]["matched_at"] as? String == "2023-11-14T22:13:20.123Z")
            #expect((parsed["empty"] as? [Any])?.isEmpty == true)
            #expect((parsed["fragment"] as? [String: Any])?["x"] as? Int == 1)
            #expect(parsed["n"] as? Int == -5)
        }
    }
}
