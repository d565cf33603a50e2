import Foundation
@testable import Gateway
import ProtoRuntime
import Testing
import VelesAPI

extension GatewayTests {
    /// The customers page rendered from the reply's wire bytes, checked against decoding it into messages first.
    @Suite struct StripeCustomerWireRendering {
        static func reply(rows: Int, hasMore: Bool, cursor: String) -> Veles_Customers_V1_ListStripeCustomersResponse {
            var reply = Veles_Customers_V1_ListStripeCustomersResponse()
            reply.customers = (0..<rows).map { index in
                var customer = JSONRendering.customer(name: "Row \(index) \"q\"", matched: index % 2 == 0)
                customer.description = index == 1 ? "line\nbreak" : ""
                customer.linkFlag = index == 2 ? "deleted_in_stripe" : ""
                customer.metadata = ["k": "v"]
                customer.deleted = index == 3
                return customer
            }
            reply.page.hasMore = hasMore
            reply.page.nextCursor = cursor
            return reply
        }

        /// What the page looked like when it was built from the decoded message.
        static func expected(_ reply: Veles_Customers_V1_ListStripeCustomersResponse) -> String {
            let rows: [Any] = reply.customers.map { JSONRendering.reference($0) }
            return String(decoding: JSONOutput.encode(JSONOutput.page(rows, hasMore: reply.page.hasMore,
                                                                      nextCursor: reply.page.nextCursor)), as: UTF8.self)
        }

        @Test(arguments: [(0, false, ""), (1, false, ""), (5, true, "abc=="), (50, true, "c_1700000000_cus_x")])
        func pageEqualsTheRenderingOfTheDecodedReply(rows: Int, hasMore: Bool, cursor: String) throws {
            let reply = Self.reply(rows: rows, hasMore: hasMore, cursor: cursor)
            let rendered = String(decoding: try StripeCustomerJSON.page(wire: reply.serializedBytes()), as: UTF8.self)
            #expect(rendered == Self.expected(reply))
        }

        @Test func unknownFieldsAreSkippedAndARepeatedPageFieldMerges() throws {
            var bytes = Self.reply(rows: 2, hasMore: false, cursor: "first").serializedBytes()
            // Field 15 (varint) and field 16 (bytes): numbers the reply does not define.
            bytes += [0x78, 0x05, 0x82, 0x01, 0x02, 0x68, 0x69]
            // A second `page` carrying only has_more = true keeps the cursor of the first.
            bytes += [0x12, 0x02, 0x08, 0x01]
            let rendered = String(decoding: try StripeCustomerJSON.page(wire: bytes), as: UTF8.self)
            #expect(rendered == Self.expected(Self.reply(rows: 2, hasMore: true, cursor: "first")))
        }

        @Test func truncatedRepliesAndInvalidUTF8AreRefused() throws {
            let bytes = Self.reply(rows: 3, hasMore: true, cursor: "next").serializedBytes()
            #expect(throws: (any Error).self) { try StripeCustomerJSON.page(wire: Array(bytes.dropLast(3))) }
            var customer = Veles_Customers_V1_StripeCustomer()
            customer.stripeId = "cus_ok"
            var row = customer.serializedBytes()
            row += [0x12, 0x02, 0xC3, 0x28]  // name: an invalid two-byte sequence
            let page: [UInt8] = [0x0A, UInt8(row.count)] + row
            #expect(throws: (any Error).self) { try StripeCustomerJSON.page(wire: page) }
        }
    }
}
