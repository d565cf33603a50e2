import Bus
import ProtoRuntime
import VelesAPI

/// Renders customer rows from their wire bytes (`veles.customers.v1.StripeCustomer`) straight into JSON.
///
/// Decoding a page into messages first built a dozen strings, a list and a map per row only to copy them out again;
/// reading the fields in place and copying their bytes into the body costs a fraction of that. Keys come out sorted,
/// as `JSONOutput` writes them; `deleted` and `metadata` are not part of the row and are skipped, like unknown fields.
enum StripeCustomerJSON {
    /// A `ListStripeCustomersResponse` as the list body: `data`, `has_more` and `next_cursor`.
    static func page(wire reply: [UInt8]) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 256 + reply.count * 2)
        var hasMore = false
        var nextCursor = ""
        try reply.withUnsafeBytes { bytes in
            var reader = ProtoReader(bytes)
            writer.beginObject()
            writer.key("data")
            writer.beginArray()
            while let tag = try reader.nextTag() {
                switch tag.fieldNumber {
                case 1:
                    try reader.expect(tag, .lengthDelimited)
                    try reader.readLengthDelimited { try row($0, to: &writer) }
                case 2:
                    try reader.expect(tag, .lengthDelimited)
                    // A repeated occurrence of a message field merges: each field present overrides the one before.
                    try reader.readLengthDelimited { page in
                        var fields = ProtoReader(page)
                        while let field = try fields.nextTag() {
                            switch field.fieldNumber {
                            case 1:
                                try fields.expect(field, .varint)
                                hasMore = try fields.readVarint() != 0
                            case 2:
                                try fields.expect(field, .lengthDelimited)
                                nextCursor = try fields.readLengthDelimited { try validString($0) }
                            default: try fields.skipPayload(field)
                            }
                        }
                    }
                default: try reader.skipPayload(tag)
                }
            }
            writer.endArray()
        }
        writer.key("has_more")
        writer.bool(hasMore)
        writer.key("next_cursor")
        writer.optionalString(nextCursor)
        writer.endObject()
        return writer.bytes
    }

    /// One row as every customer route shows it.
    static func row(_ customer: Veles_Customers_V1_StripeCustomer) throws -> JSONFragment {
        var writer = JSONWriter(capacity: 512)
        try customer.serializedBytes().withUnsafeBytes { try row($0, to: &writer) }
        return JSONFragment(bytes: writer.bytes)
    }

    /// The fields of one row: string ones as slices of the wire bytes, which stay valid while they are read.
    private struct Fields {
        var stripeId = UnsafeRawBufferPointer(start: nil, count: 0)
        var name = UnsafeRawBufferPointer(start: nil, count: 0)
        var email = UnsafeRawBufferPointer(start: nil, count: 0)
        var description = UnsafeRawBufferPointer(start: nil, count: 0)
        var velesCustomerId = UnsafeRawBufferPointer(start: nil, count: 0)
        var linkFlag = UnsafeRawBufferPointer(start: nil, count: 0)
        var mode = UnsafeRawBufferPointer(start: nil, count: 0)
        var matchStatus: Int32 = 0, matchMethod: Int32 = 0
        var createdAtMs: Int64 = 0, matchedAtMs: Int64 = 0
    }

    /// Writes one row. `candidates` is the first key in sorted order, so its items are written as they are met; the
    /// rest follow in a fixed order, so keys and commas are written as literal runs rather than one call each.
    private static func row(_ message: UnsafeRawBufferPointer, to writer: inout JSONWriter) throws {
        var reader = ProtoReader(message)
        var fields = Fields()
        let out = writer.buffer
        writer.literal("{\"candidates\":[")
        var firstCandidate = true
        while let tag = try reader.nextTag() {
            switch tag.fieldNumber {
            case 1: fields.stripeId = try text(tag, &reader)
            case 2: fields.name = try text(tag, &reader)
            case 3: fields.email = try text(tag, &reader)
            case 4: fields.description = try text(tag, &reader)
            case 5: fields.matchStatus = Int32(truncatingIfNeeded: try number(tag, &reader))
            case 6: fields.matchMethod = Int32(truncatingIfNeeded: try number(tag, &reader))
            case 7: fields.velesCustomerId = try text(tag, &reader)
            case 8:
                if !firstCandidate { out.append(UInt8(ascii: ",")) }
                out.appendQuoted(try text(tag, &reader))
                firstCandidate = false
            case 9: fields.createdAtMs = try number(tag, &reader)
            case 10: fields.matchedAtMs = try number(tag, &reader)
            case 11: fields.linkFlag = try text(tag, &reader)
            case 13: fields.mode = try text(tag, &reader)
            default: try reader.skipPayload(tag)
            }
        }
        out.append("],\"created\":")
        time(fields.createdAtMs, to: out)
        out.append(",\"description\":")
        optional(fields.description, to: out)
        out.append(",\"email\":")
        optional(fields.email, to: out)
        out.append(",\"link_flag\":")
        optional(fields.linkFlag, to: out)
        out.append(",\"match_method\":")
        if let method = GatewayAPI.matchMethodName(Veles_Customers_V1_MatchMethod(rawValue: fields.matchMethod)) {
            out.appendQuoted(method)
        } else {
            out.append("null")
        }
        out.append(",\"match_status\":")
        out.appendQuoted(GatewayAPI.matchStatusName(Veles_Customers_V1_MatchStatus(rawValue: fields.matchStatus)))
        out.append(",\"matched_at\":")
        time(fields.matchedAtMs, to: out)
        out.append(",\"mode\":")
        out.appendQuoted(fields.mode)
        out.append(",\"name\":")
        optional(fields.name, to: out)
        out.append(",\"stripe_id\":")
        out.appendQuoted(fields.stripeId)
        out.append(",\"veles_customer_id\":")
        optional(fields.velesCustomerId, to: out)
        out.append(UInt8(ascii: "}"))
    }

    private static func optional(_ utf8: UnsafeRawBufferPointer, to out: ByteBuffer) {
        if utf8.isEmpty { out.append("null") } else { out.appendQuoted(utf8) }
    }

    private static func time(_ milliseconds: Int64, to out: ByteBuffer) {
        guard milliseconds > 0 else { return out.append("null") }
        out.append(UInt8(ascii: "\""))
        out.appendISO8601(milliseconds)
        out.append(UInt8(ascii: "\""))
    }

    /// A string field's bytes, refused unless valid UTF-8 (as decoding it into a message would).
    private static func text(_ tag: ProtoTag, _ reader: inout ProtoReader) throws -> UnsafeRawBufferPointer {
        try reader.expect(tag, .lengthDelimited)
        return try reader.readLengthDelimited { bytes in
            guard UTF8Validation.isValid(bytes) else { throw invalidText }
            return bytes
        }
    }

    private static func validString(_ bytes: UnsafeRawBufferPointer) throws -> String {
        guard UTF8Validation.isValid(bytes) else { throw invalidText }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func number(_ tag: ProtoTag, _ reader: inout ProtoReader) throws -> Int64 {
        try reader.expect(tag, .varint)
        return Int64(bitPattern: try reader.readVarint())
    }

    private static let invalidText = RPCError(.internal, "customer-sync answered with a string that is not valid UTF-8")
}
