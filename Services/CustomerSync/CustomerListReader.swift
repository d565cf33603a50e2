import Foundation
import StripeClient

/// Reads a page of `GET /v1/customers` straight into `StripeCustomerRecord`s, with the defaults its decoder uses
/// (missing or null fields empty); anything unexpected (a metadata value that is not a string, a fractional `created`)
/// throws, and the page is then decoded the general way.
enum CustomerListReader {
    static func page(_ bytes: [UInt8]) throws -> StripeList<StripeCustomerRecord> {
        let (customers, hasMore) = try JSONCursor.listPage(bytes, item: customer)
        return StripeList(data: customers, hasMore: hasMore, url: nil)
    }

    /// A page read by the fast reader, or else by `JSONDecoder`.
    static func decode(_ body: Data, path: String) throws -> StripeList<StripeCustomerRecord> {
        let (customers, hasMore) = try JSONCursor.listPage(body, path: path, item: customer, orDecoding: StripeCustomerRecord.self) { $0 }
        return StripeList(data: customers, hasMore: hasMore, url: nil)
    }

    private static func customer(_ cursor: inout JSONCursor) throws -> StripeCustomerRecord {
        var id: String?
        var created: Int64?
        var name: String?
        var email: String?
        var description: String?
        var metadata: [String: String] = [:]
        try cursor.object { cursor, key in
            switch key {
            case "id": id = try cursor.string()
            case "created": created = try cursor.optionalInt64()
            case "name": name = try cursor.optionalString()
            case "email": email = try cursor.optionalString()
            case "description": description = try cursor.optionalString()
            case "metadata": metadata = try cursor.stringMap()
            default: try cursor.skip()
            }
        }
        guard let id else { throw JSONCursor.Malformed(offset: 0) }
        return StripeCustomerRecord(id: id, created: created ?? 0, name: name, email: email, description: description,
                                    metadata: metadata)
    }
}
